// Helpers shared by the e2e specs: seed through the HTTP API, unique names per test.
import { expect, type APIRequestContext } from "@playwright/test";

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
  const response = await request.post("/api/blocks", { data: input });
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
