// Publication state: the revision counter and the SOA serial, bumped with every mutation.
import type { Prisma } from "./generated/client";

/** The single RuleSetState (and Settings) row. */
export const SINGLETON_ID = 1;

/** Revision and serial before any mutation (the RuleSetState column defaults). */
export const INITIAL_STATE = { revision: 0, zoneSerial: 1 } as const;

/** Transaction options for single-row mutations: wait behind a running import, finish fast. */
export const WRITE_TRANSACTION = { maxWait: 60_000, timeout: 30_000 } as const;

/** What a mutation published. */
export interface PublishedState {
  readonly revision: number;
  readonly zoneSerial: number;
}

/**
 * The next SOA serial: at least one more than the current one (a serial never goes down,
 * RFC 1982 arithmetic aside) and at least today's `YYYYMMDD00` (UTC), the convention
 * operators read at a glance.
 */
export function toNextZoneSerial(current: number, now: Date): number {
  const today = now.getUTCFullYear() * 1_000_000 + (now.getUTCMonth() + 1) * 10_000 + now.getUTCDate() * 100;
  return Math.max(current + 1, today);
}

/**
 * Bumps the revision by one and the serial to its next value, creating the row if missing.
 * Call it FIRST in every mutation's transaction: its UPDATE takes SQLite's write lock (or
 * the row lock on PostgreSQL), so the reads that follow cannot be overtaken by another
 * process's write before this transaction commits.
 */
export async function bumpRuleSetState(
  tx: Prisma.TransactionClient,
  now = new Date(),
): Promise<PublishedState> {
  const { count } = await tx.ruleSetState.updateMany({
    where: { id: SINGLETON_ID },
    data: { revision: { increment: 1 } },
  });
  if (count === 0) {
    const zoneSerial = toNextZoneSerial(INITIAL_STATE.zoneSerial, now);
    const revision = INITIAL_STATE.revision + 1;
    await tx.ruleSetState.create({ data: { id: SINGLETON_ID, revision, zoneSerial } });
    return { revision, zoneSerial };
  }
  const row = await tx.ruleSetState.findUniqueOrThrow({ where: { id: SINGLETON_ID } });
  const zoneSerial = toNextZoneSerial(row.zoneSerial, now);
  await tx.ruleSetState.update({ where: { id: SINGLETON_ID }, data: { zoneSerial } });
  return { revision: row.revision, zoneSerial };
}
