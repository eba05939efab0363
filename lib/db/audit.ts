// The audit history: append-only events written in the same transaction as the change they
// record (a change and its history row commit together or not at all), and the queries over them.
import { randomUUID } from "node:crypto";
import type { ExtraNaptrRule, ZoneSettings } from "@/lib/enum/ruleset";
import { getReadPrisma } from "./client";
import { Prisma, type AuditEvent as AuditEventRow } from "./generated/client";
import type {
  Actor,
  AuditBlockState,
  AuditEntityType,
  AuditEventPage,
  AuditEventQuery,
  AuditEventRecord,
  ApiTokenRecord,
  UserRecord,
} from "./types";

/** One change to record. `before` / `after` are JSON-serialisable domain values (null for create / delete). */
export interface AuditEventInput {
  readonly action: string;
  readonly entityType: AuditEntityType;
  readonly entityId: string | null;
  readonly before: object | null;
  readonly after: object | null;
  readonly summary: string;
  /** The event this one reverts. */
  readonly revertOf?: number | null;
}

/** What the events of one recordAuditEvents call share. */
export interface AuditEventContext {
  /** Groups the events of one import or one batch revert. */
  readonly batchId?: string | null;
  /** The rule-set revision the change published (from bumpRuleSetState), when it changed routing. */
  readonly revision?: number | null;
  readonly at?: Date;
}

/** The largest page the history list serves. */
export const MAX_AUDIT_PAGE_SIZE = 500;

/** Rows per INSERT: 5 parameters a row, well under SQLite's 32,766 bound parameters. */
const INSERT_CHUNK = 1_000;

/**
 * Records `events` by `actor`, inside `tx`: call it in the same transaction as the change,
 * after the write, so the history can never show a change that was rolled back nor miss
 * one that committed. Inserts in chunks; the columns a run of events shares (actor, time,
 * batch, revision, action, entity type) are bound once per statement, since
 * bound parameters are most of the cost when an import of 100,000 blocks records 100,000 events.
 */
export async function recordAuditEvents(
  tx: Prisma.TransactionClient,
  actor: Actor,
  events: readonly AuditEventInput[],
  context: AuditEventContext = {},
): Promise<void> {
  const at = context.at ?? new Date();
  const batchId = context.batchId ?? null;
  const revision = context.revision ?? null;
  for (const run of toSharedRuns(events)) {
    const { action, entityType } = run[0]!;
    for (let start = 0; start < run.length; start += INSERT_CHUNK) {
      const values = run
        .slice(start, start + INSERT_CHUNK)
        .map(
          (event) =>
            Prisma.sql`(${event.entityId}, ${toJsonText(event.before)}, ${toJsonText(event.after)}, ${event.summary}, ${event.revertOf ?? null})`,
        );
      await tx.$executeRaw`INSERT INTO "AuditEvent" ("at", "actorType", "actorId", "actorName", "source", "remoteAddr", "batchId", "revision", "action", "entityType", "entityId", "before", "after", "summary", "revertOf") SELECT ${at}, ${actor.type}, ${actor.id}, ${actor.name}, ${actor.source}, ${actor.remoteAddr}, ${batchId}, ${revision}, ${action}, ${entityType}, v."column1", v."column2", v."column3", v."column4", v."column5" FROM (VALUES ${Prisma.join(values)}) AS v`;
    }
  }
}

/** Consecutive events that share action and entity type, in order (ids stay in event order). */
function toSharedRuns(events: readonly AuditEventInput[]): AuditEventInput[][] {
  const runs: AuditEventInput[][] = [];
  let run: AuditEventInput[] = [];
  for (const event of events) {
    const first = run[0];
    if (first !== undefined && (first.action !== event.action || first.entityType !== event.entityType)) {
      runs.push(run);
      run = [];
    }
    run.push(event);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Records one event (see recordAuditEvents). */
export function recordAuditEvent(
  tx: Prisma.TransactionClient,
  actor: Actor,
  event: AuditEventInput,
  context: AuditEventContext = {},
): Promise<void> {
  return recordAuditEvents(tx, actor, [event], context);
}

/** A new id grouping the events of one import or one batch revert. */
export function createAuditBatchId(): string {
  return randomUUID();
}

/** A block's audited fields, always in this key order (the history's JSON is compared and searched as text). */
export function toAuditBlockState(block: AuditBlockState): AuditBlockState {
  return {
    name: block.name,
    prefix: block.prefix,
    regex: block.regex,
    enumservice: block.enumservice,
    extraRules: block.extraRules.map((rule): ExtraNaptrRule => ({
      order: rule.order,
      preference: rule.preference,
      flags: rule.flags,
      service: rule.service,
      regexp: rule.regexp,
      replacement: rule.replacement,
    })),
    enabled: block.enabled,
    notes: block.notes,
  };
}

/** The settings' audited fields in a fixed key order. */
export function toAuditSettingsState(settings: ZoneSettings): ZoneSettings {
  return {
    zoneSuffix: settings.zoneSuffix,
    defaultTtl: settings.defaultTtl,
    soaPrimaryNs: settings.soaPrimaryNs,
    soaAdminMailbox: settings.soaAdminMailbox,
    soaRefresh: settings.soaRefresh,
    soaRetry: settings.soaRetry,
    soaExpire: settings.soaExpire,
    soaMinimum: settings.soaMinimum,
    nsNames: [...settings.nsNames],
    profile: settings.profile,
  };
}

/** The top-level fields whose JSON differs between two states (in `after`'s key order, then `before`'s). */
export function findChangedFields(before: object | null, after: object | null): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

/** How a block reads in a summary: `"Name" (+1650)`, or `(catch-all)` for the empty prefix. */
export function toBlockLabel(block: Pick<AuditBlockState, "name" | "prefix">): string {
  return `"${block.name}" (${block.prefix === "" ? "catch-all" : block.prefix})`;
}

/** The one-line summary of a block change, as the history lists it. */
export function toBlockChangeSummary(before: AuditBlockState | null, after: AuditBlockState | null): string {
  if (before === null && after !== null) return `Created block ${toBlockLabel(after)}`;
  if (before !== null && after === null) return `Deleted block ${toBlockLabel(before)}`;
  if (before === null || after === null) return "No change";
  const changed = findChangedFields(before, after);
  if (changed.length === 1 && changed[0] === "enabled") {
    return `${after.enabled ? "Enabled" : "Disabled"} block ${toBlockLabel(after)}`;
  }
  if (changed.length === 0) return `Saved block ${toBlockLabel(after)} without changes`;
  return `Changed ${toFieldList(changed)} of block ${toBlockLabel(after)}`;
}

/** The one-line summary of a settings change. */
export function toSettingsChangeSummary(before: ZoneSettings, after: ZoneSettings): string {
  const changed = findChangedFields(before, after);
  return changed.length === 0
    ? "Saved the settings without changes"
    : `Changed settings: ${changed.join(", ")}`;
}

/**
 * A user as the history stores it: name, role and disabled flag, never the password hash.
 * An update that set a new password adds `passwordChanged: true` to its `after` instead.
 */
export interface AuditUserState {
  readonly username: string;
  readonly role: UserRecord["role"];
  readonly disabled: boolean;
  readonly passwordChanged?: true;
}

/** A token as the history stores it: never the secret nor its hash, which would let a reader use it. */
export interface AuditTokenState {
  readonly name: string;
  readonly owner: string;
  readonly scopes: readonly string[];
  readonly prefixes: readonly string[];
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** A user's audited fields, in this key order. */
export function toAuditUserState(user: Pick<UserRecord, "username" | "role" | "disabled">): AuditUserState {
  return { username: user.username, role: user.role, disabled: user.disabled };
}

/** A token's audited fields, in this key order. */
export function toAuditTokenState(token: ApiTokenRecord): AuditTokenState {
  return {
    name: token.name,
    owner: token.username,
    scopes: [...token.scopes],
    prefixes: [...token.prefixes],
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
  };
}

/** The one-line summary of a new user: `Created user bob (editor)`. */
export function toUserCreateSummary(user: AuditUserState): string {
  return `Created user ${user.username} (${user.role})`;
}

/** The one-line summary of a user change; the actor is in its own column, as for blocks. */
export function toUserChangeSummary(before: AuditUserState, after: AuditUserState): string {
  const changes: string[] = [];
  if (before.role !== after.role) changes.push(`role ${before.role} → ${after.role}`);
  if (before.disabled !== after.disabled) changes.push(after.disabled ? "disabled" : "enabled");
  if (after.passwordChanged === true) changes.push("new password");
  const user = `user ${after.username}`;
  if (changes.length === 0) return `Saved ${user} without changes`;
  if (changes.length > 1) return `Changed ${user}: ${changes.join(", ")}`;
  if (after.passwordChanged === true) return `Changed the password of ${user}`;
  if (before.disabled !== after.disabled) return `${after.disabled ? "Disabled" : "Enabled"} ${user}`;
  return `Changed the role of ${user} from ${before.role} to ${after.role}`;
}

/** The one-line summary of a new token: `Created token "ci-export" of alice (read, export)`. */
export function toTokenCreateSummary(token: AuditTokenState): string {
  const limits = token.prefixes.length === 0 ? "" : ` under ${token.prefixes.join(", ")}`;
  return `Created token "${token.name}" of ${token.owner} (${token.scopes.join(", ") || "no scopes"}${limits})`;
}

/** The one-line summary of a revoked token: `Revoked token "ci-export" of alice`. */
export function toTokenRevokeSummary(token: AuditTokenState): string {
  return `Revoked token "${token.name}" of ${token.owner}`;
}

/**
 * One page of the history, newest first: keyset paging on the id (the page after `cursor`
 * reads only its own rows, however deep), so it stays fast with millions of events.
 */
export async function findAuditEvents(query: AuditEventQuery): Promise<AuditEventPage> {
  return readAuditPage(query, Math.min(Math.max(1, Math.trunc(query.limit)), MAX_AUDIT_PAGE_SIZE), true);
}

async function readAuditPage(
  query: Omit<AuditEventQuery, "limit">,
  limit: number,
  withRevertedBy: boolean,
): Promise<AuditEventPage> {
  const rows = await getReadPrisma().auditEvent.findMany({
    where: toAuditWhere(query),
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const revertedBy = withRevertedBy
    ? await findRevertingEvents(page.map((row) => row.id))
    : new Map<number, number>();
  return {
    items: page.map((row) => toAuditEventRecord(row, revertedBy.get(row.id) ?? null)),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** One event by id, or null. */
export async function getAuditEvent(id: number): Promise<AuditEventRecord | null> {
  const row = await getReadPrisma().auditEvent.findUnique({ where: { id } });
  if (row === null) return null;
  const revertedBy = await findRevertingEvents([id]);
  return toAuditEventRecord(row, revertedBy.get(id) ?? null);
}

/**
 * Every event matching the filters, newest first, read in pages of `pageSize`: for the CSV
 * export, which streams them without holding them all. `revertedBy` is not looked up here
 * (always null): each event's `revertOf` already links a revert to what it undid.
 */
export async function* iterateAuditEvents(
  query: Omit<AuditEventQuery, "cursor" | "limit">,
  pageSize = 2_000,
): AsyncGenerator<readonly AuditEventRecord[]> {
  let cursor: number | undefined;
  for (;;) {
    const page = await readAuditPage(
      { ...query, ...(cursor !== undefined ? { cursor } : {}) },
      pageSize,
      false,
    );
    if (page.items.length > 0) yield page.items;
    if (page.nextCursor === null) return;
    cursor = page.nextCursor;
  }
}

/** Maps a stored row to the record route handlers return (ISO time, parsed JSON). */
export function toAuditEventRecord(row: AuditEventRow, revertedBy: number | null = null): AuditEventRecord {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorType: toActorType(row.actorType),
    actorId: row.actorId,
    actorName: row.actorName,
    source: toSource(row.source),
    remoteAddr: row.remoteAddr,
    action: row.action,
    entityType: toEntityType(row.entityType),
    entityId: row.entityId,
    batchId: row.batchId,
    before: parseStoredState(row.before),
    after: parseStoredState(row.after),
    revision: row.revision,
    revertOf: row.revertOf,
    revertedBy,
    summary: row.summary,
  };
}

function toAuditWhere(query: Omit<AuditEventQuery, "limit">): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (query.cursor !== undefined) and.push({ id: { lt: query.cursor } });
  if (query.entityType !== undefined) and.push({ entityType: query.entityType });
  if (query.entityId !== undefined) and.push({ entityId: query.entityId });
  if (query.action !== undefined) and.push({ action: query.action });
  if (query.batchId !== undefined) and.push({ batchId: query.batchId });
  if (query.actor !== undefined) and.push({ OR: [{ actorName: query.actor }, { actorId: query.actor }] });
  if (query.from !== undefined) and.push({ at: { gte: new Date(query.from) } });
  if (query.to !== undefined) and.push({ at: { lte: new Date(query.to) } });
  if (query.prefix !== undefined) {
    // The states are written by toAuditBlockState (fixed key order, JSON.stringify), and a
    // prefix is "+" and digits only, so this substring matches exactly that prefix.
    const needle = `"prefix":${JSON.stringify(query.prefix)},`;
    and.push({ entityType: "block" });
    and.push({ OR: [{ before: { contains: needle } }, { after: { contains: needle } }] });
  }
  return and.length === 0 ? {} : { AND: and };
}

/** For each of `ids`, the newest event that reverts it. */
async function findRevertingEvents(ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  // A revert is always newer than what it reverts: reading ids above the oldest one asked
  // about walks the primary key from there instead of scanning the whole history.
  const rows = await getReadPrisma().auditEvent.findMany({
    where: { id: { gt: Math.min(...ids) }, revertOf: { in: [...ids] } },
    select: { id: true, revertOf: true },
    orderBy: { id: "asc" },
  });
  const byEvent = new Map<number, number>();
  for (const row of rows) if (row.revertOf !== null) byEvent.set(row.revertOf, row.id);
  return byEvent;
}

function toFieldList(fields: readonly string[]): string {
  if (fields.length <= 1) return fields.join("");
  return `${fields.slice(0, -1).join(", ")} and ${fields.at(-1) ?? ""}`;
}

function toJsonText(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Parses a stored before/after; a malformed value is a broken invariant (only lib/db writes it). */
function parseStoredState(text: string | null): Readonly<Record<string, unknown>> | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("Stored audit state is not a JSON object.");
  }
  return value as Record<string, unknown>;
}

const ACTOR_TYPES = new Set<string>(["user", "token", "system"]);
const SOURCES = new Set<string>(["ui", "api", "import", "cli", "system"]);
const ENTITY_TYPES = new Set<string>(["block", "settings", "responder-settings", "user", "token"]);

function toActorType(value: string): Actor["type"] {
  if (ACTOR_TYPES.has(value)) return value as Actor["type"];
  throw new Error(`Stored actor type "${value}" is not known.`);
}

function toSource(value: string): Actor["source"] {
  if (SOURCES.has(value)) return value as Actor["source"];
  throw new Error(`Stored audit source "${value}" is not known.`);
}

function toEntityType(value: string): AuditEntityType {
  if (ENTITY_TYPES.has(value)) return value as AuditEntityType;
  throw new Error(`Stored audit entity type "${value}" is not known.`);
}
