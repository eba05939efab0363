// Route handlers of the audit history against a real SQLite file: the list and its filters,
// the CSV export, reverts with their permissions and conflicts, the recorded authors.
import { afterAll, describe, expect, it } from "vitest";
import {
  TEST_USERS,
  expectError,
  readBody,
  readText,
  removeTestDir,
  toContext,
  toRequest,
  type TestCaller,
} from "./support";
import Papa from "papaparse";
import * as blocks from "@/app/api/blocks/route";
import * as block from "@/app/api/blocks/[id]/route";
import * as history from "@/app/api/history/route";
import * as historyEvent from "@/app/api/history/[id]/route";
import * as revert from "@/app/api/history/[id]/revert/route";
import * as batchRevert from "@/app/api/history/batch/[batchId]/revert/route";
import * as historyExport from "@/app/api/history/export/route";
import * as importRoute from "@/app/api/import/route";
import * as settings from "@/app/api/settings/route";
import { createApiToken } from "@/lib/db/tokens";
import type {
  AuditEventPage,
  AuditEventRecord,
  NumberBlockRecord,
  RevertResult,
  SettingsRecord,
} from "@/lib/db/types";

afterAll(removeTestDir);

const SIP = "!^(.*)$!sip:\\1@ngv.example.com!";
const TRUNK = "!^(.*)$!sip:\\1@trunk.example.com!";

let prefixCounter = 0;
/** A prefix no other test in this file uses. */
function toUniquePrefix(): string {
  prefixCounter++;
  return `+7${String(prefixCounter).padStart(4, "0")}`;
}

async function createBlock(prefix: string, as: TestCaller = "editor"): Promise<NumberBlockRecord> {
  const res = await blocks.POST(
    toRequest("/api/blocks", { method: "POST", json: { name: `block ${prefix}`, prefix, regex: SIP }, as }),
  );
  const body = await readBody<NumberBlockRecord>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function patchBlock(id: string, json: unknown, as: TestCaller = "editor"): Promise<NumberBlockRecord> {
  const res = await block.PATCH(toRequest(`/api/blocks/${id}`, { method: "PATCH", json, as }), toContext(id));
  const body = await readBody<NumberBlockRecord>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function getBlock(id: string): Promise<Response> {
  return block.GET(toRequest(`/api/blocks/${id}`), toContext(id));
}

async function listHistory(search: string, as: TestCaller = "viewer"): Promise<AuditEventPage> {
  const res = await history.GET(toRequest(`/api/history?${search}`, { as }));
  const body = await readBody<AuditEventPage>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

function postRevert(id: number, as: TestCaller = "editor"): Promise<Response> {
  return revert.POST(toRequest(`/api/history/${id}/revert`, { method: "POST", as }), toContext(String(id)));
}

function postBatchRevert(batchId: string, as: TestCaller = "editor"): Promise<Response> {
  return batchRevert.POST(toRequest(`/api/history/batch/${batchId}/revert`, { method: "POST", as }), {
    params: Promise.resolve({ batchId }),
  });
}

describe("GET /api/history", () => {
  it("shows an editor's change with its author, source and diff, newest first", async () => {
    const prefix = toUniquePrefix();
    const created = await createBlock(prefix);
    await patchBlock(created.id, { version: created.version, regex: TRUNK, name: "renamed" });
    const page = await listHistory(`entityType=block&entityId=${created.id}`);
    expect(page.items.map((e) => e.action)).toEqual(["block.update", "block.create"]);
    const [update] = page.items as [AuditEventRecord];
    expect(update).toMatchObject({
      actorType: "user",
      actorId: TEST_USERS.editor.id,
      actorName: "test-editor",
      source: "ui",
      entityType: "block",
      before: { name: `block ${prefix}`, regex: SIP },
      after: { name: "renamed", regex: TRUNK },
      summary: `Changed name and regex of block "renamed" (${prefix})`,
      revertedBy: null,
    });
    // The same list by prefix, and one event by id.
    expect((await listHistory(`prefix=${encodeURIComponent(prefix)}`)).items).toEqual(page.items);
    const one = await historyEvent.GET(toRequest(`/api/history/${update.id}`), toContext(String(update.id)));
    expect(await readBody(one)).toEqual(update);
  });

  it("pages with a cursor and refuses bad filters with 422", async () => {
    for (let i = 0; i < 3; i++) await createBlock(toUniquePrefix(), "admin");
    const first = await listHistory("actor=test-admin&limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listHistory(`actor=test-admin&limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0]?.id).toBeLessThan(first.items[1]?.id ?? 0);
    expect(second.items.every((e) => e.actorName === "test-admin")).toBe(true);

    for (const search of ["limit=0", "cursor=abc", "entityType=planet", "from=yesterday", "prefix=12a"]) {
      const res = await history.GET(toRequest(`/api/history?${search}`, { as: "viewer" }));
      await expectError(res, 422, "validation");
    }
    const missing = await historyEvent.GET(toRequest("/api/history/99999"), toContext("99999"));
    await expectError(missing, 404, "not-found");
  });

  it("needs a signed-in caller", async () => {
    await expectError(await history.GET(toRequest("/api/history", { as: "none" })), 401, "unauthorized");
    await expectError(
      await historyExport.GET(toRequest("/api/history/export", { as: "none" })),
      401,
      "unauthorized",
    );
  });
});

describe("POST /api/history/:id/revert", () => {
  it("reverts an editor's change: the block is back and the revert is recorded with its author", async () => {
    const created = await createBlock(toUniquePrefix());
    await patchBlock(created.id, { version: created.version, regex: TRUNK });
    const [update] = (await listHistory(`entityId=${created.id}`)).items as [AuditEventRecord];

    const res = await postRevert(update.id, "admin");
    const result = await readBody<RevertResult>(res);
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ eventCount: 1, batchId: null });
    expect(await readBody(await getBlock(created.id))).toMatchObject({ regex: SIP, version: 3 });

    const events = (await listHistory(`entityId=${created.id}`)).items;
    expect(events[0]).toMatchObject({
      action: "block.update",
      revertOf: update.id,
      actorName: "test-admin",
      revision: result.revision,
      before: { regex: TRUNK },
      after: { regex: SIP },
    });
    expect(events[1]).toMatchObject({ id: update.id, revertedBy: events[0]?.id });
  });

  it("answers 409 naming the block when it changed since, and changes nothing", async () => {
    const created = await createBlock(toUniquePrefix());
    const updated = await patchBlock(created.id, { version: created.version, regex: TRUNK });
    const [update] = (await listHistory(`entityId=${created.id}`)).items as [AuditEventRecord];
    await patchBlock(created.id, { version: updated.version, notes: "later edit" }, "admin");

    const error = await expectError(await postRevert(update.id), 409, "conflict");
    expect(error.message).toContain(`"block ${created.prefix}" (${created.prefix}) notes changed since`);
    expect(error.details).toMatchObject({
      conflictCount: 1,
      conflicts: [{ entityId: created.id, current: { notes: "later edit", regex: TRUNK } }],
    });
    expect(await readBody(await getBlock(created.id))).toMatchObject({ regex: TRUNK, notes: "later edit" });
  });

  it("lets editors and admins revert, not testers or viewers; settings need an admin", async () => {
    const created = await createBlock(toUniquePrefix());
    const [event] = (await listHistory(`entityId=${created.id}`)).items as [AuditEventRecord];
    await expectError(await postRevert(event.id, "viewer"), 403, "forbidden");
    await expectError(await postRevert(event.id, "tester"), 403, "forbidden");
    await expectError(await postRevert(event.id, "none"), 401, "unauthorized");
    expect((await getBlock(created.id)).status).toBe(200);

    const current = await readBody<SettingsRecord>(await settings.GET(toRequest("/api/settings")));
    const saved = await settings.PUT(
      toRequest("/api/settings", { method: "PUT", json: { version: current.version, defaultTtl: 120 } }),
    );
    expect(saved.status).toBe(200);
    const [settingsEvent] = (await listHistory("entityType=settings")).items as [AuditEventRecord];
    expect(settingsEvent).toMatchObject({ actorName: "test-admin", after: { defaultTtl: 120 } });
    await expectError(await postRevert(settingsEvent.id, "editor"), 403, "forbidden");
    expect((await postRevert(settingsEvent.id, "admin")).status).toBe(200);
    const after = await readBody<SettingsRecord>(await settings.GET(toRequest("/api/settings")));
    expect(after.defaultTtl).toBe(current.defaultTtl);
  });

  it("lets a prefix-limited token revert changes under its prefix only", async () => {
    const inside = await createBlock("+7165001");
    const outside = await createBlock("+7265001");
    const { secret } = await createApiToken(TEST_USERS.editor.id, {
      name: "limited",
      scopes: ["read", "write"],
      prefixes: ["+71650"],
    });
    const [outsideEvent] = (await listHistory(`entityId=${outside.id}`)).items as [AuditEventRecord];
    const [insideEvent] = (await listHistory(`entityId=${inside.id}`)).items as [AuditEventRecord];
    await expectError(await postRevert(outsideEvent.id, { token: secret }), 403, "forbidden");
    const res = await postRevert(insideEvent.id, { token: secret });
    expect(res.status).toBe(200);
    expect((await getBlock(inside.id)).status).toBe(404);
    const [recorded] = (await listHistory(`entityId=${inside.id}`)).items as [AuditEventRecord];
    expect(recorded).toMatchObject({
      actorType: "token",
      source: "api",
      actorName: "token limited (test-editor)",
    });
    const batch = await postBatchRevert("any-batch", { token: secret });
    await expectError(batch, 403, "forbidden");
  });

  it("refuses a malformed id with 422 and an unknown one with 404", async () => {
    await expectError(await postRevert(Number.NaN), 422, "validation");
    await expectError(await postRevert(987654), 404, "not-found");
  });
});

describe("POST /api/history/batch/:batchId/revert", () => {
  it("reverts a whole import made through the API", async () => {
    const kept = await createBlock("+7399001");
    const text = JSON.stringify({
      number_blocks: [
        { name: "changed by import", prefix: "+7399001", regex: TRUNK },
        { name: "added by import", prefix: "+7399002", regex: TRUNK },
      ],
    });
    const imported = await importRoute.POST(
      toRequest("/api/import?mode=merge&dryRun=false", { method: "POST", body: text, as: "editor" }),
    );
    expect(imported.status, await imported.clone().text()).toBe(200);
    const events = (await listHistory("action=block.create&prefix=%2B7399002")).items;
    const batchId = events[0]?.batchId ?? "";
    expect(events[0]).toMatchObject({ source: "import", actorName: "test-editor" });
    expect((await listHistory(`batchId=${batchId}`)).items).toHaveLength(2);

    const res = await postBatchRevert(batchId);
    const result = await readBody<RevertResult>(res);
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result.eventCount).toBe(2);
    expect(await readBody(await getBlock(kept.id))).toMatchObject({ name: "block +7399001", regex: SIP });
    const list = await readBody<{ total: number }>(
      await blocks.GET(toRequest("/api/blocks?number=%2B7399002&pageSize=5")),
    );
    expect(list.total).toBe(0);
    await expectError(await postBatchRevert("no-such-batch"), 404, "not-found");
  });
});

describe("GET /api/history/export", () => {
  it("streams the filtered history as CSV with before/after JSON", async () => {
    const created = await createBlock(toUniquePrefix());
    await patchBlock(created.id, { version: 1, regex: TRUNK });
    const res = await historyExport.GET(toRequest(`/api/history/export?entityId=${created.id}`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="enum-console-history-.*\.csv"$/,
    );
    const text = await readText(res);
    const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    expect(rows.map((row) => row.action)).toEqual(["block.update", "block.create"]);
    expect(rows[0]).toMatchObject({ entityId: created.id, actorName: "test-editor", source: "ui" });
    expect(JSON.parse(rows[0]?.after ?? "")).toMatchObject({ regex: TRUNK });
    expect(rows[1]?.before).toBe("");
  });

  it("pages through more events than one read (every event once, newest first)", async () => {
    const created = await createBlock(toUniquePrefix());
    let version = created.version;
    for (let i = 0; i < 12; i++)
      version = (await patchBlock(created.id, { version, notes: `n${i}` })).version;
    const { iterateAuditEvents } = await import("@/lib/db/audit");
    const ids: number[] = [];
    for await (const page of iterateAuditEvents({ entityId: created.id }, 5))
      ids.push(...page.map((e) => e.id));
    expect(ids).toHaveLength(13);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });
});
