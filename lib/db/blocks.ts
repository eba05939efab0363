// Number blocks: paged lists, search by number, and versioned writes that publish a revision.
import { AppError } from "@/lib/app-error";
import { toAus } from "@/lib/enum/aus";
import { findBlockForAus } from "@/lib/enum/json-path";
import { DEFAULT_ENUMSERVICE } from "@/lib/enum/ruleset";
import { recordAuditEvent, toAuditBlockState, toBlockChangeSummary } from "./audit";
import { publishRulesChanged } from "./changes";
import { getPrisma, getReadPrisma } from "./client";
import { Prisma, type NumberBlock as NumberBlockRow } from "./generated/client";
import {
  StaleVersionSignal,
  assertCanonicalPrefix,
  createBlockId,
  toBlockColumns,
  toDuplicatePrefixError,
  toNameKey,
  toNumberBlockRecord,
  type BlockContent,
} from "./records";
import { getRuleSnapshot } from "./ruleset";
import { readProfile } from "./settings";
import { WRITE_TRANSACTION, bumpRuleSetState } from "./state";
import {
  SYSTEM_ACTOR,
  type Actor,
  type BlockListPage,
  type BlockListQuery,
  type NumberBlockInput,
  type NumberBlockRecord,
  type NumberBlockUpdate,
  type NumberMatch,
} from "./types";

/** The largest page the list serves. */
export const MAX_PAGE_SIZE = 500;

/**
 * One page of number blocks. Without `number`: filtered, sorted (name case-insensitively,
 * prefix in number order, or updated time; ties by id) and paged in the database, with
 * indexes that keep deep pages fast at 100,000 blocks.
 *
 * With `number` (a dialed number in any form): the blocks whose prefix covers its AUS
 * (a prefix of it, or starting with it), still filtered and paged, in the order that
 * answers "which block handles this number": the block Sprout's prefix walk picks among
 * the enabled blocks first, then the prefixes of the AUS longest first, then the longer
 * prefixes that start with the AUS in number order. `sort` and `dir` do not apply there.
 * `numberMatch` names the picked block (from the in-memory rule snapshot).
 */
export async function listNumberBlocks(query: BlockListQuery): Promise<BlockListPage> {
  assertListQuery(query);
  const filters = toListFilters(query);
  const number = query.number?.trim() ?? "";
  if (number !== "") return listBlocksCoveringNumber(query, filters, number);
  // One read transaction, so the count and the page see the same data.
  const { total, rows } = await getReadPrisma().$transaction(async (tx) => ({
    total: await countBlocks(tx, filters),
    rows: await findBlockRows(
      tx,
      filters,
      toListOrder(query),
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ),
  }));
  return { items: rows.map(toNumberBlockRecord), total, page: query.page, pageSize: query.pageSize };
}

/** One block by id, or null. */
export async function getNumberBlock(id: string): Promise<NumberBlockRecord | null> {
  const row = await getReadPrisma().numberBlock.findUnique({ where: { id } });
  return row === null ? null : toNumberBlockRecord(row);
}

/**
 * Stores a new block (version 1) with its lint level under the configured profile, and
 * publishes it (revision and serial bumped in the same transaction). A prefix another
 * block has is AppError "conflict" with a `prefix` field issue and `details.existingId`.
 * The audit history records it by `actor` in that transaction.
 */
export async function createNumberBlock(
  input: NumberBlockInput,
  actor: Actor = SYSTEM_ACTOR,
): Promise<NumberBlockRecord> {
  assertCanonicalPrefix(input.prefix);
  const content: BlockContent = {
    name: input.name,
    prefix: input.prefix,
    regex: input.regex,
    enumservice: input.enumservice ?? DEFAULT_ENUMSERVICE,
    extraRules: input.extraRules ?? [],
    enabled: input.enabled ?? true,
    notes: input.notes ?? "",
  };
  const { record, published } = await withUniquePrefix(content.prefix, () =>
    getPrisma().$transaction(async (tx) => {
      const published = await bumpRuleSetState(tx);
      await assertPrefixFree(tx, content.prefix, null);
      const profile = await readProfile(tx);
      const now = new Date();
      const row = await tx.numberBlock.create({
        data: {
          id: createBlockId(now.getTime()),
          ...toBlockColumns(content, profile),
          createdAt: now,
          updatedAt: now,
        },
      });
      const after = toAuditBlockState(toNumberBlockRecord(row));
      await recordAuditEvent(
        tx,
        actor,
        {
          action: "block.create",
          entityType: "block",
          entityId: row.id,
          before: null,
          after,
          summary: toBlockChangeSummary(null, after),
        },
        { revision: published.revision, at: now },
      );
      return { record: toNumberBlockRecord(row), published };
    }, WRITE_TRANSACTION),
  );
  await publishRulesChanged(published);
  return record;
}

/**
 * Changes the fields `update` names, if `update.version` is still the block's version:
 * AppError "not-found" for an unknown id, "stale" (with `details.current`, the block as it
 * is now) when someone else changed it first, "conflict" for a prefix another block has.
 * The version check and the write are one conditional UPDATE in one transaction with the
 * revision bump (and the audit event by `actor`), so two editors can never both win.
 */
export async function updateNumberBlock(
  id: string,
  update: NumberBlockUpdate,
  actor: Actor = SYSTEM_ACTOR,
): Promise<NumberBlockRecord> {
  if (update.prefix !== undefined) assertCanonicalPrefix(update.prefix);
  const { record, published } = await withStaleCheck(id, update.version, () =>
    withUniquePrefix(update.prefix ?? null, () =>
      getPrisma().$transaction(async (tx) => {
        const published = await bumpRuleSetState(tx);
        const before = await tx.numberBlock.findUnique({ where: { id } });
        if (before === null) throw toNotFoundError(id);
        if (before.version !== update.version) throw new StaleVersionSignal();
        const record = toNumberBlockRecord(before);
        const content: BlockContent = {
          name: update.name ?? record.name,
          prefix: update.prefix ?? record.prefix,
          regex: update.regex ?? record.regex,
          enumservice: update.enumservice ?? record.enumservice,
          extraRules: update.extraRules ?? record.extraRules,
          enabled: update.enabled ?? record.enabled,
          notes: update.notes ?? record.notes,
        };
        if (content.prefix !== record.prefix) await assertPrefixFree(tx, content.prefix, id);
        const profile = await readProfile(tx);
        const { count } = await tx.numberBlock.updateMany({
          where: { id, version: update.version },
          data: { ...toBlockColumns(content, profile), version: { increment: 1 }, updatedAt: new Date() },
        });
        if (count !== 1) throw new StaleVersionSignal();
        const saved = toNumberBlockRecord(await tx.numberBlock.findUniqueOrThrow({ where: { id } }));
        const [beforeState, afterState] = [toAuditBlockState(record), toAuditBlockState(saved)];
        await recordAuditEvent(
          tx,
          actor,
          {
            action: "block.update",
            entityType: "block",
            entityId: id,
            before: beforeState,
            after: afterState,
            summary: toBlockChangeSummary(beforeState, afterState),
          },
          { revision: published.revision },
        );
        return { record: saved, published };
      }, WRITE_TRANSACTION),
    ),
  );
  await publishRulesChanged(published);
  return record;
}

/**
 * Deletes a block. With `version`, only if nobody changed it since (else "stale"); an
 * unknown id is "not-found". The audit event (by `actor`, with the block as it was) commits with it.
 */
export async function deleteNumberBlock(
  id: string,
  version?: number,
  actor: Actor = SYSTEM_ACTOR,
): Promise<void> {
  const published = await withStaleCheck(id, version ?? null, () =>
    getPrisma().$transaction(async (tx) => {
      const published = await bumpRuleSetState(tx);
      const row = await tx.numberBlock.findUnique({ where: { id } });
      const { count } = await tx.numberBlock.deleteMany({
        where: version === undefined ? { id } : { id, version },
      });
      if (count === 1 && row !== null) {
        const before = toAuditBlockState(toNumberBlockRecord(row));
        await recordAuditEvent(
          tx,
          actor,
          {
            action: "block.delete",
            entityType: "block",
            entityId: id,
            before,
            after: null,
            summary: toBlockChangeSummary(before, null),
          },
          { revision: published.revision },
        );
        return published;
      }
      const exists = await tx.numberBlock.count({ where: { id } });
      if (exists === 0) throw toNotFoundError(id);
      throw new StaleVersionSignal();
    }, WRITE_TRANSACTION),
  );
  await publishRulesChanged(published);
}

/** Enables or disables a block (the list's toggle): an update of `enabled` alone. */
export async function setNumberBlockEnabled(
  id: string,
  enabled: boolean,
  version: number,
  actor: Actor = SYSTEM_ACTOR,
): Promise<NumberBlockRecord> {
  return updateNumberBlock(id, { enabled, version }, actor);
}

/** Refuses a list request lib/schemas should already have refused (it reaches SQL). */
function assertListQuery(query: BlockListQuery): void {
  const issues = [];
  if (!Number.isInteger(query.page) || query.page < 1) {
    issues.push({ field: "page", code: "page-range", message: "page must be a whole number of at least 1." });
  }
  if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > MAX_PAGE_SIZE) {
    issues.push({
      field: "pageSize",
      code: "page-size-range",
      message: `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
    });
  }
  if (!(query.sort in SORT_COLUMNS)) {
    issues.push({ field: "sort", code: "sort-unknown", message: 'sort is "name", "prefix" or "updated".' });
  }
  // Typed, but it arrives from a URL: check the value itself.
  const dir: string = query.dir;
  if (dir !== "asc" && dir !== "desc") {
    issues.push({ field: "dir", code: "dir-unknown", message: 'dir is "asc" or "desc".' });
  }
  const first = issues[0];
  if (first !== undefined) throw new AppError("validation", first.message, issues);
}

/** The column each sort orders by; every one has an index (column, id, filters...). */
const SORT_COLUMNS: Readonly<Record<BlockListQuery["sort"], string>> = {
  name: "nameKey",
  prefix: "sortKey",
  updated: "updatedAt",
};

/**
 * The list filters as SQL conditions. Raw SQL because the name search must treat `%` and
 * `_` literally, and Prisma's `contains` on SQLite emits LIKE without an ESCAPE clause.
 */
function toListFilters(query: BlockListQuery): Prisma.Sql[] {
  const filters: Prisma.Sql[] = [];
  const name = query.name?.trim() ?? "";
  if (name !== "") {
    const pattern = `%${toNameKey(name).replace(/[\\%_]/g, "\\$&")}%`;
    filters.push(Prisma.sql`"nameKey" LIKE ${pattern} ESCAPE '\\'`);
  }
  if (query.enabled !== undefined) filters.push(Prisma.sql`"enabled" = ${query.enabled}`);
  if (query.hasLints !== undefined) {
    filters.push(query.hasLints ? Prisma.sql`"lintLevel" > 0` : Prisma.sql`"lintLevel" = 0`);
  }
  return filters;
}

function toListOrder(query: BlockListQuery): Prisma.Sql {
  const dir = query.dir === "desc" ? "DESC" : "ASC";
  // Ties go by id in the same direction: the (column, id, ...) index then serves the
  // order directly, with no sort step even for the last page.
  return Prisma.raw(`ORDER BY "${SORT_COLUMNS[query.sort]}" ${dir}, "id" ${dir}`);
}

function toWhere(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
}

async function countBlocks(tx: Prisma.TransactionClient, conditions: readonly Prisma.Sql[]): Promise<number> {
  const [row] = await tx.$queryRaw<{ count: number | bigint }[]>`
    SELECT COUNT(*) AS "count" FROM "NumberBlock" ${toWhere(conditions)}`;
  return Number(row?.count ?? 0);
}

/**
 * The rows matching conditions, in order, paged. The page's ids come from an index-only
 * scan; only the rows of the page are then read in full.
 */
async function findBlockRows(
  tx: Prisma.TransactionClient,
  conditions: readonly Prisma.Sql[],
  order: Prisma.Sql = Prisma.empty,
  limit = MAX_PAGE_SIZE,
  offset = 0,
): Promise<NumberBlockRow[]> {
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "NumberBlock" ${toWhere(conditions)} ${order} LIMIT ${limit} OFFSET ${offset}`;
  if (ids.length === 0) return [];
  const rows = await tx.numberBlock.findMany({ where: { id: { in: ids.map((row) => row.id) } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap(({ id }) => byId.get(id) ?? []);
}

/** The number search of listNumberBlocks (see there for the order). */
async function listBlocksCoveringNumber(
  query: BlockListQuery,
  filters: readonly Prisma.Sql[],
  input: string,
): Promise<BlockListPage> {
  const aus = toAus(input);
  const page = { page: query.page, pageSize: query.pageSize };
  if (aus === "") {
    // Sprout does no lookup for a number without digits.
    return {
      items: [],
      total: 0,
      ...page,
      numberMatch: { input, aus, blockId: null, shortNumberQuirk: false },
    };
  }
  const snapshot = await getRuleSnapshot();
  const choice = findBlockForAus(snapshot.table, aus);
  const chosenId =
    choice.block === null ? null : (snapshot.enabledBlocks[choice.block.ref.index]?.id ?? null);
  const numberMatch: NumberMatch = {
    input,
    aus,
    blockId: chosenId,
    shortNumberQuirk: choice.shortNumberQuirk,
  };

  const prefixesOfAus = Array.from({ length: aus.length + 1 }, (_, length) => aus.slice(0, length));
  // Prefixes are "+" and digits only, and ":" sorts right after "9": this range is
  // exactly the longer prefixes that start with the AUS, read off the prefix index.
  const startsWithAus = Prisma.sql`"prefix" > ${aus} AND "prefix" < ${`${aus}:`}`;
  const offset = (query.page - 1) * query.pageSize;
  const { head, longer, longerTotal } = await getReadPrisma().$transaction(async (tx) => {
    const shorter = await findBlockRows(tx, [
      ...filters,
      Prisma.sql`"prefix" IN (${Prisma.join(prefixesOfAus)})`,
    ]);
    const chosenIsLonger = chosenId !== null && !shorter.some((row) => row.id === chosenId);
    const chosen = chosenIsLonger
      ? await findBlockRows(tx, [...filters, Prisma.sql`"id" = ${chosenId}`, startsWithAus])
      : [];
    // The chosen block first, then the prefixes of the AUS longest first.
    const head: NumberBlockRow[] = [
      ...chosen,
      ...shorter.sort((a, b) =>
        a.id === chosenId ? -1 : b.id === chosenId ? 1 : b.prefix.length - a.prefix.length,
      ),
    ];
    const longerFilters = [
      ...filters,
      startsWithAus,
      ...(chosenIsLonger ? [Prisma.sql`"id" <> ${chosenId}`] : []),
    ];
    const longerTotal = await countBlocks(tx, longerFilters);
    const wanted = query.pageSize - Math.max(0, Math.min(head.length - offset, query.pageSize));
    const longer =
      wanted === 0
        ? []
        : await findBlockRows(
            tx,
            longerFilters,
            Prisma.sql`ORDER BY "prefix" ASC`,
            wanted,
            Math.max(0, offset - head.length),
          );
    return { head, longer, longerTotal };
  });
  return {
    items: [...head.slice(offset, offset + query.pageSize), ...longer].map(toNumberBlockRecord),
    total: head.length + longerTotal,
    ...page,
    numberMatch,
  };
}

/** Refuses a prefix held by another block (inside the transaction, after the write lock). */
async function assertPrefixFree(
  tx: Prisma.TransactionClient,
  prefix: string,
  selfId: string | null,
): Promise<void> {
  const holder = await tx.numberBlock.findUnique({ where: { prefix }, select: { id: true } });
  if (holder !== null && holder.id !== selfId) throw toDuplicatePrefixError(prefix, holder.id);
}

/** Maps a unique violation the pre-check could not see (another writer on PostgreSQL) to the conflict. */
async function withUniquePrefix<T>(prefix: string | null, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (prefix !== null && isUniqueViolation(error)) throw toDuplicatePrefixError(prefix, null);
    throw error;
  }
}

/** Turns a stale signal from inside a (rolled back) transaction into the stale error with the current block. */
async function withStaleCheck<T>(id: string, version: number | null, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof StaleVersionSignal)) throw error;
    const current = await getNumberBlock(id);
    if (current === null) throw toNotFoundError(id);
    throw new AppError(
      "stale",
      `Someone else changed number block "${current.name}" since you opened it (you edited version ` +
        `${version ?? "?"}, it is now version ${current.version}). Review their changes, then apply yours again.`,
      [],
      { current },
    );
  }
}

function toNotFoundError(id: string): AppError {
  return new AppError("not-found", `There is no number block with id "${id}".`);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
