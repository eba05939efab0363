// The export route handlers against a real SQLite file seeded with the guide's blocks.
import { execFileSync } from "node:child_process";
import { accessSync, constants, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, readBody, readText, removeTestDir, TEST_DIR, toRequest } from "./support";
import * as blocksRoute from "@/app/api/blocks/route";
import * as bindRoute from "@/app/api/export/bind/route";
import * as checkRoute from "@/app/api/export/check/route";
import * as dnsmasqRoute from "@/app/api/export/dnsmasq/route";
import * as enumJsonRoute from "@/app/api/export/enum.json/route";
import * as namedConfRoute from "@/app/api/export/named.conf/route";
import * as summaryRoute from "@/app/api/export/summary/route";
import type { BlockListPage, NumberBlockRecord } from "@/lib/db/types";
import { seedGuideBlocks } from "@/lib/db/seed";
import { parseEnumJson } from "@/lib/enum/enum-json";
import type { ExportSummary, FileCheckResult } from "@/lib/schemas/exports";
import { getBindFile, getExportBundle } from "@/lib/server/exports";

const FIXTURES = join(import.meta.dirname, "../fixtures/guide");
const GUIDE_ZONE = readFileSync(join(FIXTURES, "e164.arpa.db"), "utf8");
const GUIDE_DNSMASQ = readFileSync(join(FIXTURES, "enum.dnsmasq"), "utf8");

/** Debian's bind9-utils puts named-checkzone here. */
const NAMED_CHECKZONE = process.env.NAMED_CHECKZONE_PATH ?? "/usr/bin/named-checkzone";

function isInstalled(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  // The same first-run seed as `npm start` and the e2e database.
  const seeded = await seedGuideBlocks();
  expect(seeded.seeded).toBe(true);
});

afterAll(removeTestDir);

async function listBlocks(): Promise<readonly NumberBlockRecord[]> {
  const res = await blocksRoute.GET(toRequest("/api/blocks?pageSize=500&sort=prefix"));
  expect(res.status).toBe(200);
  return (await readBody<BlockListPage>(res)).items;
}

async function getSummary(search = ""): Promise<ExportSummary> {
  const res = await summaryRoute.GET(toRequest(`/api/export/summary${search}`));
  const body = await readBody<ExportSummary>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

function postCheck(search: string, body: string): Promise<Response> {
  return checkRoute.POST(
    toRequest(`/api/export/check${search}`, {
      method: "POST",
      body,
      headers: { "Content-Type": "text/plain" },
    }),
  );
}

describe("GET /api/export/enum.json", () => {
  it("downloads the stored blocks as enum.json, byte-identical on every request", async () => {
    const res = await enumJsonRoute.GET(toRequest("/api/export/enum.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="enum.json"');
    const text = await readText(res);
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));

    const parsed = parseEnumJson(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const exported = parsed.value.entries.map((entry) => entry.block);
    const stored = (await listBlocks()).filter((b) => b.enabled);
    expect(exported).toEqual(stored.map(({ name, prefix, regex }) => ({ name, prefix, regex })));
    // All eight guide blocks, the one Sprout drops included: enum.json is the rules as written.
    expect(exported).toHaveLength(8);

    expect(await (await enumJsonRoute.GET(toRequest("/api/export/enum.json"))).text()).toBe(text);
  });
});

describe("GET /api/export/bind", () => {
  it("downloads a zone whose header says the check passed", async () => {
    const res = await bindRoute.GET(toRequest("/api/export/bind"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="e164.arpa.db"');
    expect(res.headers.get("x-export-differences")).toBe("0");
    const text = await readText(res);
    const header = text.split("\n").filter((line) => line.startsWith(";"));
    expect(header[0]).toBe("; ENUM Console export of e164.arpa: BIND zone");
    expect(header.join("\n")).toMatch(
      /Serial \d+, rule set revision \d+, 8 enabled blocks, generated \d{4}-/,
    );
    expect(header.join("\n")).toMatch(
      /Check passed: routes exactly like the rules .* for all \d+ numbers checked\./,
    );
    expect(text).not.toContain("WARNING: ");
  });

  const canCheckZone = isInstalled(NAMED_CHECKZONE);
  it.runIf(canCheckZone || process.env.CI)("loads in named-checkzone", async () => {
    if (!canCheckZone) throw new Error(`${NAMED_CHECKZONE} is missing: CI must install bind9-utils.`);
    const file = join(TEST_DIR, "e164.arpa.db");
    writeFileSync(file, await (await bindRoute.GET(toRequest("/api/export/bind"))).text());
    const output = execFileSync(NAMED_CHECKZONE, ["-q", "-k", "fail", "e164.arpa", file], {
      encoding: "utf8",
    });
    expect(output).toBe("");
  });
});

describe("GET /api/export/named.conf", () => {
  it("renders the zone statement with validated notify and transfer lists", async () => {
    const res = await namedConfRoute.GET(
      toRequest(
        "/api/export/named.conf?file=zones/e164.arpa.db&alsoNotify=192.0.2.1, 2001:db8::1&allowTransfer=192.0.2.0/24,localhost",
      ),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await readText(res)).toBe(
      [
        'zone "e164.arpa" {',
        "  type primary;",
        '  file "zones/e164.arpa.db";',
        "  also-notify { 192.0.2.1; 2001:db8::1; };",
        "  allow-transfer { 192.0.2.0/24; localhost; };",
        "};",
        "",
      ].join("\n"),
    );
    const plain = await readText(await namedConfRoute.GET(toRequest("/api/export/named.conf")));
    expect(plain).toContain('file "e164.arpa.db";');
    expect(plain).toContain("allow-transfer { none; };");
  });

  it.each([
    ["alsoNotify=192.0.2.300", "alsoNotify"],
    ["allowTransfer=everyone", "allowTransfer"],
    ['file=a";}; zone "x', "file"],
  ])("refuses %s with 422 naming the field", async (search, field) => {
    const error = await expectError(
      await namedConfRoute.GET(toRequest(`/api/export/named.conf?${search}`)),
      422,
      "validation",
    );
    expect(error.issues.map((i) => i.field)).toEqual([field]);
  });
});

describe("GET /api/export/dnsmasq", () => {
  it("lists the catch-all it cannot expand as a comment at the top", async () => {
    const res = await dnsmasqRoute.GET(toRequest("/api/export/dnsmasq"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="enum.dnsmasq.conf"');
    expect(res.headers.get("x-export-differences")).toBe("0");
    const text = await readText(res);
    const lines = text.split("\n");
    const firstRecord = lines.findIndex((line) => line.startsWith("naptr-record="));
    const header = lines.slice(0, firstRecord);
    expect(header.every((line) => line.startsWith("# "))).toBe(true);
    expect(header[0]).toMatch(/^# ENUM Console export of e164\.arpa: dnsmasq config, NANP plan/);
    expect(header.join("\n")).toMatch(/Check passed/);
    expect(header.join("\n")).toContain("about 28,000 answers/s with 1,000 records, under 300 with 100,000");
    expect(header.join("\n")).toMatch(/# {3}prefix "" \(NANP => SIP trunk\): a catch-all/);
    expect(text).toContain("naptr-record=0.7.2.0.5.5.5.2.1.2.e164.arpa,");
  });

  it("takes the E.164 plan and a cap, and refuses others with 422", async () => {
    const res = await dnsmasqRoute.GET(toRequest("/api/export/dnsmasq?plan=e164&cap=50"));
    expect(res.status).toBe(200);
    const text = await readText(res);
    expect(text).toMatch(/E\.164/);
    expect(text).toMatch(/passes the cap of 50/);
    for (const search of ["plan=uk", "cap=0", "cap=abc", "cap=100000000"]) {
      await expectError(
        await dnsmasqRoute.GET(toRequest(`/api/export/dnsmasq?${search}`)),
        422,
        "validation",
      );
    }
  });
});

describe("GET /api/export/summary", () => {
  it("shows 0 differences for the BIND zone and the catch-all omitted from dnsmasq", async () => {
    const summary = await getSummary();
    expect(summary).toMatchObject({ apex: "e164.arpa", blocks: 8 });
    expect(summary.enumJson).toMatchObject({ filename: "enum.json", records: 8, check: null });
    expect(summary.enumJson.bytes).toBeGreaterThan(500);
    expect(summary.bind.check).toMatchObject({ total: 0, differences: [], sampled: false });
    expect(summary.bind.check?.checked).toBeGreaterThan(100);
    expect(summary.bind.records).toBeGreaterThan(20);
    expect(summary.bind.namedConf).toContain('zone "e164.arpa"');
    expect(summary.dnsmasq).toMatchObject({ plan: "nanp", omittedTotal: 1 });
    expect(summary.dnsmasq.omitted.map(({ prefix, name }) => ({ prefix, name }))).toEqual([
      { prefix: "", name: "NANP => SIP trunk" },
    ]);
    expect(summary.dnsmasq.omitted[0]?.reason).toMatch(/catch-all/);
    expect(summary.dnsmasq.check).toMatchObject({ total: 0 });
    expect(summary.dnsmasq.names).toBeGreaterThan(20_000);
    // The guide's rules expand to 40,000 numbers with and without +: the check samples them.
    expect(summary.dnsmasq.check?.sampled).toBe(true);
    expect(summary.dnsmasq.check?.scope).toMatch(/^Checked a sample/);
  });

  it("computes the zone once per revision, for concurrent callers too, and again after a change", async () => {
    const [a, b] = await Promise.all([getExportBundle(), getExportBundle()]);
    expect(a).toBe(b);
    expect(await getExportBundle()).toBe(a);
    const [zoneA, zoneB] = await Promise.all([getBindFile(), getBindFile()]);
    expect(zoneA.body).toBe(zoneB.body);

    const res = await blocksRoute.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "Premium 1900", prefix: "1900", regex: "!^(.*)$!sip:\\1@premium.example.com!" },
      }),
    );
    expect(res.status).toBe(201);
    const after = await getExportBundle();
    expect(after).not.toBe(a);
    expect(after.revision).toBeGreaterThan(a.revision);
    const summary = await getSummary("?plan=e164");
    expect(summary).toMatchObject({ blocks: 9, revision: after.revision });
    expect(summary.bind.check?.total).toBe(0);
    expect(summary.dnsmasq.plan).toBe("e164");
  });
});

describe("POST /api/export/check", () => {
  it("lists the numbers the guide's zone file misroutes", async () => {
    const res = await postCheck("?kind=bind&origin=e164.arpa", GUIDE_ZONE);
    const result = await readBody<FileCheckResult>(res);
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ kind: "bind", origin: "e164.arpa", sampled: false });
    expect(result.total).toBeGreaterThan(0);
    expect(result.differences).toHaveLength(result.total);
    const number270 = result.differences.find((d) => d.number === "+12125550270");
    expect(number270).toBeDefined();
    expect(number270?.json).toContain("ngv.example.com");
    expect(number270?.dns).toContain("10.147.226.2");
    expect(result.differences.map((d) => d.number)).toContain("+12125550275");
  });

  it("checks a dnsmasq config: the guide's unquoted \\\\1 reaches the wire", async () => {
    const result = await readBody<FileCheckResult>(await postCheck("?kind=dnsmasq", GUIDE_DNSMASQ));
    expect(result).toMatchObject({ kind: "dnsmasq", origin: "e164.arpa" });
    expect(result.records).toBeGreaterThan(5);
    expect(result.total).toBeGreaterThan(0);
    expect(result.differences.some((d) => d.number === "2125550270")).toBe(true);
  });

  it("finds no difference in the console's own export", async () => {
    const zone = await (await bindRoute.GET(toRequest("/api/export/bind"))).text();
    const result = await readBody<FileCheckResult>(await postCheck("?kind=bind", zone));
    expect(result).toMatchObject({ total: 0, differences: [] });
  });

  it("answers 422 with the line of a broken zone file", async () => {
    const broken = GUIDE_ZONE.replace(
      '0.7.2.0.5.5.5.2.1.2 IN NAPTR 1 1 "u"',
      '0.7.2.0.5.5.5.2.1.2 IN NAPTR one 1 "u"',
    );
    const line = broken.split("\n").findIndex((l) => l.includes("NAPTR one")) + 1;
    const error = await expectError(await postCheck("?kind=bind", broken), 422, "validation");
    expect(error.details).toMatchObject({ line });
    expect(error.message).toContain(`line ${line}`);
    expect(error.issues).toEqual([expect.objectContaining({ field: "file" })]);
  });

  it("refuses an unknown kind, a bad origin and an empty file with 422", async () => {
    await expectError(await postCheck("?kind=tinydns", GUIDE_ZONE), 422, "validation");
    await expectError(await postCheck("", GUIDE_ZONE), 422, "validation");
    await expectError(await postCheck("?kind=bind&origin=e164..arpa", GUIDE_ZONE), 422, "validation");
    await expectError(await postCheck("?kind=bind", "  \n"), 422, "validation");
  });
});
