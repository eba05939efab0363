// Pieces of query-string schemas shared by the list routes (blocks, history, test numbers).
import { z } from "zod";

/**
 * URLSearchParams (or a plain record) as an object; empty values count as absent, so
 * `?name=` from a cleared filter box takes the default instead of failing.
 */
export function toQueryRecord(value: unknown): unknown {
  const entries =
    value instanceof URLSearchParams
      ? [...value.entries()]
      : typeof value === "object" && value !== null
        ? Object.entries(value)
        : null;
  if (entries === null) return value;
  return Object.fromEntries(entries.filter(([, v]) => v !== "" && v !== undefined));
}

/** A whole number of at least `min` (and at most `max`) from a query string; every failure says `error`. */
export function wholeNumberParamSchema(error: string, min: number, max?: number) {
  const atLeast = z.coerce.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
}

/** `page`: a whole number of at least 1. */
export function pageParamSchema() {
  return wholeNumberParamSchema("page must be a whole number of at least 1.", 1);
}

/** A page size (`pageSize`, or the history's `limit`) from 1 to `max`. */
export function pageSizeParamSchema(max: number, name = "pageSize") {
  return wholeNumberParamSchema(`${name} must be a whole number from 1 to ${max}.`, 1, max);
}
