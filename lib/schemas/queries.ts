// zod schemas for query strings: the blocks list and the import options.
import { z } from "zod";
import type { BlockListQuery, ImportMode } from "@/lib/db/types";
import { queryBooleanSchema } from "./fields";
import { pageParamSchema, pageSizeParamSchema, toQueryRecord } from "./query-params";

/** The list query the console uses when the URL says nothing. */
export const DEFAULT_BLOCK_LIST_QUERY: BlockListQuery = { page: 1, pageSize: 50, sort: "prefix", dir: "asc" };

/** Largest page the API serves. */
export const MAX_PAGE_SIZE = 500;

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
    page: pageParamSchema().default(DEFAULT_BLOCK_LIST_QUERY.page),
    pageSize: pageSizeParamSchema(MAX_PAGE_SIZE).default(DEFAULT_BLOCK_LIST_QUERY.pageSize),
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
