// The history page's diff and revert wording (components/history/audit-diff.ts), from events
// shaped as lib/db records them.
import { describe, expect, it } from "vitest";
import { isRevertible, toAuditDiffRows, toDiffText, toRevertEffect } from "@/components/history/audit-diff";
import type { AuditEventRecord } from "@/lib/api-client/types";

const BLOCK = {
  name: "Manhattan",
  prefix: "+1212",
  regex: "!^(.*)$!sip:\\1@ngv.example.com!",
  enumservice: "E2U+sip",
  extraRules: [],
  enabled: true,
  notes: "",
};

function toEvent(action: string, before: object | null, after: object | null): AuditEventRecord {
  return {
    id: 7,
    at: "2026-11-23T10:00:00.000Z",
    actorType: "user",
    actorId: "u1",
    actorName: "alice",
    source: "ui",
    remoteAddr: "",
    action,
    entityType: action.startsWith("settings") ? "settings" : "block",
    entityId: "b1",
    batchId: null,
    before: before as AuditEventRecord["before"],
    after: after as AuditEventRecord["after"],
    revision: 3,
    revertOf: null,
    revertedBy: null,
    summary: "",
  };
}

describe("toAuditDiffRows", () => {
  it("lists only the changed fields of an update, regexes monospace", () => {
    const rows = toAuditDiffRows(
      toEvent("block.update", BLOCK, { ...BLOCK, regex: "!x!y!", enabled: false }),
    );
    expect(rows).toEqual([
      { field: "regex", label: "Regex", before: BLOCK.regex, after: "!x!y!", monospace: true },
      { field: "enabled", label: "Enabled", before: "yes", after: "no", monospace: false },
    ]);
  });

  it("lists every field of a created block with an empty before, and of a deleted one with an empty after", () => {
    const created = toAuditDiffRows(toEvent("block.create", null, BLOCK));
    expect(created.map((row) => [row.field, row.before, row.after])).toEqual([
      ["name", "", "Manhattan"],
      ["prefix", "", "+1212"],
      ["regex", "", BLOCK.regex],
      ["enumservice", "", "E2U+sip"],
      ["extraRules", "", "(none)"],
      ["enabled", "", "yes"],
      ["notes", "", "(empty)"],
    ]);
    const deleted = toAuditDiffRows(toEvent("block.delete", BLOCK, null));
    expect(deleted.every((row) => row.after === "" && row.before !== "")).toBe(true);
  });

  it.each([
    ["prefix", "", "(catch-all)"],
    ["notes", "", "(empty)"],
    ["defaultTtl", 3600, "3600"],
    ["nsNames", ["a.example", "b.example"], '[ "a.example", "b.example" ]'],
    ["regex", undefined, ""],
  ])("shows %s = %j as %j", (field, value, text) => {
    expect(toDiffText(field, value)).toBe(text);
  });
});

describe("toRevertEffect", () => {
  it.each([
    ["block.create", null, BLOCK, "Deletes block “Manhattan” (+1212) again."],
    ["block.delete", BLOCK, null, "Re-creates block “Manhattan” (+1212) as it was before it was deleted."],
    [
      "block.update",
      BLOCK,
      { ...BLOCK, regex: "!x!y!", notes: "n" },
      "Puts back the previous regex, notes of block “Manhattan” (+1212).",
    ],
    [
      "block.update",
      BLOCK,
      { ...BLOCK, prefix: "" },
      "Puts back the previous prefix of block “Manhattan” (catch-all).",
    ],
    [
      "settings.update",
      { defaultTtl: 60 },
      { defaultTtl: 120 },
      "Puts back the previous settings (default ttl).",
    ],
    ["user.create", null, { username: "bob" }, "This change cannot be reverted."],
  ])("%s says what a revert does", (action, before, after, text) => {
    const event = toEvent(action, before, after);
    expect(toRevertEffect(event)).toBe(text);
    expect(isRevertible(event)).toBe(action !== "user.create");
  });
});
