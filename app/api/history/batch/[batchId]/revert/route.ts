// POST /api/history/batch/:batchId/revert - undo a whole import (or batch revert) at once
import { AppError } from "@/lib/app-error";
import { hasSettingsEventInBatch, revertAuditBatch } from "@/lib/db/revert";
import { toErrorResponse } from "@/lib/http/errors";
import { auditBatchIdSchema } from "@/lib/schemas/history";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ batchId: string }>;
}

// POST /api/history/batch/:batchId/revert - revert every event of a batch ("write")
export async function POST(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    const actor = await requireAccess(req, "write");
    const batchId = auditBatchIdSchema.parse((await params).batchId);
    if (await hasSettingsEventInBatch(batchId)) await requireAccess(req, "admin");
    // A batch spans any prefixes: a prefix-limited token reverts single changes only.
    if (actor.prefixes.length > 0) {
      throw new AppError(
        "forbidden",
        "This API token is limited to number prefixes, so it cannot revert a whole batch: revert its changes one by one.",
      );
    }
    return Response.json(await revertAuditBatch(batchId, actor));
  } catch (err) {
    return toErrorResponse(err);
  }
}
