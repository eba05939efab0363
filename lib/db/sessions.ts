// Browser sessions: a random 256-bit secret lives in the cookie, only its SHA-256 here, so
// a copy of the database cannot be replayed as a sign-in.
import { createHash, randomBytes } from "node:crypto";
import { getPrisma, getReadPrisma } from "./client";
import { toUserRecord } from "./users";
import type { UserRecord } from "./types";

/** A session ends after this long without a request (sliding)... */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** ...and this long after sign-in whatever happens (absolute cap). */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** The sliding expiry is written at most this often: one write per minute, not per request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

/** A new session: the secret for the cookie (never stored) and when it expires. */
export interface NewSession {
  readonly secret: string;
  readonly expiresAt: Date;
  /** The cookie lives until the absolute cap; the idle expiry is enforced here, not by the browser. */
  readonly cookieExpiresAt: Date;
}

/** A valid session's user and expiry. */
export interface SessionUser {
  readonly user: UserRecord;
  readonly sessionId: string;
  readonly expiresAt: Date;
}

/** Signs a user in: stores the hash of a new random secret. */
export async function createSession(userId: string, now = new Date()): Promise<NewSession> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  const cookieExpiresAt = new Date(now.getTime() + SESSION_MAX_MS);
  await getPrisma().session.create({
    data: { id: toSecretHash(secret), userId, createdAt: now, expiresAt, lastSeenAt: now },
  });
  // Expired rows of anyone are dropped here, so the table never grows without bound.
  await getPrisma().session.deleteMany({ where: { expiresAt: { lt: now } } });
  return { secret, expiresAt, cookieExpiresAt };
}

/**
 * The user of a cookie secret, or null when the session is unknown, expired or the user is
 * disabled. Slides the expiry forward (up to the absolute cap) at most once a minute.
 */
export async function findSessionUser(secret: string, now = new Date()): Promise<SessionUser | null> {
  if (secret === "") return null;
  const id = toSecretHash(secret);
  const row = await getReadPrisma().session.findUnique({ where: { id }, include: { user: true } });
  if (row === null || row.user.disabled) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await getPrisma().session.deleteMany({ where: { id } });
    return null;
  }
  let expiresAt = row.expiresAt;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    const cap = row.createdAt.getTime() + SESSION_MAX_MS;
    expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, cap));
    await getPrisma().session.updateMany({ where: { id }, data: { lastSeenAt: now, expiresAt } });
  }
  return { user: toUserRecord(row.user), sessionId: id, expiresAt };
}

/** Signs out: the session's row is deleted, so the cookie is worthless even if kept. */
export async function deleteSession(secret: string): Promise<void> {
  await getPrisma().session.deleteMany({ where: { id: toSecretHash(secret) } });
}

/** SHA-256 (hex) of a secret: 256 random bits need no salt or slow hash. */
export function toSecretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
