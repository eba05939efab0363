// zod schemas for the audit history: the list / export filters and the revert parameters.
import { z } from "zod";
import type { AuditEntityType, AuditEventQuery } from "@/lib/db/types";
import { prefixSchema } from "./fields";
import { pageSizeParamSchema, toQueryRecord, wholeNumberParamSchema } from "./query-params";

/** The history page size when the URL says nothing. */
export const DEFAULT_HISTORY_PAGE_SIZE = 50;

/** Largest history page the API serves. */
export const MAX_HISTORY_PAGE_SIZE = 500;

/** The entity types the history records. */
export const AUDIT_ENTITY_TYPES = [
  "block",
  "settings",
  "responder-settings",
  "user",
  "token",
] as const satisfies readonly AuditEntityType[];

const text = (max: number, what: string) =>
  z
    .string({ error: `Send ${what} as text.` })
    .trim()
    .min(1, { error: `${what} is empty.` })
    .max(max, { error: `${what} has at most ${max} characters.` });

/** A point in time as an ISO 8601 string (a date alone means its midnight UTC), normalised to ISO. */
const timeSchema = (what: string) =>
  z
    .string({ error: `Send ${what} as an ISO time such as 2026-11-23T10:00:00Z.` })
    .trim()
    .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
      message: `${what} must be an ISO time such as 2026-11-23T10:00:00Z.`,
    })
    .transform((value) => new Date(value).toISOString());

/** The filters shared by the history list and its CSV export. */
const historyFilters = {
  entityType: z
    .enum(AUDIT_ENTITY_TYPES, { error: `entityType is one of ${AUDIT_ENTITY_TYPES.join(", ")}.` })
    .optional(),
  entityId: text(200, "entityId").optional(),
  prefix: prefixSchema.optional(),
  actor: text(200, "actor").optional(),
  action: text(64, "action").optional(),
  batchId: text(64, "batchId").optional(),
  from: timeSchema("from").optional(),
  to: timeSchema("to").optional(),
};

/**
 * The history list query (`?entityType=block&entityId=…&prefix=+1650&actor=alice&action=block.update&from=…&to=…&cursor=123&limit=50`).
 * `cursor` is the `nextCursor` of the previous page.
 */
export const historyQuerySchema = z.preprocess(
  toQueryRecord,
  z.object({
    ...historyFilters,
    cursor: wholeNumberParamSchema(
      "cursor must be a whole number (the nextCursor of the previous page).",
      1,
    ).optional(),
    limit: pageSizeParamSchema(MAX_HISTORY_PAGE_SIZE, "limit").default(DEFAULT_HISTORY_PAGE_SIZE),
  }),
) satisfies z.ZodType<AuditEventQuery>;

/** The CSV export's filters (the list's, without paging). */
export const historyExportQuerySchema = z.preprocess(toQueryRecord, z.object(historyFilters));

/** The id of a history event in a URL. */
export const auditEventIdSchema = wholeNumberParamSchema("The history event id is a whole number.", 1);

/** The batch id of an import or batch revert in a URL. */
export const auditBatchIdSchema = text(64, "The batch id");
