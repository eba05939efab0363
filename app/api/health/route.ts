// GET /api/health - 200 when the database answers and the DNS responder serves the current rules, else 503
import { AppError } from "@/lib/app-error";
import { toErrorResponse } from "@/lib/http/errors";
import { assertCallerMay, findCaller } from "@/lib/server/access";
import { toPublicHealth } from "@/lib/server/health";
import { getHealth } from "@/lib/server/responder";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/health - public (load balancers probe it without credentials); "read" callers also get the detailed reason
export async function GET(req: Request): Promise<Response> {
  try {
    const health = await getHealth();
    const body = (await mayReadDetails(req)) ? health : toPublicHealth(health);
    return Response.json(body, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}

/**
 * Whether the request proves "read" (then the reason may name the error, address and
 * reload failure). No credentials costs no database query; bad ones are not an error here:
 * the probe still gets its status, only without details.
 */
async function mayReadDetails(req: Request): Promise<boolean> {
  try {
    const caller = await findCaller(req);
    if (caller === null) return false;
    assertCallerMay(caller, "read");
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}
