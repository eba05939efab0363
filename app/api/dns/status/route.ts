// GET /api/dns/status - the embedded DNS responder: sockets, zone, reloads, query log, top numbers and blocks
import { toErrorResponse } from "@/lib/http/errors";
import { dnsStatusQuerySchema } from "@/lib/schemas/dns-status-query";
import { requireAccess } from "@/lib/server/access";
import { getDnsStatus } from "@/lib/server/responder";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/dns/status?rcode=NXDOMAIN&limit=200 - the status page's data
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const query = dnsStatusQuerySchema.parse(new URL(req.url).searchParams);
    return Response.json(getDnsStatus(query), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
