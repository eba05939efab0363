// POST /api/test-numbers/outcome - what the current rules do with one number, as a test plan's expected result
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { findCurrentOutcome } from "@/lib/server/test-plan";
import { testNumberOutcomeRequestSchema } from "@/lib/schemas/test-numbers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/test-numbers/outcome - body {number}: {number (canonical AUS), actual, revision}
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const { number } = testNumberOutcomeRequestSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    return Response.json(await findCurrentOutcome(number));
  } catch (err) {
    return toErrorResponse(err);
  }
}
