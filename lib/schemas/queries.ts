// zod schemas for query strings: the blocks list and the import options.
import { z } from "zod";
import type { BlockListQuery, ImportMode } from "@/lib/db/types";
import { queryBooleanSchema } from "./fields";

/** The list query the console uses when the URL says nothing. */
export const DEFAULT_BLOCK_LIST_QUERY: BlockListQuery = { page: 1, pageSize: 50, sort: "prefix", dir: "asc" };

/** Largest page the API serves. */
export const MAX_PAGE_SIZE = 500;

/** URLSearchParams (or a plain record) as an object; empty values count as absent. */
function toQueryRecord(value: unknown): unknown {
  const entries =
    value instanceof URLSearchParams
      ? [...value.entries()]
      : typeof value === "object" && value !== null
        ? Object.entries(value)
        : null;
  if (entries === null) return value;
  return Object.fromEntries(entries.filter(([, v]) => v !== "" && v !== undefined));
}

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${what} has at most ${max} characters.` })
    .optional()
    .transform((v) => (v === "" ? undefined : v));

/**
 * The blocks list query (`?page=2&pageSize=50&sort=name&dir=desc&name=…&number=…&enabled=true&hasLints=false`).
 * Accepts URLSearchParams or a plain object; missing values take DEFAULT_BLOCK_LIST_QUERY.
 */
export const blockListQuerySchema = z.preprocess(
  toQueryRecord,
  z.object({
    page: z.coerce
      .number({ error: "page must be a whole number of at least 1." })
      .int({ error: "page must be a whole number of at least 1." })
      .min(1, { error: "page must be a whole number of at least 1." })
      .default(DEFAULT_BLOCK_LIST_QUERY.page),
    pageSize: z.coerce
      .number({ error: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .int({ error: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .min(1, { error: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .max(MAX_PAGE_SIZE, { error: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .default(DEFAULT_BLOCK_LIST_QUERY.pageSize),
    sort: z
      .enum(["name", "prefix", "updated"], { error: 'sort is "name", "prefix" or "updated".' })
      .default(DEFAULT_BLOCK_LIST_QUERY.sort),
    dir: z.enum(["asc", "desc"], { error: 'dir is "asc" or "desc".' }).default(DEFAULT_BLOCK_LIST_QUERY.dir),
    name: optionalText(200, "name"),
    number: optionalText(64, "number"),
    enabled: queryBooleanSchema.optional(),
    hasLints: queryBooleanSchema.optional(),
  }),
) satisfies z.ZodType<BlockListQuery>;

/**
 * The options of POST /api/import (`?mode=merge&dryRun=true&acceptRejected=false`). A
 * request without options is a merge dry run: nothing is written unless asked for.
 */
export const importRequestSchema = z.preprocess(
  toQueryRecord,
  z.object({
    mode: z
      .enum(["replace", "merge"] as const satisfies readonly ImportMode[], {
        error: 'mode is "replace" or "merge".',
      })
      .default("merge"),
    dryRun: queryBooleanSchema.default(true),
    acceptRejected: queryBooleanSchema.default(false),
  }),
);

/** Parsed import options. */
export type ImportRequest = z.output<typeof importRequestSchema>;
