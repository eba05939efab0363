// Number block repository against a real SQLite file: CRUD, conflicts, versions, publication, lists.
import { clearTestDatabase, migrateTestDatabase, removeTestDatabase, toRejection } from "./support";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import {
  createNumberBlock,
  deleteNumberBlock,
  getNumberBlock,
  listNumberBlocks,
  setNumberBlockEnabled,
  updateNumberBlock,
} from "@/lib/db/blocks";
import { getPrisma } from "@/lib/db/client";
import { getRevision } from "@/lib/db/ruleset";
import { seedGuideBlocks } from "@/lib/db/seed";
import { getSettings } from "@/lib/db/settings";
import { toNextZoneSerial } from "@/lib/db/state";
import type { BlockListQuery, NumberBlockInput } from "@/lib/db/types";

const SIP = "!^(.*)$!sip:\\1@ngv.example.com!";
const LIST: BlockListQuery = { page: 1, pageSize: 50, sort: "prefix", dir: "asc" };

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(clearTestDatabase);

function toBlockInput(prefix: string, name = `block ${prefix}`): NumberBlockInput {
  return { name, prefix, regex: SIP };
}

async function readState(): Promise<{ revision: number; zoneSerial: number }> {
  const { revision, zoneSerial } = await getSettings();
  return { revision, zoneSerial };
}

describe("create, read, update, delete", () => {
  it("creates a block with defaults, version 1 and its lint level", async () => {
    const created = await createNumberBlock({ name: "Demo", prefix: "+12125550270", regex: SIP });
    expect(created).toMatchObject({
      name: "Demo",
      prefix: "+12125550270",
      regex: SIP,
      enumservice: "E2U+sip",
      extraRules: [],
      enabled: true,
      notes: "",
      lintLevel: 0,
      version: 1,
    });
    expect(created.id).toMatch(/^c[0-9a-z]{24}$/);
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    expect(await getNumberBlock(created.id)).toEqual(created);
  });

  it("round-trips extra NAPTR rules, notes and the enabled flag", async () => {
    const extraRules = [
      {
        order: 10,
        preference: 100,
        flags: "u",
        service: "E2U+pstn:tel",
        regexp: "!^(.*)$!tel:\\1;npdi;mcc=310;mnc=410!",
        replacement: ".",
      },
    ];
    const created = await createNumberBlock({
      ...toBlockInput("4420"),
      enumservice: "E2U+sip",
      extraRules,
      enabled: false,
      notes: "ported range",
    });
    expect(await getNumberBlock(created.id)).toMatchObject({
      extraRules,
      enabled: false,
      notes: "ported range",
    });
  });

  it("stores lint level 3 for a regex the profile cannot compile (the guide's +1650555)", async () => {
    const created = await createNumberBlock({
      name: "Clearwater internal numbers dialled with +1 prefix",
      prefix: "+1650555",
      regex: "!+1(^.*$)!sip:\\1@ngv.example.com!",
    });
    expect(created.lintLevel).toBe(3);
  });

  it("updates the named fields only, bumps the version and keeps the id", async () => {
    const created = await createNumberBlock({ ...toBlockInput("650555"), notes: "keep me" });
    const updated = await updateNumberBlock(created.id, { version: 1, name: "Internal", prefix: "+1650555" });
    expect(updated).toMatchObject({
      id: created.id,
      name: "Internal",
      prefix: "+1650555",
      regex: SIP,
      notes: "keep me",
      version: 2,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
  });

  it("enables and disables with the version", async () => {
    const created = await createNumberBlock(toBlockInput("212"));
    const disabled = await setNumberBlockEnabled(created.id, false, 1);
    expect(disabled).toMatchObject({ enabled: false, version: 2 });
    expect(await setNumberBlockEnabled(created.id, true, 2)).toMatchObject({ enabled: true, version: 3 });
  });

  it("deletes with or without a version", async () => {
    const a = await createNumberBlock(toBlockInput("1"));
    const b = await createNumberBlock(toBlockInput("2"));
    await deleteNumberBlock(a.id, 1);
    await deleteNumberBlock(b.id);
    expect(await getNumberBlock(a.id)).toBeNull();
    expect(await getNumberBlock(b.id)).toBeNull();
  });
});

describe("refusals", () => {
  it("refuses a duplicate prefix as a conflict on the prefix field, naming the holder", async () => {
    const first = await createNumberBlock(toBlockInput("2125550270"));
    const error = await toRejection(createNumberBlock(toBlockInput("2125550270", "again")));
    expect(error.code).toBe("conflict");
    expect(error.issues).toEqual([expect.objectContaining({ field: "prefix", code: "duplicate-prefix" })]);
    expect(error.details).toEqual({ existingId: first.id });

    const other = await createNumberBlock(toBlockInput("212555027"));
    const moved = await toRejection(updateNumberBlock(other.id, { version: 1, prefix: "2125550270" }));
    expect(moved.code).toBe("conflict");
    expect((await getNumberBlock(other.id))?.prefix).toBe("212555027");
  });

  it("refuses a prefix that is not canonical", async () => {
    const error = await toRejection(createNumberBlock(toBlockInput("212-555")));
    expect(error.code).toBe("validation");
    expect(error.issues[0]).toMatchObject({ field: "prefix", code: "prefix-not-canonical" });
    const created = await createNumberBlock(toBlockInput("212"));
    expect((await toRejection(updateNumberBlock(created.id, { version: 1, prefix: "1 212" }))).code).toBe(
      "validation",
    );
  });

  it("refuses a stale version with the current block, and never overwrites it", async () => {
    const created = await createNumberBlock(toBlockInput("44"));
    const theirs = await updateNumberBlock(created.id, { version: 1, name: "theirs" });
    const error = await toRejection(updateNumberBlock(created.id, { version: 1, name: "mine" }));
    expect(error.code).toBe("stale");
    expect(error.message).toMatch(/someone else changed/i);
    expect(error.details).toEqual({ current: theirs });
    expect((await getNumberBlock(created.id))?.name).toBe("theirs");

    expect((await toRejection(setNumberBlockEnabled(created.id, false, 1))).code).toBe("stale");
    expect((await toRejection(deleteNumberBlock(created.id, 1))).code).toBe("stale");
    expect(await getNumberBlock(created.id)).toEqual(theirs);
  });

  it("lets exactly one of two concurrent edits of the same version win", async () => {
    const created = await createNumberBlock(toBlockInput("49"));
    const outcomes = await Promise.allSettled([
      updateNumberBlock(created.id, { version: 1, name: "one" }),
      updateNumberBlock(created.id, { version: 1, name: "two" }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const [rejected] = outcomes.filter((outcome) => outcome.status === "rejected");
    expect((rejected?.reason as AppError).code).toBe("stale");
    expect((await getNumberBlock(created.id))?.version).toBe(2);
  });

  it("answers not-found for an unknown id", async () => {
    expect(await getNumberBlock("nope")).toBeNull();
    expect((await toRejection(updateNumberBlock("nope", { version: 1, name: "x" }))).code).toBe("not-found");
    expect((await toRejection(deleteNumberBlock("nope"))).code).toBe("not-found");
    expect((await toRejection(deleteNumberBlock("nope", 3))).code).toBe("not-found");
    expect((await toRejection(setNumberBlockEnabled("nope", true, 1))).code).toBe("not-found");
  });
});

describe("publication: revision and zone serial", () => {
  it("bumps the revision by one and the serial to at least today's YYYYMMDD00 on every write", async () => {
    const start = await readState();
    const created = await createNumberBlock(toBlockInput("33"));
    const afterCreate = await readState();
    expect(afterCreate.revision).toBe(start.revision + 1);
    expect(afterCreate.zoneSerial).toBe(Math.max(start.zoneSerial + 1, toNextZoneSerial(0, new Date())));
    await updateNumberBlock(created.id, { version: 1, name: "x" });
    await setNumberBlockEnabled(created.id, false, 2);
    await deleteNumberBlock(created.id, 3);
    const end = await readState();
    expect(end.revision).toBe(start.revision + 4);
    expect(end.zoneSerial).toBe(afterCreate.zoneSerial + 3);
  });

  it("never lowers the serial, even when it is ahead of today", async () => {
    const ahead = toNextZoneSerial(0, new Date()) + 5_000;
    const { revision } = await getPrisma().$transaction((tx) =>
      tx.ruleSetState.update({ where: { id: 1 }, data: { zoneSerial: ahead } }),
    );
    await createNumberBlock(toBlockInput("34"));
    expect(await readState()).toEqual({ revision: revision + 1, zoneSerial: ahead + 1 });
  });

  it("leaves revision and serial alone when a write is refused (same transaction)", async () => {
    const created = await createNumberBlock(toBlockInput("35"));
    const before = await readState();
    await toRejection(createNumberBlock(toBlockInput("35")));
    await toRejection(updateNumberBlock(created.id, { version: 9, name: "x" }));
    await toRejection(deleteNumberBlock("nope"));
    expect(await readState()).toEqual(before);
    expect(await getRevision()).toBe(before.revision);
  });

  it.each([
    [2026_11_22_05, new Date("2026-11-23T10:00:00Z"), 2026_11_23_00],
    [2026_11_23_00, new Date("2026-11-23T10:00:00Z"), 2026_11_23_01],
    [2026_11_23_99, new Date("2026-11-23T23:59:59Z"), 2026_11_24_00],
    [1, new Date("2026-01-02T00:00:00Z"), 2026_01_02_00],
  ])("toNextZoneSerial(%i, %s) = %i", (current, now, next) => {
    expect(toNextZoneSerial(current, now)).toBe(next);
  });
});

describe("listNumberBlocks", () => {
  it("sorts prefixes in number order, pages them and counts them", async () => {
    for (const prefix of ["2", "21", "3", "+1212", "1212"]) await createNumberBlock(toBlockInput(prefix));
    const asc = await listNumberBlocks(LIST);
    expect(asc.items.map((block) => block.prefix)).toEqual(["1212", "+1212", "2", "21", "3"]);
    expect(asc.total).toBe(5);
    const desc = await listNumberBlocks({ ...LIST, dir: "desc" });
    expect(desc.items.map((block) => block.prefix)).toEqual(["3", "21", "2", "+1212", "1212"]);

    const pages = await Promise.all(
      [1, 2, 3, 4].map((page) => listNumberBlocks({ ...LIST, page, pageSize: 2 })),
    );
    expect(pages.map((p) => p.items.map((block) => block.prefix))).toEqual([
      ["1212", "+1212"],
      ["2", "21"],
      ["3"],
      [],
    ]);
    expect(pages.every((p) => p.total === 5)).toBe(true);
  });

  it("sorts names case-insensitively with the id as tiebreak, and by updated time", async () => {
    const b = await createNumberBlock(toBlockInput("1", "beta"));
    const a = await createNumberBlock(toBlockInput("2", "Alpha"));
    const twinOne = await createNumberBlock(toBlockInput("3", "Gamma"));
    const twinTwo = await createNumberBlock(toBlockInput("4", "gamma"));
    const byName = await listNumberBlocks({ ...LIST, sort: "name" });
    const twins = [twinOne, twinTwo].sort((x, y) => (x.id < y.id ? -1 : 1)).map((block) => block.id);
    expect(byName.items.map((block) => block.id)).toEqual([a.id, b.id, ...twins]);
    const byNameDesc = await listNumberBlocks({ ...LIST, sort: "name", dir: "desc" });
    expect(byNameDesc.items.map((block) => block.id)).toEqual([...twins.reverse(), b.id, a.id]);

    await updateNumberBlock(b.id, { version: 1, notes: "touched" });
    const recent = await listNumberBlocks({ ...LIST, sort: "updated", dir: "desc", pageSize: 1 });
    expect(recent.items[0]?.id).toBe(b.id);
  });

  it("filters by name substring (case-insensitive, wildcards literal), enabled and lint problems", async () => {
    await createNumberBlock(toBlockInput("1", "NANP trunk"));
    await createNumberBlock(toBlockInput("2", "Internal 50% range"));
    await createNumberBlock({ ...toBlockInput("3", "Internal_other"), enabled: false });
    await createNumberBlock({ name: "Broken", prefix: "4", regex: "!+1(^.*$)!sip:\\1@x!" });
    const names = async (query: Partial<BlockListQuery>): Promise<string[]> =>
      (await listNumberBlocks({ ...LIST, ...query })).items.map((block) => block.name);
    expect(await names({ name: "nanp" })).toEqual(["NANP trunk"]);
    expect(await names({ name: "  INTERNAL " })).toEqual(["Internal 50% range", "Internal_other"]);
    expect(await names({ name: "50%" })).toEqual(["Internal 50% range"]);
    expect(await names({ name: "l_o" })).toEqual(["Internal_other"]);
    expect(await names({ name: "%" })).toEqual(["Internal 50% range"]);
    expect(await names({ enabled: false })).toEqual(["Internal_other"]);
    expect(await names({ hasLints: true })).toEqual(["Broken"]);
    expect(await names({ hasLints: false, enabled: true })).toEqual(["NANP trunk", "Internal 50% range"]);
    expect((await listNumberBlocks({ ...LIST, name: "internal", enabled: true })).total).toBe(1);
  });

  it("refuses a page size outside 1..500", async () => {
    expect((await toRejection(listNumberBlocks({ ...LIST, pageSize: 501 }))).code).toBe("validation");
    expect((await toRejection(listNumberBlocks({ ...LIST, page: 0 }))).code).toBe("validation");
  });
});

describe("listNumberBlocks by number (the guide's blocks)", () => {
  beforeEach(async () => {
    await seedGuideBlocks(await readFile("test/fixtures/guide/enum.json", "utf8"));
  });

  async function search(number: string, query: Partial<BlockListQuery> = {}) {
    const page = await listNumberBlocks({ ...LIST, number, ...query });
    const byId = new Map(page.items.map((block) => [block.id, block.prefix]));
    return {
      prefixes: page.items.map((block) => block.prefix),
      chosen:
        page.numberMatch === undefined || page.numberMatch.blockId === null
          ? null
          : (byId.get(page.numberMatch.blockId) ?? "(not listed)"),
      quirk: page.numberMatch?.shortNumberQuirk,
      aus: page.numberMatch?.aus,
      total: page.total,
    };
  }

  it("shows the block Sprout picks first, then the other covering blocks", async () => {
    expect(await search("+1 (212) 555-0275")).toEqual({
      prefixes: ["+1212555027", ""],
      chosen: "+1212555027",
      quirk: false,
      aus: "+12125550275",
      total: 2,
    });
    expect(await search("2125550275")).toMatchObject({ prefixes: ["212555027", ""], chosen: "212555027" });
    expect(await search("2125550270")).toMatchObject({
      prefixes: ["2125550270", "212555027", ""],
      chosen: "2125550270",
    });
  });

  it("reproduces the short-number quirk: 212 lands in 2125550280, not the catch-all", async () => {
    expect(await search("212")).toEqual({
      prefixes: ["2125550280", "", "212555027", "2125550270"],
      chosen: "2125550280",
      quirk: true,
      aus: "212",
      total: 4,
    });
    const second = await listNumberBlocks({ ...LIST, number: "212", pageSize: 3, page: 2 });
    expect(second.items.map((block) => block.prefix)).toEqual(["2125550270"]);
    expect(second.total).toBe(4);
  });

  it("skips the dropped +1650555 block (its regex does not compile) but still lists it", async () => {
    const result = await search("+16505551234");
    expect(result).toMatchObject({ prefixes: ["", "+1650555"], chosen: "" });
  });

  it("follows enabling and disabling (the snapshot reloads on the new revision)", async () => {
    const [block] = (await listNumberBlocks({ ...LIST, number: "2125550275" })).items;
    expect(block?.prefix).toBe("212555027");
    await setNumberBlockEnabled(block!.id, false, block!.version);
    expect(await search("2125550275")).toMatchObject({ prefixes: ["", "212555027"], chosen: "" });
    expect(await search("2125550275", { enabled: false })).toMatchObject({
      prefixes: ["212555027"],
      chosen: "(not listed)",
    });
  });

  it("answers nothing for a number without digits", async () => {
    expect(await search("abc")).toEqual({ prefixes: [], chosen: null, quirk: false, aus: "", total: 0 });
  });
});
