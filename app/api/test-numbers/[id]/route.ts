// PATCH, DELETE /api/test-numbers/:id - change or remove one saved number
import { deleteTestNumber, updateTestNumber } from "@/lib/db/test-numbers";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { testNumberUpdateSchema } from "@/lib/schemas/test-numbers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ id: string }>;
}

// PATCH /api/test-numbers/:id - change the number, expected result or note
export async function PATCH(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    await requireAccess(req, "test");
    const { id } = await params;
    const update = testNumberUpdateSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    return Response.json(await updateTestNumber(id, update));
  } catch (err) {
    return toErrorResponse(err);
  }
}

// DELETE /api/test-numbers/:id - remove a saved number from the test plan
export async function DELETE(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    await requireAccess(req, "test");
    const { id } = await params;
    await deleteTestNumber(id);
    return new Response(null, { status: 204 });
  } catch (err) {
    return toErrorResponse(err);
  }
}
