// Every route handler x every role: who gets through (any status but 401/403), who gets 401,
// who gets 403. The table must name every exported method of every app/api/**/route.ts, so a
// new route handler without an entry fails here until someone decides who may call it.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  TEST_USERS,
  TEST_ORIGIN,
  readBody,
  removeTestDir,
  toRequest,
  type ErrorBody,
  type TestCaller,
} from "./support";
import { SESSION_COOKIE } from "@/lib/auth/cookie";
import { createSession } from "@/lib/db/sessions";
import { ROLES, roleGrants, type Permission, type Role } from "@/lib/roles";

afterAll(removeTestDir);

const API_DIR = join(import.meta.dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/**
 * Who may call each handler: a permission (roles per lib/roles.ts), or "public" (sign-in,
 * setup and the session probe work without a session; their same-origin check still applies;
 * /api/health answers load balancers, which hold no credentials).
 */
const ACCESS: Readonly<Record<string, Permission | "public">> = {
  "PUT /api/account/password": "read",
  "GET /api/blocks": "read",
  "POST /api/blocks": "write",
  "GET /api/blocks/[id]": "read",
  "PATCH /api/blocks/[id]": "write",
  "DELETE /api/blocks/[id]": "write",
  "POST /api/blocks/impact": "read",
  "GET /api/dns/settings": "read",
  "PUT /api/dns/settings": "admin",
  "GET /api/dns/status": "read",
  "GET /api/export/bind": "export",
  "POST /api/export/check": "export",
  "GET /api/export/dnsmasq": "export",
  "GET /api/export/enum.json": "export",
  "GET /api/export/named.conf": "export",
  "GET /api/export/summary": "export",
  "GET /api/health": "public",
  "GET /api/history": "read",
  "GET /api/history/[id]": "read",
  "POST /api/history/[id]/revert": "write",
  "POST /api/history/batch/[batchId]/revert": "write",
  "GET /api/history/export": "read",
  "POST /api/import": "write",
  "GET /api/lints": "read",
  "GET /api/metrics": "read",
  "POST /api/resolve": "test",
  "POST /api/resolve/batch": "test",
  "GET /api/session": "public",
  "POST /api/session": "public",
  "DELETE /api/session": "public",
  "GET /api/settings": "read",
  "PUT /api/settings": "admin",
  "POST /api/setup": "public",
  "GET /api/test-numbers": "read",
  "POST /api/test-numbers": "test",
  "PATCH /api/test-numbers/[id]": "test",
  "DELETE /api/test-numbers/[id]": "test",
  "GET /api/test-numbers/csv": "read",
  "POST /api/test-numbers/csv": "test",
  "POST /api/test-numbers/outcome": "read",
  "POST /api/test-numbers/run": "test",
  "GET /api/tokens": "read",
  "POST /api/tokens": "read",
  "DELETE /api/tokens/[id]": "read",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/[id]": "admin",
};

type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Endpoint {
  readonly key: string;
  readonly method: Method;
  /** The URL path with "[param]" segments as written in app/api. */
  readonly route: string;
  readonly handler: Handler;
}

/** Every exported HTTP method of every route.ts under app/api. */
async function findEndpoints(): Promise<Endpoint[]> {
  const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => file === "route.ts" || file.endsWith(`${sep}route.ts`))
    .sort();
  const endpoints: Endpoint[] = [];
  for (const file of files) {
    const dir = relative(API_DIR, join(API_DIR, file, ".."));
    const route = `/api${dir === "" ? "" : `/${dir.split(sep).join("/")}`}`;
    const module = (await import(join(API_DIR, file))) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = module[method];
      if (typeof handler === "function")
        endpoints.push({ key: `${method} ${route}`, method, route, handler: handler as Handler });
    }
  }
  return endpoints;
}

const ENDPOINTS = await findEndpoints();

/** Calls an endpoint the way Next would: "[param]" segments get an id nobody has, bodies are empty JSON objects. */
async function call(endpoint: Endpoint, as: TestCaller, origin?: string | null): Promise<Response> {
  const params: Record<string, string> = {};
  const path = endpoint.route.replace(/\[(\w+)\]/g, (_, name: string) => (params[name] = "no-such-id"));
  const hasBody = endpoint.method !== "GET" && endpoint.method !== "DELETE";
  const req = toRequest(path, {
    method: endpoint.method,
    ...(hasBody ? { body: "{}", headers: { "Content-Type": "application/json" } } : {}),
    as,
    ...(origin !== undefined ? { origin } : {}),
  });
  return endpoint.handler(req, { params: Promise.resolve(params) });
}

type Outcome = "allowed" | 401 | 403;

function toOutcome(status: number): Outcome {
  return status === 401 || status === 403 ? status : "allowed";
}

function toExpected(access: Permission | "public", as: Role | "none"): Outcome {
  if (access === "public") return "allowed";
  if (as === "none") return 401;
  return roleGrants(as, access) ? "allowed" : 403;
}

describe("route handler access table", () => {
  it("names every exported method of every route handler (and nothing else)", () => {
    const found = ENDPOINTS.map((endpoint) => endpoint.key).sort();
    expect(
      found.filter((key) => !(key in ACCESS)),
      "route handlers missing from ACCESS",
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((key) => !found.includes(key)),
      "ACCESS entries with no handler",
    ).toEqual([]);
  });

  const cases = ENDPOINTS.filter((endpoint) => endpoint.key !== "DELETE /api/session").flatMap((endpoint) =>
    [...ROLES, "none" as const].map((as) => ({ endpoint, as, key: endpoint.key })),
  );

  it.each(cases)("$key as $as", async ({ endpoint, as }) => {
    const access = ACCESS[endpoint.key];
    if (access === undefined) throw new Error(`${endpoint.key} has no ACCESS entry`);
    const res = await call(endpoint, as);
    const text = await res.text();
    expect(toOutcome(res.status), `${res.status} ${text.slice(0, 300)}`).toBe(toExpected(access, as));
    if (res.status === 403) expect(text).toContain(`Your role (${as})`);
  });

  it.each(ROLES)("DELETE /api/session signs %s out; without a session it is 401", async (role) => {
    const endpoint = ENDPOINTS.find((entry) => entry.key === "DELETE /api/session")!;
    const { secret } = await createSession(TEST_USERS[role].id);
    const req = new Request(`${TEST_ORIGIN}/api/session`, {
      method: "DELETE",
      headers: { Cookie: `${SESSION_COOKIE}=${secret}`, Origin: TEST_ORIGIN },
    });
    const res = await endpoint.handler(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await call(endpoint, "none")).status).toBe(401);
  });

  const mutating = ENDPOINTS.filter((endpoint) => endpoint.method !== "GET");

  it.each(mutating.map((endpoint) => ({ endpoint, key: endpoint.key })))(
    "$key from another site with the admin's cookie is 403",
    async ({ endpoint }) => {
      const res = await call(endpoint, "admin", "https://evil.example");
      const body = await readBody<ErrorBody>(res);
      expect({ status: res.status, code: body.error.code }).toEqual({ status: 403, code: "forbidden" });
      expect(body.error.message).toContain("evil.example");
    },
  );
});
