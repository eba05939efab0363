// zod schemas for the test plan (saved numbers) and the re-route check of a proposed block
// change, shared by the /tests page, the block forms and the route handlers.
import { z } from "zod";
import type { ImportMode, ImportPlan, TestNumberRecord } from "@/lib/db/types";
import type { Profile } from "@/lib/enum/profile";
import {
  MAX_TEST_NOTE_LENGTH,
  parseExpectedOutcome,
  parseTestNumber,
  type Reroute,
  type TestResult,
} from "@/lib/enum/test-plan";
import { isCanonicalPrefix } from "@/lib/enum/number-block";
import { queryBooleanSchema, toTextSchema } from "./fields";
import { pageParamSchema, pageSizeParamSchema, toQueryRecord } from "./query-params";

/** Largest page of saved numbers the API serves. */
export const MAX_TEST_NUMBER_PAGE_SIZE = 500;

/** A dialed number in any form; letters are refused with their position. */
export const testNumberSchema = toTextSchema("the number").superRefine((text, ctx) => {
  const parsed = parseTestNumber(text);
  if (parsed.ok) return;
  ctx.addIssue({
    code: "custom",
    message: parsed.error.message,
    params: { code: parsed.error.code, ...(parsed.error.at !== undefined ? { at: parsed.error.at } : {}) },
  });
});

/** An expected result: a URI, no-route, server-failure or not-uri:TEXT (lib/enum/test-plan). */
export const expectedOutcomeSchema = toTextSchema("the expected result").superRefine((text, ctx) => {
  const parsed = parseExpectedOutcome(text);
  if (parsed.ok) return;
  ctx.addIssue({
    code: "custom",
    message: parsed.error.message,
    params: { code: parsed.error.code, ...(parsed.error.at !== undefined ? { at: parsed.error.at } : {}) },
  });
});

const noteSchema = toTextSchema("the note").max(MAX_TEST_NOTE_LENGTH, {
  error: `A note has at most ${MAX_TEST_NOTE_LENGTH} characters.`,
});

/** A new saved number (POST /api/test-numbers). */
export const testNumberInputSchema = z.object({
  number: testNumberSchema,
  expected: expectedOutcomeSchema,
  note: noteSchema.default(""),
});

/** POST /api/test-numbers/outcome: one number to resolve with the current rules. */
export const testNumberOutcomeRequestSchema = z.object({ number: testNumberSchema });

/** The current outcome of one number (the "use current result" button). */
export interface TestNumberOutcome {
  readonly number: string;
  readonly actual: string;
  readonly revision: number;
}

/** A change to a saved number (PATCH /api/test-numbers/:id): any subset of the fields. */
export const testNumberUpdateSchema = z.object({
  number: testNumberSchema.optional(),
  expected: expectedOutcomeSchema.optional(),
  note: noteSchema.optional(),
});

export type TestNumberFormValues = z.input<typeof testNumberInputSchema>;

/** GET /api/test-numbers?page=1&pageSize=50&search=212 */
export const testNumberListQuerySchema = z.preprocess(
  toQueryRecord,
  z.object({
    page: pageParamSchema().default(1),
    pageSize: pageSizeParamSchema(MAX_TEST_NUMBER_PAGE_SIZE).default(50),
    search: z.string().trim().max(200, { error: "search has at most 200 characters." }).optional(),
  }),
);

/** POST /api/test-numbers/csv?mode=merge|replace&dryRun=true|false (a dry run unless told otherwise). */
export const testPlanUploadQuerySchema = z.preprocess(
  toQueryRecord,
  z.object({
    mode: z
      .enum(["merge", "replace"] as const satisfies readonly ImportMode[], {
        error: 'mode is "merge" or "replace".',
      })
      .default("merge"),
    dryRun: queryBooleanSchema.default(true),
  }),
);

/**
 * The block as a form holds it while editing: only what decides routing on the enum.json
 * path. The regex is NOT checked here: a draft that does not compile is exactly what the
 * re-route check must show (Sprout drops the block).
 */
const blockDraftSchema = z.object({
  name: z.string().default(""),
  prefix: toTextSchema("the prefix").refine(isCanonicalPrefix, {
    message: "The prefix is an optional + then digits.",
  }),
  regex: toTextSchema("the regex"),
  enabled: z.boolean().default(true),
});

const blockIdSchema = toTextSchema("the block id").min(1, { error: "Name the block (id)." });

/** POST /api/blocks/impact: a proposed change to one block, before it is saved. */
export const blockImpactRequestSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("create"), block: blockDraftSchema }),
    z.object({ kind: z.literal("update"), id: blockIdSchema, block: blockDraftSchema.partial() }),
    z.object({ kind: z.literal("delete"), id: blockIdSchema }),
    z.object({ kind: z.literal("enable"), id: blockIdSchema }),
    z.object({ kind: z.literal("disable"), id: blockIdSchema }),
  ],
  { error: 'kind is "create", "update", "delete", "enable" or "disable".' },
);

/** A parsed proposed block change. */
export type BlockImpactRequest = z.output<typeof blockImpactRequestSchema>;

/** A proposed block change as the client sends it. */
export type BlockImpactRequestInput = z.input<typeof blockImpactRequestSchema>;

/** A saved number with its outcome under the current rules (enum.json path). */
export interface TestNumberResult extends TestNumberRecord {
  readonly actual: string;
  readonly passed: boolean;
}

/** GET /api/test-numbers: a page of saved numbers, evaluated at `revision`. */
export interface TestNumberResultPage {
  readonly items: readonly TestNumberResult[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly revision: number;
}

/** POST /api/test-numbers/run: every saved number against the current rules. */
export interface TestPlanRun {
  readonly revision: number;
  readonly profile: Profile;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly TestResult[];
}

/** POST /api/blocks/impact: the saved numbers a proposed block change would re-route. */
/** An import's dry run with the saved numbers it would re-route (`POST /api/import?dryRun=true`). */
export interface ImportPreview extends ImportPlan {
  readonly impact: BlockImpact;
}

export interface BlockImpact {
  readonly revision: number;
  /** How many saved numbers were checked. */
  readonly checked: number;
  readonly reroutes: readonly Reroute[];
  /** How many of the re-routed numbers would stop meeting their expected result. */
  readonly breaks: number;
}
