// Sign-in, sessions, API tokens (scopes, prefix limits, revocation), CSRF and throttling
// through the real route handlers and a real SQLite file.
import { afterAll, describe, expect, it } from "vitest";
import {
  TEST_ORIGIN,
  TEST_PASSWORD,
  TEST_USERS,
  expectError,
  readBody,
  removeTestDir,
  toContext,
  toRequest,
  type TestCaller,
} from "./support";
import * as blocksRoute from "@/app/api/blocks/route";
import * as blockRoute from "@/app/api/blocks/[id]/route";
import * as exportRoute from "@/app/api/export/enum.json/route";
import * as importRoute from "@/app/api/import/route";
import * as passwordRoute from "@/app/api/account/password/route";
import * as sessionRoute from "@/app/api/session/route";
import * as tokensRoute from "@/app/api/tokens/route";
import * as tokenRoute from "@/app/api/tokens/[id]/route";
import * as usersRoute from "@/app/api/users/route";
import * as userRoute from "@/app/api/users/[id]/route";
import { SESSION_COOKIE } from "@/lib/auth/cookie";
import { LOCK_AFTER_FAILURES, assertSignInAllowed, recordSignInFailure } from "@/lib/db/login-throttle";
import type { ApiTokenRecord, NumberBlockRecord, UserRecord } from "@/lib/db/types";
import { findTokenUser } from "@/lib/db/tokens";

afterAll(removeTestDir);

const SIP = "!(^.*$)!sip:\\1@example.com!";

async function createToken(
  as: TestCaller,
  input: { name: string; scopes: string[]; prefixes?: string[] },
): Promise<string> {
  const res = await tokensRoute.POST(toRequest("/api/tokens", { method: "POST", json: input, as }));
  const body = await readBody<{ secret: string; token: ApiTokenRecord }>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body.secret).toMatch(/^ec_[A-Za-z0-9_-]{43}$/);
  expect(JSON.stringify(body.token)).not.toContain(body.secret);
  return body.secret;
}

async function createBlockAs(as: TestCaller, prefix: string): Promise<Response> {
  return blocksRoute.POST(
    toRequest("/api/blocks", { method: "POST", json: { name: `Block ${prefix}`, prefix, regex: SIP }, as }),
  );
}

function signInRequest(username: string, password: string, remoteAddr = "192.0.2.10"): Request {
  return toRequest("/api/session", {
    method: "POST",
    json: { username, password },
    as: "none",
    origin: TEST_ORIGIN,
    headers: { "X-Forwarded-For": remoteAddr },
  });
}

describe("sign-in and sessions", () => {
  it("signs in with the right password: an httpOnly, SameSite=Lax session cookie that works", async () => {
    const res = await sessionRoute.POST(signInRequest("TEST-viewer", TEST_PASSWORD));
    const body = await readBody<{ user: UserRecord }>(res);
    expect(res.status).toBe(200);
    expect(body.user).toMatchObject({ username: "test-viewer", role: "viewer" });
    expect(JSON.stringify(body)).not.toContain("scrypt");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Expires=`),
    );
    expect(cookie).not.toContain("Secure");
    const secret = cookie.split(";")[0]!;
    const me = await sessionRoute.GET(
      new Request(`${TEST_ORIGIN}/api/session`, { headers: { Cookie: secret } }),
    );
    expect(await readBody(me)).toMatchObject({ user: { username: "test-viewer" }, via: "session" });
  });

  it("marks the cookie Secure behind a TLS-terminating proxy", async () => {
    const req = signInRequest("test-tester", TEST_PASSWORD);
    const forwarded = new Request(req, {
      headers: { ...Object.fromEntries(req.headers), "X-Forwarded-Proto": "https" },
    });
    const res = await sessionRoute.POST(forwarded);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain("; Secure");
  });

  it("answers a wrong password and an unknown user the same way", async () => {
    const wrong = await expectError(
      await sessionRoute.POST(signInRequest("test-editor", "nope", "192.0.2.11")),
      401,
      "unauthorized",
    );
    const unknown = await expectError(
      await sessionRoute.POST(signInRequest("nobody", "nope", "192.0.2.12")),
      401,
      "unauthorized",
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it("refuses a sign-in posted from another site (login CSRF)", async () => {
    const req = toRequest("/api/session", {
      method: "POST",
      json: { username: "test-admin", password: TEST_PASSWORD },
      as: "none",
      origin: "https://evil.example",
    });
    await expectError(await sessionRoute.POST(req), 403, "forbidden");
  });

  it("without a session the API answers 401 with a reason", async () => {
    const error = await expectError(
      await blocksRoute.GET(toRequest("/api/blocks", { as: "none" })),
      401,
      "unauthorized",
    );
    expect(error.message).toMatch(/Sign in/);
  });

  it("a disabled user's session stops working at once; a wrong role gets a plain reason", async () => {
    const created = await usersRoute.POST(
      toRequest("/api/users", {
        method: "POST",
        json: { username: "temp-editor", password: TEST_PASSWORD, role: "editor" },
      }),
    );
    const user = await readBody<UserRecord>(created);
    expect(created.status).toBe(201);
    const signedIn = await sessionRoute.POST(signInRequest("temp-editor", TEST_PASSWORD));
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    const asEditor = () =>
      blocksRoute.POST(
        new Request(`${TEST_ORIGIN}/api/blocks`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: TEST_ORIGIN, "Content-Type": "application/json" },
          body: JSON.stringify({ name: "Temp", prefix: "+3301", regex: SIP }),
        }),
      );
    expect((await asEditor()).status).toBe(201);
    const patched = await userRoute.PATCH(
      toRequest(`/api/users/${user.id}`, { method: "PATCH", json: { disabled: true } }),
      toContext(user.id),
    );
    expect(patched.status).toBe(200);
    await expectError(await asEditor(), 401, "unauthorized");
    const viewer = await expectError(await createBlockAs("viewer", "+3302"), 403, "forbidden");
    expect(viewer.message).toBe("Your role (viewer) cannot change number blocks.");
  });

  it("the last enabled admin cannot be demoted or disabled", async () => {
    const only = await userRoute.PATCH(
      toRequest(`/api/users/${TEST_USERS.admin.id}`, { method: "PATCH", json: { role: "viewer" } }),
      toContext(TEST_USERS.admin.id),
    );
    await expectError(only, 409, "conflict");
  });

  it("a password change needs the current password and ends the other sessions", async () => {
    const first = await sessionRoute.POST(signInRequest("test-tester", TEST_PASSWORD));
    const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
    const change = (current: string) =>
      passwordRoute.PUT(
        new Request(`${TEST_ORIGIN}/api/account/password`, {
          method: "PUT",
          headers: { Cookie: cookie, Origin: TEST_ORIGIN, "Content-Type": "application/json" },
          body: JSON.stringify({ currentPassword: current, newPassword: "a much longer secret" }),
        }),
      );
    await expectError(await change("wrong password"), 422, "validation");
    const changed = await change(TEST_PASSWORD);
    expect(changed.status).toBe(204);
    expect(changed.headers.get("set-cookie")).toContain(`${SESSION_COOKIE}=`);
    // TEST_USERS.tester's long-lived session is one of the "other sessions".
    await expectError(await blocksRoute.GET(toRequest("/api/blocks", { as: "tester" })), 401, "unauthorized");
    expect((await sessionRoute.POST(signInRequest("test-tester", "a much longer secret"))).status).toBe(200);
  });
});

describe("API tokens", () => {
  it("a token limited to +1650 edits a block under +1650 and gets 403 for +1212", async () => {
    const token = await createToken("editor", { name: "ci", scopes: ["read", "write"], prefixes: ["+1650"] });
    const inside = await createBlockAs({ token }, "+16505");
    const block = await readBody<NumberBlockRecord>(inside);
    expect(inside.status).toBe(201);
    const outside = await expectError(await createBlockAs({ token }, "+1212"), 403, "forbidden");
    expect(outside.message).toContain("+1650");

    const edited = await blockRoute.PATCH(
      toRequest(`/api/blocks/${block.id}`, {
        method: "PATCH",
        json: { version: block.version, name: "Edited" },
        as: { token },
      }),
      toContext(block.id),
    );
    expect(edited.status).toBe(200);
    const moved = await blockRoute.PATCH(
      toRequest(`/api/blocks/${block.id}`, {
        method: "PATCH",
        json: { version: block.version + 1, prefix: "+1212" },
        as: { token },
      }),
      toContext(block.id),
    );
    await expectError(moved, 403, "forbidden");

    // A block outside the prefix: neither toggled nor deleted.
    const other = await readBody<NumberBlockRecord>(await createBlockAs("admin", "+1213"));
    const toggle = await blockRoute.PATCH(
      toRequest(`/api/blocks/${other.id}`, {
        method: "PATCH",
        json: { version: other.version, enabled: false },
        as: { token },
      }),
      toContext(other.id),
    );
    await expectError(toggle, 403, "forbidden");
    const removed = await blockRoute.DELETE(
      toRequest(`/api/blocks/${other.id}`, { method: "DELETE", as: { token } }),
      toContext(other.id),
    );
    await expectError(removed, 403, "forbidden");
    const mine = await blockRoute.DELETE(
      toRequest(`/api/blocks/${block.id}`, { method: "DELETE", as: { token } }),
      toContext(block.id),
    );
    expect(mine.status).toBe(204);
  });

  it("a prefix-limited token imports only files whose blocks are all under its prefixes", async () => {
    const token = await createToken("editor", { name: "import", scopes: ["write"], prefixes: ["+4930"] });
    const file = (prefixes: string[]) =>
      JSON.stringify({
        number_blocks: prefixes.map((prefix) => ({ prefix, regex: SIP, name: `Import ${prefix}` })),
      });
    const post = (body: string) =>
      importRoute.POST(
        toRequest("/api/import?mode=merge&dryRun=false", { method: "POST", body, as: { token } }),
      );
    await expectError(await post(file(["+49301", "+4940"])), 403, "forbidden");
    const ok = await post(file(["+49301", "+49302"]));
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await readBody(ok)).toMatchObject({ added: 2 });
  });

  it("scopes grant permissions, never above the owner's role; tokens need no Origin", async () => {
    await expectError(
      await tokensRoute.POST(
        toRequest("/api/tokens", { method: "POST", json: { name: "x", scopes: ["write"] }, as: "viewer" }),
      ),
      403,
      "forbidden",
    );
    const exportOnly = await createToken("viewer", { name: "downloads", scopes: ["export"] });
    const download = await exportRoute.GET(toRequest("/api/export/enum.json", { as: { token: exportOnly } }));
    expect(download.status).toBe(200);
    const list = await expectError(
      await blocksRoute.GET(toRequest("/api/blocks", { as: { token: exportOnly } })),
      403,
      "forbidden",
    );
    expect(list.message).toContain('do not include "read"');
    // Tokens never reach admin work or account management.
    const adminToken = await createToken("admin", { name: "admin", scopes: ["read", "write"] });
    await expectError(
      await usersRoute.GET(toRequest("/api/users", { as: { token: adminToken } })),
      403,
      "forbidden",
    );
    await expectError(
      await tokensRoute.POST(
        toRequest("/api/tokens", {
          method: "POST",
          json: { name: "y", scopes: ["read"] },
          as: { token: adminToken },
        }),
      ),
      403,
      "forbidden",
    );
  });

  it("a revoked or made-up token is 401; last use is recorded", async () => {
    const secret = await createToken("viewer", { name: "short-lived", scopes: ["read"] });
    expect((await blocksRoute.GET(toRequest("/api/blocks", { as: { token: secret } }))).status).toBe(200);
    const found = await findTokenUser(secret);
    expect(found?.token.lastUsedAt).not.toBeNull();
    const mine = await readBody<ApiTokenRecord[]>(
      await tokensRoute.GET(toRequest("/api/tokens", { as: "viewer" })),
    );
    const record = mine.find((token) => token.name === "short-lived")!;
    // Another user's token is unknown to a non-admin.
    await expectError(
      await tokenRoute.DELETE(
        toRequest(`/api/tokens/${record.id}`, { method: "DELETE", as: "editor" }),
        toContext(record.id),
      ),
      404,
      "not-found",
    );
    const revoked = await tokenRoute.DELETE(
      toRequest(`/api/tokens/${record.id}`, { method: "DELETE", as: "viewer" }),
      toContext(record.id),
    );
    expect((await readBody<ApiTokenRecord>(revoked)).revokedAt).not.toBeNull();
    await expectError(
      await blocksRoute.GET(toRequest("/api/blocks", { as: { token: secret } })),
      401,
      "unauthorized",
    );
    await expectError(
      await blocksRoute.GET(toRequest("/api/blocks", { as: { token: "ec_made-up" } })),
      401,
      "unauthorized",
    );
  });
});

describe("CSRF", () => {
  it("a cookie-authenticated cross-origin POST is 403; the same POST from this origin is not", async () => {
    const post = (origin: string | null) =>
      blocksRoute.POST(
        toRequest("/api/blocks", {
          method: "POST",
          json: { name: "CSRF", prefix: "+3399", regex: SIP },
          origin,
        }),
      );
    const foreign = await expectError(await post("https://evil.example"), 403, "forbidden");
    expect(foreign.message).toContain("another site");
    await expectError(await post(null), 403, "forbidden");
    expect((await post(TEST_ORIGIN)).status).toBe(201);
  });

  it("accepts a Referer from this console when a browser sends no Origin", async () => {
    const res = await blocksRoute.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "Referer", prefix: "+3398", regex: SIP },
        origin: null,
        headers: { Referer: `${TEST_ORIGIN}/blocks/new` },
      }),
    );
    expect(res.status).toBe(201);
  });
});

describe("login throttling", () => {
  it("the Nth failure locks the user name with a clear message (injected clock, no sleeping)", async () => {
    const keys = ["user:throttled"];
    const start = new Date("2026-01-01T00:00:00Z");
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    // Three failures are free.
    for (let i = 0; i < 3; i++) await recordSignInFailure(keys, at(i));
    await expect(assertSignInAllowed(keys, at(2))).rejects.toThrow("try again in 1 s");
    await expect(assertSignInAllowed(keys, at(3))).resolves.toBeUndefined();
    await recordSignInFailure(keys, at(3));
    await expect(assertSignInAllowed(keys, at(3))).rejects.toThrow(
      "Too many failed sign-ins; try again in 2 s",
    );
    let t = 3;
    for (let failures = 4; failures < LOCK_AFTER_FAILURES; failures++) {
      t += 120;
      await recordSignInFailure(keys, at(t));
    }
    await expect(assertSignInAllowed(keys, at(t))).rejects.toThrow("try again in 300 s");
    await expect(assertSignInAllowed(keys, at(t + 299))).rejects.toThrow("try again in 1 s");
    await expect(assertSignInAllowed(keys, at(t + 300))).resolves.toBeUndefined();
  });

  it("through the route: repeated failures answer 429 with Retry-After, even with the right password", async () => {
    const addr = "198.51.100.7";
    for (let i = 0; i < 3; i++)
      await expectError(
        await sessionRoute.POST(signInRequest("test-admin", `wrong ${i}`, addr)),
        401,
        "unauthorized",
      );
    const locked = await sessionRoute.POST(signInRequest("test-admin", TEST_PASSWORD, addr));
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    const error = await expectError(locked, 429, "too-many-requests");
    expect(error.message).toMatch(/^Too many failed sign-ins; try again in \d+ s\.$/);
  });
});
