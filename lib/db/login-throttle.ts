// Sign-in throttling per user name and per client address, stored so it survives restarts:
// after a few failures each attempt waits longer, then the key is locked for a while.
import { AppError } from "@/lib/app-error";
import { getPrisma, getReadPrisma } from "./client";

/** Failures allowed before any wait. */
export const FREE_FAILURES = 3;
/** From this many failures on the key is locked for LOCK_MS. */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MS = 5 * 60 * 1000;
/** Failures older than this are forgotten. */
const FORGET_MS = 60 * 60 * 1000;

/** Throttle keys for one attempt: the user name and the client address. */
export function toThrottleKeys(username: string, remoteAddr: string): string[] {
  const keys = [`user:${username.trim().toLowerCase()}`];
  if (remoteAddr !== "") keys.push(`addr:${remoteAddr}`);
  return keys;
}

/**
 * Throws AppError "too-many-requests" ("Too many failed sign-ins; try again in N s", with
 * `details.retryAfterSeconds`) when any key must still wait. Checked before the password, so
 * a locked key costs no scrypt work and reveals nothing about the password.
 */
export async function assertSignInAllowed(keys: readonly string[], now = new Date()): Promise<void> {
  const rows = await getReadPrisma().loginThrottle.findMany({ where: { key: { in: [...keys] } } });
  let waitMs = 0;
  for (const row of rows) waitMs = Math.max(waitMs, toWaitMs(row, now));
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new AppError("too-many-requests", `Too many failed sign-ins; try again in ${seconds} s.`, [], {
      retryAfterSeconds: seconds,
    });
  }
}

/** Counts a failed sign-in against every key; locks a key at LOCK_AFTER_FAILURES. */
export async function recordSignInFailure(keys: readonly string[], now = new Date()): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    for (const key of keys) {
      const row = await tx.loginThrottle.findUnique({ where: { key } });
      const stale = row === null || now.getTime() - row.lastFailureAt.getTime() > FORGET_MS;
      const failures = stale ? 1 : row.failures + 1;
      const lockedUntil = failures >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MS) : null;
      await tx.loginThrottle.upsert({
        where: { key },
        create: { key, failures, lastFailureAt: now, lockedUntil },
        update: { failures, lastFailureAt: now, lockedUntil },
      });
    }
  });
}

/** Forgets the failures of a user name after a successful sign-in. */
export async function clearSignInFailures(keys: readonly string[]): Promise<void> {
  await getPrisma().loginThrottle.deleteMany({ where: { key: { in: [...keys] } } });
}

/**
 * How long a key must still wait: nothing for the first FREE_FAILURES failures, then 1, 2,
 * 4, 8... s after the last failure (capped at 60 s), and the lock once set.
 */
function toWaitMs(
  row: { failures: number; lastFailureAt: Date; lockedUntil: Date | null },
  now: Date,
): number {
  if (row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime())
    return row.lockedUntil.getTime() - now.getTime();
  if (now.getTime() - row.lastFailureAt.getTime() > FORGET_MS) return 0;
  if (row.failures < FREE_FAILURES) return 0;
  const delayMs = Math.min(2 ** (row.failures - FREE_FAILURES), 60) * 1000;
  return Math.max(0, row.lastFailureAt.getTime() + delayMs - now.getTime());
}
