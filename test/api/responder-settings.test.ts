// Route handlers for the DNS responder settings against a real SQLite file.
import { afterAll, describe, expect, it } from "vitest";
import { expectError, readBody, removeTestDir, toRequest } from "./support";
import * as route from "@/app/api/dns/settings/route";
import { onResponderSettingsChanged, toDnsPolicy } from "@/lib/db/responder-settings";
import type { ResponderSettingsRecord } from "@/lib/db/types";
import { DEFAULT_DNS_POLICY } from "@/lib/dns/policy";

afterAll(removeTestDir);

async function getSettings(): Promise<ResponderSettingsRecord> {
  const res = await route.GET(toRequest("/api/dns/settings"));
  expect(res.status).toBe(200);
  return readBody<ResponderSettingsRecord>(res);
}

function putSettings(json: unknown, as?: "viewer" | "editor" | "admin"): Promise<Response> {
  return route.PUT(toRequest("/api/dns/settings", { method: "PUT", json, ...(as ? { as } : {}) }));
}

describe("/api/dns/settings", () => {
  it("starts with the defaults, which are DEFAULT_DNS_POLICY", async () => {
    const current = await getSettings();
    expect(toDnsPolicy(current)).toEqual(DEFAULT_DNS_POLICY);
    expect(current.version).toBe(1);
  });

  it("saves a change, normalizing entries, and tells the listeners before answering", async () => {
    const before = await getSettings();
    const heard: ResponderSettingsRecord[] = [];
    const stop = onResponderSettingsChanged(async (settings) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      heard.push(settings);
    });
    try {
      const res = await putSettings({
        version: before.version,
        allowQuery: [" 10.0.0.0/8", "2001:db8::/32", "127.0.0.1"],
        notify: ["127.0.0.1:5300", "[::1]:5300"],
        rrlResponsesPerSecond: 20,
        rrlSlip: 0,
      });
      const saved = await readBody<ResponderSettingsRecord>(res);
      expect(res.status, JSON.stringify(saved)).toBe(200);
      expect(saved).toMatchObject({
        allowQuery: ["10.0.0.0/8", "2001:db8::/32", "127.0.0.1"],
        notify: ["127.0.0.1:5300", "[::1]:5300"],
        rrlResponsesPerSecond: 20,
        rrlSlip: 0,
        allowTransfer: DEFAULT_DNS_POLICY.allowTransfer,
        version: before.version + 1,
      });
      // The listener finished before the response was built.
      expect(heard).toEqual([saved]);
      expect(toDnsPolicy(saved).rrl).toEqual({
        responsesPerSecond: 20,
        slip: 0,
        exempt: ["127.0.0.0/8", "::1/128"],
      });
    } finally {
      stop();
    }
  });

  it("refuses a stale version with 409 and the current settings", async () => {
    const current = await getSettings();
    const error = await expectError(
      await putSettings({ version: current.version - 1, rrlSlip: 3 }),
      409,
      "stale",
    );
    expect(error.current).toMatchObject({ version: current.version, rrlSlip: current.rrlSlip });
  });

  it("answers 422 naming each bad entry by field and position", async () => {
    const { version } = await getSettings();
    const res = await putSettings({
      version,
      allowQuery: ["10.0.0.0/8", "10.0.0.300/32", "10.1.2.3/8"],
      allowTransfer: ["::1", "::1"],
      notify: ["ns1.example.net:53", "127.0.0.1:99999"],
      rrlResponsesPerSecond: -1,
      rrlSlip: 11,
      rrlExempt: "127.0.0.0/8",
    });
    const error = await expectError(res, 422, "validation");
    expect(error.issues.map((i) => [i.field, i.code])).toEqual(
      expect.arrayContaining([
        ["allowQuery.1", "cidr-address"],
        ["allowQuery.2", "cidr-host-bits"],
        ["allowTransfer.1", "duplicate"],
        ["notify.0", "address-host"],
        ["notify.1", "address-port"],
      ]),
    );
    expect(error.issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(["rrlResponsesPerSecond", "rrlSlip", "rrlExempt"]),
    );
    expect(error.issues.find((i) => i.field === "allowQuery.2")?.message).toContain("10.0.0.0/8");
    expect((await getSettings()).version).toBe(version);
  });

  it("lets a viewer read but only an admin change", async () => {
    const { version } = await getSettings();
    const viewer = await route.GET(toRequest("/api/dns/settings", { as: "viewer" }));
    expect(viewer.status).toBe(200);
    await expectError(await putSettings({ version, rrlSlip: 1 }, "editor"), 403, "forbidden");
    await expectError(await route.GET(toRequest("/api/dns/settings", { as: "none" })), 401, "unauthorized");
  });
});
