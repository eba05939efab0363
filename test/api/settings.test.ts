// Route handlers for the zone settings against a real SQLite file.
import { afterAll, describe, expect, it } from "vitest";
import { expectError, readBody, removeTestDir, toRequest } from "./support";
import * as blocks from "@/app/api/blocks/route";
import * as settings from "@/app/api/settings/route";
import type { SettingsRecord } from "@/lib/db/types";
import { DEFAULT_ZONE_SETTINGS } from "@/lib/enum/ruleset";

afterAll(removeTestDir);

async function getSettings(): Promise<SettingsRecord> {
  const res = await settings.GET(toRequest("/api/settings"));
  expect(res.status).toBe(200);
  return readBody<SettingsRecord>(res);
}

function putSettings(json: unknown): Promise<Response> {
  return settings.PUT(toRequest("/api/settings", { method: "PUT", json }));
}

describe("/api/settings", () => {
  it("starts with the defaults", async () => {
    const current = await getSettings();
    expect(current).toMatchObject({ ...DEFAULT_ZONE_SETTINGS, zoneSuffix: "e164.arpa", profile: "sprout" });
    expect(typeof current.version).toBe("number");
    expect(typeof current.zoneSerial).toBe("number");
  });

  it("saves a change at the current version and refuses a stale one (409 with current)", async () => {
    const before = await getSettings();
    const res = await putSettings({
      version: before.version,
      defaultTtl: 600,
      soaAdminMailbox: "ngv-admin.example.com.",
      nsNames: ["ns1.example.com", "ns2.example.com."],
    });
    const saved = await readBody<SettingsRecord>(res);
    expect(res.status, JSON.stringify(saved)).toBe(200);
    expect(saved).toMatchObject({
      defaultTtl: 600,
      soaAdminMailbox: "ngv-admin.example.com",
      nsNames: ["ns1.example.com", "ns2.example.com"],
      zoneSuffix: "e164.arpa",
    });
    expect(saved.version).toBeGreaterThan(before.version);

    const error = await expectError(
      await putSettings({ version: before.version, defaultTtl: 60 }),
      409,
      "stale",
    );
    expect(error.current).toMatchObject({ defaultTtl: 600, version: saved.version });
    expect((await getSettings()).defaultTtl).toBe(600);
  });

  it("answers 422 with one issue per bad field", async () => {
    const { version } = await getSettings();
    const res = await putSettings({
      version,
      zoneSuffix: "e164..arpa",
      defaultTtl: -1,
      soaExpire: 2 ** 31,
      soaAdminMailbox: "ngv-admin@example.com",
      nsNames: [],
      profile: "bind",
    });
    const error = await expectError(res, 422, "validation");
    expect(error.issues.map((i) => i.field).sort()).toEqual([
      "defaultTtl",
      "nsNames",
      "profile",
      "soaAdminMailbox",
      "soaExpire",
      "zoneSuffix",
    ]);
    const mailbox = error.issues.find((i) => i.field === "soaAdminMailbox");
    expect(mailbox?.message).toContain("ngv-admin.example.com");
  });

  it("validates block regexes under the configured profile", async () => {
    // `\0` is Sprout's whole match, but RFC 3402 has no \0 back reference.
    const block = { name: "Whole match", prefix: "55", regex: "!^.*$!sip:\\0@example.com!" };
    const post = () => blocks.POST(toRequest("/api/blocks", { method: "POST", json: block }));
    const { version } = await getSettings();
    const switched = await putSettings({ version, profile: "rfc" });
    expect(switched.status).toBe(200);
    const refused = await expectError(await post(), 422, "validation");
    expect(refused.issues).toEqual([
      expect.objectContaining({ field: "regex", code: "backref-zero", at: 10 }),
    ]);

    const { version: v2 } = await getSettings();
    expect((await putSettings({ version: v2, profile: "sprout" })).status).toBe(200);
    expect((await post()).status).toBe(201);
  });
});
