// enum.json import against a real SQLite file: the dry-run diff, refusals, all or nothing, the seed.
import { clearTestDatabase, migrateTestDatabase, removeTestDatabase, toRejection } from "./support";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNumberBlock, listNumberBlocks, updateNumberBlock } from "@/lib/db/blocks";
import { getPrisma } from "@/lib/db/client";
import { applyImport, planImport } from "@/lib/db/import";
import { getRevision } from "@/lib/db/ruleset";
import { seedGuideBlocks } from "@/lib/db/seed";
import { getSettings } from "@/lib/db/settings";
import type { ImportProgress, NumberBlockRecord } from "@/lib/db/types";
import type { NumberBlock } from "@/lib/enum/number-block";

const SIP = "!^(.*)$!sip:\\1@ngv.example.com!";
const TRUNK = "!(^.*$)!sip:\\1@10.147.226.2!";
const GUIDE = await readFile("test/fixtures/guide/enum.json", "utf8");

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(clearTestDatabase);

/** enum.json text; with two-space indentation block i starts at line 3 + 5i, column 5. */
function toEnumJson(blocks: readonly NumberBlock[]): string {
  return JSON.stringify({ number_blocks: blocks }, null, 2);
}

async function findAllBlocks(): Promise<readonly NumberBlockRecord[]> {
  return (await listNumberBlocks({ page: 1, pageSize: 500, sort: "prefix", dir: "asc" })).items;
}

describe("planImport (dry run)", () => {
  it("rejects the guide's +1650555 block before anything is written, with its position and reason", async () => {
    const plan = await planImport(GUIDE, "merge");
    expect(plan.profile).toBe("sprout");
    expect(plan.added.map((entry) => entry.block.prefix)).toEqual([
      "2125550270",
      "212555027",
      "+1212555027",
      "2125550280",
      "+12125550280",
      "650555",
      "",
    ]);
    expect(plan.added[0]).toEqual({
      index: 0,
      line: 3,
      block: {
        name: "Demo system number 2125550270",
        prefix: "2125550270",
        regex: "!(^.*$)!sip:\\1@10.147.226.2!",
      },
    });
    expect(plan.rejected).toEqual([
      {
        index: 6,
        line: 31,
        column: 9,
        code: "regex-invalid",
        message: expect.stringMatching(
          /^Block 7 \(line 31\): the regex .* does not compile under the sprout profile at character 2/,
        ) as string,
        name: "Clearwater internal numbers dialled with +1 prefix",
        prefix: "+1650555",
      },
    ]);
    expect(await findAllBlocks()).toEqual([]);
  });

  it("diffs against the database by prefix: added, changed, unchanged, removed (replace only)", async () => {
    await createNumberBlock({ name: "same", prefix: "2125550270", regex: SIP });
    const renamed = await createNumberBlock({ name: "old name", prefix: "212555027", regex: SIP });
    const extra = await createNumberBlock({ name: "not in the file", prefix: "44", regex: SIP });
    const text = toEnumJson([
      { name: "same", prefix: "2125550270", regex: SIP },
      { name: "new name", prefix: "212555027", regex: SIP },
      { name: "brand new", prefix: "+1650555", regex: SIP },
    ]);
    const merge = await planImport(text, "merge");
    expect(merge.unchanged).toBe(1);
    expect(merge.changed).toEqual([
      { index: 1, line: 8, before: renamed, after: { name: "new name", prefix: "212555027", regex: SIP } },
    ]);
    expect(merge.added).toEqual([
      { index: 2, line: 13, block: { name: "brand new", prefix: "+1650555", regex: SIP } },
    ]);
    expect(merge.removed).toEqual([]);
    const replace = await planImport(text, "replace");
    expect(replace.removed).toEqual([extra]);
    expect(replace.mode).toBe("replace");
  });

  it("rejects what Sprout skips, non-canonical and repeated prefixes, with lines and columns", async () => {
    const text = [
      "{",
      '  "number_blocks": [',
      '    { "name": "ok", "prefix": "1-212-555", "regex": "!^(.*)$!sip:\\\\1@a!" },',
      '    "not an object",',
      '    { "name": "no prefix", "regex": "!^(.*)$!sip:\\\\1@a!" },',
      '    { "name": "numeric prefix", "prefix": 212, "regex": "!^(.*)$!sip:\\\\1@a!" },',
      '    { "name": "letters", "prefix": "21a", "regex": "!^(.*)$!sip:\\\\1@a!" },',
      '    { "name": "again", "prefix": "1212555", "regex": "!^(.*)$!sip:\\\\1@b!" },',
      '    { "name": "split", "prefix": "7", "regex": "!^(.*)$!sip:\\\\1@a!i" }',
      "  ]",
      "}",
    ].join("\n");
    const plan = await planImport(text, "merge");
    expect(plan.added.map((entry) => entry.block)).toEqual([
      { name: "ok", prefix: "1212555", regex: "!^(.*)$!sip:\\1@a!" },
    ]);
    expect(
      plan.rejected.map(({ index, line, column, code, prefix }) => ({ index, line, column, code, prefix })),
    ).toEqual([
      { index: 1, line: 4, column: 5, code: "block-not-object", prefix: undefined },
      { index: 2, line: 5, column: 5, code: "block-missing-prefix", prefix: undefined },
      { index: 3, line: 6, column: 5, code: "block-prefix-not-string", prefix: undefined },
      { index: 4, line: 7, column: 5, code: "prefix-not-canonical", prefix: "21a" },
      { index: 5, line: 8, column: 5, code: "duplicate-prefix", prefix: "1212555" },
      { index: 6, line: 9, column: 5, code: "regex-invalid", prefix: "7" },
    ]);
    expect(plan.rejected[4]?.message).toMatch(/repeats block 1 \(line 3\)/);
  });

  it("refuses a file Sprout rejects whole, with line and column", async () => {
    const error = await toRejection(
      planImport('{\n  "number_blocks": [\n    { "prefix": "1" ,, }\n  ]\n}', "merge"),
    );
    expect(error.code).toBe("validation");
    expect(error.issues[0]).toMatchObject({ field: "file", code: "json-syntax" });
    expect(error.details).toEqual({ line: 3, column: 22 });
    expect(error.message).toMatch(/\(line 3, column 22\)/);
    const missing = await toRejection(planImport('{ "blocks": [] }', "merge"));
    expect(missing.issues[0]).toMatchObject({ field: "file", code: "json-missing-number-blocks" });
    expect((await toRejection(planImport("", "merge"))).issues[0]?.code).toBe("json-empty");
  });
});

describe("applyImport", () => {
  it("refuses a file with rejected blocks and writes nothing", async () => {
    const before = await getRevision();
    const error = await toRejection(applyImport(GUIDE, "merge"));
    expect(error.code).toBe("validation");
    expect(error.message).toMatch(/^1 block is rejected, so nothing was imported: Block 7 \(line 31\)/);
    expect(error.issues).toEqual([
      expect.objectContaining({ field: "number_blocks[6]", code: "regex-invalid" }),
    ]);
    expect(error.details).toMatchObject({ rejectedCount: 1 });
    expect(await findAllBlocks()).toEqual([]);
    expect(await getRevision()).toBe(before);
  });

  it("imports the rest with acceptRejected, in one published revision", async () => {
    const before = await getSettings();
    const progress: ImportProgress[] = [];
    const result = await applyImport(GUIDE, "merge", {
      acceptRejected: true,
      onProgress: (p) => progress.push(p),
    });
    const after = await getSettings();
    expect(result).toEqual({
      added: 7,
      changed: 0,
      removed: 0,
      unchanged: 0,
      revision: before.revision + 1,
      zoneSerial: after.zoneSerial,
    });
    expect(after.revision).toBe(before.revision + 1);
    expect(after.zoneSerial).toBeGreaterThan(before.zoneSerial);
    const blocks = await findAllBlocks();
    expect(blocks.map((block) => block.prefix)).toEqual([
      "",
      "+1212555027",
      "+12125550280",
      "212555027",
      "2125550270",
      "2125550280",
      "650555",
    ]);
    expect(
      blocks.every((block) => block.version === 1 && block.enabled && block.enumservice === "E2U+sip"),
    ).toBe(true);
    expect(progress).toEqual([
      { phase: "parsing", done: 0, total: 0 },
      { phase: "validating", done: 0, total: 7 },
      { phase: "writing", done: 0, total: 7 },
      { phase: "writing", done: 7, total: 7 },
      { phase: "done", done: 7, total: 7 },
    ]);
  });

  it("changes name and regex in place (id, notes, enabled kept) and removes in replace mode", async () => {
    const kept = await createNumberBlock({ name: "old", prefix: "212555027", regex: SIP, notes: "ops note" });
    const disabled = await updateNumberBlock(kept.id, { version: 1, enabled: false });
    const gone = await createNumberBlock({ name: "gone", prefix: "44", regex: SIP });
    const result = await applyImport(
      toEnumJson([
        { name: "new", prefix: "212555027", regex: TRUNK },
        { name: "added", prefix: "33", regex: SIP },
      ]),
      "replace",
    );
    expect(result).toMatchObject({ added: 1, changed: 1, removed: 1, unchanged: 0 });
    const blocks = await findAllBlocks();
    expect(blocks.map((block) => block.prefix)).toEqual(["212555027", "33"]);
    expect(blocks[0]).toMatchObject({
      id: kept.id,
      name: "new",
      regex: TRUNK,
      notes: "ops note",
      enabled: false,
      version: disabled.version + 1,
    });
    expect(blocks.some((block) => block.id === gone.id)).toBe(false);
    const search = await listNumberBlocks({ page: 1, pageSize: 10, sort: "name", dir: "asc", name: "NEW" });
    expect(search.items.map((block) => block.name)).toEqual(["new"]);
  });

  it("stores lint levels computed under the profile", async () => {
    await applyImport(
      toEnumJson([
        { name: "clean", prefix: "1", regex: SIP },
        { name: "strict", prefix: "2", regex: "!^\\+?1?(\\d{10})$!sip:+1\\1@ngv.example.com!" },
      ]),
      "merge",
    );
    expect((await findAllBlocks()).map((block) => block.lintLevel)).toEqual([0, 2]);
  });

  it("is all or nothing: a failure midway (thrown from the progress callback) changes nothing", async () => {
    const survivor = await createNumberBlock({ name: "survivor", prefix: "99", regex: SIP });
    const before = await getSettings();
    const blocks = Array.from({ length: 6_000 }, (_, i) => ({
      name: `b${i}`,
      prefix: `${10_000 + i}`,
      regex: SIP,
    }));
    let written = 0;
    const error = await applyImport(toEnumJson(blocks), "replace", {
      onProgress: (progress) => {
        if (progress.phase !== "writing" || progress.done === 0) return;
        written = progress.done;
        throw new Error("injected failure");
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(6_001);
    expect(await findAllBlocks()).toEqual([survivor]);
    expect(await getSettings()).toEqual(before);
  });

  it("is all or nothing: a database error on a late row rolls back the earlier rows", async () => {
    const before = await getRevision();
    await getPrisma().$executeRawUnsafe(
      `CREATE TRIGGER "refuse_9999" BEFORE INSERT ON "NumberBlock" WHEN NEW."prefix" = '9999'
       BEGIN SELECT RAISE(ABORT, 'injected database failure'); END`,
    );
    try {
      const blocks = Array.from({ length: 3_000 }, (_, i) => ({ name: `b${i}`, prefix: `${i}`, regex: SIP }));
      blocks.push({ name: "the bad one", prefix: "9999", regex: SIP });
      await expect(applyImport(toEnumJson(blocks), "merge")).rejects.toThrow(/injected database failure/);
    } finally {
      await getPrisma().$executeRawUnsafe(`DROP TRIGGER "refuse_9999"`);
    }
    expect(await findAllBlocks()).toEqual([]);
    expect(await getRevision()).toBe(before);
  });

  it("refuses a broken file and writes nothing", async () => {
    const before = await getRevision();
    const error = await toRejection(applyImport('{ "number_blocks": [ { "prefix": "1", "regex": ', "merge"));
    expect(error.code).toBe("validation");
    expect(error.details).toMatchObject({ line: 1 });
    expect(await getRevision()).toBe(before);
  });
});

describe("seedGuideBlocks", () => {
  it("stores the guide's eight blocks once, the broken one with lint level 3", async () => {
    const first = await seedGuideBlocks(GUIDE);
    expect(first).toEqual({ seeded: true, blocks: 8 });
    const blocks = await findAllBlocks();
    expect(blocks).toHaveLength(8);
    const broken = blocks.find((block) => block.prefix === "+1650555");
    expect(broken).toMatchObject({
      name: "Clearwater internal numbers dialled with +1 prefix",
      regex: "!+1(^.*$)!sip:\\1@ngv.example.com!",
      lintLevel: 3,
    });
    expect(blocks.filter((block) => block.lintLevel === 3)).toHaveLength(1);
    expect(await seedGuideBlocks(GUIDE)).toEqual({ seeded: false, blocks: 0 });
    expect(await findAllBlocks()).toHaveLength(8);
  });
});
