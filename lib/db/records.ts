// Conversions between database rows and the domain types of lib/db/types.ts.
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { findBlockLints, toLintLevel } from "@/lib/enum/lints";
import { isCanonicalPrefix, type NumberBlock } from "@/lib/enum/number-block";
import type { Profile } from "@/lib/enum/profile";
import { toPrefixSortKey, type ExtraNaptrRule } from "@/lib/enum/ruleset";
import type { NumberBlock as NumberBlockRow } from "./generated/client";
import type { LintLevel, NumberBlockRecord } from "./types";

/** The columns a block's content decides (everything but id, version and timestamps). */
export interface BlockColumns {
  readonly name: string;
  readonly nameKey: string;
  readonly prefix: string;
  readonly sortKey: string;
  readonly regex: string;
  readonly enumservice: string;
  readonly extraRules: string;
  readonly enabled: boolean;
  readonly notes: string;
  readonly lintLevel: LintLevel;
}

/** A block's content as the console edits it, before it becomes columns. */
export interface BlockContent extends NumberBlock {
  readonly enumservice: string;
  readonly extraRules: readonly ExtraNaptrRule[];
  readonly enabled: boolean;
  readonly notes: string;
}

/** Maps a stored row to the record route handlers return (ISO dates, parsed extra rules). */
export function toNumberBlockRecord(row: NumberBlockRow): NumberBlockRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    regex: row.regex,
    enumservice: row.enumservice,
    extraRules: parseStoredExtraRules(row.extraRules),
    enabled: row.enabled,
    notes: row.notes,
    lintLevel: toStoredLintLevel(row.lintLevel),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns to store for a block under a profile: derived keys and its lint level included. */
export function toBlockColumns(block: BlockContent, profile: Profile): BlockColumns {
  return {
    name: block.name,
    nameKey: toNameKey(block.name),
    prefix: block.prefix,
    sortKey: toPrefixSortKey(block.prefix),
    regex: block.regex,
    enumservice: block.enumservice,
    extraRules: JSON.stringify(block.extraRules),
    enabled: block.enabled,
    notes: block.notes,
    lintLevel: toBlockLintLevel(block, profile),
  };
}

/** The key names sort and match by: case-insensitive for every script, not only ASCII. */
export function toNameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * The worst lint of a block on its own under a profile (3 when its regex does not
 * compile), which the list filters on. Regex compiles are cached by lib/enum.
 */
export function toBlockLintLevel(block: NumberBlock, profile: Profile): LintLevel {
  return toLintLevel(findBlockLints(block, profile));
}

/**
 * Refuses a prefix that is not canonical (`+` optional, then digits): the prefix is the
 * block's identity, its sort key and its DNS name, so a stray character would corrupt all
 * three. lib/schemas gives the user-facing message first; this is the last line.
 */
export function assertCanonicalPrefix(prefix: string): void {
  if (isCanonicalPrefix(prefix)) return;
  throw new AppError("validation", `Prefix "${prefix}" must be an optional + followed by digits.`, [
    { field: "prefix", code: "prefix-not-canonical", message: "Use an optional + followed by digits only." },
  ]);
}

/** The conflict for a prefix another block already has (HTTP 409). */
export function toDuplicatePrefixError(prefix: string, existingId: string | null): AppError {
  return new AppError(
    "conflict",
    `Another number block already has prefix "${prefix}".`,
    [
      {
        field: "prefix",
        code: "duplicate-prefix",
        message: `Prefix "${prefix}" is already used by another block.`,
      },
    ],
    existingId === null ? undefined : { existingId },
  );
}

let idCounter = randomBytes(2).readUInt16BE() % 36 ** 4;

/**
 * A new block id shaped like Prisma's cuid() (25 characters, "c" + time + counter +
 * random), made here because bulk imports insert with raw SQL, where Prisma's default
 * does not run; single creates use it too so every id looks the same.
 */
export function createBlockId(now = Date.now()): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const random = randomBytes(12);
  let tail = "";
  for (const byte of random) tail += (byte % 36).toString(36);
  return `c${now.toString(36).padStart(8, "0").slice(-8)}${idCounter.toString(36).padStart(4, "0")}${tail}`;
}

function toStoredLintLevel(value: number): LintLevel {
  if (value === 0 || value === 1 || value === 2 || value === 3) return value;
  throw new Error(`Stored lint level ${value} is not 0-3.`);
}

/** Parses the extraRules column; a malformed value is a broken invariant (only lib/db writes it). */
export function parseStoredExtraRules(text: string): ExtraNaptrRule[] {
  if (text === "[]") return [];
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error("Stored extraRules is not a JSON array.");
  return value.map((item: unknown): ExtraNaptrRule => {
    if (!isExtraNaptrRule(item))
      throw new Error(`Stored extra NAPTR rule is malformed: ${JSON.stringify(item)}`);
    return {
      order: item.order,
      preference: item.preference,
      flags: item.flags,
      service: item.service,
      regexp: item.regexp,
      replacement: item.replacement,
    };
  });
}

function isExtraNaptrRule(item: unknown): item is ExtraNaptrRule {
  if (typeof item !== "object" || item === null) return false;
  const rule = item as Record<string, unknown>;
  return (
    typeof rule.order === "number" &&
    typeof rule.preference === "number" &&
    typeof rule.flags === "string" &&
    typeof rule.service === "string" &&
    typeof rule.regexp === "string" &&
    typeof rule.replacement === "string"
  );
}

/**
 * Thrown inside a transaction when the version a client named is not the stored one; the
 * caller rolls back, then reads the current value for the stale error's details.
 */
export class StaleVersionSignal extends Error {
  constructor() {
    super("stale version");
    this.name = "StaleVersionSignal";
  }
}
