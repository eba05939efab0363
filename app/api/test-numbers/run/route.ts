// POST /api/test-numbers/run - evaluate every saved number against the current rules
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { runTestPlan } from "@/lib/server/test-plan";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/test-numbers/run - pass/fail and the actual result of every saved number
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "test");
    return Response.json(await runTestPlan());
  } catch (err) {
    return toErrorResponse(err);
  }
}
