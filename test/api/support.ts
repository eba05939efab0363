// Test support for route-handler tests: a fresh SQLite file with the real migrations.
// Import this module FIRST in a test file: it sets DATABASE_URL before lib/db is loaded.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

/** The slice of better-sqlite3 the tests use (the package ships no types here). */
type SqliteDatabase = new (path: string) => { exec(sql: string): void; close(): void };

const MIGRATIONS_DIR = join(import.meta.dirname, "../../prisma/migrations");

/** The temporary directory holding this test file's database. */
export const TEST_DIR = mkdtempSync(join(tmpdir(), "enum-console-api-"));

/** The SQLite file the route handlers use in this test file. */
export const DATABASE_PATH = join(TEST_DIR, "api.db");

process.env.DATABASE_URL = `file:${DATABASE_PATH}`;
applyMigrations(DATABASE_PATH);

/** Applies every prisma/migrations/<name>/migration.sql in name order, as `migrate deploy` would. */
function applyMigrations(path: string): void {
  const Database = createRequire(import.meta.url)("better-sqlite3") as SqliteDatabase;
  const db = new Database(path);
  try {
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    for (const name of names) db.exec(readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
  } finally {
    db.close();
  }
}

/** Deletes the temporary directory (call from afterAll). */
export function removeTestDir(): void {
  rmSync(TEST_DIR, { recursive: true, force: true });
}

/** A request to the app as the browser would send it. */
export function toRequest(
  path: string,
  init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers(init.headers);
  let body: string | undefined = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  return new Request(`http://127.0.0.1${path}`, {
    method: init.method ?? "GET",
    headers,
    body: body ?? null,
  });
}

/** The context Next passes to a dynamic route handler. */
export function toContext(id: string): { params: Promise<{ id: string }> } {
  return { params: Promise.resolve({ id }) };
}

/** Stack frames as V8 prints them: `at fn (/path/file.js:1:2)` or `at /path/file.js:1:2`. */
const STACK_FRAME = /\bat (?:\S+ \()?(?:\/|file:|node:)/;

/** Reads a response body as text and checks that it leaks no stack trace. */
export async function readText(res: Response): Promise<string> {
  const text = await res.text();
  expect(text).not.toMatch(STACK_FRAME);
  return text;
}

/** Reads a JSON response body (checked for stack traces). */
export async function readBody<T = Record<string, unknown>>(res: Response): Promise<T> {
  return JSON.parse(await readText(res)) as T;
}

/** The `error` member of an error response. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues: { field: string; code: string; message: string; at?: number }[];
    current?: Record<string, unknown>;
    details?: Record<string, unknown>;
    status?: number;
  };
}

/** Checks an error response's status and code and returns its body. */
export async function expectError(res: Response, status: number, code: string): Promise<ErrorBody["error"]> {
  const body = await readBody<ErrorBody>(res);
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe("string");
  expect(Array.isArray(body.error.issues)).toBe(true);
  return body.error;
}
