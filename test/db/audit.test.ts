// The audit history against a real SQLite file: every mutation records one event in its own
// transaction, failures record nothing, imports are one batch, and reverts undo and are recorded.
import { clearTestDatabase, migrateTestDatabase, removeTestDatabase, toRejection } from "./support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  findAuditEvents,
  getAuditEvent,
  iterateAuditEvents,
  recordAuditEvents,
  toAuditBlockState,
} from "@/lib/db/audit";
import {
  createNumberBlock,
  deleteNumberBlock,
  getNumberBlock,
  setNumberBlockEnabled,
  updateNumberBlock,
} from "@/lib/db/blocks";
import { getPrisma } from "@/lib/db/client";
import { applyImport } from "@/lib/db/import";
import { revertAuditBatch, revertAuditEvent } from "@/lib/db/revert";
import { getRevision, getRuleSnapshot } from "@/lib/db/ruleset";
import { getSettings, updateSettings } from "@/lib/db/settings";
import type { Actor, AuditEventRecord, NumberBlockRecord } from "@/lib/db/types";
import { resolveJson } from "@/lib/enum/json-path";

const SIP = "!^(.*)$!sip:\\1@ngv.example.com!";
const TRUNK = "!^(.*)$!sip:\\1@trunk.example.com!";

const ALICE: Actor = {
  type: "user",
  id: "user-alice",
  name: "alice",
  source: "ui",
  remoteAddr: "127.0.0.1",
  prefixes: [],
};
const CI_TOKEN: Actor = {
  type: "token",
  id: "token-ci",
  name: "token ci (bob)",
  source: "api",
  remoteAddr: "127.0.0.2",
  prefixes: [],
};

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(async () => {
  await clearTestDatabase();
  await getPrisma().auditEvent.deleteMany();
});

/** Every event, oldest first. */
async function findAllEvents(): Promise<AuditEventRecord[]> {
  const events: AuditEventRecord[] = [];
  for await (const page of iterateAuditEvents({})) events.push(...page);
  return events.reverse();
}

/** The blocks as their content (no ids, versions, times), in prefix order. */
async function readBlockContents(): Promise<Record<string, unknown>[]> {
  const rows = await getPrisma().numberBlock.findMany({ orderBy: { prefix: "asc" } });
  return rows.map(({ name, prefix, regex, enumservice, extraRules, enabled, notes }) => ({
    name,
    prefix,
    regex,
    enumservice,
    extraRules,
    enabled,
    notes,
  }));
}

/** What the enum.json path answers for each number under the current rules. */
async function resolveAll(numbers: readonly string[]): Promise<string[]> {
  const snapshot = await getRuleSnapshot();
  return numbers.map((number) => {
    const resolution = resolveJson(snapshot.table, number);
    return `${number} -> ${resolution.status} ${resolution.result}`;
  });
}

function toEnumJson(blocks: readonly { name: string; prefix: string; regex: string }[]): string {
  return JSON.stringify({ number_blocks: blocks });
}

describe("recording", () => {
  it("records create, update, toggle and delete with the actor, before/after and the revision", async () => {
    const created = await createNumberBlock({ name: "Demo", prefix: "+1650", regex: SIP }, ALICE);
    const createRevision = await getRevision();
    const updated = await updateNumberBlock(created.id, { version: 1, regex: TRUNK, notes: "moved" }, ALICE);
    const toggled = await setNumberBlockEnabled(created.id, false, updated.version, CI_TOKEN);
    await deleteNumberBlock(created.id, toggled.version, CI_TOKEN);

    const events = await findAllEvents();
    expect(events.map((e) => [e.action, e.entityId, e.actorName, e.actorType, e.source])).toEqual([
      ["block.create", created.id, "alice", "user", "ui"],
      ["block.update", created.id, "alice", "user", "ui"],
      ["block.update", created.id, "token ci (bob)", "token", "api"],
      ["block.delete", created.id, "token ci (bob)", "token", "api"],
    ]);
    const [create, update, toggle, remove] = events as [
      AuditEventRecord,
      AuditEventRecord,
      AuditEventRecord,
      AuditEventRecord,
    ];
    const state = {
      name: "Demo",
      prefix: "+1650",
      regex: SIP,
      enumservice: "E2U+sip",
      extraRules: [],
      enabled: true,
      notes: "",
    };
    expect(create).toMatchObject({
      before: null,
      after: state,
      revision: createRevision,
      actorId: "user-alice",
    });
    expect(update).toMatchObject({
      before: state,
      after: { ...state, regex: TRUNK, notes: "moved" },
      summary: 'Changed regex and notes of block "Demo" (+1650)',
    });
    expect(toggle.summary).toBe('Disabled block "Demo" (+1650)');
    expect(toggle.after).toMatchObject({ enabled: false });
    expect(remove).toMatchObject({
      after: null,
      before: { ...state, regex: TRUNK, notes: "moved", enabled: false },
    });
    expect(remove.remoteAddr).toBe("127.0.0.2");
    // Each change published its own revision, and the history names it.
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3].map((i) => createRevision + i));
  });

  it("records the system actor when none is given, and settings changes with their fields", async () => {
    const settings = await getSettings();
    await updateSettings({ version: settings.version, defaultTtl: 60, nsNames: ["ns1.example.com"] });
    const [event] = await findAllEvents();
    expect(event).toMatchObject({
      action: "settings.update",
      entityType: "settings",
      actorType: "system",
      actorName: "system",
      source: "system",
      summary: "Changed settings: defaultTtl, nsNames",
    });
    expect(event?.before).toMatchObject({ defaultTtl: settings.defaultTtl, nsNames: settings.nsNames });
    expect(event?.after).toMatchObject({ defaultTtl: 60, nsNames: ["ns1.example.com"] });
  });

  it("records nothing when the mutation fails", async () => {
    const block = await createNumberBlock({ name: "A", prefix: "44", regex: SIP }, ALICE);
    const before = await findAllEvents();
    await toRejection(createNumberBlock({ name: "dup", prefix: "44", regex: SIP }, ALICE));
    await toRejection(updateNumberBlock(block.id, { version: 99, name: "stale" }, ALICE));
    await toRejection(deleteNumberBlock(block.id, 99, ALICE));
    await toRejection(deleteNumberBlock("no-such-block", undefined, ALICE));
    const settings = await getSettings();
    await toRejection(updateSettings({ version: settings.version + 5, defaultTtl: 1 }, ALICE));
    expect(await findAllEvents()).toEqual(before);
  });

  it("records an import as one event per written block under one batch, source import", async () => {
    const kept = await createNumberBlock({ name: "old", prefix: "212", regex: SIP, notes: "ops" }, ALICE);
    const gone = await createNumberBlock({ name: "gone", prefix: "44", regex: SIP }, ALICE);
    await createNumberBlock({ name: "same", prefix: "33", regex: SIP }, ALICE);
    const result = await applyImport(
      toEnumJson([
        { name: "new", prefix: "212", regex: TRUNK },
        { name: "same", prefix: "33", regex: SIP },
        { name: "added", prefix: "49", regex: SIP },
      ]),
      "replace",
      {},
      ALICE,
    );
    const events = (await findAllEvents()).slice(3);
    expect(events.map((e) => [e.action, e.summary])).toEqual([
      ["block.delete", 'Import: Deleted block "gone" (44)'],
      ["block.update", 'Import: Changed name and regex of block "new" (212)'],
      ["block.create", 'Import: Created block "added" (49)'],
    ]);
    const batchIds = new Set(events.map((e) => e.batchId));
    expect(batchIds.size).toBe(1);
    expect([...batchIds][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.every((e) => e.source === "import" && e.actorName === "alice")).toBe(true);
    expect(events.every((e) => e.revision === result.revision)).toBe(true);
    expect(events[0]?.entityId).toBe(gone.id);
    expect(events[1]).toMatchObject({ entityId: kept.id, before: { notes: "ops" }, after: { notes: "ops" } });
    const added = await getPrisma().numberBlock.findUniqueOrThrow({ where: { prefix: "49" } });
    expect(events[2]?.entityId).toBe(added.id);
  });
});

describe("queries", () => {
  it("pages newest first by id and filters by entity, prefix, actor, action, batch and time", async () => {
    const a = await createNumberBlock({ name: "A", prefix: "1", regex: SIP }, ALICE);
    const b = await createNumberBlock({ name: "B", prefix: "12", regex: SIP }, CI_TOKEN);
    await updateNumberBlock(a.id, { version: 1, prefix: "13" }, CI_TOKEN);
    await deleteNumberBlock(b.id, undefined, ALICE);

    const first = await findAuditEvents({ limit: 3 });
    expect(first.items.map((e) => e.action)).toEqual(["block.delete", "block.update", "block.create"]);
    expect(first.nextCursor).toBe(first.items[2]?.id);
    const second = await findAuditEvents({ limit: 3, cursor: first.nextCursor ?? 0 });
    expect(second.items.map((e) => [e.action, e.entityId])).toEqual([["block.create", a.id]]);
    expect(second.nextCursor).toBeNull();

    const ofA = await findAuditEvents({ limit: 10, entityType: "block", entityId: a.id });
    expect(ofA.items.map((e) => e.action)).toEqual(["block.update", "block.create"]);
    // "12" is B's prefix only: the prefix filter is exact, not "starts with".
    const under12 = await findAuditEvents({ limit: 10, prefix: "12" });
    expect(under12.items.map((e) => [e.action, e.entityId])).toEqual([
      ["block.delete", b.id],
      ["block.create", b.id],
    ]);
    // A's events before and after its prefix moved from 1 to 13.
    expect((await findAuditEvents({ limit: 10, prefix: "13" })).items.map((e) => e.entityId)).toEqual([a.id]);
    expect((await findAuditEvents({ limit: 10, prefix: "1" })).items).toHaveLength(2);
    expect((await findAuditEvents({ limit: 10, actor: "alice" })).items).toHaveLength(2);
    expect((await findAuditEvents({ limit: 10, actor: "token-ci" })).items).toHaveLength(2);
    expect((await findAuditEvents({ limit: 10, action: "block.create" })).items).toHaveLength(2);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await findAuditEvents({ limit: 10, from: future })).items).toEqual([]);
    expect((await findAuditEvents({ limit: 10, to: future })).items).toHaveLength(4);
    const id = first.items[0]?.id ?? 0;
    expect(await getAuditEvent(id)).toEqual(first.items[0]);
    expect(await getAuditEvent(id + 1000)).toBeNull();
  });
});

describe("revert", () => {
  it("reverts a create by deleting the block", async () => {
    const block = await createNumberBlock({ name: "A", prefix: "44", regex: SIP }, ALICE);
    const [create] = await findAllEvents();
    const result = await revertAuditEvent(create!.id, CI_TOKEN);
    expect(await getNumberBlock(block.id)).toBeNull();
    const events = await findAllEvents();
    expect(events.at(-1)).toMatchObject({
      action: "block.delete",
      entityId: block.id,
      revertOf: create!.id,
      actorName: "token ci (bob)",
      revision: result.revision,
      summary: `Reverted #${create!.id}: Deleted block "A" (44)`,
    });
    expect(result).toMatchObject({ eventCount: 1, batchId: null, revision: await getRevision() });
    expect((await getAuditEvent(create!.id))?.revertedBy).toBe(events.at(-1)?.id);
  });

  it("reverts a delete by re-creating the block with its id and content", async () => {
    const block = await createNumberBlock(
      {
        name: "A",
        prefix: "+44",
        regex: SIP,
        notes: "n",
        enumservice: "E2U+pstn:tel",
        extraRules: [
          { order: 10, preference: 20, flags: "u", service: "E2U+sip", regexp: TRUNK, replacement: "." },
        ],
      },
      ALICE,
    );
    const disabled = await setNumberBlockEnabled(block.id, false, 1, ALICE);
    const contentBefore = await readBlockContents();
    await deleteNumberBlock(block.id, disabled.version, ALICE);
    const deletion = (await findAllEvents()).at(-1)!;
    await revertAuditEvent(deletion.id, ALICE);
    const back = await getNumberBlock(block.id);
    expect(back).toMatchObject({ id: block.id, version: 1, enabled: false, lintLevel: block.lintLevel });
    expect(await readBlockContents()).toEqual(contentBefore);
    expect((await findAllEvents()).at(-1)).toMatchObject({ action: "block.create", revertOf: deletion.id });
  });

  it("reverts an update by restoring its before fields, and the revert can be reverted", async () => {
    const block = await createNumberBlock({ name: "A", prefix: "44", regex: SIP }, ALICE);
    await updateNumberBlock(block.id, { version: 1, name: "B", prefix: "45", regex: TRUNK }, ALICE);
    const update = (await findAllEvents()).at(-1)!;
    await revertAuditEvent(update.id, ALICE);
    expect(await getNumberBlock(block.id)).toMatchObject({ name: "A", prefix: "44", regex: SIP, version: 3 });
    const revert = (await findAllEvents()).at(-1)!;
    expect(revert).toMatchObject({ action: "block.update", revertOf: update.id });
    await revertAuditEvent(revert.id, ALICE);
    expect(await getNumberBlock(block.id)).toMatchObject({
      name: "B",
      prefix: "45",
      regex: TRUNK,
      version: 4,
    });
  });

  it("refuses with a conflict naming the block when it changed since, and changes nothing", async () => {
    const block = await createNumberBlock({ name: "A", prefix: "44", regex: SIP }, ALICE);
    await updateNumberBlock(block.id, { version: 1, regex: TRUNK }, ALICE);
    const update = (await findAllEvents()).at(-1)!;
    await updateNumberBlock(block.id, { version: 2, name: "later" }, CI_TOKEN);
    const revision = await getRevision();
    const eventCount = (await findAllEvents()).length;

    const error = await toRejection(revertAuditEvent(update.id, ALICE));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain('"later" (44) name changed since');
    expect(error.details).toMatchObject({
      conflictCount: 1,
      conflicts: [{ entityId: block.id, eventId: update.id, current: { name: "later", regex: TRUNK } }],
    });
    expect(await getNumberBlock(block.id)).toMatchObject({ name: "later", regex: TRUNK, version: 3 });
    expect(await getRevision()).toBe(revision);
    expect(await findAllEvents()).toHaveLength(eventCount);

    // Reverting the later change first makes the earlier one revertible.
    await revertAuditEvent((await findAllEvents()).at(-1)!.id, ALICE);
    await revertAuditEvent(update.id, ALICE);
    expect(await getNumberBlock(block.id)).toMatchObject({ name: "A", regex: SIP });
  });

  it("refuses to re-create a deleted block whose prefix another block took since", async () => {
    const block = await createNumberBlock({ name: "A", prefix: "44", regex: SIP }, ALICE);
    await deleteNumberBlock(block.id, undefined, ALICE);
    const deletion = (await findAllEvents()).at(-1)!;
    const other = await createNumberBlock({ name: "Other", prefix: "44", regex: TRUNK }, ALICE);
    const error = await toRejection(revertAuditEvent(deletion.id, ALICE));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain('"Other" (44) now holds the prefix 44');
    expect(error.details).toMatchObject({ conflicts: [{ entityId: other.id }] });
    expect(await getNumberBlock(block.id)).toBeNull();
  });

  it("answers a conflict, not a crash, when reverted blocks would swap prefixes in one statement", async () => {
    const a = await createNumberBlock({ name: "A", prefix: "1", regex: SIP }, ALICE);
    const b = await createNumberBlock({ name: "B", prefix: "2", regex: SIP }, ALICE);
    const state = (block: NumberBlockRecord, prefix: string) => ({
      ...toAuditBlockState(block),
      prefix,
    });
    await getPrisma().$transaction((tx) =>
      recordAuditEvents(
        tx,
        ALICE,
        [
          {
            action: "block.update",
            entityType: "block",
            entityId: a.id,
            before: state(a, "2"),
            after: state(a, "1"),
            summary: "",
          },
          {
            action: "block.update",
            entityType: "block",
            entityId: b.id,
            before: state(b, "1"),
            after: state(b, "2"),
            summary: "",
          },
        ],
        { batchId: "swap" },
      ),
    );
    const error = await toRejection(revertAuditBatch("swap", ALICE));
    expect(error.code).toBe("conflict");
    expect(await getNumberBlock(a.id)).toMatchObject({ prefix: "1", version: 1 });
    expect(await getNumberBlock(b.id)).toMatchObject({ prefix: "2", version: 1 });
  });

  it("reverts settings, relinting when the profile comes back", async () => {
    const settings = await getSettings();
    const saved = await updateSettings({ version: settings.version, defaultTtl: 60, profile: "rfc" }, ALICE);
    const event = (await findAllEvents()).at(-1)!;
    await revertAuditEvent(event.id, ALICE);
    const after = await getSettings();
    expect(after).toMatchObject({ defaultTtl: settings.defaultTtl, profile: settings.profile });
    expect(after.version).toBe(saved.version + 1);
    expect((await findAllEvents()).at(-1)).toMatchObject({ action: "settings.update", revertOf: event.id });
  });

  it("reports an unknown event and refuses events it cannot revert", async () => {
    expect((await toRejection(revertAuditEvent(424242, ALICE))).code).toBe("not-found");
    expect((await toRejection(revertAuditBatch("no-such-batch", ALICE))).code).toBe("not-found");
    const { id } = await getPrisma().auditEvent.create({
      data: {
        actorType: "user",
        actorName: "admin",
        source: "ui",
        action: "user.create",
        entityType: "user",
        entityId: "u1",
      },
    });
    const error = await toRejection(revertAuditEvent(id, ALICE));
    expect(error.code).toBe("validation");
  });
});

describe("revert of an import", () => {
  const NUMBERS = ["2125550270", "+12125550270", "4420123456", "49301234", "331234", "999"];

  async function seedBlocks(): Promise<NumberBlockRecord[]> {
    return [
      await createNumberBlock({ name: "NYC", prefix: "212555", regex: SIP, notes: "keep" }, ALICE),
      await createNumberBlock({ name: "UK", prefix: "44", regex: SIP, enabled: false }, ALICE),
      await createNumberBlock({ name: "All", prefix: "", regex: SIP }, ALICE),
    ];
  }

  it("restores the previous blocks exactly and the routing of every number", async () => {
    await seedBlocks();
    const contentBefore = await readBlockContents();
    const routingBefore = await resolveAll(NUMBERS);
    await applyImport(
      toEnumJson([
        { name: "NYC new", prefix: "212555", regex: TRUNK },
        { name: "DE", prefix: "49", regex: TRUNK },
        { name: "All", prefix: "", regex: SIP },
        { name: "FR", prefix: "33", regex: TRUNK },
      ]),
      "replace",
      {},
      CI_TOKEN,
    );
    expect(await resolveAll(NUMBERS)).not.toEqual(routingBefore);
    const importEvent = (await findAllEvents()).at(-1)!;

    const result = await revertAuditBatch(importEvent.batchId!, ALICE);
    expect(await readBlockContents()).toEqual(contentBefore);
    expect(await resolveAll(NUMBERS)).toEqual(routingBefore);
    expect(result.eventCount).toBe(4);
    const reverts = (await findAllEvents()).slice(-4);
    expect(new Set(reverts.map((e) => e.batchId))).toEqual(new Set([result.batchId]));
    expect(reverts.every((e) => e.revertOf !== null && e.actorName === "alice")).toBe(true);
  });

  it("refuses, naming every block changed since, and then changes nothing", async () => {
    await seedBlocks();
    await applyImport(
      toEnumJson([
        { name: "DE", prefix: "49", regex: TRUNK },
        { name: "FR", prefix: "33", regex: TRUNK },
      ]),
      "merge",
      {},
      CI_TOKEN,
    );
    const batchId = (await findAllEvents()).at(-1)!.batchId!;
    const de = await getPrisma().numberBlock.findUniqueOrThrow({ where: { prefix: "49" } });
    const fr = await getPrisma().numberBlock.findUniqueOrThrow({ where: { prefix: "33" } });
    await updateNumberBlock(de.id, { version: 1, regex: SIP }, ALICE);
    await deleteNumberBlock(fr.id, undefined, ALICE);
    const contentBefore = await readBlockContents();
    const revision = await getRevision();

    const error = await toRejection(revertAuditBatch(batchId, ALICE));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/2 changes conflict/);
    expect(error.message).toContain('"DE" (49) regex changed since');
    expect(error.message).toContain('"FR" (33) deleted since');
    expect(await readBlockContents()).toEqual(contentBefore);
    expect(await getRevision()).toBe(revision);
  });
});
