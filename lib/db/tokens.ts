// API tokens for automation: "ec_" + 256 random bits, shown once; only the SHA-256 is stored.
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { recordAuditEvent, toAuditTokenState, toTokenCreateSummary, toTokenRevokeSummary } from "./audit";
import { getPrisma, getReadPrisma } from "./client";
import type { ApiToken as ApiTokenRow, User as UserRow } from "./generated/client";
import { toSecretHash } from "./sessions";
import { toUserRecord } from "./users";
import { SYSTEM_ACTOR, type Actor, type ApiTokenRecord, type UserRecord } from "./types";

/** Every token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = "ec_";

/** lastUsedAt is written at most this often: one write per minute, not per request. */
const LAST_USED_INTERVAL_MS = 60 * 1000;

type Scope = ApiTokenRecord["scopes"][number];

export interface NewTokenInput {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly prefixes: readonly string[];
  readonly expiresAt?: Date | null;
}

/** A token a request presented, with its owner (for the owner's role). */
export interface TokenUser {
  readonly token: ApiTokenRecord;
  readonly user: UserRecord;
}

/**
 * Creates a token for `userId`; the returned `secret` is the only time it is seen. Recorded
 * as "token.create" by `actor` in the same transaction (name, owner, scopes, prefixes and
 * expiry; never the secret nor its hash).
 */
export async function createApiToken(
  userId: string,
  input: NewTokenInput,
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ readonly secret: string; readonly token: ApiTokenRecord }> {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return getPrisma().$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId,
        name: input.name,
        tokenHash: toSecretHash(secret),
        scopes: JSON.stringify(input.scopes),
        prefixes: JSON.stringify(input.prefixes),
        expiresAt: input.expiresAt ?? null,
      },
      include: { user: true },
    });
    const token = toApiTokenRecord(row);
    const after = toAuditTokenState(token);
    await recordAuditEvent(tx, actor, {
      action: "token.create",
      entityType: "token",
      entityId: token.id,
      before: null,
      after,
      summary: toTokenCreateSummary(after),
    });
    return { secret, token };
  });
}

/** The tokens of one user (or of everyone when `userId` is null), newest first. */
export async function listApiTokens(userId: string | null): Promise<ApiTokenRecord[]> {
  const rows = await getReadPrisma().apiToken.findMany({
    where: userId === null ? {} : { userId },
    include: { user: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toApiTokenRecord);
}

/** One token by id, or null. */
export async function getApiToken(id: string): Promise<ApiTokenRecord | null> {
  const row = await getReadPrisma().apiToken.findUnique({ where: { id }, include: { user: true } });
  return row === null ? null : toApiTokenRecord(row);
}

/**
 * Revokes a token (kept, marked revoked, so the list still shows it), recorded as
 * "token.revoke" by `actor` in the same transaction. Idempotent: revoking a revoked token
 * changes nothing and records nothing.
 */
export async function revokeApiToken(
  id: string,
  now = new Date(),
  actor: Actor = SYSTEM_ACTOR,
): Promise<ApiTokenRecord> {
  return getPrisma().$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, include: { user: true } });
    if (row === null) throw new AppError("not-found", `There is no API token with id "${id}".`);
    // Conditional, so of two racing revokes only the one that changed the row records it.
    const { count } = await tx.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now },
    });
    const saved = await tx.apiToken.findUniqueOrThrow({ where: { id }, include: { user: true } });
    if (count === 0) return toApiTokenRecord(saved);
    const before = toAuditTokenState(toApiTokenRecord(row));
    const after = toAuditTokenState(toApiTokenRecord(saved));
    await recordAuditEvent(tx, actor, {
      action: "token.revoke",
      entityType: "token",
      entityId: id,
      before,
      after,
      summary: toTokenRevokeSummary(after),
    });
    return toApiTokenRecord(saved);
  });
}

/**
 * The token and owner for a presented secret, or null when it is unknown, revoked, expired
 * or its owner is disabled. Records the use (at most once a minute).
 */
export async function findTokenUser(secret: string, now = new Date()): Promise<TokenUser | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await getReadPrisma().apiToken.findUnique({
    where: { tokenHash: toSecretHash(secret) },
    include: { user: true },
  });
  if (row === null || row.revokedAt !== null || row.user.disabled) return null;
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) return null;
  let lastUsedAt = row.lastUsedAt;
  if (lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_INTERVAL_MS) {
    lastUsedAt = now;
    await getPrisma().apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { token: toApiTokenRecord({ ...row, lastUsedAt }), user: toUserRecord(row.user) };
}

function toApiTokenRecord(row: ApiTokenRow & { user: UserRow }): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.userId,
    username: row.user.username,
    name: row.name,
    scopes: (parseList(row.scopes) ?? []).filter(isScope),
    // An unreadable prefix list must not read as "unlimited": it limits to a prefix no block has.
    prefixes: parseList(row.prefixes) ?? ["!"],
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function isScope(value: string): value is Scope {
  return value === "read" || value === "export" || value === "test" || value === "write";
}

/** A stored JSON list of strings, or null when the row holds anything else. */
function parseList(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : null;
  } catch {
    return null;
  }
}
