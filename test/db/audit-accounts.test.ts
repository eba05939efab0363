// Users and API tokens in the audit history, against a real SQLite file: each account change
// records exactly one event by its actor in the change's own transaction, a refused change
// records nothing, and no stored event holds a password hash, a token secret or its hash.
import { migrateTestDatabase, removeTestDatabase, toRejection } from "./support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdminFromEnv } from "@/lib/auth/bootstrap";
import { changeOwnPassword, setUpFirstAdmin } from "@/lib/auth/sign-in";
import { findAuditEvents } from "@/lib/db/audit";
import { getPrisma } from "@/lib/db/client";
import { revertAuditEvent } from "@/lib/db/revert";
import { toSecretHash } from "@/lib/db/sessions";
import { createApiToken, revokeApiToken } from "@/lib/db/tokens";
import { SYSTEM_ACTOR, type Actor, type AuditEventRecord } from "@/lib/db/types";
import { createUser, getPasswordHash, updateUser } from "@/lib/db/users";

const ALICE: Actor = {
  type: "user",
  id: "user-alice",
  name: "alice",
  source: "ui",
  remoteAddr: "127.0.0.1",
  prefixes: [],
};

/** Stand-ins for scrypt hashes: distinctive, so a leak into the history is found by substring. */
const HASH_A = "scrypt$hash-of-the-first-password$AAAA";
const HASH_B = "scrypt$hash-of-the-second-password$BBBB";

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(async () => {
  await getPrisma().auditEvent.deleteMany();
  // Sessions and tokens go with their users (ON DELETE CASCADE).
  await getPrisma().user.deleteMany();
});

async function findAllEvents(): Promise<AuditEventRecord[]> {
  return (await findAuditEvents({ limit: 500 })).items.toReversed();
}

/** Every stored audit row as the raw text in the database (what a reader of the file sees). */
async function readStoredEvents(): Promise<string> {
  return JSON.stringify(await getPrisma().auditEvent.findMany());
}

describe("user events", () => {
  it("records a created user by its actor, without the hash", async () => {
    const bob = await createUser({ username: "Bob", passwordHash: HASH_A, role: "editor" }, ALICE);
    const events = await findAllEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.create",
      entityType: "user",
      entityId: bob.id,
      actorType: "user",
      actorId: ALICE.id,
      actorName: "alice",
      source: "ui",
      remoteAddr: "127.0.0.1",
      before: null,
      after: { username: "bob", role: "editor", disabled: false },
      summary: "Created user bob (editor)",
    });
    expect(await readStoredEvents()).not.toContain(HASH_A);
  });

  it("records nothing when the name is taken", async () => {
    await createUser({ username: "bob", passwordHash: HASH_A, role: "viewer" }, ALICE);
    const error = await toRejection(
      createUser({ username: "BOB", passwordHash: HASH_B, role: "admin" }, ALICE),
    );
    expect(error.code).toBe("conflict");
    expect((await findAllEvents()).map((event) => event.action)).toEqual(["user.create"]);
  });

  it.each([
    {
      change: { role: "admin" as const },
      after: { role: "admin", disabled: false },
      summary: "Changed the role of user bob from editor to admin",
    },
    { change: { disabled: true }, after: { role: "editor", disabled: true }, summary: "Disabled user bob" },
    {
      change: { passwordHash: HASH_B },
      after: { role: "editor", disabled: false, passwordChanged: true },
      summary: "Changed the password of user bob",
    },
    {
      change: { role: "viewer" as const, disabled: true, passwordHash: HASH_B },
      after: { role: "viewer", disabled: true, passwordChanged: true },
      summary: "Changed user bob: role editor → viewer, disabled, new password",
    },
    {
      change: { role: "editor" as const },
      after: { role: "editor" },
      summary: "Saved user bob without changes",
    },
  ])("records one update ($summary), never the hash", async ({ change, after, summary }) => {
    const bob = await createUser({ username: "bob", passwordHash: HASH_A, role: "editor" }, ALICE);
    await updateUser(bob.id, change, ALICE);
    const events = await findAllEvents();
    expect(events.map((event) => event.action)).toEqual(["user.create", "user.update"]);
    const update = events[1]!;
    expect(update).toMatchObject({
      entityId: bob.id,
      actorId: ALICE.id,
      before: { username: "bob", role: "editor", disabled: false },
      after: { username: "bob", ...after },
      summary,
    });
    expect(update.before).not.toHaveProperty("passwordChanged");
    if (change.passwordHash === undefined) expect(update.after).not.toHaveProperty("passwordChanged");
    const stored = await readStoredEvents();
    expect(stored).not.toContain(HASH_A);
    expect(stored).not.toContain(HASH_B);
    expect(stored).not.toMatch(/passwordHash/i);
  });

  it("records nothing when the last admin would be demoted", async () => {
    const root = await createUser({ username: "root", passwordHash: HASH_A, role: "admin" }, ALICE);
    const error = await toRejection(updateUser(root.id, { role: "viewer" }, ALICE));
    expect(error.code).toBe("conflict");
    expect((await findAllEvents()).map((event) => event.action)).toEqual(["user.create"]);
  });

  it("records an own password change by the user themselves", async () => {
    const { user } = await setUpFirstAdmin("carol", "a long enough password", {
      source: "ui",
      remoteAddr: "127.0.0.9",
    });
    const carol: Actor = {
      type: "user",
      id: user.id,
      name: user.username,
      source: "ui",
      remoteAddr: "",
      prefixes: [],
    };
    const oldHash = await getPasswordHash(user.id);
    await changeOwnPassword(user, "a long enough password", "another long password", carol);
    const newHash = await getPasswordHash(user.id);
    const events = await findAllEvents();
    expect(events.map((event) => [event.action, event.actorId])).toEqual([
      ["user.create", user.id],
      ["user.update", user.id],
    ]);
    expect(events[1]?.after).toMatchObject({ passwordChanged: true });
    const stored = await readStoredEvents();
    expect(oldHash).not.toBe(newHash);
    expect(stored).not.toContain(oldHash);
    expect(stored).not.toContain(newHash);
  });
});

describe("first admin events", () => {
  it("records the /setup admin as the author of its own creation", async () => {
    const { user } = await setUpFirstAdmin("Root", "a long enough password", {
      source: "ui",
      remoteAddr: "127.0.0.9",
    });
    const events = await findAllEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.create",
      entityId: user.id,
      actorType: "user",
      actorId: user.id,
      actorName: "root",
      source: "ui",
      remoteAddr: "127.0.0.9",
      after: { username: "root", role: "admin", disabled: false },
      summary: "Created user root (admin) as the first admin",
    });
  });

  it("records the environment's admin as made by the system", async () => {
    const outcome = await createAdminFromEnv({
      ENUM_CONSOLE_ADMIN_USER: "ops",
      ENUM_CONSOLE_ADMIN_PASSWORD: "from the environment",
    });
    expect(outcome).toEqual({ created: true, username: "ops" });
    const events = await findAllEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.create",
      actorType: SYSTEM_ACTOR.type,
      actorId: null,
      actorName: SYSTEM_ACTOR.name,
      source: "system",
      after: { username: "ops", role: "admin" },
    });
    expect(await readStoredEvents()).not.toContain("from the environment");
  });

  it("records nothing when a second first admin is refused", async () => {
    await setUpFirstAdmin("root", "a long enough password", { source: "ui", remoteAddr: "" });
    const error = await toRejection(
      setUpFirstAdmin("other", "a long enough password", { source: "ui", remoteAddr: "" }),
    );
    expect(error.code).toBe("conflict");
    expect(await findAllEvents()).toHaveLength(1);
  });
});

describe("token events", () => {
  it("records a created token with its name, owner, scopes, prefixes and expiry, never the secret", async () => {
    const bob = await createUser({ username: "bob", passwordHash: HASH_A, role: "editor" }, ALICE);
    const expiresAt = new Date("2027-01-01T00:00:00.000Z");
    const { secret, token } = await createApiToken(
      bob.id,
      { name: "ci-export", scopes: ["read", "export"], prefixes: ["+1650"], expiresAt },
      ALICE,
    );
    const events = await findAllEvents();
    expect(events.map((event) => event.action)).toEqual(["user.create", "token.create"]);
    expect(events[1]).toMatchObject({
      entityType: "token",
      entityId: token.id,
      actorId: ALICE.id,
      before: null,
      after: {
        name: "ci-export",
        owner: "bob",
        scopes: ["read", "export"],
        prefixes: ["+1650"],
        expiresAt: expiresAt.toISOString(),
        revokedAt: null,
      },
      summary: 'Created token "ci-export" of bob (read, export under +1650)',
    });
    const stored = await readStoredEvents();
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(3, 20));
    expect(stored).not.toContain(toSecretHash(secret));
  });

  it("records a revocation once: revoking again changes and records nothing", async () => {
    const bob = await createUser({ username: "bob", passwordHash: HASH_A, role: "editor" }, ALICE);
    const { secret, token } = await createApiToken(
      bob.id,
      { name: "ci", scopes: ["read"], prefixes: [] },
      ALICE,
    );
    const at = new Date("2026-11-23T12:00:00.000Z");
    const revoked = await revokeApiToken(token.id, at, ALICE);
    const again = await revokeApiToken(token.id, new Date("2026-11-24T12:00:00.000Z"), ALICE);
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const events = await findAllEvents();
    expect(events.map((event) => event.action)).toEqual(["user.create", "token.create", "token.revoke"]);
    expect(events[2]).toMatchObject({
      entityId: token.id,
      actorName: "alice",
      before: { name: "ci", owner: "bob", revokedAt: null },
      after: { name: "ci", owner: "bob", revokedAt: at.toISOString() },
      summary: 'Revoked token "ci" of bob',
    });
    const stored = await readStoredEvents();
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(toSecretHash(secret));
  });

  it("records nothing for an unknown token", async () => {
    expect((await toRejection(revokeApiToken("no-such-token", new Date(), ALICE))).code).toBe("not-found");
    expect(await findAllEvents()).toHaveLength(0);
  });
});

describe("reverting account events", () => {
  it("is refused with a validation error that says where to make the change", async () => {
    const bob = await createUser({ username: "bob", passwordHash: HASH_A, role: "editor" }, ALICE);
    const { token } = await createApiToken(bob.id, { name: "ci", scopes: ["read"], prefixes: [] }, ALICE);
    await revokeApiToken(token.id, new Date(), ALICE);
    const events = await findAllEvents();
    for (const event of events) {
      const error = await toRejection(revertAuditEvent(event.id, ALICE));
      expect(error.code).toBe("validation");
      expect(error.message).toContain(`#${event.id} (${event.action}) cannot be reverted`);
      expect(error.message).toMatch(event.entityType === "user" ? /Users page/ : /Account page/);
    }
    expect(await findAllEvents()).toHaveLength(events.length);
    expect(
      (await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt,
    ).not.toBeNull();
  });
});
