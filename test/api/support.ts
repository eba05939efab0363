// Test support for route-handler tests: a fresh SQLite file with the real migrations.
// Import this module FIRST in a test file: it sets DATABASE_URL before lib/db is loaded.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { CLIENT_HEADER } from "@/lib/api-client/request";
import { SESSION_COOKIE } from "@/lib/auth/cookie";
import { ROLES, type Role } from "@/lib/roles";

/** The slice of better-sqlite3 the tests use (the package ships no types here). */
type SqliteDatabase = new (path: string) => { exec(sql: string): void; close(): void };

const MIGRATIONS_DIR = join(import.meta.dirname, "../../prisma/migrations");

/** The temporary directory holding this test file's database. */
export const TEST_DIR = mkdtempSync(join(tmpdir(), "enum-console-api-"));

/** The SQLite file the route handlers use in this test file. */
export const DATABASE_PATH = join(TEST_DIR, "api.db");

process.env.DATABASE_URL = `file:${DATABASE_PATH}`;
applyMigrations(DATABASE_PATH);

/** The origin toRequest addresses; mutating requests carry it as Origin (same-origin check). */
export const TEST_ORIGIN = "http://127.0.0.1";

/** The password of every test user. */
export const TEST_PASSWORD = "correct horse battery";

/** A signed-in user of each role, created once per test file (lib/db is loaded only now, after DATABASE_URL). */
export const TEST_USERS = await createTestUsers();

async function createTestUsers(): Promise<Record<Role, { id: string; username: string; cookie: string }>> {
  const { createUser } = await import("@/lib/db/users");
  const { createSession } = await import("@/lib/db/sessions");
  const { hashPassword } = await import("@/lib/auth/password");
  // A cheap scrypt cost: these hashes guard nothing, and every test file makes four.
  const passwordHash = await hashPassword(TEST_PASSWORD, { N: 1024, r: 8, p: 1 });
  const entries = await Promise.all(
    ROLES.map(async (role) => {
      const user = await createUser({ username: `test-${role}`, passwordHash, role });
      const { secret } = await createSession(user.id);
      return [role, { id: user.id, username: user.username, cookie: `${SESSION_COOKIE}=${secret}` }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Role, { id: string; username: string; cookie: string }>;
}

/**
 * Who a test request comes from: a signed-in user of a role (default "admin"), no
 * credentials ("none"), or an API token.
 */
export type TestCaller = Role | "none" | { readonly token: string };

/**
 * Adds the caller's credentials to a request: the session cookie and the console's client
 * header (and, on a mutating request, the Origin a browser sends, unless `origin` is given;
 * null sends none) or the bearer token.
 */
export function withCaller(req: Request, as: TestCaller = "admin", origin?: string | null): Request {
  const headers = new Headers(req.headers);
  if (typeof as === "object") headers.set("Authorization", `Bearer ${as.token}`);
  else if (as !== "none") {
    headers.set("Cookie", TEST_USERS[as].cookie);
    // The console's pages mark their requests (lib/api-client); the history records "ui".
    if (!headers.has(CLIENT_HEADER)) headers.set(CLIENT_HEADER, "ui");
  }
  const sendOrigin = origin === undefined ? (typeof as === "object" ? null : TEST_ORIGIN) : origin;
  if (sendOrigin !== null && !["GET", "HEAD"].includes(req.method)) headers.set("Origin", sendOrigin);
  return new Request(req, { headers });
}

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

/**
 * A request to the app as the browser would send it: by default from a signed-in admin
 * (`as` picks another role, a token or none; `origin` overrides the Origin header).
 */
export function toRequest(
  path: string,
  init: {
    method?: string;
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
    as?: TestCaller;
    origin?: string | null;
  } = {},
): Request {
  const headers = new Headers(init.headers);
  let body: string | undefined = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  const req = new Request(`${TEST_ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: body ?? null,
  });
  return withCaller(req, init.as, init.origin);
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
