// The audit history over HTTP: query keys, the paged list, CSV link and reverts (browser-safe).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { AuditEventPage, AuditEventQuery, AuditEventRecord, RevertResult } from "@/lib/db/types";
import { requestJson } from "./request";

/** History filters as the UI sets them (no paging). */
export type HistoryFilters = Omit<AuditEventQuery, "cursor" | "limit">;

/**
 * Query keys of the history. Every change (and every revert) adds events: invalidate `all`
 * after any mutation that the history shows.
 */
export const historyKeys = {
  all: ["history"] as const,
  lists: () => [...historyKeys.all, "list"] as const,
  list: (filters: HistoryFilters, limit: number) => [...historyKeys.lists(), filters, limit] as const,
  details: () => [...historyKeys.all, "detail"] as const,
  detail: (id: number) => [...historyKeys.details(), id] as const,
};

/** The query string of history filters (empty ones left out). */
export function toHistorySearchParams(filters: HistoryFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === "string" && value !== "") search.set(key, value);
  }
  return search;
}

/** The history, newest first, one page at a time (the next page continues from `nextCursor`). */
export function historyInfiniteQueryOptions(filters: HistoryFilters, limit = 50) {
  return infiniteQueryOptions({
    queryKey: historyKeys.list(filters, limit),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const search = toHistorySearchParams(filters);
      search.set("limit", String(limit));
      if (pageParam !== null) search.set("cursor", String(pageParam));
      return requestJson<AuditEventPage>(`/api/history?${search.toString()}`, { signal });
    },
    getNextPageParam: (page) => page.nextCursor,
    // The history moves whenever anyone changes anything: never show a stale first page.
    staleTime: 0,
  });
}

/** One event by id. */
export function historyEventQueryOptions(id: number) {
  return queryOptions({
    queryKey: historyKeys.detail(id),
    queryFn: ({ signal }) => requestJson<AuditEventRecord>(`/api/history/${String(id)}`, { signal }),
  });
}

/** The URL of the CSV export of the filtered history (a plain link: the browser downloads it). */
export function toHistoryExportHref(filters: HistoryFilters): string {
  const search = toHistorySearchParams(filters).toString();
  return `/api/history/export${search === "" ? "" : `?${search}`}`;
}

/** Reverts one event; 409 `conflict` when the entity changed since (`details.conflicts` says how). */
export function revertHistoryEvent(id: number): Promise<RevertResult> {
  return requestJson<RevertResult>(`/api/history/${String(id)}/revert`, { method: "POST" });
}

/** Reverts every event of an import (or an earlier batch revert) at once, all or nothing. */
export function revertHistoryBatch(batchId: string): Promise<RevertResult> {
  return requestJson<RevertResult>(`/api/history/batch/${encodeURIComponent(batchId)}/revert`, {
    method: "POST",
  });
}
