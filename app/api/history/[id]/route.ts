// GET /api/history/:id - one audit event
import { AppError } from "@/lib/app-error";
import { getAuditEvent } from "@/lib/db/audit";
import { toErrorResponse } from "@/lib/http/errors";
import { auditEventIdSchema } from "@/lib/schemas/history";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ id: string }>;
}

// GET /api/history/:id - one audit event with its before/after
export async function GET(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const id = auditEventIdSchema.parse((await params).id);
    const event = await getAuditEvent(id);
    if (event === null) throw new AppError("not-found", `There is no history event #${id}.`);
    return Response.json(event);
  } catch (err) {
    return toErrorResponse(err);
  }
}
