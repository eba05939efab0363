// Number blocks over HTTP: query keys, queryOptions and mutations (browser-safe).
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type {
  BlockListPage,
  BlockListQuery,
  NumberBlockInput,
  NumberBlockRecord,
  NumberBlockUpdate,
} from "@/lib/db/types";
import { DEFAULT_BLOCK_LIST_QUERY } from "@/lib/schemas/queries";
import { requestJson } from "./request";

/**
 * Query keys of number blocks. Invalidate `all` after create/delete/import,
 * `lists()` after any change, `detail(id)` after changing that block.
 */
export const numberBlockKeys = {
  all: ["number-blocks"] as const,
  lists: () => [...numberBlockKeys.all, "list"] as const,
  list: (query: BlockListQuery) => [...numberBlockKeys.lists(), query] as const,
  details: () => [...numberBlockKeys.all, "detail"] as const,
  detail: (id: string) => [...numberBlockKeys.details(), id] as const,
};

/** A list query with defaults filled in, so equal requests share one cache entry. */
export function toFullBlockListQuery(query: Partial<BlockListQuery> = {}): BlockListQuery {
  const full: BlockListQuery = { ...DEFAULT_BLOCK_LIST_QUERY, ...dropUndefined(query) };
  return full;
}

/** The query string of a list request (`page=2&pageSize=50&sort=name&dir=asc&…`). */
export function toBlockListSearchParams(query: BlockListQuery): URLSearchParams {
  const search = new URLSearchParams({
    page: String(query.page),
    pageSize: String(query.pageSize),
    sort: query.sort,
    dir: query.dir,
  });
  if (query.name !== undefined && query.name !== "") search.set("name", query.name);
  if (query.number !== undefined && query.number !== "") search.set("number", query.number);
  if (query.enabled !== undefined) search.set("enabled", String(query.enabled));
  if (query.hasLints !== undefined) search.set("hasLints", String(query.hasLints));
  return search;
}

/** One page of the blocks list; the previous page stays on screen while the next loads. */
export function blocksQueryOptions(query: Partial<BlockListQuery> = {}) {
  const full = toFullBlockListQuery(query);
  return queryOptions({
    queryKey: numberBlockKeys.list(full),
    queryFn: ({ signal }) =>
      requestJson<BlockListPage>(`/api/blocks?${toBlockListSearchParams(full).toString()}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One block by id (a 404 is an ApiError with status 404). */
export function blockQueryOptions(id: string) {
  return queryOptions({
    queryKey: numberBlockKeys.detail(id),
    queryFn: ({ signal }) => requestJson<NumberBlockRecord>(toBlockPath(id), { signal }),
  });
}

/** Creates a block (201); 422 with field issues, 409 `conflict` when the prefix is taken. */
export function createBlock(input: NumberBlockInput): Promise<NumberBlockRecord> {
  return requestJson<NumberBlockRecord>("/api/blocks", { method: "POST", json: input });
}

/** Updates some fields of a block, based on `update.version`; 409 `stale` carries `current`. */
export function updateBlock(id: string, update: NumberBlockUpdate): Promise<NumberBlockRecord> {
  return requestJson<NumberBlockRecord>(toBlockPath(id), { method: "PATCH", json: update });
}

/** Deletes a block at the version the user saw; 409 `stale` carries `current`, 404 when gone. */
export async function deleteBlock(id: string, version: number): Promise<void> {
  await requestJson<undefined>(`${toBlockPath(id)}?version=${String(version)}`, { method: "DELETE" });
}

/** Enables or disables a block (the list's toggle). */
export function setBlockEnabled(id: string, enabled: boolean, version: number): Promise<NumberBlockRecord> {
  return requestJson<NumberBlockRecord>(toBlockPath(id), { method: "PATCH", json: { enabled, version } });
}

function toBlockPath(id: string): string {
  return `/api/blocks/${encodeURIComponent(id)}`;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
