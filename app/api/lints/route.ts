// GET /api/lints - every lint of the rule set, counted per severity, one page at a time
import { toErrorResponse } from "@/lib/http/errors";
import { lintsQuerySchema } from "@/lib/schemas/resolve";
import { requireAccess } from "@/lib/server/access";
import { getLintsPage } from "@/lib/server/lints";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/lints?severity=error|warning|info&page=1&pageSize=50
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const query = lintsQuerySchema.parse(new URL(req.url).searchParams);
    return Response.json(await getLintsPage(query), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
