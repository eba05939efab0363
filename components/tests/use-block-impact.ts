"use client";

import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import {
  blockImpactQueryOptions,
  type BlockImpact,
  type BlockImpactRequestInput,
} from "@/lib/api-client/test-numbers";
import { isCanonicalPrefix } from "@/lib/enum/number-block";

/** The draft fields that decide routing on the enum.json path. */
export interface BlockDraft {
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
  readonly enabled: boolean;
}

/** The impact request for a form's draft: create, or update of the stored block. */
export function toDraftImpactRequest(
  blockId: string | null,
  draft: BlockDraft,
): BlockImpactRequestInput | null {
  const prefix = draft.prefix.trim();
  // Until the prefix is valid and there is a regex, there is no change to check.
  if (!isCanonicalPrefix(prefix) || draft.regex.trim() === "") return null;
  const block = { name: draft.name, prefix, regex: draft.regex.trim(), enabled: draft.enabled };
  return blockId === null ? { kind: "create", block } : { kind: "update", id: blockId, block };
}

/**
 * The re-route check of a block form's draft, a moment after the user stops typing (so
 * the server is asked once per pause, not per keystroke).
 */
export function useDraftImpact(blockId: string | null, draft: BlockDraft, delay = 350) {
  const request = toDraftImpactRequest(blockId, draft);
  const [debounced] = useDebouncedValue(request, delay);
  const query = useQuery({
    ...blockImpactQueryOptions(debounced ?? { kind: "create", block: { name: "", prefix: "", regex: "" } }),
    enabled: debounced !== null,
    // Keep the last answer on screen while the next draft is checked.
    placeholderData: keepPreviousData,
  });
  const settled = JSON.stringify(debounced) === JSON.stringify(request);
  return { request, query, settled };
}

/**
 * Fetches the impact of a change right now (used before saving, so a change typed a moment
 * ago is checked too). Resolves null when the check itself fails: it must never block a save.
 */
export function useFetchImpact(): (request: BlockImpactRequestInput) => Promise<BlockImpact | null> {
  const queryClient = useQueryClient();
  return useCallback(
    (request) => queryClient.query({ ...blockImpactQueryOptions(request), staleTime: 0 }).catch(() => null),
    [queryClient],
  );
}
