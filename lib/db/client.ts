// The process-wide Prisma client (only lib/db touches Prisma).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";

/** The embedded default: a SQLite file under data/, relative to the working directory. */
export const DEFAULT_DATABASE_URL = "file:./data/enum-console.db";

const CLIENT_KEY = Symbol.for("enum-console.prisma");

type GlobalWithPrisma = typeof globalThis & { [CLIENT_KEY]?: PrismaClient };

/** The database URL in use (DATABASE_URL, else the embedded SQLite file). */
export function getDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/**
 * The shared client. Next.js evaluates modules once per bundle, so the instance lives on
 * globalThis to stay one per process.
 */
export function getPrisma(): PrismaClient {
  const store = globalThis as GlobalWithPrisma;
  const existing = store[CLIENT_KEY];
  if (existing !== undefined) return existing;
  const url = getDatabaseUrl();
  if (url.startsWith("file:")) mkdirSync(dirname(resolve(url.slice("file:".length))), { recursive: true });
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  store[CLIENT_KEY] = client;
  return client;
}
