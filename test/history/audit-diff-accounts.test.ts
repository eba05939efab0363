// The history's diff of user and token events (components/history/audit-diff.ts), shaped as
// lib/db/users.ts and lib/db/tokens.ts record them: readable labels, no Revert.
import { describe, expect, it } from "vitest";
import { isRevertible, toAuditDiffRows, toRevertEffect } from "@/components/history/audit-diff";
import type { AuditEventRecord } from "@/lib/api-client/types";

const TOKEN = {
  name: "ci-export",
  owner: "alice",
  scopes: ["read", "export"],
  prefixes: [],
  expiresAt: null,
  revokedAt: null,
};

function toEvent(action: string, before: object | null, after: object | null): AuditEventRecord {
  return {
    id: 9,
    at: "2026-11-23T10:00:00.000Z",
    actorType: "user",
    actorId: "u1",
    actorName: "alice",
    source: "ui",
    remoteAddr: "",
    action,
    entityType: action.startsWith("user") ? "user" : "token",
    entityId: "x1",
    batchId: null,
    before: before as AuditEventRecord["before"],
    after: after as AuditEventRecord["after"],
    revision: null,
    revertOf: null,
    revertedBy: null,
    summary: "",
  };
}

describe("account events in the history", () => {
  it("shows a password change as a flag, next to the changed role", () => {
    const event = toEvent(
      "user.update",
      { username: "bob", role: "viewer", disabled: false },
      { username: "bob", role: "editor", disabled: false, passwordChanged: true },
    );
    expect(toAuditDiffRows(event).map(({ label, before, after }) => [label, before, after])).toEqual([
      ["Role", "viewer", "editor"],
      ["Password changed", "", "yes"],
    ]);
  });

  it("lists a new token's scopes and limits in words", () => {
    const rows = toAuditDiffRows(toEvent("token.create", null, TOKEN));
    expect(rows.map(({ label, after }) => [label, after])).toEqual([
      ["Name", "ci-export"],
      ["Owner", "alice"],
      ["Scopes", "read, export"],
      ["Number prefixes", "(any)"],
      ["Expires", "never"],
      ["Revoked", "never"],
    ]);
    const limited = toAuditDiffRows(toEvent("token.create", null, { ...TOKEN, prefixes: ["+1650", "+44"] }));
    expect(limited.find((row) => row.field === "prefixes")).toMatchObject({
      after: "+1650, +44",
      monospace: true,
    });
  });

  it.each(["user.create", "user.update", "token.create", "token.revoke"])(
    "offers no revert for %s",
    (action) => {
      const event = toEvent(action, null, TOKEN);
      expect(isRevertible(event)).toBe(false);
      expect(toRevertEffect(event)).toBe("This change cannot be reverted.");
    },
  );
});
