import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRng } from "@/test/support/enum-patterns";
import { parseEnumJson } from "./enum-json";
import { resolveJson, toJsonRuleTable } from "./json-path";
import type { NumberBlock } from "./number-block";
import {
  evaluateTestNumbers,
  findReroutes,
  isExpectedOutcome,
  parseExpectedOutcome,
  parseTestNumber,
  toOutcomeText,
  type PlannedNumber,
  type RuleChange,
} from "./test-plan";
import type { Resolution, ResolutionStatus } from "./trace";

const GUIDE_JSON = readFileSync(new URL("../../test/fixtures/guide/enum.json", import.meta.url), "utf8");

function readGuideBlocks(): NumberBlock[] {
  const parsed = parseEnumJson(GUIDE_JSON);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.entries.map((entry) => {
    if (entry.block === null) throw new Error(`block ${entry.index}: ${entry.problem?.message}`);
    return entry.block;
  });
}

const NGV = "ngv.example.com";
const TRUNK = "10.147.226.2";
const COPY_TO_NGV = "!(^.*$)!sip:\\1@ngv.example.com!";
const GUIDE = readGuideBlocks();
const GUIDE_TABLE = toJsonRuleTable(GUIDE, "sprout");

/** A resolution shaped like the resolvers' output, for the status mapping. */
function toResolution(status: ResolutionStatus, result: string, uri: string | null = null): Resolution {
  return {
    input: "1",
    aus: "1",
    result,
    uri,
    status,
    queries: [],
    trace: { input: "1", aus: "1", profile: "sprout", mode: "dns", steps: [], notes: [] },
  };
}

describe("toOutcomeText", () => {
  it.each<[string, Resolution, string]>([
    ["a URI", toResolution("routed", "sip:1@h", "sip:1@h"), "sip:1@h"],
    ["JSON no block", toResolution("no-route", ""), "no-route"],
    ["JSON regex did not match (AUS back)", toResolution("no-route", "1"), "no-route"],
    ["DNS NXDOMAIN", toResolution("failure", ""), "no-route"],
    ["DNS SERVFAIL", toResolution("server-failure", ""), "server-failure"],
    ["a rule output that is not a URI", toResolution("not-uri", "2125550270"), "not-uri:2125550270"],
  ])("%s", (_, resolution, text) => {
    expect(toOutcomeText(resolution)).toBe(text);
  });

  it.each<[string, string]>([
    ["2125550270", `sip:2125550270@${TRUNK}`],
    ["+12125550275", `sip:+12125550275@${NGV}`],
    // The guide's +1650555 block does not compile: Sprout drops it, the trunk answers.
    ["+16505551234", `sip:+16505551234@${TRUNK}`],
  ])("the guide's %s on the enum.json path is %s", (number, text) => {
    expect(toOutcomeText(resolveJson(GUIDE_TABLE, number))).toBe(text);
  });
});

describe("parseExpectedOutcome", () => {
  it.each<[string, string]>([
    ["sip:+12125550270@ngv.example.com", "sip:+12125550270@ngv.example.com"],
    ["  tel:+12125550270 ", "tel:+12125550270"],
    ["no-route", "no-route"],
    ["No Route", "no-route"],
    ["NXDOMAIN", "no-route"],
    ["failure", "no-route"],
    ["SERVFAIL", "server-failure"],
    ["server-failure", "server-failure"],
    ["NOT-URI:2125550270", "not-uri:2125550270"],
  ])("%j reads as %j", (text, canonical) => {
    expect(parseExpectedOutcome(text)).toEqual({ ok: true, value: canonical });
  });

  it.each<[string, string]>([
    ["", "expected-empty"],
    ["   ", "expected-empty"],
    ["routed", "expected-unknown"],
    ["sip:has space@host", "expected-unknown"],
    ["not-uri:", "expected-not-uri-empty"],
  ])("%j is refused (%s)", (text, code) => {
    const parsed = parseExpectedOutcome(text);
    expect(parsed.ok ? null : parsed.error.code).toBe(code);
  });
});

describe("parseTestNumber", () => {
  it.each<[string, string]>([
    ["+1 (212) 555-0270", "+12125550270"],
    ["212.555.0270", "2125550270"],
    ["  6505551234 ", "6505551234"],
    ["+12125550270", "+12125550270"],
  ])("%j is stored as %j", (text, aus) => {
    expect(parseTestNumber(text)).toEqual({ ok: true, value: aus });
  });

  it.each<[string, string, number]>([
    ["212555O270", "number-character", 6],
    ["1-800-FLOWERS", "number-character", 6],
    ["  21a", "number-character", 4],
    ["12+34", "number-character", 2],
    ["", "number-empty", -1],
    ["+", "number-empty", -1],
    ["( )", "number-empty", -1],
  ])("%j is refused (%s at %d)", (text, code, at) => {
    const parsed = parseTestNumber(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.at ?? -1).toBe(at);
  });
});

describe("isExpectedOutcome", () => {
  it.each<[string, string, boolean]>([
    ["sip:1@h", "sip:1@h", true],
    ["SIP:1@h", "sip:1@h", true],
    ["sip:1@H", "sip:1@h", false],
    ["no-route", "no-route", true],
    ["no-route", "server-failure", false],
    ["not-uri:12", "not-uri:12", true],
  ])("expected %j, actual %j: %s", (expected, actual, passes) => {
    expect(isExpectedOutcome(expected, actual)).toBe(passes);
  });
});

describe("evaluateTestNumbers", () => {
  it("passes the guide's numbers that meet their expectation and fails the rest", () => {
    const plan: PlannedNumber[] = [
      { number: "2125550270", expected: `sip:2125550270@${TRUNK}` },
      // What the guide's author meant; Sprout drops the block, so this fails.
      { number: "+16505551234", expected: `sip:6505551234@${NGV}` },
      { number: "+12125550280", expected: `sip:+12125550280@${NGV}` },
    ];
    const results = evaluateTestNumbers(plan, (n) => resolveJson(GUIDE_TABLE, n));
    expect(results).toEqual([
      { number: "2125550270", expected: plan[0]!.expected, actual: plan[0]!.expected, passed: true },
      {
        number: "+16505551234",
        expected: plan[1]!.expected,
        actual: `sip:+16505551234@${TRUNK}`,
        passed: false,
      },
      { number: "+12125550280", expected: plan[2]!.expected, actual: plan[2]!.expected, passed: true },
    ]);
  });
});

/** The same question answered the slow way: rebuild the whole table with the change applied. */
function findReroutesByRebuild(
  numbers: readonly PlannedNumber[],
  blocks: readonly NumberBlock[],
  change: RuleChange,
): { number: string; before: string; after: string }[] {
  const removed = new Set(change.removed);
  const after = [...blocks.filter((b) => !removed.has(b.prefix)), ...change.added];
  const beforeTable = toJsonRuleTable(blocks, "sprout");
  const afterTable = toJsonRuleTable(after, "sprout");
  return numbers.flatMap(({ number }) => {
    const b = toOutcomeText(resolveJson(beforeTable, number));
    const a = toOutcomeText(resolveJson(afterTable, number));
    return a === b ? [] : [{ number, before: b, after: a }];
  });
}

describe("findReroutes over the guide's rules", () => {
  const plan: PlannedNumber[] = [
    { number: "2125550270", expected: `sip:2125550270@${TRUNK}` },
    { number: "2125550275", expected: `sip:+12125550275@${NGV}` },
    { number: "+12125550275", expected: `sip:+12125550275@${NGV}` },
    { number: "6505551234", expected: `sip:6505551234@${NGV}` },
    { number: "+16505551234", expected: `sip:+16505551234@${TRUNK}` },
    { number: "+442071234567", expected: `sip:+442071234567@${TRUNK}` },
    { number: "212", expected: `sip:+1212@${NGV}` },
  ];

  it.each<[string, RuleChange, [string, string, string, boolean][]]>([
    [
      "update: the demo number's block points at ngv",
      { removed: ["2125550270"], added: [{ name: "demo", prefix: "2125550270", regex: COPY_TO_NGV }] },
      [["2125550270", `sip:2125550270@${TRUNK}`, `sip:2125550270@${NGV}`, true]],
    ],
    [
      "delete: the 212555027 block goes, its numbers fall to the trunk",
      { removed: ["212555027"], added: [] },
      [["2125550275", `sip:+12125550275@${NGV}`, `sip:2125550275@${TRUNK}`, true]],
    ],
    [
      "create: a fixed +1650555 block takes +16505551234 from the trunk",
      {
        removed: [],
        added: [{ name: "fixed", prefix: "+1650555", regex: "!^\\+1(.*)$!sip:\\1@ngv.example.com!" }],
      },
      [["+16505551234", `sip:+16505551234@${TRUNK}`, `sip:6505551234@${NGV}`, true]],
    ],
    [
      "create with a regex Sprout drops: nothing moves",
      { removed: [], added: [{ name: "broken", prefix: "+44", regex: "!+44(.*)!sip:\\1@uk!" }] },
      [],
    ],
    [
      "disable the catch-all: numbers outside every block get no route",
      { removed: [""], added: [] },
      [
        ["+16505551234", `sip:+16505551234@${TRUNK}`, "no-route", true],
        ["+442071234567", `sip:+442071234567@${TRUNK}`, "no-route", true],
      ],
    ],
    [
      "short-number quirk: a longer prefix starting with 212 takes the short number 212",
      { removed: [], added: [{ name: "quirk", prefix: "2129", regex: "!(^.*$)!sip:\\1@quirk!" }] },
      [["212", `sip:+1212@${NGV}`, "sip:212@quirk", true]],
    ],
  ])("%s", (_, change, rows) => {
    const reroutes = findReroutes(plan, GUIDE_TABLE, change);
    expect(reroutes.map((r) => [r.number, r.before, r.after, r.breaks])).toEqual(rows);
    expect(findReroutesByRebuild(plan, GUIDE, change)).toEqual(
      rows.map(([number, before, after]) => ({ number, before, after })),
    );
  });

  it("marks a change that makes a failing number pass as a fix", () => {
    const expected = `sip:6505551234@${NGV}`;
    const [row] = findReroutes([{ number: "+16505551234", expected }], GUIDE_TABLE, {
      removed: [],
      added: [{ name: "fixed", prefix: "+1650555", regex: "!^\\+1(.*)$!sip:\\1@ngv.example.com!" }],
    });
    expect(row).toMatchObject({ breaks: false, fixes: true, after: expected });
  });
});

describe("findReroutes agrees with rebuilding the table", () => {
  const REGEXES = [
    COPY_TO_NGV,
    "!(^.*$)!sip:\\1@10.147.226.2!",
    "!^\\+?1?(.*)$!sip:\\1@x!",
    "!^9(.*)$!sip:\\1@y!",
    "!+1(.*)!bad!",
  ];

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("random rules and changes, seed %d", (seed) => {
    const rng = createRng(seed);
    const toDigits = (n: number): string => Array.from({ length: n }, () => String(rng.int(3) + 1)).join("");
    const prefixes = new Set<string>();
    while (prefixes.size < 40) prefixes.add((rng.chance(0.3) ? "+" : "") + toDigits(rng.between(0, 5)));
    const blocks = [...prefixes].map((prefix, i) => ({ name: `b${i}`, prefix, regex: rng.pick(REGEXES) }));
    const numbers = Array.from({ length: 200 }, () => ({
      number: (rng.chance(0.3) ? "+" : "") + toDigits(rng.between(1, 7)),
      expected: "no-route",
    }));
    const table = toJsonRuleTable(blocks, "sprout");
    for (let round = 0; round < 25; round++) {
      const removed = blocks.filter(() => rng.chance(0.05)).map((b) => b.prefix);
      const taken = new Set(blocks.map((b) => b.prefix).filter((p) => !removed.includes(p)));
      const added: NumberBlock[] = [];
      for (let i = rng.int(3); i > 0; i--) {
        const prefix = (rng.chance(0.3) ? "+" : "") + toDigits(rng.between(0, 5));
        if (taken.has(prefix)) continue;
        taken.add(prefix);
        added.push({ name: `new${i}`, prefix, regex: rng.pick(REGEXES) });
      }
      const change = { removed, added };
      const fast = findReroutes(numbers, table, change).map(({ number, before, after }) => ({
        number,
        before,
        after,
      }));
      expect(fast).toEqual(findReroutesByRebuild(numbers, blocks, change));
    }
  });
});
