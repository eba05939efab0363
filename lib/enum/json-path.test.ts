import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnumJson } from "./enum-json";
import { compareBytes, findBlockForAus, resolveJson, toJsonRuleTable } from "./json-path";
import type { NumberBlock } from "./number-block";
import type { Profile } from "./profile";
import type { JsonStep, ResolutionStatus } from "./trace";

const GUIDE_JSON = readFileSync(new URL("../../test/fixtures/guide/enum.json", import.meta.url), "utf8");

/** The guide's blocks through the same parser the console's import uses. */
function readGuideBlocks(): NumberBlock[] {
  const parsed = parseEnumJson(GUIDE_JSON);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.entries.map((entry) => {
    if (entry.block === null) throw new Error(`block ${entry.index}: ${entry.problem?.message}`);
    return entry.block;
  });
}

/** Blocks written inline: [prefix, regex]. */
function toBlocks(rows: readonly (readonly [string, string])[]): NumberBlock[] {
  return rows.map(([prefix, regex], i) => ({ name: `b${i}`, prefix, regex }));
}

/** The single JSON-path step of a resolution. */
function getStep(resolution: { trace: { steps: readonly unknown[] } }): JsonStep {
  const step = resolution.trace.steps[0] as JsonStep | undefined;
  if (step === undefined) throw new Error("no step");
  return step;
}

const NGV = "ngv.example.com";
const TRUNK = "10.147.226.2";

describe("resolveJson over the guide's enum.json (enum-semantics.md §3, Sprout's JSONEnumService)", () => {
  const table = toJsonRuleTable(readGuideBlocks(), "sprout");

  it.each<[string, string, ResolutionStatus, number, boolean]>([
    // [dialed, result, status, chosen block index, short-number quirk]
    ["2125550270", `sip:2125550270@${TRUNK}`, "routed", 0, false],
    ["2125550275", `sip:+12125550275@${NGV}`, "routed", 1, false],
    ["+12125550275", `sip:+12125550275@${NGV}`, "routed", 2, false],
    ["2125550280", `sip:+12125550280@${NGV}`, "routed", 3, false],
    ["+12125550280", `sip:+12125550280@${NGV}`, "routed", 4, false],
    ["6505551234", `sip:6505551234@${NGV}`, "routed", 5, false],
    // Block `+1650555` is dropped (its regex does not compile): the trunk.
    ["+16505551234", `sip:+16505551234@${TRUNK}`, "routed", 7, false],
    ["+1 (650) 555-1234", `sip:+16505551234@${TRUNK}`, "routed", 7, false],
    // Short-number quirk: 212 picks the greatest prefix starting with it.
    ["212", `sip:+1212@${NGV}`, "routed", 3, true],
    ["+1212", `sip:+1212@${NGV}`, "routed", 4, true],
    ["21255502", `sip:+121255502@${NGV}`, "routed", 3, true],
    // ... even over an exact match: 212555027 is a prefix, but 2125550270 starts with it.
    ["212555027", `sip:212555027@${TRUNK}`, "routed", 0, true],
    // Catch-all.
    ["4155551234", `sip:4155551234@${TRUNK}`, "routed", 7, false],
    ["+14155551234", `sip:+14155551234@${TRUNK}`, "routed", 7, false],
    // Longer than a prefix is still under it.
    ["2125550270999", `sip:2125550270999@${TRUNK}`, "routed", 0, false],
    ["21255502799", `sip:+121255502799@${NGV}`, "routed", 1, false],
  ])("%j -> %j (%s)", (dialed, result, status, chosen, quirk) => {
    const resolution = resolveJson(table, dialed);
    expect(resolution.result).toBe(result);
    expect(resolution.uri).toBe(result);
    expect(resolution.status).toBe(status);
    expect(resolution.queries).toEqual([]);
    expect(resolution.trace.mode).toBe("json");
    expect(resolution.trace.profile).toBe("sprout");
    const step = getStep(resolution);
    expect(step.chosen?.index).toBe(chosen);
    expect(step.shortNumberQuirk).toBe(quirk);
  });

  it("+16505551234: the trace names the dropped +1650555 block and why", () => {
    const resolution = resolveJson(table, "+16505551234");
    expect(resolution.aus).toBe("+16505551234");
    const step = getStep(resolution);
    expect(step.chosen).toEqual({ index: 7, name: "NANP => SIP trunk", prefix: "" });
    expect(step.skippedBlocks).toHaveLength(1);
    expect(step.skippedBlocks[0]!.block).toEqual({
      index: 6,
      name: "Clearwater internal numbers dialled with +1 prefix",
      prefix: "+1650555",
    });
    expect(step.skippedBlocks[0]!.reason).toMatch(/does not compile/);
    expect(step.application).toMatchObject({
      regexp: "!(^.*$)!sip:\\1@10.147.226.2!",
      subject: "+16505551234",
      matched: true,
      matchCount: 1,
      output: `sip:+16505551234@${TRUNK}`,
    });
  });

  it("212: the trace says the short-number quirk chose 2125550280 over the catch-all", () => {
    const resolution = resolveJson(table, "212");
    const step = getStep(resolution);
    expect(step.chosen?.prefix).toBe("2125550280");
    expect(step.shortNumberQuirk).toBe(true);
    expect(step.longestPrefixBlock).toEqual({ index: 7, name: "NANP => SIP trunk", prefix: "" });
    expect(resolution.trace.notes.join(" ")).toMatch(/short-number quirk/i);
  });

  it("reports no skipped blocks where nothing was dropped", () => {
    for (const dialed of ["2125550270", "6505551234", "4155551234"]) {
      expect(getStep(resolveJson(table, dialed)).skippedBlocks).toEqual([]);
    }
  });

  it("loads the guide's blocks as Sprout does: one dropped, seven active", () => {
    expect(table.blocks.map((b) => b.verdict.kind)).toEqual([
      "active",
      "active",
      "active",
      "active",
      "active",
      "active",
      "dropped",
      "active",
    ]);
    expect(table.sorted).toEqual([
      "",
      "+1212555027",
      "+12125550280",
      "212555027",
      "2125550270",
      "2125550280",
      "650555",
    ]);
  });

  it.each(["", "*#", "abc"])("%j has an empty AUS: no lookup, no route", (dialed) => {
    const resolution = resolveJson(table, dialed);
    expect(resolution).toMatchObject({ aus: "", result: "", uri: null, status: "no-route" });
    expect(resolution.trace.steps).toEqual([]);
  });
});

describe("resolveJson: results Sprout returns as they are", () => {
  it.each<[string, readonly (readonly [string, string])[], string, string, ResolutionStatus]>([
    // [why, blocks, dialed, result, status]
    [
      "a regex that does not match returns the AUS",
      [["1", "!^\\+1(.*)$!sip:\\1@h!"]],
      "12345",
      "12345",
      "no-route",
    ],
    ["a + number under a non-matching regex", [["+", "!^1(.*)$!sip:\\1@h!"]], "+44", "+44", "no-route"],
    [
      "a never-matching `\\+^` returns the AUS",
      [["+1", "!(\\+^.*$)!sip:\\1@h!"]],
      "+1212",
      "+1212",
      "no-route",
    ],
    ["no block covers the number", [["1", "!(.*)!x!"]], "2", "", "no-route"],
    ["an output that is not a URI", [["1", "!^(.*)$!\\1!"]], "12345", "12345", "not-uri"],
    ["an output that is a bare host", [["1", "!^(.*)$!h!"]], "12345", "h", "not-uri"],
    ["a tel URI", [["1", "!^(.*)$!tel:\\1!"]], "12345", "tel:12345", "routed"],
    [
      "unanchored `(.*)` writes the replacement twice",
      [["", "!(.*)!sip:\\1@h!"]],
      "1234",
      "sip:1234@hsip:@h",
      "routed",
    ],
    ["unanchored digits are replaced everywhere", [["", "!5!x!"]], "15551234", "1xxx1234", "not-uri"],
  ])("%s", (_why, rows, dialed, result, status) => {
    const resolution = resolveJson(toJsonRuleTable(toBlocks(rows), "sprout"), dialed);
    expect(resolution.result).toBe(result);
    expect(resolution.status).toBe(status);
    expect(resolution.uri).toBe(status === "routed" ? result : null);
  });

  it("records the application even when the regex does not match", () => {
    const resolution = resolveJson(toJsonRuleTable(toBlocks([["1", "!^\\+1!x!"]]), "sprout"), "12345");
    expect(getStep(resolution).application).toMatchObject({ matched: false, matchCount: 0, output: "12345" });
  });
});

describe("resolveJson: prefixes (enum-semantics.md §3)", () => {
  it("+ is an ordinary character: prefix 650555 does not cover +16505551234", () => {
    const table = toJsonRuleTable(
      toBlocks([
        ["650555", "!^(.*)$!sip:\\1@ngv!"],
        ["", "!^(.*)$!sip:\\1@trunk!"],
      ]),
      "sprout",
    );
    expect(resolveJson(table, "+16505551234").result).toBe("sip:+16505551234@trunk");
    expect(resolveJson(table, "16505551234").result).toBe("sip:16505551234@trunk");
    expect(resolveJson(table, "6505551234").result).toBe("sip:6505551234@ngv");
  });

  it("+ prefixes cover only + numbers", () => {
    const table = toJsonRuleTable(
      toBlocks([
        ["+1", "!^(.*)$!sip:\\1@plus!"],
        ["1", "!^(.*)$!sip:\\1@bare!"],
      ]),
      "sprout",
    );
    expect(resolveJson(table, "+12").result).toBe("sip:+12@plus");
    expect(resolveJson(table, "12").result).toBe("sip:12@bare");
  });

  it.each<[string, string, string]>([
    // [prefix as written, dialed, result]
    ["(212)555-0270", "2125550270", "sip:2125550270@h"],
    ["1.650.555", "16505551234", "sip:16505551234@h"],
    ["+1-650-555", "+16505551234", "sip:+16505551234@h"],
  ])("ignores . - ( ) in prefix %j", (prefix, dialed, result) => {
    const table = toJsonRuleTable([{ name: "n", prefix, regex: "!^(.*)$!sip:\\1@h!" }], "sprout");
    const resolution = resolveJson(table, dialed);
    expect(resolution.result).toBe(result);
    expect(getStep(resolution).chosen?.prefix).toBe(prefix);
  });

  it("keeps other characters in a prefix, so a prefix with a space never matches a number", () => {
    const table = toJsonRuleTable(
      toBlocks([
        ["212 555", "!^(.*)$!sip:\\1@space!"],
        ["", "!^(.*)$!sip:\\1@trunk!"],
      ]),
      "sprout",
    );
    expect(resolveJson(table, "212555").result).toBe("sip:212555@trunk");
  });

  it("duplicate prefixes: the first usable block wins", () => {
    const table = toJsonRuleTable(
      toBlocks([
        ["1", "!^(.*)$!sip:\\1@first!"],
        ["1", "!^(.*)$!sip:\\1@second!"],
      ]),
      "sprout",
    );
    expect(table.blocks[1]!.verdict).toEqual({ kind: "shadowed", by: 0 });
    const resolution = resolveJson(table, "123");
    expect(resolution.result).toBe("sip:123@first");
    const skipped = getStep(resolution).skippedBlocks;
    expect(skipped.map((s) => s.block.index)).toEqual([1]);
    expect(skipped[0]!.reason).toMatch(/same prefix/);
  });

  it("duplicate prefixes: a dropped first block lets the second win", () => {
    const table = toJsonRuleTable(
      toBlocks([
        ["1", "!+1(.*)!sip:\\1@first!"],
        ["1", "!^(.*)$!sip:\\1@second!"],
      ]),
      "sprout",
    );
    expect(table.blocks.map((b) => b.verdict.kind)).toEqual(["dropped", "active"]);
    const resolution = resolveJson(table, "123");
    expect(resolution.result).toBe("sip:123@second");
    expect(getStep(resolution).skippedBlocks.map((s) => s.block.index)).toEqual([0]);
  });

  it("duplicates that differ only in separators are duplicates", () => {
    const table = toJsonRuleTable(
      toBlocks([
        ["1-650", "!^(.*)$!sip:\\1@first!"],
        ["1650", "!^(.*)$!sip:\\1@second!"],
      ]),
      "sprout",
    );
    expect(resolveJson(table, "16501").result).toBe("sip:16501@first");
  });

  it("a number whose only block is dropped gets nothing", () => {
    const table = toJsonRuleTable(toBlocks([["1", "!+1!x!"]]), "sprout");
    const resolution = resolveJson(table, "12");
    expect(resolution).toMatchObject({ result: "", status: "no-route" });
    expect(getStep(resolution).chosen).toBeNull();
    expect(getStep(resolution).skippedBlocks.map((s) => s.block.index)).toEqual([0]);
  });
});

describe("findBlockForAus: Sprout's reverse byte-order walk", () => {
  const prefixes = ["", "1", "12", "123", "125", "+1", "+12", "2"];
  const table = toJsonRuleTable(
    prefixes.map((prefix) => ({ name: prefix, prefix, regex: "!^(.*)$!sip:\\1@h!" })),
    "sprout",
  );

  /** Sprout's walk, written out: reverse byte order, first P agreeing on min(len) characters. */
  function walk(aus: string): string | null {
    const sorted = [...prefixes].sort(compareBytes).reverse();
    for (const p of sorted) {
      const len = Math.min(aus.length, p.length);
      if (aus.slice(0, len) === p.slice(0, len)) return p;
    }
    return null;
  }

  it.each<[string, string, boolean]>([
    // [AUS, prefix chosen, quirk]
    ["1234", "123", false],
    ["1254", "125", false],
    ["1299", "12", false],
    ["12", "125", true],
    ["1", "125", true],
    ["19", "1", false],
    ["+123", "+12", false],
    ["+1", "+12", true],
    ["+", "+12", true],
    ["3", "", false],
    ["21", "2", false],
  ])("%j picks %j", (aus, prefix, quirk) => {
    const choice = findBlockForAus(table, aus);
    expect(choice.block?.clientPrefix).toBe(prefix);
    expect(choice.shortNumberQuirk).toBe(quirk);
    expect(walk(aus)).toBe(prefix);
  });
});

describe("resolveJson: sprout and rfc profiles differ (enum-semantics.md §2)", () => {
  it.each<[string, string, Profile, string]>([
    // [regex, AUS, profile, result]
    ["!^\\+?(.*)$!sip:\\1@example.com!", "+14155550100", "sprout", "sip:+14155550100@example.com"],
    ["!^\\+?(.*)$!sip:\\1@example.com!", "+14155550100", "rfc", "sip:14155550100@example.com"],
    ["!^\\+?1?(.*)$!sip:\\1@example.com!", "16505551234", "sprout", "sip:16505551234@example.com"],
    ["!^\\+?1?(.*)$!sip:\\1@example.com!", "16505551234", "rfc", "sip:6505551234@example.com"],
    // Unanchored: Sprout's global replace vs RFC's one substitution.
    ["!(.*)!sip:\\1@h!", "1234", "sprout", "sip:1234@hsip:@h"],
    ["!(.*)!sip:\\1@h!", "1234", "rfc", "sip:1234@h"],
    ["!5!x!", "15551234", "sprout", "1xxx1234"],
    ["!5!x!", "15551234", "rfc", "x"],
  ])("%j on %j under %s -> %j", (regex, aus, profile, result) => {
    const table = toJsonRuleTable([{ name: "", prefix: "", regex }], profile);
    const resolution = resolveJson(table, aus);
    expect(resolution.result).toBe(result);
    expect(resolution.trace.profile).toBe(profile);
  });

  it("a field only the rfc profile reads is dropped under sprout", () => {
    const blocks = toBlocks([["", "!^(.*)$!sip:\\1@h!i"]]);
    expect(resolveJson(toJsonRuleTable(blocks, "rfc"), "12").result).toBe("sip:12@h");
    expect(resolveJson(toJsonRuleTable(blocks, "sprout"), "12")).toMatchObject({
      result: "",
      status: "no-route",
    });
  });
});
