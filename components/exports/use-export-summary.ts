"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { summaryQueryOptions } from "@/lib/api-client/exports";
import type { DnsmasqPlanName } from "@/lib/api-client/types";

/**
 * The exports summary for a dnsmasq numbering plan. Switching plans keeps the previous
 * summary on screen (`isPlaceholderData`) while the server expands the blocks again.
 */
export function useExportSummary(plan: DnsmasqPlanName) {
  return useQuery({ ...summaryQueryOptions(plan), placeholderData: keepPreviousData });
}
