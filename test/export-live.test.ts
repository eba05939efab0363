// The exported zone and dnsmasq config, served by the real BIND and dnsmasq on 127.0.0.1,
// route sampled numbers exactly as the enum.json path does (the engine resolves both).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { resolveDnsAsync } from "@/lib/enum/dns-path";
import { resolveJson, toJsonRuleTable } from "@/lib/enum/json-path";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock } from "@/lib/enum/ruleset";
import { createServerSource } from "@/lib/dns/client";
import { renderBindZone } from "@/lib/export/bind";
import { toOutcome, toProbeNumbers } from "@/lib/export/check";
import { compileZone } from "@/lib/export/compile";
import { NANP_PLAN, renderDnsmasqConfig } from "@/lib/export/dnsmasq";
import { describeWithBind, startBind, type BindServer } from "./support/bind";
import { describeWithDnsmasq, startDnsmasq, type DnsmasqServer } from "./support/dnsmasq";

const parsed = parseEnumJson(readFileSync(new URL("./fixtures/guide/enum.json", import.meta.url), "utf8"));
if (!parsed.ok) throw new Error(parsed.error.message);
const BLOCKS: ConsoleBlock[] = parsed.value.entries.map((entry, i) => ({
  ...entry.block!,
  id: `block-${i + 1}`,
  enumservice: "E2U+sip",
  extraRules: [],
  enabled: true,
}));
const ZONE = compileZone({
  revision: 1,
  zoneSerial: 2026112301,
  settings: DEFAULT_ZONE_SETTINGS,
  blocks: BLOCKS,
});
const TABLE = toJsonRuleTable(BLOCKS, "sprout");

/** Every probe number of every block, plus a spread of longer NANP numbers. */
function toSampleNumbers(): string[] {
  const numbers = new Set<string>();
  for (const block of BLOCKS) for (const n of toProbeNumbers(block.prefix.replace(/^\+/, ""))) numbers.add(n);
  for (let i = 0; i < 100; i++) {
    const n = `${["212555027", "212555028", "650555", "415555", "1650555", "1212555"][i % 6]}${String(i * 7919).padStart(5, "0")}`;
    numbers.add(n);
    numbers.add(`+${n}`);
  }
  return [...numbers];
}

async function expectSameAsJson(port: number, numbers: readonly string[]): Promise<void> {
  const source = createServerSource([`127.0.0.1:${port}`], { timeoutMs: { min: 2000, max: 2000 } });
  const differences: string[] = [];
  for (const number of numbers) {
    const dns = await resolveDnsAsync(source, number, { profile: "sprout", suffix: "e164.arpa" });
    const json = resolveJson(TABLE, number);
    if (toOutcome(dns) !== toOutcome(json))
      differences.push(`${number}: json ${json.result} dns ${dns.result} (${dns.status})`);
  }
  expect(differences).toEqual([]);
}

describeWithBind("the exported BIND zone served by named", () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBind([
      { origin: "e164.arpa", text: renderBindZone(ZONE, { title: "live test", notes: [] }) },
    ]);
  });
  afterAll(async () => bind.stop());

  it("routes hundreds of numbers exactly as the enum.json path", async () => {
    const numbers = toSampleNumbers();
    expect(numbers.length).toBeGreaterThan(200);
    await expectSameAsJson(bind.port, numbers);
  });
});

describeWithDnsmasq("the exported dnsmasq config served by dnsmasq", () => {
  const exported = renderDnsmasqConfig(ZONE, BLOCKS, { plan: NANP_PLAN, header: ["live test"] });
  let dnsmasq: DnsmasqServer;
  beforeAll(async () => {
    dnsmasq = await startDnsmasq(exported.text);
  });
  afterAll(async () => dnsmasq.stop());

  it("reports the catch-all it cannot expand", () => {
    expect(exported.omitted.map((o) => o.prefix)).toEqual([""]);
    expect(exported.omitted[0]?.reason).toMatch(/catch-all/);
  });

  it("routes the expanded numbers exactly as the enum.json path", async () => {
    const listed = [...new Set(exported.text.match(/naptr-record=([0-9.]+)\.e164\.arpa/g) ?? [])].map(
      (line) => line.replace("naptr-record=", "").replace(".e164.arpa", "").split(".").reverse().join(""),
    );
    // Every 50th listed number, with and without +: a few hundred queries.
    const sample = listed.filter((_, i) => i % 50 === 0).flatMap((n) => [n, `+${n}`]);
    expect(sample.length).toBeGreaterThan(200);
    await expectSameAsJson(dnsmasq.port, sample);
  });
});
