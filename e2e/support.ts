// Helpers shared by the e2e specs: seed through the HTTP API, unique names per test.
import { expect, test, type APIRequestContext } from "@playwright/test";

/** The admin the e2e console creates from ENUM_CONSOLE_ADMIN_USER / _PASSWORD (playwright.config.ts). */
export const E2E_ADMIN = { username: "e2e-admin", password: "e2e admin password 42" } as const;

/** Where auth.setup.ts saves the admin's signed-in browser state for the other specs. */
export const ADMIN_STORAGE_STATE = "test-results/e2e/admin-state.json";

/** The port of the second e2e console, started with an empty database (first-run.spec.ts). */
export const FRESH_PORT = Number(process.env.E2E_FRESH_PORT ?? 3198);

/**
 * The Origin header a browser sends with a change: the console refuses cookie-authenticated
 * POST/PUT/PATCH/DELETE without it (CSRF check), and Playwright's API requests send none.
 */
export function toOriginHeader(baseURL: string | undefined): Record<string, string> {
  return baseURL === undefined ? {} : { Origin: new URL(baseURL).origin };
}

let counter = 0;

/** A digit prefix no other test uses: "98" + time-derived digits. */
export function toUniquePrefix(): string {
  counter++;
  return `98${String(Date.now() % 1_000_000_000).padStart(9, "0")}${counter}`;
}

export interface CreatedBlock {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
  readonly version: number;
}

/** Creates a block through POST /api/blocks (201 expected). */
export async function createBlock(
  request: APIRequestContext,
  input: { name: string; prefix: string; regex: string },
): Promise<CreatedBlock> {
  const response = await request.post("/api/blocks", {
    data: input,
    headers: toOriginHeader(test.info().project.use.baseURL),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedBlock;
}

/** GET a JSON resource through the API. */
export async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  return (await response.json()) as T;
}

/** The revision counter: it moves on every write, so an unchanged value proves nothing was written. */
export async function getRevision(request: APIRequestContext): Promise<number> {
  return (await getJson<{ revision: number }>(request, "/api/settings")).revision;
}
