// Differential tests: our regex engine against the real engines it reproduces, boost.regex
// as Sprout uses it (Sprout profile) and glibc regcomp/regexec (RFC profile), on thousands
// of generated ENUM-shaped pattern/subject pairs plus the named cases of enum-semantics.md.
import { beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "@/lib/enum/profile";
import { describeRequiring } from "@/test/support/requires";
import { compileRegex, searchRegex, type CompiledRegex, type RegexMatch } from "@/lib/enum/regex";
import type { Result } from "@/lib/enum/result";
import { replaceGlobal, substituteOnce } from "@/lib/enum/substitute";
import { createFixedCases, generateCases } from "./support/enum-patterns";
import {
  getBoostOracle,
  getGlibcOracle,
  type BoostOutcome,
  type BoostRequest,
  type GlibcOutcome,
  type GlibcRequest,
  type Oracle,
  type OracleSpan,
} from "./support/oracles";

/** Fixed seed: a failure must reproduce. Change it to explore new cases. */
const SEED = 0x3761_6116;
const PATTERN_COUNT = 3_000;
const SUBJECTS_PER_PATTERN = 3;
const TABLE_ROWS = 20;

const boostOracle = await getBoostOracle();
const glibcOracle = await getGlibcOracle();

/** One disagreement, rendered as a row of the failure table. */
interface Mismatch {
  readonly pattern: string;
  readonly subject: string;
  readonly format?: string;
  readonly expected: string;
  readonly actual: string;
}

type EngineSearch = { readonly kind: "ok"; readonly groups: readonly OracleSpan[] | null } | EngineThrow;
type EngineThrow = { readonly kind: "threw"; readonly message: string };

/**
 * Runs `body` with the oracle's batch runner. Without the oracle the suite is skipped
 * locally but fails in CI, where the toolchain is required.
 */
function describeWithOracle<Req, Out>(
  name: string,
  oracle: Oracle<Req, Out>,
  body: (run: (requests: readonly Req[]) => Promise<Out[]>) => void,
): void {
  const run = oracle.available
    ? oracle.run
    : () => Promise.reject(new Error(`oracle unavailable: ${oracle.reason}`));
  describeRequiring(name, oracle.available ? null : `oracle unavailable: ${oracle.reason}`, () => {
    body(run);
  });
}

describeWithOracle("Sprout profile vs boost.regex (extended)", boostOracle, (runBoost) => {
  const cases = [...createFixedCases(), ...generateCases(SEED, PATTERN_COUNT, SUBJECTS_PER_PATTERN)];
  const compileMismatches: Mismatch[] = [];
  const searchMismatches: Mismatch[] = [];
  const replaceMismatches: Mismatch[] = [];
  let boostThrew = 0;
  let oracleFailures = 0;

  beforeAll(async () => {
    const requests: BoostRequest[] = cases.map(({ pattern, subject, format }) => ({
      pattern,
      subject,
      format,
    }));
    const outcomes = await runBoost(requests);
    const compiled = new Map<string, Result<CompiledRegex>>();
    cases.forEach((testCase, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) throw new Error(`no oracle answer for case ${index}`);
      if (outcome.kind === "oracle-failure") {
        oracleFailures++;
        return;
      }
      const { pattern, subject, format } = testCase;
      let ours = compiled.get(pattern);
      if (ours === undefined) {
        ours = compileRegex(pattern, "sprout");
        compiled.set(pattern, ours);
      }
      const boostCompiled = outcome.kind !== "compile-error";
      if (boostCompiled !== ours.ok) {
        compileMismatches.push({
          pattern,
          subject,
          expected:
            outcome.kind === "compile-error" ? `error: ${toShortBoostMessage(outcome.message)}` : "compiles",
          actual: ours.ok
            ? "compiles"
            : `error ${ours.error.code}@${ours.error.at ?? "?"}: ${ours.error.message}`,
        });
        return;
      }
      if (!ours.ok || outcome.kind === "compile-error") return;

      const search = runSearch(ours.value, subject);
      if (outcome.kind === "match-error") {
        // boost gave up (error_complexity); its budget is not ours to reproduce exactly.
        boostThrew++;
        return;
      }
      const expectedGroups = renderGroups(outcome.groups);
      const actualGroups = renderSearch(search);
      if (expectedGroups !== actualGroups) {
        searchMismatches.push({ pattern, subject, expected: expectedGroups, actual: actualGroups });
      }
      const replaced = runReplace(ours.value, subject, format);
      if (replaced !== outcome.replaced) {
        replaceMismatches.push({
          pattern,
          subject,
          format,
          expected: toVisible(outcome.replaced),
          actual: replaced.startsWith("threw") ? replaced : toVisible(replaced),
        });
      }
    });
    console.info(
      `sprout: ${cases.length} cases, ${boostThrew} where boost threw while matching, ${oracleFailures} oracle failures`,
    );
  });

  it("has at least 5000 pairs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(5_000);
  });

  it("agrees on which patterns compile", () => {
    expect(compileMismatches.length, renderMismatchTable("compile", compileMismatches, cases.length)).toBe(0);
  });

  it("agrees on regex_search: match or not, and every group span", () => {
    expect(searchMismatches.length, renderMismatchTable("search", searchMismatches, cases.length)).toBe(0);
  });

  it("agrees with regex_replace (default flags) on the output", () => {
    expect(replaceMismatches.length, renderMismatchTable("replace", replaceMismatches, cases.length)).toBe(0);
  });
});

describeWithOracle("RFC profile vs glibc regcomp/regexec (REG_EXTENDED)", glibcOracle, (runGlibc) => {
  const cases = [...createFixedCases(), ...generateCases(SEED + 1, PATTERN_COUNT, SUBJECTS_PER_PATTERN)];
  const compileMismatches: Mismatch[] = [];
  const searchMismatches: Mismatch[] = [];
  const substituteMismatches: Mismatch[] = [];
  const knownDivergences = new Map<string, number>();
  let oracleFailures = 0;

  beforeAll(async () => {
    const requests: GlibcRequest[] = cases.map(({ pattern, subject, caseInsensitive }) => ({
      pattern,
      subject,
      caseInsensitive,
    }));
    const outcomes = await runGlibc(requests);
    const compiled = new Map<string, Result<CompiledRegex>>();
    cases.forEach((testCase, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) throw new Error(`no oracle answer for case ${index}`);
      if (outcome.kind === "oracle-failure") {
        oracleFailures++;
        return;
      }
      const { pattern, subject, caseInsensitive } = testCase;
      const label = caseInsensitive ? `${pattern}  (icase)` : pattern;
      const key = `${caseInsensitive ? "i" : "-"}${pattern}`;
      let ours = compiled.get(key);
      if (ours === undefined) {
        ours = compileRegex(pattern, "rfc", { caseInsensitive });
        compiled.set(key, ours);
      }
      const divergence = toKnownGlibcDivergence(pattern);
      if (divergence !== null) {
        const agrees =
          (outcome.kind === "ok") === ours.ok &&
          (!ours.ok ||
            outcome.kind !== "ok" ||
            renderGroups(outcome.groups) === renderSearch(runSearch(ours.value, subject)));
        if (!agrees) knownDivergences.set(divergence, (knownDivergences.get(divergence) ?? 0) + 1);
        return;
      }
      if ((outcome.kind === "ok") !== ours.ok) {
        compileMismatches.push({
          pattern: label,
          subject,
          expected: outcome.kind === "compile-error" ? `error REG code ${outcome.code}` : "compiles",
          actual: ours.ok
            ? "compiles"
            : `error ${ours.error.code}@${ours.error.at ?? "?"}: ${ours.error.message}`,
        });
        return;
      }
      if (!ours.ok || outcome.kind !== "ok") return;

      const expected = renderGroups(outcome.groups);
      const actual = renderSearch(runSearch(ours.value, subject));
      if (expected !== actual) searchMismatches.push({ pattern: label, subject, expected, actual });
      // RFC 3402: one substitution on the first match; only its match has an oracle.
      const substituted = runSubstituteMatch(ours.value, subject);
      if (expected !== substituted) {
        substituteMismatches.push({ pattern: label, subject, expected, actual: substituted });
      }
    });
    console.info(
      `rfc: ${cases.length} cases, ${oracleFailures} oracle failures (glibc hung or crashed), ` +
        `known divergences: ${JSON.stringify(Object.fromEntries(knownDivergences))}`,
    );
  });

  it("diverges from glibc only where documented, and rarely", () => {
    const total = [...knownDivergences.values()].reduce((a, b) => a + b, 0);
    expect(total, JSON.stringify(Object.fromEntries(knownDivergences))).toBeLessThan(cases.length / 100);
  });

  it("has at least 5000 pairs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(5_000);
  });

  it("agrees on which patterns compile", () => {
    expect(compileMismatches.length, renderMismatchTable("compile", compileMismatches, cases.length)).toBe(0);
  });

  it("agrees on regexec: match or not, and every group span", () => {
    expect(searchMismatches.length, renderMismatchTable("search", searchMismatches, cases.length)).toBe(0);
  });

  it("substituteOnce uses regexec's match", () => {
    expect(
      substituteMismatches.length,
      renderMismatchTable("substituteOnce match", substituteMismatches, cases.length),
    ).toBe(0);
  });
});

/** A named case with a hard expectation, checked against both the oracle and our engine. */
interface NamedCase {
  readonly name: string;
  readonly profile: Profile;
  readonly pattern: string;
  readonly subject: string;
  readonly caseInsensitive?: boolean;
  /** "error" = does not compile; null = compiles, no match; else every group span. */
  readonly groups: "error" | null | readonly OracleSpan[];
  /** Sprout only: the regex_replace output with `format`. */
  readonly format?: string;
  readonly replaced?: string;
}

const NAMED_CASES: readonly NamedCase[] = [
  {
    name: "boost prefers group 1 starting earliest: `\\+?` gives the + to the group",
    profile: "sprout",
    pattern: "^\\+?(.*)$",
    subject: "+14155550100",
    groups: [
      [0, 12],
      [0, 12],
    ],
    format: "sip:\\1@example.com",
    replaced: "sip:+14155550100@example.com",
  },
  {
    name: "glibc's sub-expression rule lets `\\+?` take the +",
    profile: "rfc",
    pattern: "^\\+?(.*)$",
    subject: "+14155550100",
    groups: [
      [0, 12],
      [1, 12],
    ],
  },
  {
    name: "Sprout keeps the national 1 in group 1",
    profile: "sprout",
    pattern: "^\\+?1?(.*)$",
    subject: "16505551234",
    groups: [
      [0, 11],
      [0, 11],
    ],
    format: "sip:\\1@h",
    replaced: "sip:16505551234@h",
  },
  {
    name: "glibc gives the national 1 to `1?`",
    profile: "rfc",
    pattern: "^\\+?1?(.*)$",
    subject: "16505551234",
    groups: [
      [0, 11],
      [1, 11],
    ],
  },
  {
    name: "`\\+^.*$` compiles but never matches (no route: the AUS comes back)",
    profile: "sprout",
    pattern: "\\+^.*$",
    subject: "+14155550100",
    groups: null,
    format: "sip:\\1@h",
    replaced: "+14155550100",
  },
  {
    name: "the guide's `(\\+^.*$)` never matches",
    profile: "sprout",
    pattern: "(\\+^.*$)",
    subject: "+12125550270",
    groups: null,
  },
  {
    name: "`\\+^.*$` never matches under glibc either",
    profile: "rfc",
    pattern: "\\+^.*$",
    subject: "+14155550100",
    groups: null,
  },
  {
    name: "the guide's `+1(^.*$)` does not compile",
    profile: "sprout",
    pattern: "+1(^.*$)",
    subject: "+1",
    groups: "error",
  },
  {
    name: "a leading `+` is REG_BADRPT in glibc",
    profile: "rfc",
    pattern: "+1(^.*$)",
    subject: "+1",
    groups: "error",
  },
  {
    name: "global replace: unanchored `(.*)` also matches the empty string at the end",
    profile: "sprout",
    pattern: "(.*)",
    subject: "1234",
    groups: [
      [0, 4],
      [0, 4],
    ],
    format: "sip:\\1@h",
    replaced: "sip:1234@hsip:@h",
  },
  {
    name: "the guide's enum.json rule",
    profile: "sprout",
    pattern: "(^.*$)",
    subject: "+16505551234",
    groups: [
      [0, 12],
      [0, 12],
    ],
    format: "sip:\\1@ngv.example.com",
    replaced: "sip:+16505551234@ngv.example.com",
  },
  {
    name: "the number lookup service's rule",
    profile: "sprout",
    pattern: "^(.*)$",
    subject: "+12125550270",
    groups: [
      [0, 12],
      [0, 12],
    ],
    format: "tel:\\1;mcc=310;mnc=012",
    replaced: "tel:+12125550270;mcc=310;mnc=012",
  },
  {
    name: "boost format: single-digit \\n, missing group empty, ${n}, $&, escapes",
    profile: "sprout",
    pattern: "(1)(2)?",
    subject: "1",
    groups: [[0, 1], [0, 1], null],
    format: "[\\1][$2][${1}0][\\10][$&][\\\\][\\$][\\x]",
    replaced: "[1][][10][10][1][\\][$][x]",
  },
  {
    name: "boost format: `$10` is group 10 (multi-digit), unlike `\\10`",
    profile: "sprout",
    pattern: "(1)",
    subject: "1",
    groups: [
      [0, 1],
      [0, 1],
    ],
    format: "<$10>",
    replaced: "<>",
  },
  {
    name: "boost tie-break: group 1 longest among equal starts",
    profile: "sprout",
    pattern: "(a|ab)(c|bcd)(d*)",
    subject: "abcd",
    groups: [
      [0, 4],
      [0, 2],
      [2, 3],
      [3, 4],
    ],
  },
  {
    name: "glibc sub-expression rule on the same pattern",
    profile: "rfc",
    pattern: "(a|ab)(c|bcd)(d*)",
    subject: "abcd",
    groups: [
      [0, 4],
      [0, 1],
      [1, 4],
      [4, 4],
    ],
  },
  {
    name: "empty alternative `(a|)` is accepted",
    profile: "sprout",
    pattern: "(a|)",
    subject: "b",
    groups: [
      [0, 0],
      [0, 0],
    ],
    format: "x",
    replaced: "xbx",
  },
  { name: "`a**` is an error in boost", profile: "sprout", pattern: "a**", subject: "aaa", groups: "error" },
  { name: "`a**` is accepted by glibc", profile: "rfc", pattern: "a**", subject: "aaa", groups: [[0, 3]] },
  { name: "`+?` is an error in boost", profile: "sprout", pattern: "+?", subject: "+", groups: "error" },
  { name: "`+?` is an error in glibc", profile: "rfc", pattern: "+?", subject: "+", groups: "error" },
  { name: "`a+?` is an error in boost", profile: "sprout", pattern: "a+?", subject: "aa", groups: "error" },
  { name: "`a+?` is accepted by glibc", profile: "rfc", pattern: "a+?", subject: "aa", groups: [[0, 2]] },
  {
    name: "an unmatched `)` is an error in boost",
    profile: "sprout",
    pattern: "a)",
    subject: "a)",
    groups: "error",
  },
  {
    name: "an unmatched `)` is a literal in glibc",
    profile: "rfc",
    pattern: "a)",
    subject: "a)",
    groups: [[0, 2]],
  },
  {
    name: "lookahead is an error in boost",
    profile: "sprout",
    pattern: "(?=1)",
    subject: "1",
    groups: "error",
  },
  { name: "lookahead is an error in glibc", profile: "rfc", pattern: "(?=1)", subject: "1", groups: "error" },
  {
    name: "`\\d` is a digit class in boost",
    profile: "sprout",
    pattern: "\\d",
    subject: "d1",
    groups: [[1, 2]],
  },
  { name: "`\\d` is a literal d in glibc", profile: "rfc", pattern: "\\d", subject: "d1", groups: [[0, 1]] },
  { name: "POSIX classes", profile: "sprout", pattern: "[[:digit:]]+", subject: "a12", groups: [[1, 3]] },
  {
    name: "Sprout matching is case-sensitive",
    profile: "sprout",
    pattern: "^F(X)$",
    subject: "fx",
    groups: null,
  },
  {
    name: "the RFC `i` flag is REG_ICASE",
    profile: "rfc",
    pattern: "^F(X)$",
    subject: "fx",
    caseInsensitive: true,
    groups: [
      [0, 2],
      [1, 2],
    ],
  },
  {
    name: "back references are an error in boost extended",
    profile: "sprout",
    pattern: "(1)\\1",
    subject: "11",
    groups: "error",
  },
  {
    name: "a reversed range is an error (boost)",
    profile: "sprout",
    pattern: "[9-0]",
    subject: "5",
    groups: "error",
  },
  {
    name: "a reversed range is an error (glibc)",
    profile: "rfc",
    pattern: "[9-0]",
    subject: "5",
    groups: "error",
  },
  {
    name: "`{3,2}` is an error (boost)",
    profile: "sprout",
    pattern: "1{3,2}",
    subject: "1",
    groups: "error",
  },
  { name: "`{3,2}` is an error (glibc)", profile: "rfc", pattern: "1{3,2}", subject: "1", groups: "error" },
  {
    name: "a trailing backslash is an error (boost)",
    profile: "sprout",
    pattern: "1\\",
    subject: "1",
    groups: "error",
  },
  {
    name: "a trailing backslash is an error (glibc)",
    profile: "rfc",
    pattern: "1\\",
    subject: "1",
    groups: "error",
  },
  {
    name: "an empty last alternative matches the empty string",
    profile: "sprout",
    pattern: "a|",
    subject: "b",
    groups: [[0, 0]],
    format: "x",
    replaced: "xbx",
  },
];

describe("named ENUM cases (enum-semantics.md)", () => {
  it.each(NAMED_CASES)("$profile: $name", async (namedCase) => {
    const expectedGroups = renderExpectation(namedCase.groups);
    const { profile, pattern, subject } = namedCase;
    const format = namedCase.format ?? "";

    // The oracle must confirm the expectation, or the expectation is wrong.
    if (profile === "sprout" && boostOracle.available) {
      const [outcome] = await boostOracle.run([{ pattern, subject, format }]);
      expect(renderBoostOutcome(outcome), "boost.regex (oracle)").toBe(expectedGroups);
      if (namedCase.replaced !== undefined && outcome?.kind === "ok") {
        expect(outcome.replaced, "boost regex_replace (oracle)").toBe(namedCase.replaced);
      }
    }
    if (profile === "rfc" && glibcOracle.available) {
      const caseInsensitive = namedCase.caseInsensitive ?? false;
      const [outcome] = await glibcOracle.run([{ pattern, subject, caseInsensitive }]);
      expect(renderGlibcOutcome(outcome), "glibc regexec (oracle)").toBe(expectedGroups);
    }

    const compiled = compileRegex(pattern, profile, { caseInsensitive: namedCase.caseInsensitive ?? false });
    if (!compiled.ok) {
      expect("error", `ours: ${compiled.error.message}`).toBe(expectedGroups);
      return;
    }
    expect(renderSearch(runSearch(compiled.value, subject)), "ours").toBe(expectedGroups);
    if (namedCase.replaced !== undefined) {
      expect(runReplace(compiled.value, subject, format), "ours: replaceGlobal").toBe(namedCase.replaced);
    }
  });
});

function runSearch(re: CompiledRegex, subject: string): EngineSearch {
  try {
    const match = searchRegex(re, subject);
    return { kind: "ok", groups: match === null ? null : toSpans(match) };
  } catch (error) {
    return toEngineThrow(error);
  }
}

/** Returns the replaceGlobal output, or "threw ..." (never a valid output, see the callers). */
function runReplace(re: CompiledRegex, subject: string, format: string): string {
  try {
    return replaceGlobal(re, subject, format).output;
  } catch (error) {
    const thrown = toEngineThrow(error);
    return `threw ${thrown.message}`;
  }
}

function runSubstituteMatch(re: CompiledRegex, subject: string): string {
  try {
    const result = substituteOnce(re, subject, "x");
    return renderGroups(result === null ? null : toSpans(result.match));
  } catch (error) {
    return `threw ${toEngineThrow(error).message}`;
  }
}

function toSpans(match: RegexMatch): OracleSpan[] {
  return match.groups.map((span): OracleSpan => (span === null ? null : [span[0], span[1]]));
}

function toEngineThrow(error: unknown): EngineThrow {
  // RegexComplexityError shows up by name: boost's own budget differs, so it is reported.
  return {
    kind: "threw",
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}

function renderGroups(groups: readonly OracleSpan[] | null): string {
  if (groups === null) return "no match";
  return groups.map((span) => (span === null ? "-" : `[${span[0]},${span[1]}]`)).join(" ");
}

function renderSearch(search: EngineSearch): string {
  return search.kind === "ok" ? renderGroups(search.groups) : `threw ${search.message}`;
}

function renderExpectation(groups: NamedCase["groups"]): string {
  return groups === "error" ? "error" : renderGroups(groups);
}

function renderBoostOutcome(outcome: BoostOutcome | undefined): string {
  if (outcome === undefined) return "no answer";
  switch (outcome.kind) {
    case "compile-error":
      return "error";
    case "ok":
      return renderGroups(outcome.groups);
    case "match-error":
      return `threw ${outcome.message}`;
    case "oracle-failure":
      return `oracle failure: ${outcome.reason}`;
  }
}

function renderGlibcOutcome(outcome: GlibcOutcome | undefined): string {
  if (outcome === undefined) return "no answer";
  switch (outcome.kind) {
    case "compile-error":
      return "error";
    case "ok":
      return renderGroups(outcome.groups);
    case "oracle-failure":
      return `oracle failure: ${outcome.reason}`;
  }
}

/** boost appends the whole pattern with a >>>HERE>>> marker; keep the reason only. */
function toShortBoostMessage(message: string): string {
  return message.split("  The error occurred")[0] ?? message;
}

/**
 * Renders the mismatches as an aligned table for the assertion message: one row per
 * distinct pattern (its first failing subject), so one bad pattern crossed with every
 * fixed subject does not hide the others.
 */
function renderMismatchTable(aspect: string, mismatches: readonly Mismatch[], total: number): string {
  if (mismatches.length === 0) return `${aspect}: no mismatches`;
  const byPattern = new Map<string, { first: Mismatch; count: number }>();
  for (const mismatch of mismatches) {
    const entry = byPattern.get(mismatch.pattern);
    if (entry) entry.count++;
    else byPattern.set(mismatch.pattern, { first: mismatch, count: 1 });
  }
  const shown = [...byPattern.values()].slice(0, TABLE_ROWS);
  const hasFormat = mismatches.some((m) => m.format !== undefined);
  const header = [
    "pattern",
    "subject",
    ...(hasFormat ? ["format"] : []),
    "expected (oracle)",
    "actual (ours)",
    "cases",
  ];
  const rows = shown.map(({ first, count }) => [
    toVisible(first.pattern),
    toVisible(first.subject),
    ...(hasFormat ? [toVisible(first.format ?? "")] : []),
    first.expected,
    first.actual,
    String(count),
  ]);
  const clip = (cell: string): string => (cell.length > 70 ? `${cell.slice(0, 67)}...` : cell);
  const table = [header, ...rows].map((row) => row.map(clip));
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? "").length)));
  const lines = table.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | "));
  return [
    `${aspect}: ${mismatches.length} of ${total} cases disagree, ${byPattern.size} distinct patterns (first ${shown.length}):`,
    ...lines,
  ].join("\n");
}

/** Backquotes text and shows control characters as \xNN; backslashes stay as typed. */
function toVisible(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must show
  return `\`${text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}\``;
}

/**
 * Where the RFC profile knowingly differs from glibc, and why (see docs/regex-engine.md):
 * - `backref`: glibc accepts `\\1`-`\\9` in an ERE; POSIX ERE (RFC 3402 §3.2) has no back
 *   references, so the rfc profile refuses them;
 * - `nested-anchor`: an anchor inside a group or an alternative (at any level); glibc's choice of
 *   sub-matches there follows its internal NFA numbering (constraint nodes are
 *   duplicated), which the engine approximates.
 */
function toKnownGlibcDivergence(pattern: string): string | null {
  if (/\\[1-9]/.test(pattern.replace(/\\\\/g, ""))) return "backref";
  const compiled = compileRegex(pattern, "rfc");
  if (compiled.ok && hasNestedAssertion(compiled.value.ast, false)) return "nested-anchor";
  return null;
}

function hasNestedAssertion(node: CompiledRegex["ast"], nested: boolean): boolean {
  switch (node.type) {
    case "assert":
      return nested;
    case "seq":
      return node.items.some((item) => hasNestedAssertion(item, nested));
    case "alt":
      return node.branches.some((branch) => hasNestedAssertion(branch, true));
    case "group":
    case "repeat":
      return hasNestedAssertion(node.body, true);
    default:
      return false;
  }
}

describe("deliberate divergence: back references in the pattern", () => {
  it("glibc accepts (1)\\1, the rfc profile refuses it with a positioned error", async () => {
    if (glibcOracle.available) {
      const [outcome] = await glibcOracle.run([{ pattern: "(1)\\1", subject: "11", caseInsensitive: false }]);
      expect(renderGlibcOutcome(outcome)).toBe("[0,2] [0,1]");
    }
    const compiled = compileRegex("(1)\\1", "rfc");
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.error).toMatchObject({ code: "backref-in-pattern", at: 3 });
  });
});
