"use client";

import { useState } from "react";

/** One page of `rows` and the controls' state; the page is clamped when the rows shrink. */
export function usePagedRows<T>(rows: readonly T[], perPage: number) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const current = Math.min(page, pages);
  return {
    page: current,
    pages,
    setPage,
    first: rows.length === 0 ? 0 : (current - 1) * perPage + 1,
    last: Math.min(rows.length, current * perPage),
    visible: rows.slice((current - 1) * perPage, current * perPage),
  };
}
