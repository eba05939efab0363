// Revert from the audit history: one event, or a whole import batch, undone in one transaction
// that refuses when anything it touches changed since, and is itself recorded.
import { AppError } from "@/lib/app-error";
import type { ZoneSettings } from "@/lib/enum/ruleset";
import {
  createAuditBatchId,
  findChangedFields,
  recordAuditEvents,
  toAuditBlockState,
  toAuditSettingsState,
  toBlockChangeSummary,
  toBlockLabel,
  toSettingsChangeSummary,
  type AuditEventInput,
} from "./audit";
import { publishRulesChanged } from "./changes";
import { getPrisma, getReadPrisma } from "./client";
import {
  Prisma,
  type AuditEvent as AuditEventRow,
  type NumberBlock as NumberBlockRow,
} from "./generated/client";
import { toBlockColumns, toNumberBlockRecord } from "./records";
import { readProfile, relintBlocks, toSettingsColumns, toZoneSettings } from "./settings";
import { SINGLETON_ID, bumpRuleSetState } from "./state";
import { SYSTEM_ACTOR, type Actor, type AuditBlockState, type RevertResult } from "./types";

/** A batch revert rewrites up to every block: give 100,000 of them time, as an import has. */
const REVERT_TRANSACTION = { maxWait: 60_000, timeout: 600_000 } as const;

/** Rows per statement (at most 12 parameters a row, under SQLite's 32,766). */
const WRITE_CHUNK = 500;

/** Ids per `IN (...)` lookup. */
const READ_CHUNK = 900;

/** How many changed entities a conflict lists (in its message: the first few). */
const MAX_CONFLICTS = 100;

/** The actions a revert knows how to undo. */
const REVERTIBLE_ACTIONS = new Set(["block.create", "block.update", "block.delete", "settings.update"]);

/** An entity that changed after the event being reverted: what the revert expected, and what is there now. */
export interface RevertConflict {
  readonly entityType: "block" | "settings";
  readonly entityId: string;
  /** The event whose `after` no longer matches. */
  readonly eventId: number;
  readonly label: string;
  /** What happened since, in words ("deleted since", "regex changed since", "holds the prefix"). */
  readonly reason: string;
  readonly expected: object | null;
  readonly current: object | null;
}

/**
 * Reverts one event: a created block is deleted, a deleted block re-created (with its old
 * id and content), an update's `before` restored; settings likewise. Refused with AppError
 * "conflict" (409, `details.conflicts`) when the entity is no longer as the event left it
 * (someone changed it since) or when a re-created prefix is taken; "not-found" for an
 * unknown event; "validation" (422) for a change that cannot be reverted (users, tokens).
 * Recorded as the inverse action with `revertOf`, published like any other change.
 */
export async function revertAuditEvent(eventId: number, actor: Actor = SYSTEM_ACTOR): Promise<RevertResult> {
  return revertEvents(actor, null, async (tx) => {
    const event = await tx.auditEvent.findUnique({ where: { id: eventId } });
    if (event === null) throw new AppError("not-found", `There is no history event #${eventId}.`);
    return [event];
  });
}

/**
 * Reverts every event of a batch (a whole import, or an earlier batch revert) at once, newest
 * first, all or nothing, with the same checks as revertAuditEvent over all of its blocks: a
 * conflict names every block changed since. The revert's events share a new batch id.
 */
export async function revertAuditBatch(batchId: string, actor: Actor = SYSTEM_ACTOR): Promise<RevertResult> {
  return revertEvents(actor, createAuditBatchId(), async (tx) => {
    const events = await tx.auditEvent.findMany({ where: { batchId }, orderBy: { id: "desc" } });
    if (events.length === 0) throw new AppError("not-found", `There is no history batch "${batchId}".`);
    return events;
  });
}

/** Whether a batch holds a settings change (route handlers then ask for "admin"). */
export async function hasSettingsEventInBatch(batchId: string): Promise<boolean> {
  const event = await getReadPrisma().auditEvent.findFirst({
    where: { batchId, entityType: "settings" },
    select: { id: true },
  });
  return event !== null;
}

async function revertEvents(
  actor: Actor,
  batchId: string | null,
  load: (tx: Prisma.TransactionClient) => Promise<AuditEventRow[]>,
): Promise<RevertResult> {
  const { result, published } = await withPrefixConflict(() =>
    getPrisma().$transaction(async (tx) => {
      // First: takes the write lock, so the state checked below is the state written over.
      const published = await bumpRuleSetState(tx);
      const events = await load(tx);
      for (const event of events) assertRevertible(event);
      const blockEvents = events.filter((event) => event.entityType === "block");
      const settingsEvents = events.filter((event) => event.entityType === "settings");
      const now = new Date();
      const recorded: AuditEventInput[] = [
        ...(await revertBlockEvents(tx, blockEvents, now)),
        ...(await revertSettingsEvents(tx, settingsEvents)),
      ];
      await recordAuditEvents(tx, actor, recorded, { batchId, revision: published.revision, at: now });
      const result: RevertResult = {
        batchId,
        eventCount: recorded.length,
        revision: published.revision,
        zoneSerial: published.zoneSerial,
      };
      return { result, published };
    }, REVERT_TRANSACTION),
  );
  await publishRulesChanged(published);
  return result;
}

/**
 * Maps a unique-prefix violation the checks could not foresee (two reverted blocks swapping
 * prefixes within one statement, or another process's write on PostgreSQL) to a conflict.
 */
async function withPrefixConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError(
      "conflict",
      "Nothing was reverted: a prefix the revert needs is held by another block. Revert the later changes first, or edit by hand.",
    );
  }
}

/** A unique violation: P2002 from Prisma's own queries, P2010 naming SQLite's UNIQUE code from raw ones. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  if (code === "P2002") return true;
  return code === "P2010" && error instanceof Error && /UNIQUE/.test(error.message);
}

/**
 * Refuses events a revert cannot undo (AppError "validation", 422). Users and tokens are never
 * reverted: "un-revoking" a token would revive a credential someone chose to kill, and the
 * history holds no password hash to put back.
 */
function assertRevertible(event: AuditEventRow): void {
  if (REVERTIBLE_ACTIONS.has(event.action) && event.entityId !== null) return;
  const how =
    event.entityType === "user"
      ? " Change the user on the Users page instead."
      : event.entityType === "token"
        ? " Create or revoke tokens on the Account page instead."
        : "";
  throw new AppError(
    "validation",
    `History event #${event.id} (${event.action}) cannot be reverted: only changes to number blocks and settings can.${how}`,
  );
}

/**
 * Undoes block events newest first over an in-memory copy of the blocks they touch, so
 * several events on one block in a batch chain correctly; then writes the difference
 * between the blocks as they are and as they end up, in bulk.
 */
async function revertBlockEvents(
  tx: Prisma.TransactionClient,
  events: readonly AuditEventRow[],
  now: Date,
): Promise<AuditEventInput[]> {
  if (events.length === 0) return [];
  const ids = [...new Set(events.map((event) => event.entityId ?? ""))];
  const initial = await readBlocks(tx, ids);
  const state = new Map<string, AuditBlockState | null>(
    ids.map((id) => {
      const row = initial.get(id);
      return [id, row === undefined ? null : toAuditBlockState(toNumberBlockRecord(row))];
    }),
  );
  const conflicts: RevertConflict[] = [];
  const recorded: AuditEventInput[] = [];
  for (const event of events) {
    const id = event.entityId ?? "";
    const expected = parseBlockState(event.after);
    const target = parseBlockState(event.before);
    const current = state.get(id) ?? null;
    if (!isSameState(current, expected)) {
      conflicts.push({
        entityType: "block",
        entityId: id,
        eventId: event.id,
        label: toBlockLabel(current ?? expected ?? target ?? { name: id, prefix: "" }),
        reason: toChangeReason(expected, current),
        expected,
        current,
      });
      continue;
    }
    state.set(id, target);
    recorded.push({
      action: target === null ? "block.delete" : current === null ? "block.create" : "block.update",
      entityType: "block",
      entityId: id,
      before: current,
      after: target,
      summary: `Reverted #${event.id}: ${toBlockChangeSummary(current, target)}`,
      revertOf: event.id,
    });
  }
  conflicts.push(...(await findPrefixConflicts(tx, state, initial)));
  if (conflicts.length > 0) throw toConflictError(conflicts);

  const deletes: string[] = [];
  const updates: { id: string; block: AuditBlockState }[] = [];
  const creates: { id: string; block: AuditBlockState }[] = [];
  for (const [id, block] of state) {
    const had = initial.has(id);
    if (block === null) {
      if (had) deletes.push(id);
    } else if (!had) creates.push({ id, block });
    else if (!isSameState(toAuditBlockState(toNumberBlockRecord(initial.get(id)!)), block)) {
      updates.push({ id, block });
    }
  }
  const profile = await readProfile(tx);
  for (const chunk of toChunks(deletes)) {
    await tx.numberBlock.deleteMany({ where: { id: { in: chunk } } });
  }
  for (const chunk of toChunks(updates)) {
    const values = chunk.map(({ id, block }) => {
      const c = toBlockColumns(block, profile);
      return Prisma.sql`(${id}, ${c.name}, ${c.nameKey}, ${c.prefix}, ${c.sortKey}, ${c.regex}, ${c.enumservice}, ${c.extraRules}, ${c.enabled}, ${c.notes}, ${c.lintLevel})`;
    });
    // One UPDATE per chunk (UPDATE ... FROM, as the import does), not one per block.
    await tx.$executeRaw`UPDATE "NumberBlock" SET "name" = v."column2", "nameKey" = v."column3", "prefix" = v."column4", "sortKey" = v."column5", "regex" = v."column6", "enumservice" = v."column7", "extraRules" = v."column8", "enabled" = v."column9", "notes" = v."column10", "lintLevel" = v."column11", "version" = "version" + 1, "updatedAt" = ${now} FROM (VALUES ${Prisma.join(values)}) AS v WHERE "NumberBlock"."id" = v."column1"`;
  }
  for (const chunk of toChunks(creates)) {
    const values = chunk.map(({ id, block }) => {
      const c = toBlockColumns(block, profile);
      return Prisma.sql`(${id}, ${c.name}, ${c.nameKey}, ${c.prefix}, ${c.sortKey}, ${c.regex}, ${c.enumservice}, ${c.extraRules}, ${c.enabled}, ${c.notes}, ${c.lintLevel})`;
    });
    // A deleted block comes back under its old id: its history stays one thread.
    await tx.$executeRaw`INSERT INTO "NumberBlock" ("id", "name", "nameKey", "prefix", "sortKey", "regex", "enumservice", "extraRules", "enabled", "notes", "lintLevel", "version", "createdAt", "updatedAt") SELECT v."column1", v."column2", v."column3", v."column4", v."column5", v."column6", v."column7", v."column8", v."column9", v."column10", v."column11", ${1}, ${now}, ${now} FROM (VALUES ${Prisma.join(values)}) AS v`;
  }
  return recorded;
}

/**
 * The blocks a revert would give a prefix another block holds: a block outside the revert
 * that took the prefix since, or two reverted blocks ending up with one prefix.
 */
async function findPrefixConflicts(
  tx: Prisma.TransactionClient,
  state: ReadonlyMap<string, AuditBlockState | null>,
  initial: ReadonlyMap<string, NumberBlockRow>,
): Promise<RevertConflict[]> {
  const wanted = new Map<string, string>();
  const conflicts: RevertConflict[] = [];
  for (const [id, block] of state) {
    if (block === null) continue;
    const other = wanted.get(block.prefix);
    if (other !== undefined) {
      conflicts.push(toPrefixConflict(id, block, initial.get(other) ?? null));
      continue;
    }
    wanted.set(block.prefix, id);
  }
  // Only prefixes that change hands can collide: a block keeping its prefix holds it already.
  const moving = [...wanted].filter(([prefix, id]) => initial.get(id)?.prefix !== prefix);
  for (const chunk of toChunks(moving, READ_CHUNK)) {
    const holders = await tx.numberBlock.findMany({
      where: { prefix: { in: chunk.map(([prefix]) => prefix) } },
    });
    for (const holder of holders) {
      const id = wanted.get(holder.prefix);
      // A holder the revert touches ends up elsewhere or is a duplicate found above.
      if (id === undefined || holder.id === id || state.has(holder.id)) continue;
      const block = state.get(id);
      if (block) conflicts.push(toPrefixConflict(id, block, holder));
    }
  }
  return conflicts;
}

function toPrefixConflict(id: string, block: AuditBlockState, holder: NumberBlockRow | null): RevertConflict {
  const current = holder === null ? null : toAuditBlockState(toNumberBlockRecord(holder));
  return {
    entityType: "block",
    entityId: holder?.id ?? id,
    eventId: 0,
    label: toBlockLabel(current ?? block),
    reason: `now holds the prefix ${block.prefix === "" ? "(catch-all)" : block.prefix} the revert needs`,
    expected: null,
    current,
  };
}

/** Settings events, newest first: the settings must still be as each event left them. */
async function revertSettingsEvents(
  tx: Prisma.TransactionClient,
  events: readonly AuditEventRow[],
): Promise<AuditEventInput[]> {
  if (events.length === 0) return [];
  const row = await tx.settings.findUnique({ where: { id: SINGLETON_ID } });
  const initial = toAuditSettingsState(toZoneSettings(row));
  let current = initial;
  const recorded: AuditEventInput[] = [];
  for (const event of events) {
    const expected = parseSettingsState(event.after);
    const target = parseSettingsState(event.before);
    if (findChangedFields(current, expected).length > 0) {
      throw toConflictError([
        {
          entityType: "settings",
          entityId: String(SINGLETON_ID),
          eventId: event.id,
          label: "The settings",
          reason: toChangeReason(expected, current),
          expected,
          current,
        },
      ]);
    }
    recorded.push({
      action: "settings.update",
      entityType: "settings",
      entityId: String(SINGLETON_ID),
      before: current,
      after: target,
      summary: `Reverted #${event.id}: ${toSettingsChangeSummary(current, target)}`,
      revertOf: event.id,
    });
    current = target;
  }
  await tx.settings.upsert({
    where: { id: SINGLETON_ID },
    create: { id: SINGLETON_ID, ...toSettingsColumns(current) },
    update: { ...toSettingsColumns(current), version: { increment: 1 } },
  });
  // Whether a regex compiles depends on the profile: relint as a settings change does.
  if (current.profile !== initial.profile) await relintBlocks(tx, current.profile);
  return recorded;
}

async function readBlocks(
  tx: Prisma.TransactionClient,
  ids: readonly string[],
): Promise<Map<string, NumberBlockRow>> {
  const rows = new Map<string, NumberBlockRow>();
  for (const chunk of toChunks(ids, READ_CHUNK)) {
    for (const row of await tx.numberBlock.findMany({ where: { id: { in: chunk } } })) rows.set(row.id, row);
  }
  return rows;
}

function isSameState(a: object | null, b: object | null): boolean {
  if (a === null || b === null) return a === b;
  return findChangedFields(a, b).length === 0;
}

/** A stored block state, normalised (null for none); a malformed one is a broken invariant. */
function parseBlockState(text: string | null): AuditBlockState | null {
  if (text === null) return null;
  const value = JSON.parse(text) as AuditBlockState;
  if (typeof value !== "object" || typeof value.prefix !== "string" || !Array.isArray(value.extraRules)) {
    throw new Error("Stored audit block state is malformed.");
  }
  return toAuditBlockState(value);
}

function parseSettingsState(text: string | null): ZoneSettings {
  if (text === null) throw new Error("A settings event has no stored state.");
  return toAuditSettingsState(JSON.parse(text) as ZoneSettings);
}

function toChangeReason(expected: object | null, current: object | null): string {
  if (current === null) return "deleted since";
  if (expected === null) return "created again since";
  return `${findChangedFields(expected, current).join(", ")} changed since`;
}

function toConflictError(conflicts: readonly RevertConflict[]): AppError {
  const count = conflicts.length;
  const named = conflicts
    .slice(0, 5)
    .map((conflict) => `${conflict.label} ${conflict.reason}`)
    .join("; ");
  const more = count > 5 ? ` and ${count - 5} more` : "";
  return new AppError(
    "conflict",
    `Nothing was reverted: ${count === 1 ? "1 change conflicts" : `${count} changes conflict`}: ${named}${more}. ` +
      "Revert the later changes first, or edit by hand.",
    [],
    { conflicts: conflicts.slice(0, MAX_CONFLICTS), conflictCount: count },
  );
}

function toChunks<T>(items: readonly T[], size = WRITE_CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
