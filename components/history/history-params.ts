"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { HistoryFilters } from "@/lib/api-client/history";
import type { AuditEntityType } from "@/lib/api-client/types";

/** The history page's filters as they sit in the URL (`?block=+1650&user=alice&action=block.update&from=…&to=…`). */
export interface HistoryParams {
  /** A block id or a prefix (digits with an optional "+"). */
  readonly block: string;
  readonly user: string;
  readonly action: string;
  readonly type: AuditEntityType | "";
  /** `datetime-local` values (the browser's local time). */
  readonly from: string;
  readonly to: string;
}

const KEYS = ["block", "user", "action", "type", "from", "to"] as const;
const ENTITY_TYPES = new Set<string>(["block", "settings", "responder-settings", "user", "token"]);

/** Reads the filters from search params; unknown values are dropped. */
export function toHistoryParams(search: URLSearchParams): HistoryParams {
  const type = search.get("type") ?? "";
  return {
    block: search.get("block") ?? "",
    user: search.get("user") ?? "",
    action: search.get("action") ?? "",
    type: ENTITY_TYPES.has(type) ? (type as AuditEntityType) : "",
    from: search.get("from") ?? "",
    to: search.get("to") ?? "",
  };
}

/** A local `datetime-local` value as an ISO time, or undefined when empty or unreadable. */
function toIsoTime(local: string): string | undefined {
  if (local === "") return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The API filters for the URL's: a block given as a prefix filters by prefix, else by id. */
export function toHistoryFilters(params: HistoryParams): HistoryFilters {
  const block = params.block.trim();
  const isPrefix = /^\+?\d+$/.test(block);
  const from = toIsoTime(params.from);
  const to = toIsoTime(params.to);
  return {
    ...(block !== "" && isPrefix ? { prefix: block } : {}),
    ...(block !== "" && !isPrefix ? { entityId: block } : {}),
    ...(params.user.trim() !== "" ? { actor: params.user.trim() } : {}),
    ...(params.action !== "" ? { action: params.action } : {}),
    ...(params.type !== "" ? { entityType: params.type } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** Whether any filter is set. */
export function hasHistoryFilters(params: HistoryParams): boolean {
  return KEYS.some((key) => params[key] !== "");
}

/** The filters from the URL and a setter that writes them back (replace: typing makes no history entries). */
export function useHistoryParams(): {
  readonly params: HistoryParams;
  readonly setParams: (patch: Partial<HistoryParams>) => void;
} {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const text = search.toString();
  const params = useMemo(() => toHistoryParams(new URLSearchParams(text)), [text]);
  const setParams = useCallback(
    (patch: Partial<HistoryParams>) => {
      const next = { ...toHistoryParams(new URLSearchParams(window.location.search)), ...patch };
      const out = new URLSearchParams();
      for (const key of KEYS) if (next[key] !== "") out.set(key, next[key]);
      const query = out.toString();
      router.replace(`${pathname}${query === "" ? "" : `?${query}`}`, { scroll: false });
    },
    [pathname, router],
  );
  return { params, setParams };
}
