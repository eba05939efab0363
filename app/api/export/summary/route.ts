// GET /api/export/summary - every export format's records, size and equivalence check (?plan=, ?cap= for dnsmasq)
import { toErrorResponse } from "@/lib/http/errors";
import { dnsmasqQuerySchema } from "@/lib/schemas/exports";
import { getExportSummary } from "@/lib/server/exports";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "export");
    const { plan, cap } = dnsmasqQuerySchema.parse(new URL(req.url).searchParams);
    return Response.json(await getExportSummary(plan, cap), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
