// Zone settings against a real SQLite file: defaults, round trip, versions, relinting.
import { clearTestDatabase, migrateTestDatabase, removeTestDatabase } from "./support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { createNumberBlock, getNumberBlock } from "@/lib/db/blocks";
import { loadRuleSet } from "@/lib/db/ruleset";
import { getSettings, updateSettings } from "@/lib/db/settings";
import { DEFAULT_ZONE_SETTINGS } from "@/lib/enum/ruleset";

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(clearTestDatabase);

describe("settings", () => {
  it("starts from the defaults, creating the row without publishing anything", async () => {
    const before = await loadRuleSet();
    const settings = await getSettings();
    expect(settings).toMatchObject({ ...DEFAULT_ZONE_SETTINGS, version: 1, revision: before.revision });
    expect(await getSettings()).toEqual(settings);
    expect((await loadRuleSet()).revision).toBe(before.revision);
  });

  it("round-trips every field, bumping version, revision and serial together", async () => {
    const start = await getSettings();
    const changes = {
      zoneSuffix: "e164.example.net",
      defaultTtl: 300,
      soaPrimaryNs: "ns1.example.net",
      soaAdminMailbox: "hostmaster.example.net",
      soaRefresh: 7200,
      soaRetry: 900,
      soaExpire: 1209600,
      soaMinimum: 60,
      nsNames: ["ns1.example.net", "ns2.example.net"],
      profile: "rfc" as const,
    };
    const saved = await updateSettings({ ...changes, version: start.version });
    expect(saved).toMatchObject({ ...changes, version: start.version + 1, revision: start.revision + 1 });
    expect(saved.zoneSerial).toBeGreaterThan(start.zoneSerial);
    expect(await getSettings()).toEqual(saved);
    expect((await loadRuleSet()).settings).toEqual(changes);

    const partial = await updateSettings({ defaultTtl: 600, version: saved.version });
    expect(partial).toMatchObject({ ...changes, defaultTtl: 600, version: saved.version + 1 });
  });

  it("refuses a stale version with the current settings", async () => {
    const start = await getSettings();
    const theirs = await updateSettings({ zoneSuffix: "theirs.example", version: start.version });
    const error = await updateSettings({ zoneSuffix: "mine.example", version: start.version }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "stale", details: { current: theirs } });
    expect((error as AppError).message).toMatch(/someone else changed/i);
    expect((await getSettings()).zoneSuffix).toBe("theirs.example");
  });

  it("relints every block when the profile changes, without touching their versions", async () => {
    // \0 is the whole match to Sprout, but not a back reference in RFC 3402.
    const block = await createNumberBlock({
      name: "zero",
      prefix: "1",
      regex: "!^(.*)$!sip:\\0@x.example.com!",
    });
    const clean = await createNumberBlock({
      name: "clean",
      prefix: "2",
      regex: "!^(.*)$!sip:\\1@x.example.com!",
    });
    expect(block.lintLevel).toBe(2);
    const start = await getSettings();
    const rfc = await updateSettings({ profile: "rfc", version: start.version });
    expect(await getNumberBlock(block.id)).toEqual({ ...block, lintLevel: 3 });
    expect(await getNumberBlock(clean.id)).toEqual(clean);
    await updateSettings({ profile: "sprout", version: rfc.version });
    expect(await getNumberBlock(block.id)).toEqual(block);
  });
});
