"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client/errors";
import { revertHistoryBatch, revertHistoryEvent } from "@/lib/api-client/history";
import { invalidateRoutingQueries } from "@/lib/api-client/routing";

/** What to revert: one event, or every event of an import. */
export type RevertTarget =
  { readonly kind: "event"; readonly id: number } | { readonly kind: "batch"; readonly batchId: string };

/** A block (or the settings) that changed since the event, as the server's 409 names it. */
export interface RevertConflictView {
  readonly entityId: string;
  readonly label: string;
  readonly reason: string;
}

/** The conflicts of a 409 revert answer (empty for any other error). */
export function toRevertConflicts(error: unknown): { conflicts: RevertConflictView[]; count: number } {
  if (!(error instanceof ApiError) || error.code !== "conflict") return { conflicts: [], count: 0 };
  const raw = error.details?.conflicts;
  const conflicts = Array.isArray(raw)
    ? raw.flatMap((item: unknown) => {
        if (typeof item !== "object" || item === null) return [];
        const c = item as Record<string, unknown>;
        return [
          {
            entityId: typeof c.entityId === "string" ? c.entityId : "",
            label: typeof c.label === "string" ? c.label : "",
            reason: typeof c.reason === "string" ? c.reason : "changed since",
          },
        ];
      })
    : [];
  const count =
    typeof error.details?.conflictCount === "number" ? error.details.conflictCount : conflicts.length;
  return { conflicts, count };
}

/** Reverts an event or a batch; afterwards everything a revert can change is refetched. */
export function useRevert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: RevertTarget) =>
      target.kind === "event" ? revertHistoryEvent(target.id) : revertHistoryBatch(target.batchId),
    onSettled: () => invalidateRoutingQueries(queryClient),
  });
}
