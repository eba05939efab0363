import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { parseMasterFile } from "@/lib/enum/master-file";
import { compileRegexField } from "@/lib/enum/regex-field";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock, type RuleSet } from "@/lib/enum/ruleset";
import { createZone } from "@/lib/enum/zone";
import { createRng } from "@/test/support/enum-patterns";
import { renderBindZone } from "./bind";
import { checkEquivalence } from "./check";
import { compileZone } from "./compile";
import { toPlusOnlyRegexp } from "./plus-only";

const FIXTURES = new URL("../../test/fixtures/guide/", import.meta.url);
const NAMED_CHECKZONE = "/usr/bin/named-checkzone";

function toBlocks(text: string): ConsoleBlock[] {
  const parsed = parseEnumJson(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.entries.map((entry, i) => ({
    ...entry.block!,
    id: `block-${i + 1}`,
    enumservice: "E2U+sip",
    extraRules: [],
    enabled: true,
  }));
}

function toRuleSet(blocks: readonly ConsoleBlock[]): RuleSet {
  return { revision: 1, zoneSerial: 2026112301, settings: DEFAULT_ZONE_SETTINGS, blocks };
}

const GUIDE_BLOCKS = toBlocks(readFileSync(new URL("enum.json", FIXTURES), "utf8"));

/** named-checkzone's verdict on a zone text, or null when BIND's tools are not installed. */
function checkWithBind(zoneText: string): string | null {
  if (!existsSync(NAMED_CHECKZONE)) {
    if (process.env.CI) throw new Error("named-checkzone is missing: install Debian's bind9 (.ci/run does)");
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), "enum-export-"));
  const file = join(dir, "zone.db");
  writeFileSync(file, zoneText);
  try {
    return execFileSync(NAMED_CHECKZONE, ["-q", "e164.arpa", file], { encoding: "utf8" }) || "OK";
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    return `FAILED: ${out.stdout ?? ""}${out.stderr ?? ""}`;
  }
}

describe("compileZone on the guide's rules (seed 000)", () => {
  const zone = compileZone(toRuleSet(GUIDE_BLOCKS));
  const text = renderBindZone(zone, { title: "ENUM Console export of e164.arpa (guide rules)", notes: [] });

  it("routes every probe number exactly as the enum.json path does", () => {
    const report = checkEquivalence(GUIDE_BLOCKS, createZone(zone.apex, zone.records), {
      suffix: "e164.arpa",
    });
    expect(report.checked).toBeGreaterThan(100);
    expect(report.differences).toEqual([]);
    expect(zone.issues).toEqual([]);
  });

  it("separates + and plain numbers at shared names with an exact + only rule", () => {
    const at = (name: string) =>
      zone.records
        .filter((r) => r.name === name && r.data.kind === "NAPTR")
        .map((r) => (r.data.kind === "NAPTR" ? r.data : null));
    expect(at("*.7.2.0.5.5.5.2.1.2.1.e164.arpa")).toEqual([
      expect.objectContaining({ order: 10, preference: 10, regexp: "!(^\\+.*$)!sip:\\1@ngv.example.com!" }),
      expect.objectContaining({ order: 10, preference: 65535, regexp: "!^\\+!+!" }),
      expect.objectContaining({ order: 20, preference: 10, regexp: "!(^.*$)!sip:\\1@10.147.226.2!" }),
    ]);
  });

  it("matches the golden file byte for byte", () => {
    expect(text).toBe(readFileSync(new URL("export.bind.db", FIXTURES), "utf8"));
  });

  it("is a zone BIND loads (named-checkzone)", () => {
    const verdict = checkWithBind(text);
    if (verdict !== null) expect(verdict).not.toMatch(/FAILED/);
  });
});

describe("checkEquivalence on the guide's own hand-written zone", () => {
  const guideZone = parseMasterFile(readFileSync(new URL("e164.arpa.db", FIXTURES), "utf8"), {
    origin: "e164.arpa",
  });
  if (!guideZone.ok) throw new Error(guideZone.error.message);
  const report = checkEquivalence(GUIDE_BLOCKS, createZone("e164.arpa", guideZone.value.records), {
    suffix: "e164.arpa",
  });
  const byNumber = new Map(report.differences.map((d) => [d.number, d]));

  it.each(["+12125550270", "+12125550275", "+12125550280"])(
    "lists %s: ngv.example.com from enum.json, the trunk from the zone (enum-semantics.md §5)",
    (number) => {
      expect(byNumber.get(number)).toMatchObject({
        json: `sip:${number}@ngv.example.com (routed)`,
        dns: `sip:${number}@10.147.226.2 (routed)`,
      });
    },
  );

  it("lists numbers the zone answers NXDOMAIN for although enum.json routes them", () => {
    const nxdomain = report.differences.filter((d) => d.why.includes("NXDOMAIN"));
    expect(nxdomain.length).toBeGreaterThan(0);
    for (const d of nxdomain) expect(d.dns).toBe('"" (failure)');
  });

  it("explains each difference with the block and the DNS answer", () => {
    for (const d of report.differences) expect(d.why).toMatch(/enum\.json (uses block|has no block)/);
  });
});

describe("toPlusOnlyRegexp", () => {
  it.each([
    ["!(^.*$)!sip:\\1@h!", "!(^\\+.*$)!sip:\\1@h!"],
    ["!^(.*)$!sip:\\1@h!", "!^(\\+.*)$!sip:\\1@h!"],
    ["!^\\+?1?(\\d{10})$!sip:+1\\1@h!", "!^\\+1?(\\d{10})$!sip:+1\\1@h!"],
    ["!^\\+1(.*)$!sip:\\1@h!", "!^\\+1(.*)$!sip:\\1@h!"],
    ["!^.+$!sip:x@h!", "!^\\+.*$!sip:x@h!"],
  ])("%s -> %s", (raw, expected) => {
    const rule = compileRegexField(raw, "sprout");
    if (!rule.ok) throw new Error(rule.error.message);
    const variant = toPlusOnlyRegexp(rule.value, ["+12125550270", "+1", "+441234567890"]);
    expect(variant).toEqual({ ok: true, value: expected });
  });

  it("refuses an unanchored pattern whose global replace also matches the empty end", () => {
    const rule = compileRegexField("!(.*)!sip:\\1@h!", "sprout");
    if (!rule.ok) throw new Error(rule.error.message);
    expect(toPlusOnlyRegexp(rule.value, ["+12125550270"]).ok).toBe(false);
  });
});

describe("compileZone on generated rule sets (property test)", () => {
  const ANCHORED = [
    "!(^.*$)!sip:\\1@a.example!",
    "!^(.*)$!sip:\\1@b.example!",
    "!^\\+?(.*)$!sip:\\1@c.example!",
    "!^\\+?1?(\\d{10})$!sip:+1\\1@d.example!",
    "!^\\+1(.*)$!sip:\\1@e.example!",
    "!^([0-9]+)$!sip:\\1@f.example!",
    "!^.*$!sip:fixed@g.example!",
    "!^\\+?([0-9]{3})(.*)$!sip:\\2@\\1.h.example!",
    "!^[+]?(.*)$!tel:\\1!",
    "!^\\+44(.*)$!sip:0\\1@uk.example!",
  ];
  const UNANCHORED = ["!(.*)!sip:\\1@u.example!", "!([0-9]+)!sip:\\1@v.example!"];

  function generate(seed: number, regexes: readonly string[]): ConsoleBlock[] {
    const rng = createRng(seed);
    const blocks: ConsoleBlock[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 1 + rng.int(14); i++) {
      let prefix = rng.chance(0.4) ? "+" : "";
      for (let k = rng.int(6); k > 0; k--) prefix += "0129"[rng.int(4)]!;
      if (seen.has(prefix)) continue;
      seen.add(prefix);
      blocks.push({
        id: `b${i}`,
        name: `b${i}`,
        prefix,
        regex: rng.pick(regexes),
        enumservice: "E2U+sip",
        extraRules: [],
        enabled: true,
      });
    }
    return blocks;
  }

  it.each(Array.from({ length: 150 }, (_, i) => i + 1))(
    "anchored rules, seed %i: no difference, no issue",
    (seed) => {
      const blocks = generate(seed, ANCHORED);
      const zone = compileZone(toRuleSet(blocks));
      expect(zone.issues).toEqual([]);
      const report = checkEquivalence(blocks, createZone(zone.apex, zone.records), { suffix: "e164.arpa" });
      expect(report.differences, JSON.stringify(blocks.map((b) => [b.prefix, b.regex]))).toEqual([]);
    },
  );

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    "with unanchored rules, seed %i: every difference is reported",
    (seed) => {
      const blocks = generate(1000 + seed, [...ANCHORED, ...UNANCHORED]);
      const zone = compileZone(toRuleSet(blocks));
      const report = checkEquivalence(blocks, createZone(zone.apex, zone.records), { suffix: "e164.arpa" });
      if (report.differences.length > 0) expect(zone.issues.length).toBeGreaterThan(0);
    },
  );

  it.each([3, 7, 11])("named-checkzone loads a generated zone (seed %i)", (seed) => {
    const blocks = generate(seed, ANCHORED);
    const verdict = checkWithBind(
      renderBindZone(compileZone(toRuleSet(blocks)), { title: "generated", notes: [] }),
    );
    if (verdict !== null) expect(verdict).not.toMatch(/FAILED/);
  });
});
