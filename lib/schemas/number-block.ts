// zod schemas for creating and updating number blocks, shared by the block form and the
// route handlers. The regex checks depend on the client profile, so the schemas are built
// per profile (and cached: a form re-renders often).
import { z } from "zod";
import type { Profile } from "@/lib/enum/profile";
import { DEFAULT_ENUMSERVICE } from "@/lib/enum/ruleset";
import {
  blockNameSchema,
  enumserviceSchema,
  prefixSchema,
  replacementSchema,
  toRegexFieldSchema,
  toTextSchema,
  versionSchema,
} from "./fields";

/** At most this many extra DNS-only NAPTR rules per block. */
export const MAX_EXTRA_RULES = 20;

/** At most this many characters of notes per block. */
export const MAX_NOTES_LENGTH = 10_000;

const sixteenBit = (what: string) =>
  z
    .number({ error: `${what} must be a number.` })
    .int({ error: `${what} must be a whole number.` })
    .min(0, { error: `${what} is between 0 and 65535.` })
    .max(65535, { error: `${what} is between 0 and 65535.` });

/** An extra DNS-only NAPTR rule (RFC 3403 §4.1 fields; no TTL, the zone's default applies). */
function toExtraRuleSchema(profile: Profile) {
  return z.object({
    order: sixteenBit("Order"),
    preference: sixteenBit("Preference"),
    flags: toTextSchema(`the flags ("u" for a terminal rule, "" for a non-terminal one)`).regex(
      /^[A-Za-z0-9]{0,8}$/,
      {
        error: 'Flags are up to 8 letters or digits, e.g. "u" (terminal) or "" (non-terminal).',
      },
    ),
    service: enumserviceSchema,
    regexp: toRegexFieldSchema(profile),
    replacement: replacementSchema,
  });
}

function toBlockFields(profile: Profile) {
  return {
    name: blockNameSchema,
    prefix: prefixSchema,
    regex: toRegexFieldSchema(profile),
    enumservice: enumserviceSchema,
    extraRules: z
      .array(toExtraRuleSchema(profile))
      .max(MAX_EXTRA_RULES, { error: `A block has at most ${MAX_EXTRA_RULES} extra NAPTR rules.` }),
    enabled: z.boolean({ error: "enabled must be true or false." }),
    notes: toTextSchema("the notes").max(MAX_NOTES_LENGTH, {
      error: `Notes have at most ${MAX_NOTES_LENGTH} characters.`,
    }),
  };
}

function buildInputSchema(profile: Profile) {
  const fields = toBlockFields(profile);
  return z.object({
    ...fields,
    enumservice: fields.enumservice.default(DEFAULT_ENUMSERVICE),
    extraRules: fields.extraRules.default([]),
    enabled: fields.enabled.default(true),
    notes: fields.notes.default(""),
  });
}

function buildUpdateSchema(profile: Profile) {
  // No defaults here: a field left out of an update keeps its stored value.
  return z.object(toBlockFields(profile)).partial().extend({ version: versionSchema });
}

const inputSchemas = new Map<Profile, ReturnType<typeof buildInputSchema>>();
const updateSchemas = new Map<Profile, ReturnType<typeof buildUpdateSchema>>();

/**
 * The schema of a new number block under a client profile: the regex (and every extra
 * rule's regexp) must compile as that client compiles it; an issue carries `at`, the
 * character position in the field. Defaults: enumservice E2U+sip, no extra rules,
 * enabled, empty notes.
 */
export function toNumberBlockInputSchema(profile: Profile) {
  let schema = inputSchemas.get(profile);
  if (schema === undefined) {
    schema = buildInputSchema(profile);
    inputSchemas.set(profile, schema);
  }
  return schema;
}

/** The schema of a block update: any subset of the fields plus the `version` it was based on. */
export function toNumberBlockUpdateSchema(profile: Profile) {
  let schema = updateSchemas.get(profile);
  if (schema === undefined) {
    schema = buildUpdateSchema(profile);
    updateSchemas.set(profile, schema);
  }
  return schema;
}

/** What a block form holds before parsing (defaults not yet applied). */
export type NumberBlockFormValues = z.input<ReturnType<typeof toNumberBlockInputSchema>>;

/** A parsed new block, ready for lib/db. */
export type NumberBlockInputValues = z.output<ReturnType<typeof toNumberBlockInputSchema>>;

/** A parsed block update, ready for lib/db. */
export type NumberBlockUpdateValues = z.output<ReturnType<typeof toNumberBlockUpdateSchema>>;
