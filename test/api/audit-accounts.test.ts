// Accounts in the history through the real route handlers: users, tokens and /setup are
// recorded with the right author and source (the console's pages "ui", scripts "api"), the
// history never shows a secret, account events cannot be reverted, and /api/health answers
// a load balancer without credentials.
import { afterAll, describe, expect, it } from "vitest";
import {
  TEST_ORIGIN,
  TEST_PASSWORD,
  TEST_USERS,
  expectError,
  readBody,
  readText,
  removeTestDir,
  toContext,
  toRequest,
  type TestCaller,
} from "./support";
import * as blocksRoute from "@/app/api/blocks/route";
import * as healthRoute from "@/app/api/health/route";
import * as historyRoute from "@/app/api/history/route";
import * as historyExport from "@/app/api/history/export/route";
import * as revertRoute from "@/app/api/history/[id]/revert/route";
import * as passwordRoute from "@/app/api/account/password/route";
import * as setupRoute from "@/app/api/setup/route";
import * as tokensRoute from "@/app/api/tokens/route";
import * as tokenRoute from "@/app/api/tokens/[id]/route";
import * as usersRoute from "@/app/api/users/route";
import * as userRoute from "@/app/api/users/[id]/route";
import { CLIENT_HEADER } from "@/lib/api-client/request";
import { getPrisma } from "@/lib/db/client";
import { toSecretHash } from "@/lib/db/sessions";
import type { ApiTokenRecord, AuditEventPage, AuditEventRecord, UserRecord } from "@/lib/db/types";
import type { HealthStatus } from "@/lib/schemas/dns-status";

afterAll(removeTestDir);

/** A request as a script sends it with a copied session cookie: no client header. */
function withoutClientHeader(req: Request): Request {
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_HEADER);
  return new Request(req, { headers });
}

async function listHistory(search: string): Promise<readonly AuditEventRecord[]> {
  const res = await historyRoute.GET(toRequest(`/api/history?${search}`, { as: "viewer" }));
  expect(res.status).toBe(200);
  return (await readBody<AuditEventPage>(res)).items;
}

async function findEventsOf(entityId: string): Promise<AuditEventRecord[]> {
  return (await listHistory(`entityId=${entityId}`)).toReversed();
}

async function createUserVia(req: Request): Promise<UserRecord> {
  const res = await usersRoute.POST(req);
  const body = await readBody<UserRecord>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

function newUserRequest(username: string, role = "editor"): Request {
  return toRequest("/api/users", {
    method: "POST",
    json: { username, password: "initial password 1", role },
    as: "admin",
  });
}

async function createTokenAs(
  as: TestCaller,
  name: string,
): Promise<{ secret: string; token: ApiTokenRecord }> {
  const res = await tokensRoute.POST(
    toRequest("/api/tokens", { method: "POST", json: { name, scopes: ["read", "write"], prefixes: [] }, as }),
  );
  const body = await readBody<{ secret: string; token: ApiTokenRecord }>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

describe("the audit source", () => {
  it("is ui for the console's pages and api for a session without the client header", async () => {
    const fromUi = await createUserVia(newUserRequest("from-ui"));
    const fromScript = await createUserVia(withoutClientHeader(newUserRequest("from-script")));
    expect((await findEventsOf(fromUi.id))[0]).toMatchObject({
      action: "user.create",
      actorType: "user",
      actorId: TEST_USERS.admin.id,
      actorName: TEST_USERS.admin.username,
      source: "ui",
      summary: "Created user from-ui (editor)",
    });
    expect((await findEventsOf(fromScript.id))[0]).toMatchObject({
      actorId: TEST_USERS.admin.id,
      source: "api",
    });
  });

  it("is api for a token even when it sends the client header", async () => {
    const { secret, token } = await createTokenAs("editor", "source-probe");
    const res = await blocksRoute.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "Token block", prefix: "+3197", regex: "!^(.*)$!sip:\\1@example.com!" },
        as: { token: secret },
        headers: { [CLIENT_HEADER]: "ui" },
      }),
    );
    const block = await readBody<{ id: string }>(res);
    expect(res.status, JSON.stringify(block)).toBe(201);
    expect((await findEventsOf(block.id))[0]).toMatchObject({
      action: "block.create",
      actorType: "token",
      actorId: token.id,
      source: "api",
    });
  });
});

describe("user and token events", () => {
  it("records a user's role change, disabling and password reset without the hash", async () => {
    const bob = await createUserVia(newUserRequest("bob-history", "viewer"));
    const patch = async (json: unknown) => {
      const res = await userRoute.PATCH(
        toRequest(`/api/users/${bob.id}`, { method: "PATCH", json, as: "admin" }),
        toContext(bob.id),
      );
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await patch({ role: "tester" });
    await patch({ password: "a brand new password" });
    await patch({ disabled: true });
    const events = await findEventsOf(bob.id);
    expect(events.map((event) => [event.action, event.actorName, event.summary])).toEqual([
      ["user.create", TEST_USERS.admin.username, "Created user bob-history (viewer)"],
      [
        "user.update",
        TEST_USERS.admin.username,
        "Changed the role of user bob-history from viewer to tester",
      ],
      ["user.update", TEST_USERS.admin.username, "Changed the password of user bob-history"],
      ["user.update", TEST_USERS.admin.username, "Disabled user bob-history"],
    ]);
    expect(events[2]?.after).toMatchObject({ passwordChanged: true });
    const hash = (await getPrisma().user.findUniqueOrThrow({ where: { id: bob.id } })).passwordHash;
    const csv = await readText(await historyExport.GET(toRequest(`/api/history/export?entityId=${bob.id}`)));
    expect(csv).toContain("passwordChanged");
    expect(csv).not.toContain(hash);
    expect(csv).not.toContain("a brand new password");
  });

  it("records an own password change by the user", async () => {
    const res = await passwordRoute.PUT(
      toRequest("/api/account/password", {
        method: "PUT",
        json: { currentPassword: TEST_PASSWORD, newPassword: "tester's new password" },
        as: "tester",
      }),
    );
    expect(res.status, await res.clone().text()).toBe(204);
    expect(await findEventsOf(TEST_USERS.tester.id)).toContainEqual(
      expect.objectContaining({
        action: "user.update",
        actorId: TEST_USERS.tester.id,
        source: "ui",
        after: expect.objectContaining({ passwordChanged: true }) as unknown,
      }),
    );
  });

  it("records token creation and revocation, and never shows the secret", async () => {
    const { secret, token } = await createTokenAs("editor", "ci-export");
    const revoked = await tokenRoute.DELETE(
      toRequest(`/api/tokens/${token.id}`, { method: "DELETE", as: "admin" }),
      toContext(token.id),
    );
    expect(revoked.status).toBe(200);
    const events = await findEventsOf(token.id);
    expect(events.map((event) => [event.action, event.actorName, event.summary])).toEqual([
      [
        "token.create",
        TEST_USERS.editor.username,
        `Created token "ci-export" of ${TEST_USERS.editor.username} (read, write)`,
      ],
      [
        "token.revoke",
        TEST_USERS.admin.username,
        `Revoked token "ci-export" of ${TEST_USERS.editor.username}`,
      ],
    ]);
    const listed = JSON.stringify(await listHistory("entityType=token"));
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain(toSecretHash(secret));
  });

  it("refuses to revert an account event with 422 and a reason", async () => {
    const carol = await createUserVia(newUserRequest("carol-revert"));
    const [created] = await findEventsOf(carol.id);
    const error = await expectError(
      await revertRoute.POST(
        toRequest(`/api/history/${created!.id}/revert`, { method: "POST", as: "admin" }),
        toContext(String(created!.id)),
      ),
      422,
      "validation",
    );
    expect(error.message).toBe(
      `History event #${created!.id} (user.create) cannot be reverted: only changes to number blocks and settings can. Change the user on the Users page instead.`,
    );
    expect(await findEventsOf(carol.id)).toHaveLength(1);
  });
});

describe("GET /api/health", () => {
  const PUBLIC_KEYS = {
    database: ["ok", "revision"],
    responder: ["enabled", "listening", "servedRevision", "serial"],
  };

  it.each<{ as: TestCaller; label: string }>([
    { as: "none", label: "no credentials" },
    { as: { token: "ec_not-a-real-token" }, label: "a bad token" },
  ])("answers $label with the status and nothing more", async ({ as }) => {
    const res = await healthRoute.GET(toRequest("/api/health", { as }));
    expect([200, 503]).toContain(res.status);
    const body = await readBody<Record<string, Record<string, unknown>>>(res);
    expect(Object.keys(body).sort()).toEqual(["database", "ok", "reason", "responder"]);
    expect(Object.keys(body.database!).sort()).toEqual(PUBLIC_KEYS.database.toSorted());
    expect(Object.keys(body.responder!).sort()).toEqual(PUBLIC_KEYS.responder.toSorted());
    expect(body.ok).toBe(res.status === 200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("gives a reader the full report", async () => {
    const res = await healthRoute.GET(toRequest("/api/health", { as: "viewer" }));
    const body = await readBody<HealthStatus>(res);
    expect(body.database).toHaveProperty("error");
  });
});

describe("POST /api/setup", () => {
  it("records the first admin as the author of its own creation", async () => {
    await getPrisma().user.deleteMany();
    const res = await setupRoute.POST(
      toRequest("/api/setup", {
        method: "POST",
        json: { username: "First", password: "a long enough password" },
        as: "none",
        origin: TEST_ORIGIN,
        headers: { [CLIENT_HEADER]: "ui", "X-Forwarded-For": "192.0.2.44" },
      }),
    );
    const body = await readBody<{ user: UserRecord }>(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    const events = await getPrisma().auditEvent.findMany({ where: { entityId: body.user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.create",
      actorType: "user",
      actorId: body.user.id,
      actorName: "first",
      source: "ui",
      remoteAddr: "192.0.2.44",
      summary: "Created user first (admin) as the first admin",
    });
  });
});
