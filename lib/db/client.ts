// The process-wide Prisma clients (only lib/db touches Prisma).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";

/** The embedded default: a SQLite file under data/, relative to the working directory. */
export const DEFAULT_DATABASE_URL = "file:./data/enum-console.db";

const CLIENT_KEY = Symbol.for("enum-console.prisma");
const READ_CLIENT_KEY = Symbol.for("enum-console.prisma-read");

type GlobalWithPrisma = typeof globalThis & {
  [CLIENT_KEY]?: PrismaClient;
  [READ_CLIENT_KEY]?: PrismaClient;
};

/** The database URL in use (DATABASE_URL, else the embedded SQLite file). */
export function getDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/**
 * The shared client, for writes. Next.js evaluates modules once per bundle, so the
 * instance lives on globalThis to stay one per process.
 */
export function getPrisma(): PrismaClient {
  const store = globalThis as GlobalWithPrisma;
  return (store[CLIENT_KEY] ??= createClient());
}

/**
 * A second client on its own SQLite connection, for reads. better-sqlite3 gives each
 * client one connection, and Prisma runs queries made outside a transaction on that same
 * connection: a list request arriving while a 10-second import is open would see the
 * import's uncommitted rows. A separate connection sees committed data only (WAL lets
 * it read while the writer works).
 */
export function getReadPrisma(): PrismaClient {
  const store = globalThis as GlobalWithPrisma;
  return (store[READ_CLIENT_KEY] ??= createClient());
}

/** Closes both clients (scripts and tests call this before exiting). */
export async function disconnectPrisma(): Promise<void> {
  const store = globalThis as GlobalWithPrisma;
  const clients = [store[CLIENT_KEY], store[READ_CLIENT_KEY]].filter((client) => client !== undefined);
  store[CLIENT_KEY] = undefined;
  store[READ_CLIENT_KEY] = undefined;
  await Promise.all(clients.map((client) => client.$disconnect()));
}

function createClient(): PrismaClient {
  const url = getDatabaseUrl();
  if (url.startsWith("file:")) mkdirSync(dirname(resolve(url.slice("file:".length))), { recursive: true });
  return new PrismaClient({ adapter: new TunedSQLiteAdapter({ url, timeout: BUSY_TIMEOUT_MS }) });
}

/** How long a connection waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 15_000;

/**
 * The better-sqlite3 adapter with the pragmas the console relies on, set on each new
 * connection: WAL (readers never wait for the writer, and see only committed data) and
 * synchronous=NORMAL (WAL's safe setting: no corruption, far fewer fsyncs per commit).
 */
class TunedSQLiteAdapter extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3["connect"]> {
    const adapter = await super.connect();
    try {
      await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    } catch {
      // A read-only file or a connection holding an old lock: rollback mode still works.
    }
    return adapter;
  }
}
