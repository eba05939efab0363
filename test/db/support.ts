// A private SQLite file per test file. Import this module before anything from lib/db:
// it points DATABASE_URL at a new temp file when it is evaluated.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "@/lib/app-error";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { deployMigrations } from "@/lib/db/migrate";
import { bumpRuleSetState } from "@/lib/db/state";

const directory = mkdtempSync(join(tmpdir(), "enum-console-db-"));

/** The test file's database. */
export const TEST_DATABASE_URL = `file:${join(directory, "test.db")}`;
process.env.DATABASE_URL = TEST_DATABASE_URL;

/** Creates the schema with the real migrations, as `npm start` does. */
export async function migrateTestDatabase(): Promise<void> {
  await deployMigrations(TEST_DATABASE_URL);
}

/**
 * Removes every block and the settings, as one published mutation: the revision moves on
 * (it never goes back, or a cached rule snapshot of the same revision would look current).
 */
export async function clearTestDatabase(): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    await bumpRuleSetState(tx);
    await tx.numberBlock.deleteMany();
    await tx.settings.deleteMany();
  });
}

/** Closes the clients and deletes the file. */
export async function removeTestDatabase(): Promise<void> {
  await disconnectPrisma();
  rmSync(directory, { recursive: true, force: true });
}

/** The AppError a promise rejects with; the test fails if it resolves or throws anything else. */
export async function toRejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the promise to reject");
}
