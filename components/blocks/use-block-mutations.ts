"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import {
  createBlock,
  deleteBlock,
  numberBlockKeys,
  setBlockEnabled,
  updateBlock,
} from "@/lib/api-client/blocks";
import { ApiError } from "@/lib/api-client/errors";
import { invalidateRoutingQueries } from "@/lib/api-client/routing";
import type {
  BlockListPage,
  NumberBlockInput,
  NumberBlockRecord,
  NumberBlockUpdate,
} from "@/lib/api-client/types";
import { showErrorToast } from "@/components/ui/error-message";

/** Whether an error is the server's "someone else saved first" (409 stale). */
export function isStaleError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === "stale";
}

/** Whether an error is a 404 (the block is gone). */
export function isNotFoundError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 404;
}

/**
 * Enable/disable from the list with optimistic UI: every cached list page shows the new
 * state at once; a failure puts the old pages back and says why.
 */
export function useSetBlockEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { readonly block: NumberBlockRecord; readonly enabled: boolean }) =>
      setBlockEnabled(vars.block.id, vars.enabled, vars.block.version),
    onMutate: async ({ block, enabled }) => {
      await queryClient.cancelQueries({ queryKey: numberBlockKeys.lists() });
      const snapshot = queryClient.getQueriesData<BlockListPage>({ queryKey: numberBlockKeys.lists() });
      queryClient.setQueriesData<BlockListPage>({ queryKey: numberBlockKeys.lists() }, (page) =>
        page
          ? { ...page, items: page.items.map((item) => (item.id === block.id ? { ...item, enabled } : item)) }
          : page,
      );
      return { snapshot };
    },
    onError: (error, { block, enabled }, context) => {
      for (const [key, page] of context?.snapshot ?? ([] as [QueryKey, BlockListPage | undefined][])) {
        queryClient.setQueryData(key, page);
      }
      const action = enabled ? "enable" : "disable";
      if (isStaleError(error)) {
        showErrorToast(
          `Could not ${action} “${block.name}”`,
          "Someone else changed this block a moment ago. The list now shows their version; try again.",
        );
      } else if (isNotFoundError(error)) {
        showErrorToast(`Could not ${action} “${block.name}”`, "This block was deleted by someone else.");
      } else {
        showErrorToast(`Could not ${action} “${block.name}”`, error);
      }
    },
    onSettled: () => invalidateRoutingQueries(queryClient),
  });
}

/** Deletes a block at the version the user saw. */
export function useDeleteBlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { readonly id: string; readonly version: number }) =>
      deleteBlock(vars.id, vars.version),
    onSettled: (_data, error, { id }) =>
      Promise.all([
        // After a delete the block is gone: mark its detail stale without asking for a 404.
        queryClient.invalidateQueries({
          queryKey: numberBlockKeys.detail(id),
          refetchType: error ? "active" : "none",
        }),
        invalidateRoutingQueries(queryClient, { except: numberBlockKeys.detail(id) }),
      ]),
  });
}

/** Creates a block (no id) or updates one (id + the version it was based on). */
export function useSaveBlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      vars:
        | { readonly id?: undefined; readonly input: NumberBlockInput }
        | { readonly id: string; readonly input: NumberBlockUpdate },
    ): Promise<NumberBlockRecord> =>
      vars.id === undefined ? createBlock(vars.input) : updateBlock(vars.id, vars.input),
    onSuccess: (saved) => {
      queryClient.setQueryData(numberBlockKeys.detail(saved.id), saved);
    },
    onSettled: () => invalidateRoutingQueries(queryClient),
  });
}
