// enum.json import: a dry-run diff against the database, then all-or-nothing in one transaction.
import { AppError, type FieldIssue } from "@/lib/app-error";
import { parseEnumJson, type EnumJsonEntry } from "@/lib/enum/enum-json";
import { isCanonicalPrefix, toSproutPrefix, type NumberBlock } from "@/lib/enum/number-block";
import type { Profile } from "@/lib/enum/profile";
import { compileRegexField } from "@/lib/enum/regex-field";
import { DEFAULT_ENUMSERVICE, toPrefixSortKey } from "@/lib/enum/ruleset";
import {
  createAuditBatchId,
  recordAuditEvents,
  toAuditBlockState,
  toBlockChangeSummary,
  type AuditEventInput,
} from "./audit";
import { publishRulesChanged } from "./changes";
import { getPrisma, getReadPrisma } from "./client";
import { Prisma, type NumberBlock as NumberBlockRow } from "./generated/client";
import {
  createBlockId,
  parseStoredExtraRules,
  toBlockLintLevel,
  toNameKey,
  toNumberBlockRecord,
} from "./records";
import { readProfile } from "./settings";
import { bumpRuleSetState } from "./state";
import {
  SYSTEM_ACTOR,
  type Actor,
  type AuditBlockState,
  type ImportMode,
  type ImportPlan,
  type ImportProgress,
  type ImportResult,
  type NumberBlockInput,
  type RejectedBlock,
} from "./types";

/** How applyImport may treat the rejected blocks of a file. */
export interface ApplyImportOptions {
  /** Import the other blocks and skip the rejected ones (otherwise any rejection refuses the file). */
  readonly acceptRejected?: boolean;
  /** Called every few thousand rows and at each phase, for a progress bar. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * Store blocks whose only fault is a regex that does not compile (lint level 3) instead
   * of rejecting them. For the seed: the guide's `+1650555` block is kept so the console
   * can show the compile error Sprout hides.
   */
  readonly storeInvalidRegex?: boolean;
}

/** Rows per INSERT / UPDATE / DELETE statement (7 parameters a row, under SQLite's 32,766). */
const WRITE_CHUNK = 500;
/** Rows between progress reports. */
const PROGRESS_EVERY = 2_500;
/** How many rejected blocks a refusal lists as field issues (all of them are in the plan). */
const MAX_REFUSAL_ISSUES = 100;
/** 100,000 blocks take seconds; other writers wait (SQLite has one writer at a time). */
const IMPORT_TRANSACTION = { maxWait: 60_000, timeout: 600_000 } as const;

/** A block of the file the console can store, with where it is. */
interface Candidate {
  readonly index: number;
  readonly line: number;
  /** Sprout's reading of the block: the prefix without `.`, `-`, `(`, `)`. */
  readonly block: NumberBlock;
}

interface ClassifiedFile {
  readonly candidates: readonly Candidate[];
  readonly rejected: readonly RejectedBlock[];
}

/** The columns an import compares and writes (file blocks only carry name, prefix, regex). */
type StoredBlock = Pick<NumberBlockRow, "id" | "name" | "prefix" | "regex">;

/** A stored block with the columns the audit history records. */
type AuditedBlock = StoredBlock & Pick<NumberBlockRow, "enumservice" | "extraRules" | "enabled" | "notes">;

interface ImportDiff<Row extends StoredBlock> {
  readonly added: readonly Candidate[];
  readonly changed: readonly { readonly candidate: Candidate; readonly before: Row }[];
  readonly removed: readonly Row[];
  readonly unchanged: number;
}

/**
 * The dry run: what importing `text` would do, without writing. Blocks Sprout would skip,
 * blocks whose regex does not compile under the configured profile, prefixes that are not
 * canonical after Sprout drops `.`, `-`, `(`, `)`, and repeats of an earlier prefix are
 * `rejected` (with index, line, column, code, reason); the rest are diffed against the
 * database by prefix. A file Sprout rejects whole is AppError "validation" with a `file`
 * issue and `details.line` / `details.column`.
 */
export async function planImport(text: string, mode: ImportMode): Promise<ImportPlan> {
  const entries = parseImportFile(text);
  const read = getReadPrisma();
  const { profile, rows } = await read.$transaction(async (tx) => ({
    profile: await readProfile(tx),
    rows: await tx.numberBlock.findMany({ orderBy: { sortKey: "asc" } }),
  }));
  const { candidates, rejected } = classifyEntries(entries, profile, false);
  const diff = diffWithStored(candidates, rows, mode);
  return {
    mode,
    profile,
    added: diff.added.map(({ index, line, block }) => ({ index, line, block: toImportInput(block) })),
    changed: diff.changed.map(({ candidate, before }) => ({
      index: candidate.index,
      line: candidate.line,
      before: toNumberBlockRecord(before),
      after: toImportInput(candidate.block),
    })),
    removed: diff.removed.map(toNumberBlockRecord),
    unchanged: diff.unchanged,
    rejected,
  };
}

/**
 * Applies an import all or nothing: one transaction adds, changes (name and regex; the
 * console's own fields stay) and, in replace mode, removes blocks, then bumps revision and
 * serial once. Any rejected block refuses the whole file (AppError "validation" listing
 * them) unless `acceptRejected`; a broken file or any failure midway changes nothing.
 * The audit history gets one event per written block in the same transaction, grouped by
 * one batch id (so the import can be reverted whole), by `actor` with source "import".
 */
export async function applyImport(
  text: string,
  mode: ImportMode,
  options: ApplyImportOptions = {},
  actor: Actor = SYSTEM_ACTOR,
): Promise<ImportResult> {
  const report = options.onProgress ?? (() => undefined);
  report({ phase: "parsing", done: 0, total: 0 });
  const entries = parseImportFile(text);
  const storeInvalidRegex = options.storeInvalidRegex ?? false;
  // Refuse a bad file before taking the write lock; the transaction re-checks under the
  // profile it reads, in case the settings changed meanwhile.
  const classify = (profile: Profile): ClassifiedFile => {
    const classified = classifyEntries(entries, profile, storeInvalidRegex);
    if (classified.rejected.length > 0 && options.acceptRejected !== true) {
      throw toRefusal(classified.rejected);
    }
    return classified;
  };
  const expectedProfile = await getReadPrisma().$transaction((tx) => readProfile(tx));
  let classified = classify(expectedProfile);

  const result = await getPrisma().$transaction(async (tx) => {
    const published = await bumpRuleSetState(tx);
    const profile = await readProfile(tx);
    if (profile !== expectedProfile) classified = classify(profile);
    const rows: AuditedBlock[] = await tx.numberBlock.findMany({
      select: {
        id: true,
        name: true,
        prefix: true,
        regex: true,
        enumservice: true,
        extraRules: true,
        enabled: true,
        notes: true,
      },
    });
    const diff = diffWithStored(classified.candidates, rows, mode);
    const now = new Date();

    const lintLevels = new Map<Candidate, number>();
    // Progress per phase: "validating" counts the blocks to lint, "writing" the rows to write.
    const toLint = [...diff.added, ...diff.changed.map(({ candidate }) => candidate)];
    report({ phase: "validating", done: 0, total: toLint.length });
    for (const [i, candidate] of toLint.entries()) {
      lintLevels.set(candidate, toBlockLintLevel(candidate.block, profile));
      if ((i + 1) % PROGRESS_EVERY === 0) report({ phase: "validating", done: i + 1, total: toLint.length });
    }

    const total = diff.removed.length + diff.changed.length + diff.added.length;
    let done = 0;
    let reported = 0;
    report({ phase: "writing", done, total });
    const advance = (rowCount: number): void => {
      done += rowCount;
      if (done - reported >= PROGRESS_EVERY || (done === total && done !== reported)) {
        reported = done;
        report({ phase: "writing", done, total });
      }
    };
    for (const chunk of toChunks(diff.removed)) {
      await tx.numberBlock.deleteMany({ where: { id: { in: chunk.map((row) => row.id) } } });
      advance(chunk.length);
    }
    for (const chunk of toChunks(diff.changed)) {
      const values = chunk.map(
        ({ candidate, before }) =>
          Prisma.sql`(${before.id}, ${candidate.block.name}, ${toNameKey(candidate.block.name)}, ${candidate.block.regex}, ${lintLevels.get(candidate) ?? 0})`,
      );
      // One UPDATE per chunk (UPDATE ... FROM, SQLite 3.33+ and PostgreSQL), not one per row.
      await tx.$executeRaw`UPDATE "NumberBlock" SET "name" = v."column2", "nameKey" = v."column3", "regex" = v."column4", "lintLevel" = v."column5", "version" = "version" + 1, "updatedAt" = ${now} FROM (VALUES ${Prisma.join(values)}) AS v WHERE "NumberBlock"."id" = v."column1"`;
      advance(chunk.length);
    }
    // In number order: the prefix and sortKey indexes then grow at their end, not all over.
    const added = diff.added
      .map((candidate) => ({
        candidate,
        sortKey: toPrefixSortKey(candidate.block.prefix),
        id: createBlockId(now.getTime()),
      }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (const chunk of toChunks(added)) {
      const values = chunk.map(({ candidate, sortKey, id }) => {
        const { name, prefix, regex } = candidate.block;
        const lintLevel = lintLevels.get(candidate) ?? 0;
        return Prisma.sql`(${id}, ${name}, ${toNameKey(name)}, ${prefix}, ${sortKey}, ${regex}, ${lintLevel})`;
      });
      // The columns every new block shares are bound once per statement, not once per row:
      // half the parameters, and parameters are most of Prisma's cost here.
      await tx.$executeRaw`INSERT INTO "NumberBlock" ("id", "name", "nameKey", "prefix", "sortKey", "regex", "lintLevel", "enumservice", "extraRules", "enabled", "notes", "version", "createdAt", "updatedAt") SELECT v."column1", v."column2", v."column3", v."column4", v."column5", v."column6", v."column7", ${DEFAULT_ENUMSERVICE}, ${"[]"}, ${true}, ${""}, ${1}, ${now}, ${now} FROM (VALUES ${Prisma.join(values)}) AS v`;
      advance(chunk.length);
    }
    // One history event per block written, grouped by one batch id so the whole import
    // can be reverted at once; the source says "import" whoever ran it.
    await recordAuditEvents(tx, { ...actor, source: "import" }, toImportEvents(diff, added), {
      batchId: createAuditBatchId(),
      revision: published.revision,
      at: now,
    });
    return {
      added: diff.added.length,
      changed: diff.changed.length,
      removed: diff.removed.length,
      unchanged: diff.unchanged,
      revision: published.revision,
      zoneSerial: published.zoneSerial,
    };
  }, IMPORT_TRANSACTION);
  await publishRulesChanged({ revision: result.revision, zoneSerial: result.zoneSerial });
  const written = result.added + result.changed + result.removed;
  report({ phase: "done", done: written, total: written });
  return result;
}

/** Parses the file with Sprout's rules; a file Sprout rejects whole is a validation error at its position. */
function parseImportFile(text: string): readonly EnumJsonEntry[] {
  const parsed = parseEnumJson(text);
  if (parsed.ok) return parsed.value.entries;
  const { code, message, at } = parsed.error;
  const { line, column } = toLineColumn(text, at ?? 0);
  throw new AppError(
    "validation",
    `The file cannot be imported: ${message}`,
    [{ field: "file", code, message, ...(at !== undefined ? { at } : {}) }],
    { line, column },
  );
}

/**
 * Splits the file's entries into the blocks the console can store and the rejected ones,
 * in file order. A repeated prefix is rejected whatever became of the first block with it:
 * two blocks with one prefix is a mistake to fix, not something to resolve silently.
 */
function classifyEntries(
  entries: readonly EnumJsonEntry[],
  profile: Profile,
  storeInvalidRegex: boolean,
): ClassifiedFile {
  const candidates: Candidate[] = [];
  const rejected: RejectedBlock[] = [];
  const firstByPrefix = new Map<string, EnumJsonEntry>();
  for (const entry of entries) {
    const { index, line, column } = entry;
    const reject = (code: string, message: string, block?: NumberBlock): void => {
      rejected.push({
        index,
        line,
        column,
        code,
        message,
        ...(block !== undefined ? { name: block.name, prefix: block.prefix } : {}),
      });
    };
    const label = `Block ${index + 1} (line ${line})`;
    const raw = entry.block;
    if (raw === null) {
      reject(
        entry.problem?.code ?? "block-unreadable",
        entry.problem?.message ?? `${label}: Sprout skips it.`,
      );
      continue;
    }
    const prefix = toSproutPrefix(raw.prefix);
    if (!isCanonicalPrefix(prefix)) {
      reject(
        "prefix-not-canonical",
        `${label}: prefix "${raw.prefix}" is not an optional + followed by digits ` +
          `(Sprout reads it as "${prefix}", which no dialed number can match as intended).`,
        raw,
      );
      continue;
    }
    const first = firstByPrefix.get(prefix);
    if (first !== undefined) {
      reject(
        "duplicate-prefix",
        `${label}: prefix "${prefix}" repeats block ${first.index + 1} (line ${first.line}); ` +
          "Sprout keeps only the first usable block with a prefix.",
        raw,
      );
      continue;
    }
    firstByPrefix.set(prefix, entry);
    const compiled = compileRegexField(raw.regex, profile);
    if (!compiled.ok && !storeInvalidRegex) {
      const where = compiled.error.at !== undefined ? ` at character ${compiled.error.at + 1}` : "";
      reject(
        "regex-invalid",
        `${label}: the regex ${raw.regex} does not compile under the ${profile} profile${where}: ` +
          `${compiled.error.message} The client would silently drop this block.`,
        raw,
      );
      continue;
    }
    candidates.push({ index, line, block: { name: raw.name, prefix, regex: raw.regex } });
  }
  return { candidates, rejected };
}

/** Matches file blocks to stored blocks by prefix: added, changed (name or regex), unchanged, removed. */
function diffWithStored<Row extends StoredBlock>(
  candidates: readonly Candidate[],
  rows: readonly Row[],
  mode: ImportMode,
): ImportDiff<Row> {
  const stored = new Map(rows.map((row) => [row.prefix, row]));
  const added: Candidate[] = [];
  const changed: { candidate: Candidate; before: Row }[] = [];
  let unchanged = 0;
  for (const candidate of candidates) {
    const before = stored.get(candidate.block.prefix);
    if (before === undefined) added.push(candidate);
    else if (before.name !== candidate.block.name || before.regex !== candidate.block.regex) {
      changed.push({ candidate, before });
    } else unchanged++;
  }
  let removed: Row[] = [];
  if (mode === "replace") {
    const kept = new Set(candidates.map((candidate) => candidate.block.prefix));
    removed = rows.filter((row) => !kept.has(row.prefix));
  }
  return { added, changed, removed, unchanged };
}

/** The audit events of an import: removed, changed, then added blocks. */
function toImportEvents(
  diff: ImportDiff<AuditedBlock>,
  added: readonly { readonly candidate: Candidate; readonly id: string }[],
): AuditEventInput[] {
  const toEvent = (
    action: string,
    entityId: string,
    before: AuditBlockState | null,
    after: AuditBlockState | null,
  ): AuditEventInput => ({
    action,
    entityType: "block",
    entityId,
    before,
    after,
    summary: `Import: ${toBlockChangeSummary(before, after)}`,
  });
  return [
    ...diff.removed.map((row) => toEvent("block.delete", row.id, toStoredState(row), null)),
    ...diff.changed.map(({ candidate, before }) => {
      const state = toStoredState(before);
      return toEvent("block.update", before.id, state, {
        ...state,
        name: candidate.block.name,
        regex: candidate.block.regex,
      });
    }),
    ...added.map(({ candidate, id }) =>
      toEvent("block.create", id, null, {
        name: candidate.block.name,
        prefix: candidate.block.prefix,
        regex: candidate.block.regex,
        enumservice: DEFAULT_ENUMSERVICE,
        extraRules: [],
        enabled: true,
        notes: "",
      }),
    ),
  ];
}

function toStoredState(row: AuditedBlock): AuditBlockState {
  return toAuditBlockState({ ...row, extraRules: parseStoredExtraRules(row.extraRules) });
}

function toImportInput(block: NumberBlock): NumberBlockInput {
  return { name: block.name, prefix: block.prefix, regex: block.regex };
}

function toRefusal(rejected: readonly RejectedBlock[]): AppError {
  const count = rejected.length;
  const issues: FieldIssue[] = rejected.slice(0, MAX_REFUSAL_ISSUES).map((block) => ({
    field: `number_blocks[${block.index}]`,
    code: block.code,
    message: block.message,
  }));
  return new AppError(
    "validation",
    `${count} block${count === 1 ? " is" : "s are"} rejected, so nothing was imported: ` +
      `${rejected[0]?.message ?? ""}${count > 1 ? " (see the dry run for all of them)" : ""}`,
    issues,
    { rejectedCount: count, rejected: rejected.slice(0, MAX_REFUSAL_ISSUES) },
  );
}

function toChunks<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += WRITE_CHUNK)
    chunks.push(items.slice(start, start + WRITE_CHUNK));
  return chunks;
}

function toLineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}
