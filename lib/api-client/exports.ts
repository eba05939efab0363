// Exports over HTTP: the summary query, download links and the check of an existing file (browser-safe).
import { queryOptions } from "@tanstack/react-query";
import type { CheckKind, DnsmasqPlanName, ExportSummary, FileCheckResult } from "@/lib/schemas/exports";
import { requestJson } from "./request";

/** Query keys of the exports. Every change to blocks or settings moves them: invalidate `all`. */
export const exportKeys = {
  all: ["exports"] as const,
  summaries: () => [...exportKeys.all, "summary"] as const,
  summary: (plan: DnsmasqPlanName) => [...exportKeys.summaries(), plan] as const,
};

/**
 * Every format's record count, size and equivalence check, with the dnsmasq export for
 * `plan`. Always refetched on mount: the server answers from its per-revision cache, so
 * asking is cheap and the page never shows the proof of an older rule set.
 */
export function summaryQueryOptions(plan: DnsmasqPlanName) {
  return queryOptions({
    queryKey: exportKeys.summary(plan),
    queryFn: ({ signal }) =>
      requestJson<ExportSummary>(`/api/export/summary?${new URLSearchParams({ plan }).toString()}`, {
        signal,
      }),
    staleTime: 0,
  });
}

/**
 * Checks an existing BIND zone file or dnsmasq config (pasted text, or the uploaded File
 * sent as is) against the current rules. A file that does not parse is an ApiError 422
 * whose `details` carry the `line` (and `column`).
 */
export function checkExistingFile(
  text: string | Blob,
  kind: CheckKind,
  origin: string,
  signal?: AbortSignal,
): Promise<FileCheckResult> {
  const search = new URLSearchParams({ kind });
  if (origin.trim() !== "") search.set("origin", origin.trim());
  return requestJson<FileCheckResult>(`/api/export/check?${search.toString()}`, {
    method: "POST",
    body: text,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    ...(signal ? { signal } : {}),
  });
}
