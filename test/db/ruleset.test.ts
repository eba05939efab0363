// The rule set snapshot against a real SQLite file: load order, caching, reloads across processes.
import { clearTestDatabase, migrateTestDatabase, removeTestDatabase, TEST_DATABASE_URL } from "./support";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNumberBlock, setNumberBlockEnabled } from "@/lib/db/blocks";
import { PROJECT_ROOT } from "@/lib/db/migrate";
import { getRevision, getRuleSnapshot, invalidateRuleSnapshot, loadRuleSet } from "@/lib/db/ruleset";
import { DEFAULT_ZONE_SETTINGS } from "@/lib/enum/ruleset";
import { findBlockForAus } from "@/lib/enum/json-path";

const SIP = "!^(.*)$!sip:\\1@ngv.example.com!";

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(clearTestDatabase);

describe("loadRuleSet", () => {
  it("reads blocks in prefix number order with the settings, revision and serial", async () => {
    for (const prefix of ["3", "+1212", "21", "1212", "2"]) {
      await createNumberBlock({ name: `b${prefix}`, prefix, regex: SIP });
    }
    const ruleSet = await loadRuleSet();
    expect(ruleSet.blocks.map((block) => block.prefix)).toEqual(["1212", "+1212", "2", "21", "3"]);
    expect(ruleSet.settings).toEqual(DEFAULT_ZONE_SETTINGS);
    expect(ruleSet.revision).toBe(await getRevision());
    expect(ruleSet.blocks[0]).toEqual({
      id: expect.any(String) as string,
      name: "b1212",
      prefix: "1212",
      regex: SIP,
      enumservice: "E2U+sip",
      extraRules: [],
      enabled: true,
    });
  });
});

describe("getRuleSnapshot", () => {
  it("keeps one snapshot until the revision moves, with only enabled blocks in the table", async () => {
    const a = await createNumberBlock({ name: "a", prefix: "212", regex: SIP });
    const b = await createNumberBlock({ name: "b", prefix: "2125", regex: SIP });
    const first = await getRuleSnapshot();
    expect(await getRuleSnapshot()).toBe(first);
    expect(first.table.sorted).toEqual(["212", "2125"]);

    await setNumberBlockEnabled(b.id, false, b.version);
    const second = await getRuleSnapshot();
    expect(second).not.toBe(first);
    expect(second.ruleSet.revision).toBe(first.ruleSet.revision + 1);
    expect(second.ruleSet.blocks).toHaveLength(2);
    expect(second.table.sorted).toEqual(["212"]);
    const choice = findBlockForAus(second.table, "21255");
    expect(second.enabledBlocks[choice.block!.ref.index]?.id).toBe(a.id);
  });

  it("shares one in-flight load between concurrent callers", async () => {
    await createNumberBlock({ name: "a", prefix: "1", regex: SIP });
    invalidateRuleSnapshot();
    const [x, y, z] = await Promise.all([getRuleSnapshot(), getRuleSnapshot(), getRuleSnapshot()]);
    expect(y).toBe(x);
    expect(z).toBe(x);
    invalidateRuleSnapshot();
    const reloaded = await getRuleSnapshot();
    expect(reloaded).not.toBe(x);
    expect(reloaded.ruleSet.revision).toBe(x.ruleSet.revision);
  });

  it("reloads after a write by another process (its own PrismaClient)", async () => {
    const before = await getRuleSnapshot();
    const { stdout } = await promisify(execFile)(
      join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
      ["test/db/fixtures/create-block.ts", "+4420", "from another process"],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL } },
    );
    const id = stdout.trim();
    const after = await getRuleSnapshot();
    expect(after.ruleSet.revision).toBe(before.ruleSet.revision + 1);
    expect(after.ruleSet.blocks.map((block) => block.id)).toContain(id);
    expect(after.table.sorted).toContain("+4420");
  });
});
