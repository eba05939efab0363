// GET /api/test-numbers - the test plan (paged, searched) with current results; POST /api/test-numbers - save a number
import { createTestNumber } from "@/lib/db/test-numbers";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { listTestNumberResults } from "@/lib/server/test-plan";
import { testNumberInputSchema, testNumberListQuerySchema } from "@/lib/schemas/test-numbers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/test-numbers?page=1&pageSize=50&search=212 - saved numbers with expected and actual results
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const query = testNumberListQuerySchema.parse(new URL(req.url).searchParams);
    return Response.json(await listTestNumberResults(query));
  } catch (err) {
    return toErrorResponse(err);
  }
}

// POST /api/test-numbers - save a number with its expected result
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "test");
    const input = testNumberInputSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    const created = await createTestNumber(input);
    return Response.json(created, {
      status: 201,
      headers: { Location: `/api/test-numbers/${encodeURIComponent(created.id)}` },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
