// GET /api/metrics - the DNS responder's counters in the Prometheus text format 0.0.4
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { METRICS_CONTENT_TYPE, renderMetrics } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/metrics - Prometheus exposition of the embedded responder (scrape with a read token)
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    return new Response(renderMetrics(), {
      headers: { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
