import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveDnsSync } from "./dns-path";
import { parseEnumJson } from "./enum-json";
import { resolveJson, toJsonRuleTable } from "./json-path";
import { parseMasterFile } from "./master-file";
import type { NaptrLookup, SyncNaptrSource } from "./naptr";
import type { NumberBlock } from "./number-block";
import type { Resolution } from "./trace";
import {
  describeDisagreement,
  describeNormalisation,
  toTraceView,
  type PrefixWalkView,
  type QueryView,
  type TraceTone,
} from "./trace-view";
import { createZone } from "./zone";

const GUIDE_JSON = readFileSync(new URL("../../test/fixtures/guide/enum.json", import.meta.url), "utf8");
const GUIDE_ZONE = readFileSync(new URL("../../test/fixtures/guide/e164.arpa.db", import.meta.url), "utf8");

/** The guide's blocks through the same parser the console's import uses. */
function readGuideBlocks(): NumberBlock[] {
  const parsed = parseEnumJson(GUIDE_JSON);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.entries.map((entry) => {
    if (entry.block === null) throw new Error(`block ${entry.index}: ${entry.problem?.message}`);
    return entry.block;
  });
}

const TABLE = toJsonRuleTable(readGuideBlocks(), "sprout");
const ZONE = (() => {
  const parsed = parseMasterFile(GUIDE_ZONE, { origin: "e164.arpa" });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return createZone("e164.arpa", parsed.value.records);
})();

const TRUNK = "10.147.226.2";
const NGV = "ngv.example.com";
const SIP_TRUNK_BLOCK = '"NANP => SIP trunk" (the catch-all, prefix "")';

function getWalk(resolution: Resolution): PrefixWalkView {
  const step = toTraceView(resolution).steps[0];
  if (step?.kind !== "prefix-walk") throw new Error("no prefix walk");
  return step;
}

function getQueries(resolution: Resolution): QueryView[] {
  return toTraceView(resolution).steps.filter((s): s is QueryView => s.kind === "query");
}

describe("toTraceView on the enum.json path with the guide's rules", () => {
  it.each<[string, string, TraceTone, string]>([
    // [dialed, headline, tone, chosen block name]
    [
      "+1 (650) 555-1234",
      `+16505551234 routes to sip:+16505551234@${TRUNK} by block ${SIP_TRUNK_BLOCK}.`,
      "ok",
      "NANP => SIP trunk",
    ],
    [
      "6505551234",
      `6505551234 routes to sip:6505551234@${NGV} by block "Clearwater internal numbers" (prefix 650555).`,
      "ok",
      "Clearwater internal numbers",
    ],
    [
      "+12125550275",
      `+12125550275 routes to sip:+12125550275@${NGV} by block "Clearwater external numbers +12125550271-9" (prefix +1212555027).`,
      "ok",
      "Clearwater external numbers +12125550271-9",
    ],
    [
      "212",
      `212 routes to sip:+1212@${NGV} by block "Clearwater external number 2125550280" (prefix 2125550280).`,
      "ok",
      "Clearwater external number 2125550280",
    ],
  ])("%j: %s", (dialed, headline, tone, chosen) => {
    const view = toTraceView(resolveJson(TABLE, dialed));
    expect(view.headline).toBe(headline);
    expect(view.tone).toBe(tone);
    expect(view.mode).toBe("json");
    expect(getWalk(resolveJson(TABLE, dialed)).chosen?.name).toBe(chosen);
  });

  it("says plainly why +16505551234 reaches the trunk: the +1650555 block is dropped", () => {
    const resolution = resolveJson(TABLE, "+16505551234");
    const view = toTraceView(resolution);
    expect(view.statusLabel).toBe("Routed");
    expect(view.reasons[0]).toBe(
      'Block "Clearwater internal numbers dialled with +1 prefix" (prefix +1650555) covers +16505551234 but is not used: ' +
        'its regex does not compile, so Sprout drops it: The repeat operator "+" cannot start a regular expression. ' +
        `So the number falls to block ${SIP_TRUNK_BLOCK}.`,
    );
    expect(view.reasons[1]).toBe(
      `No usable block has a longer prefix of +16505551234, so the catch-all block ${SIP_TRUNK_BLOCK} applies.`,
    );
    const walk = getWalk(resolution);
    expect(walk.skipped.map((s) => s.block.prefix)).toEqual(["+1650555"]);
    expect(walk.quirk).toBeNull();
  });

  it("explains the short-number quirk in one line", () => {
    const resolution = resolveJson(TABLE, "212");
    expect(getWalk(resolution).quirk).toBe(
      'Short-number quirk: 212 is shorter than prefix 2125550280, which starts with it, so Sprout\'s prefix walk picks block "Clearwater external number 2125550280" (prefix 2125550280) instead of the catch-all block (the longest-prefix match).',
    );
    expect(toTraceView(resolution).reasons[0]).toMatch(/^Short-number quirk: /);
    expect(getWalk(resolveJson(TABLE, "2125550280")).quirk).toBeNull();
  });

  it.each<[string, readonly { text: string; group: number }[]]>([
    // The guide's `(^.*$)` captures the whole AUS, + included.
    ["+12125550275", [{ text: "+12125550275", group: 1 }]],
    ["2125550270", [{ text: "2125550270", group: 1 }]],
  ])("lays the capture groups of %j over the number", (dialed, spans) => {
    const rule = getWalk(resolveJson(TABLE, dialed)).rule;
    expect(rule?.spans).toEqual(spans);
    expect(rule?.groups).toEqual([{ index: 1, text: dialed }]);
  });

  it("cuts the number into runs by the innermost group, outside and unmatched parts apart", () => {
    const table = toJsonRuleTable(
      [{ name: "uk", prefix: "+44", regex: "!^\\+44(20)(.*)$!sip:0\\1\\2@uk.example!" }],
      "sprout",
    );
    const rule = getWalk(resolveJson(table, "+442071234567")).rule;
    expect(rule?.spans).toEqual([
      { text: "+44", group: 0 },
      { text: "20", group: 1 },
      { text: "71234567", group: 2 },
    ]);
    const partial = toJsonRuleTable([{ name: "p", prefix: "", regex: "!(55)!x!" }], "sprout");
    const partialRule = getWalk(resolveJson(partial, "1552")).rule;
    expect(partialRule?.spans).toEqual([
      { text: "1", group: -1 },
      { text: "55", group: 1 },
      { text: "2", group: -1 },
    ]);
    expect(partialRule?.output).toBe("1x2");
  });

  it("reports a regex that does not match as no route, in plain words", () => {
    const table = toJsonRuleTable(
      [{ name: "plus only", prefix: "", regex: "!^\\+(.*)$!sip:\\1@h!" }],
      "sprout",
    );
    const view = toTraceView(resolveJson(table, "2125550270"));
    expect(view.status).toBe("no-route");
    expect(view.tone).toBe("warn");
    expect(view.headline).toBe(
      "The rule's pattern does not match 2125550270: the client leaves the number unchanged (no route).",
    );
    expect(getWalk(resolveJson(table, "2125550270")).rule?.summary).toBe(
      "The pattern does not match this number.",
    );
  });

  it("reports a number no block covers", () => {
    const table = toJsonRuleTable([{ name: "uk", prefix: "+44", regex: "!(.*)!sip:\\1@h!" }], "sprout");
    const view = toTraceView(resolveJson(table, "+12125550270"));
    expect(view.headline).toBe("No number block covers +12125550270: the client returns nothing (no route).");
    expect(view.steps).toEqual([expect.objectContaining({ kind: "prefix-walk", chosen: null })]);
  });

  it("says when the global replace writes the replacement more than once", () => {
    const table = toJsonRuleTable([{ name: "loose", prefix: "", regex: "!(.*)!sip:\\1@h!" }], "sprout");
    const rule = getWalk(resolveJson(table, "1234")).rule;
    expect(rule?.matchCount).toBe(2);
    expect(rule?.summary).toMatch(/^The pattern matches 2 times: Sprout's global replace/);
  });
});

describe("toTraceView on the DNS path over the guide's hand-written zone", () => {
  it("greys the + rule the client cannot parse and names the rule that wins", () => {
    const resolution = resolveDnsSync(ZONE, "+12125550275", { profile: "sprout" });
    const view = toTraceView(resolution);
    expect(view.headline).toBe(`+12125550275 routes to sip:+12125550275@${TRUNK}.`);
    const [query] = getQueries(resolution);
    expect(query?.domain).toBe("5.7.2.0.5.5.5.2.1.2.1.e164.arpa");
    expect(query?.summary).toBe("2 NAPTR records from the wildcard *.7.2.0.5.5.5.2.1.2.1.e164.arpa.");
    expect(query?.records.map((r) => [r.order, r.preference, r.flags, r.service, r.verdict])).toEqual([
      [1, 1, "u", "E2U+sip", "skipped"],
      [2, 1, "u", "E2U+sip", "chosen"],
    ]);
    expect(query?.records[0]?.reason).toMatch(/^the regexp does not parse at character 3: /);
    expect(query?.records[1]?.reason).toBe('chosen: the first rule whose pattern matches "+12125550275"');
    expect(query?.rule?.output).toBe(`sip:+12125550275@${TRUNK}`);
    expect(view.reasons[0]).toMatch(
      /^At 5\.7\.2\.0\.5\.5\.5\.2\.1\.2\.1\.e164\.arpa, the rule order 1 preference 1 "!\(\+\^\.\*\$\)!sip:\\1@ngv\.example\.com!" is skipped: the regexp does not parse/,
    );
    expect(view.reasons[1]).toMatch(
      /the rule order 2 preference 1 .* is the first rule \(by order, then preference\) whose pattern matches "\+12125550275"\.$/,
    );
  });

  it("says when a skipped rule can never match: the guide's `(\\+^.*$)` once the zone is made loadable", () => {
    // In a master file `\\+` reaches the wire as `\+` (what BIND needs to load the guide's zone).
    const parsed = parseMasterFile(GUIDE_ZONE.replaceAll("\\+", "\\\\+"), { origin: "e164.arpa" });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const loadable = createZone("e164.arpa", parsed.value.records);
    const [query] = getQueries(resolveDnsSync(loadable, "+12125550275", { profile: "sprout" }));
    expect(query?.records.map((r) => [r.regexp, r.verdict, r.reason])).toEqual([
      [
        "!(\\+^.*$)!sip:\\1@ngv.example.com!",
        "skipped",
        'the pattern does not match "+12125550275": this pattern can never match any number (an anchor or + where none can be)',
      ],
      [
        "!(^.*$)!sip:\\1@10.147.226.2!",
        "chosen",
        'chosen: the first rule whose pattern matches "+12125550275"',
      ],
    ]);
  });

  it.each<[string, string, string, TraceTone]>([
    // [dialed, query summary, headline, tone]
    [
      "+1 650 123 4567",
      "NXDOMAIN: the name does not exist, a clean failure.",
      "The lookup of +16501234567 fails: the client gets no route.",
      "bad",
    ],
    [
      "650",
      "NOERROR without NAPTR records: Sprout treats this as an ENUM server failure.",
      "The lookup of 650 fails with a server failure: Sprout raises an ENUM server alarm and routes nowhere.",
      "bad",
    ],
  ])("%j: %s", (dialed, summary, headline, tone) => {
    const resolution = resolveDnsSync(ZONE, dialed, { profile: "sprout" });
    expect(getQueries(resolution).map((q) => q.summary)).toEqual([summary]);
    expect(toTraceView(resolution).headline).toBe(headline);
    expect(toTraceView(resolution).tone).toBe(tone);
  });

  it("marks rules after the chosen one as not reached and lists server attempts in words", () => {
    const lookup: NaptrLookup = {
      kind: "answer",
      rules: [
        {
          order: 10,
          preference: 10,
          flags: "u",
          service: "E2U+sip",
          regexp: "!^(.*)$!sip:\\1@a!",
          replacement: ".",
        },
        {
          order: 20,
          preference: 10,
          flags: "u",
          service: "E2U+sip",
          regexp: "!^(.*)$!sip:\\1@b!",
          replacement: ".",
        },
        {
          order: 5,
          preference: 10,
          flags: "u",
          service: "E2U+email",
          regexp: "!^(.*)$!mailto:x@c!",
          replacement: ".",
        },
      ],
      attempts: [
        { server: "127.0.0.1:5301", outcome: "TIMEOUT", timeoutMs: 600, transport: "udp" },
        { server: "127.0.0.1:5302", outcome: "SERVFAIL", elapsedMs: 2.4, transport: "udp" },
        { server: "127.0.0.1:5303", outcome: "NOERROR", elapsedMs: 1.2, transport: "udp" },
      ],
    };
    const source: SyncNaptrSource = { lookup: () => lookup };
    const [query] = getQueries(resolveDnsSync(source, "+15551234", { profile: "sprout" }));
    expect(query?.records.map((r) => [r.order, r.verdict, r.reason])).toEqual([
      [5, "skipped", 'enumservice "E2U+email" is not one Sprout uses'],
      [10, "chosen", 'chosen: the first rule whose pattern matches "+15551234"'],
      [20, "not-reached", "not reached: an earlier rule was used"],
    ]);
    expect(query?.attempts).toEqual([
      {
        server: "127.0.0.1:5301",
        outcome: "TIMEOUT",
        answered: false,
        timedOut: true,
        text: "127.0.0.1:5301 timed out after 600 ms over UDP: the client tries the next server.",
      },
      {
        server: "127.0.0.1:5302",
        outcome: "SERVFAIL",
        answered: false,
        timedOut: false,
        text: "127.0.0.1:5302 answered SERVFAIL over UDP in 2 ms: the client tries the next server.",
      },
      {
        server: "127.0.0.1:5303",
        outcome: "NOERROR",
        answered: true,
        timedOut: false,
        text: "127.0.0.1:5303 answered NOERROR over UDP in 1 ms.",
      },
    ]);
  });
});

describe("describeNormalisation", () => {
  it.each<[string, string, string]>([
    [
      "+16505551234",
      "+16505551234",
      '"+16505551234" is already an AUS (an optional leading + and digits): used as typed.',
    ],
    [
      "+1 (212) 555-0275",
      "+12125550275",
      'The client kept the leading + and the digits and dropped spaces, brackets and dashes: "+1 (212) 555-0275" becomes +12125550275.',
    ],
    [
      "212.555.0270",
      "2125550270",
      'The client kept the digits and dropped dots: "212.555.0270" becomes 2125550270.',
    ],
    [
      "214+4324",
      "2144324",
      'The client kept the digits and dropped a + that is not the first character (only a leading + is part of the number): "214+4324" becomes 2144324.',
    ],
    ["*#", "", '"*#" has no digits, so the client does no lookup at all.'],
  ])("%j -> %j", (input, aus, sentence) => {
    expect(describeNormalisation(input, aus)).toBe(sentence);
  });
});

describe("describeDisagreement", () => {
  it("names both results when the enum.json path and the guide's zone differ, and nothing when they agree", () => {
    const json = resolveJson(TABLE, "+12125550275");
    const dns = resolveDnsSync(ZONE, "+12125550275", { profile: "sprout" });
    expect(describeDisagreement(json, dns, "the live-server path")).toBe(
      `The enum.json path gives "sip:+12125550275@${NGV}" (routed) but the live-server path gives "sip:+12125550275@${TRUNK}" (routed).`,
    );
    const agree = resolveDnsSync(ZONE, "+16505551234", { profile: "sprout" });
    expect(describeDisagreement(resolveJson(TABLE, "+16505551234"), agree, "the zone")).toBeNull();
  });

  it("calls a missing result nothing", () => {
    const json = resolveJson(TABLE, "+16501234567");
    const dns = resolveDnsSync(ZONE, "+16501234567", { profile: "sprout" });
    expect(describeDisagreement(json, dns, "the zone")).toBe(
      `The enum.json path gives "sip:+16501234567@${TRUNK}" (routed) but the zone gives nothing (no route).`,
    );
  });
});
