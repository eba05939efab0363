// POST /api/history/:id/revert - undo one recorded change (refused with 409 when it changed since)
import { AppError } from "@/lib/app-error";
import { getAuditEvent } from "@/lib/db/audit";
import { revertAuditEvent } from "@/lib/db/revert";
import { toErrorResponse } from "@/lib/http/errors";
import { auditEventIdSchema } from "@/lib/schemas/history";
import { assertPrefixAllowed, requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ id: string }>;
}

// POST /api/history/:id/revert - revert one event ("write"; settings need "admin")
export async function POST(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    const actor = await requireAccess(req, "write");
    const id = auditEventIdSchema.parse((await params).id);
    const event = await getAuditEvent(id);
    if (event === null) throw new AppError("not-found", `There is no history event #${id}.`);
    // Changing settings is an admin's job, and so is undoing a settings change.
    if (event.entityType === "settings") await requireAccess(req, "admin");
    // A prefix-limited token may revert only changes to blocks under its prefixes.
    for (const state of [event.before, event.after]) {
      if (state !== null && typeof state.prefix === "string") assertPrefixAllowed(actor, state.prefix);
    }
    return Response.json(await revertAuditEvent(id, actor));
  } catch (err) {
    return toErrorResponse(err);
  }
}
