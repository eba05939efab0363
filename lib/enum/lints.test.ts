import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnumJson } from "./enum-json";
import { canEverMatch, findLints, LINT_SEVERITY, toSampleNumbers, type Lint } from "./lints";
import type { NumberBlock } from "./number-block";
import type { Profile } from "./profile";
import { compileRegex } from "./regex";

const GUIDE_JSON = readFileSync(new URL("../../test/fixtures/guide/enum.json", import.meta.url), "utf8");

function readGuideBlocks(): NumberBlock[] {
  const parsed = parseEnumJson(GUIDE_JSON);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.entries.map((entry) => entry.block!);
}

/** Blocks written inline: [prefix, regex]. */
function toBlocks(rows: readonly (readonly [string, string])[]): NumberBlock[] {
  return rows.map(([prefix, regex], i) => ({ name: `b${i}`, prefix, regex }));
}

/** The lints as [code, blocks] pairs, the part a test can state exactly. */
function toCodes(lints: readonly Lint[]): [string, readonly number[]][] {
  return lints.map((l) => [l.code, l.blocks]);
}

const SIP = "!^(.*)$!sip:\\1@h!";

describe("findLints over the guide's enum.json (seed 000)", () => {
  const lints = findLints(readGuideBlocks(), "sprout");

  it("finds exactly one error: the +1650555 block's regex does not compile", () => {
    const errors = lints.filter((l) => l.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "regex-invalid", blocks: [6], at: 1 });
    expect(errors[0]!.message).toContain("Clearwater internal numbers dialled with +1 prefix");
    expect(errors[0]!.effect).toMatch(/drops/);
  });

  it("finds nothing else", () => {
    expect(toCodes(lints)).toEqual([["regex-invalid", [6]]]);
  });

  it.each<Profile>(["sprout", "rfc"])("flags the block under the %s profile too", (profile) => {
    expect(
      toCodes(findLints(readGuideBlocks(), profile)).filter(([code]) => code === "regex-invalid"),
    ).toEqual([["regex-invalid", [6]]]);
  });
});

describe("findLints: one finding per problem", () => {
  it.each<[string, readonly (readonly [string, string])[], [string, readonly number[]][]]>([
    // [why, blocks, expected lints]
    [
      "a clean rule set",
      [
        ["", SIP],
        ["1", "!^(.*)$!sip:\\1@other!"],
      ],
      [],
    ],
    [
      "duplicate prefix",
      [
        ["1", SIP],
        ["1", "!^(.*)$!sip:\\1@b!"],
      ],
      [["duplicate-prefix", [0, 1]]],
    ],
    [
      "duplicate prefix after Sprout's normalisation",
      [
        ["1-650", SIP],
        ["1650", SIP],
      ],
      [
        ["prefix-not-canonical", [0]],
        ["duplicate-prefix", [0, 1]],
      ],
    ],
    [
      "a dropped block does not count as a duplicate's winner",
      [
        ["1", "!+1!x!"],
        ["1", SIP],
      ],
      [["regex-invalid", [0]]],
    ],
    ["never matches: `\\+^` needs a + before the start", [["+1", "!\\+^.*$!x!"]], [["never-matches", [0]]]],
    [
      "never matches: the guide's zone regex as JSON",
      [["+1212555027", "!(\\+^.*$)!sip:\\1@ngv.example.com!"]],
      [["never-matches", [0]]],
    ],
    [
      "never matches: `^$` matches only the empty AUS, which is never looked up",
      [["1", "!^$!sip:x@h!"]],
      [["never-matches", [0]]],
    ],
    ["own numbers unmatched", [["1", "!^\\+1(.*)$!sip:\\1@h!"]], [["own-numbers-unmatched", [0]]]],
    [
      "repeats output (unanchored `(.*)`)",
      [["1", "!(.*)!sip:\\1@h!"]],
      [
        ["repeats-output", [0]],
        ["profiles-differ", [0]],
      ],
    ],
    ["not a URI", [["1", "!^(.*)$!\\1!"]], [["not-uri", [0]]]],
    ["a URI Sprout cannot route", [["1", "!^(.*)$!mailto:\\1@h!"]], [["not-uri", [0]]]],
    ["a tel URI is fine", [["1", "!^(.*)$!tel:\\1!"]], []],
    [
      "plus pair with different rules",
      [
        ["1212", "!^(.*)$!sip:+1\\1@h!"],
        ["+1212", SIP],
      ],
      [["plus-pair-differs", [0, 1]]],
    ],
    [
      "plus pair with the same rule",
      [
        ["1212", SIP],
        ["+1212", SIP],
      ],
      [],
    ],
    ["profiles differ on a + block", [["+1", "!^\\+?(.*)$!sip:\\1@x!"]], [["profiles-differ", [0]]]],
    [
      "prefix not canonical",
      [
        ["1 650", SIP],
        ["(650)", SIP],
        ["+1.650", SIP],
      ],
      [
        ["prefix-not-canonical", [0]],
        ["prefix-not-canonical", [1]],
        ["prefix-not-canonical", [2]],
      ],
    ],
    [
      "canonical prefixes: empty, +, digits",
      [
        ["", SIP],
        ["+", SIP],
        ["+44", SIP],
        ["44", SIP],
      ],
      [],
    ],
  ])("%s", (_why, rows, expected) => {
    expect(toCodes(findLints(toBlocks(rows), "sprout"))).toEqual(expected);
  });

  it("never-chosen: prefix 1 when 10..19 all exist", () => {
    const rows: [string, string][] = [["1", SIP]];
    for (let d = 0; d <= 9; d++) rows.push([`1${d}`, SIP]);
    expect(toCodes(findLints(toBlocks(rows), "sprout"))).toEqual([["never-chosen", [0]]]);
  });

  it.each<[string, readonly (readonly [string, string])[]]>([
    [
      "prefix 1 with only 123 under it (19 escapes)",
      [
        ["1", SIP],
        ["123", SIP],
      ],
    ],
    [
      "prefix 1 with 10..18 (19 escapes)",
      [["1", SIP], ...Array.from({ length: 9 }, (_, d): [string, string] => [`1${d}`, SIP])],
    ],
    [
      "the catch-all with 0..9 (a + number escapes)",
      [["", SIP], ...Array.from({ length: 10 }, (_, d): [string, string] => [`${d}`, SIP])],
    ],
  ])("not never-chosen: %s", (_why, rows) => {
    expect(findLints(toBlocks(rows), "sprout").map((l) => l.code)).not.toContain("never-chosen");
  });

  it("never-chosen: prefix 1 whose every continuation is claimed two levels down", () => {
    const rows: [string, string][] = [["1", SIP]];
    for (let d = 0; d <= 9; d++) rows.push([`1${d}`, SIP]);
    rows.splice(1, 1); // drop 10 ...
    for (let d = 0; d <= 9; d++) rows.push([`10${d}`, SIP]); // ... and claim 100..109 instead
    expect(findLints(toBlocks(rows), "sprout").filter((l) => l.code === "never-chosen")).toMatchObject([
      { blocks: [0] },
    ]);
  });

  it("gives every lint a known severity, a message and an effect", () => {
    const lints = findLints(
      toBlocks([
        ["1-2", SIP],
        ["3", "!+!x!"],
        ["4", SIP],
        ["4", SIP],
        ["5", "!\\+^!x!"],
        ["6", "!^\\+6!x!"],
        ["7", "!(.*)!sip:\\1@h!"],
        ["8", "!^(.*)$!\\1!"],
        ["+9", "!^\\+?(.*)$!sip:\\1@x!"],
        ["9", "!^(.*)$!sip:\\1@y!"],
      ]),
      "sprout",
    );
    expect(new Set(lints.map((l) => l.code))).toEqual(
      new Set([
        "prefix-not-canonical",
        "regex-invalid",
        "duplicate-prefix",
        "never-matches",
        "own-numbers-unmatched",
        "repeats-output",
        "not-uri",
        "profiles-differ",
        "plus-pair-differs",
      ]),
    );
    for (const lint of lints) {
      expect(lint.severity).toBe(LINT_SEVERITY[lint.code]);
      expect(lint.message).not.toBe("");
      expect(lint.effect).not.toBe("");
    }
  });

  it.each<[string, string]>([
    ["regex-invalid", "error"],
    ["duplicate-prefix", "error"],
    ["never-matches", "error"],
    ["prefix-not-canonical", "warning"],
    ["never-chosen", "warning"],
    ["own-numbers-unmatched", "warning"],
    ["repeats-output", "warning"],
    ["not-uri", "warning"],
    ["plus-pair-differs", "warning"],
    ["profiles-differ", "warning"],
  ])("%s is an %s", (code, severity) => {
    expect(LINT_SEVERITY[code]).toBe(severity);
  });
});

describe("canEverMatch: can the pattern match some AUS (digits, + only first, never empty)?", () => {
  it.each<[string, boolean]>([
    ["^.*$", true],
    ["(^.*$)", true],
    ["^\\+1(.*)$", true],
    ["^\\+?1", true],
    ["\\+", true],
    ["[+]1", true],
    ["^(\\+|1)2", true],
    ["\\d", true],
    ["[^+]", true],
    ["(a|1)", true],
    ["^1$", true],
    ["^", true],
    ["$", true],
    ["x*", true],
    // `^` and `$` are anchors wherever they appear.
    ["\\+^.*$", false],
    ["(\\+^.*$)", false],
    ["^1\\+", false],
    ["1\\+", false],
    ["\\+\\+", false],
    ["(1|\\+)\\+", false],
    ["$1", false],
    ["1^", false],
    // Only the empty AUS matches, and an empty AUS is never looked up (enum-semantics.md §1).
    ["^$", false],
    ["$^", false],
    // Not a digit or a +.
    ["a", false],
    ["[[:alpha:]]", false],
  ])("%j -> %s", (pattern, expected) => {
    const compiled = compileRegex(pattern, "sprout", { caseInsensitive: false });
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(canEverMatch(compiled.value.ast)).toBe(expected);
  });
});

describe("toSampleNumbers", () => {
  it.each<[string, string[]]>([
    ["", ["00000000000", "+11111111111"]],
    ["1", ["1", "10000000000"]],
    ["+1212", ["+1212", "+12120000000"]],
    ["212555027", ["212555027", "21255502700"]],
    ["123456789012", ["123456789012", "1234567890120"]],
  ])("%j -> %j", (prefix, samples) => {
    expect(toSampleNumbers(prefix)).toEqual(samples);
  });
});
