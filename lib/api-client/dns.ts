// The embedded DNS responder over HTTP: status query options and keys (browser-safe).
import { queryOptions } from "@tanstack/react-query";
import type { DnsStatus } from "@/lib/schemas/dns-status";
import { requestJson } from "./request";

/** How often the status page refreshes while open. */
export const DNS_STATUS_REFRESH_MS = 2_000;

/** Query keys of the responder's status. */
export const dnsKeys = {
  all: ["dns"] as const,
  statuses: () => [...dnsKeys.all, "status"] as const,
  status: (rcode: string | null) => [...dnsKeys.statuses(), rcode ?? "all"] as const,
};

/**
 * The responder's status with the query log filtered by `rcode` ("NXDOMAIN", "DROPPED"),
 * or unfiltered for null. Refetched every few seconds: the log and counters move with
 * every query, the zone with every change.
 */
export function dnsStatusQueryOptions(rcode: string | null) {
  const search = new URLSearchParams({ limit: "200" });
  if (rcode !== null) search.set("rcode", rcode);
  return queryOptions({
    queryKey: dnsKeys.status(rcode),
    queryFn: ({ signal }) => requestJson<DnsStatus>(`/api/dns/status?${search.toString()}`, { signal }),
    refetchInterval: DNS_STATUS_REFRESH_MS,
    staleTime: 0,
  });
}
