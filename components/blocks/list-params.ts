"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { BlockListQuery, BlockSort, SortDirection } from "@/lib/api-client/types";

/** Rows-per-page choices of the blocks list. */
export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_SORT: BlockSort = "prefix";

/** The list's state as it sits in the URL (`?page=2&size=50&sort=name&dir=desc&q=…`). */
export interface BlockListParams {
  readonly page: number;
  readonly size: number;
  readonly sort: BlockSort;
  readonly dir: SortDirection;
  readonly q: string;
  readonly number: string;
  readonly enabled: "all" | "enabled" | "disabled";
  readonly lints: "all" | "problems" | "clean";
}

export type BlockListParamsPatch = { -readonly [K in keyof BlockListParams]?: BlockListParams[K] };

function toPositiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Reads the list state from search params, falling back to defaults for anything odd. */
export function toBlockListParams(search: URLSearchParams): BlockListParams {
  const sort = search.get("sort");
  const size = toPositiveInt(search.get("size"), DEFAULT_PAGE_SIZE);
  const enabled = search.get("enabled");
  const lints = search.get("lints");
  const validSort: BlockSort =
    sort === "name" || sort === "prefix" || sort === "updated" ? sort : DEFAULT_SORT;
  const dir = search.get("dir");
  return {
    page: toPositiveInt(search.get("page"), 1),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    sort: validSort,
    dir: dir === "asc" || dir === "desc" ? dir : toDefaultDirection(validSort),
    q: search.get("q") ?? "",
    number: search.get("number") ?? "",
    enabled: enabled === "enabled" || enabled === "disabled" ? enabled : "all",
    lints: lints === "problems" || lints === "clean" ? lints : "all",
  };
}

/** Newest first for the update time; A→Z and number order otherwise. */
export function toDefaultDirection(sort: BlockSort): SortDirection {
  return sort === "updated" ? "desc" : "asc";
}

/** The API request for a list state. */
export function toBlockListQuery(params: BlockListParams): BlockListQuery {
  return {
    page: params.page,
    pageSize: params.size,
    sort: params.sort,
    dir: params.dir,
    ...(params.q.trim() !== "" ? { name: params.q.trim() } : {}),
    ...(params.number.trim() !== "" ? { number: params.number.trim() } : {}),
    ...(params.enabled !== "all" ? { enabled: params.enabled === "enabled" } : {}),
    ...(params.lints !== "all" ? { hasLints: params.lints === "problems" } : {}),
  };
}

/** Search params for a list state, leaving defaults out so URLs stay short. */
export function toSearchString(params: BlockListParams): string {
  const search = new URLSearchParams();
  if (params.page !== 1) search.set("page", String(params.page));
  if (params.size !== DEFAULT_PAGE_SIZE) search.set("size", String(params.size));
  if (params.sort !== DEFAULT_SORT) search.set("sort", params.sort);
  if (params.dir !== toDefaultDirection(params.sort)) search.set("dir", params.dir);
  if (params.q !== "") search.set("q", params.q);
  if (params.number !== "") search.set("number", params.number);
  if (params.enabled !== "all") search.set("enabled", params.enabled);
  if (params.lints !== "all") search.set("lints", params.lints);
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

/** Whether any filter narrows the list (search, number, enabled, lints). */
export function hasFilters(params: BlockListParams): boolean {
  return params.q !== "" || params.number !== "" || params.enabled !== "all" || params.lints !== "all";
}

let lastListHref = "/blocks";

/** Remembers where the list was (page, filters) so the editor can return there. */
export function rememberListHref(href: string): void {
  lastListHref = href;
}

/** The list URL to go back to from the editor. */
export function getListHref(): string {
  return lastListHref;
}

/**
 * The blocks list state from the URL and a setter. Changing anything but the page goes
 * back to page 1. `replace` is for typing (no history entry per keystroke); everything
 * else pushes, so the back button walks through the user's steps.
 */
export function useBlockListParams(): {
  readonly params: BlockListParams;
  readonly setParams: (patch: BlockListParamsPatch, options?: { readonly replace?: boolean }) => void;
} {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const searchText = search.toString();
  const params = useMemo(() => toBlockListParams(new URLSearchParams(searchText)), [searchText]);

  const setParams = useCallback(
    (patch: BlockListParamsPatch, options?: { readonly replace?: boolean }) => {
      const current = toBlockListParams(new URLSearchParams(window.location.search));
      const next: BlockListParams = {
        ...current,
        ...patch,
        page: patch.page ?? (Object.keys(patch).length > 0 ? 1 : current.page),
      };
      const href = `${pathname}${toSearchString(next)}`;
      if (options?.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [pathname, router],
  );

  return { params, setParams };
}
