// GET /api/history - the audit history, newest first, filtered and paged by cursor
import { findAuditEvents } from "@/lib/db/audit";
import { toErrorResponse } from "@/lib/http/errors";
import { historyQuerySchema } from "@/lib/schemas/history";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/history?entityType=&entityId=&prefix=&actor=&action=&batchId=&from=&to=&cursor=&limit=
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const query = historyQuerySchema.parse(new URL(req.url).searchParams);
    return Response.json(await findAuditEvents(query), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
