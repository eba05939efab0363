import { isUri } from "./apply";
import { toAus } from "./aus";
import {
  compareBytes,
  resolveJson,
  toJsonRuleTable,
  type JsonRuleTable,
  type LoadedBlock,
} from "./json-path";
import { toSproutPrefix, type NumberBlock } from "./number-block";
import { err, ok, type Result } from "./result";
import type { Resolution } from "./trace";

/**
 * The expected result of a saved number, in the words of a test plan. One of:
 * - a URI (`sip:+12125550270@ngv.example.com`): the client routes there, compared exactly;
 * - `no-route`: the client leaves the request unchanged and raises no alarm. On the
 *   enum.json path no block applies or its regex does not match (Sprout returns the AUS
 *   or ""); on the DNS path a clean failure (NXDOMAIN, no rule matched, the 5-query limit).
 *   Sprout treats them alike, so a plan written against one path holds on the other.
 *   `NXDOMAIN` and `failure` are read as `no-route`;
 * - `server-failure`: a DNS failure Sprout raises an alarm for (SERVFAIL, REFUSED, timeout,
 *   NOERROR without NAPTR). `SERVFAIL` is read as `server-failure`;
 * - `not-uri:TEXT`: a rule applied but its output TEXT is not a URI (Sprout cannot route it).
 * Tokens are case-insensitive on input and canonical (lower case) on output.
 */
export type ExpectedOutcome = string;

/** At most this many characters of note per saved number. */
export const MAX_TEST_NOTE_LENGTH = 1000;

/** The token of a number that reaches no route and raises no alarm. */
export const NO_ROUTE = "no-route";

/** The token of a DNS failure Sprout alarms on. */
export const SERVER_FAILURE = "server-failure";

/** The prefix of the token for a rule output that is not a URI. */
export const NOT_URI_PREFIX = "not-uri:";

/** Spellings a tester may type for the status tokens, lower case. */
const TOKEN_ALIASES: ReadonlyMap<string, string> = new Map([
  ["no-route", NO_ROUTE],
  ["noroute", NO_ROUTE],
  ["no route", NO_ROUTE],
  ["nxdomain", NO_ROUTE],
  ["failure", NO_ROUTE],
  ["none", NO_ROUTE],
  ["-", NO_ROUTE],
  ["(nothing)", NO_ROUTE],
  ["server-failure", SERVER_FAILURE],
  ["servfail", SERVER_FAILURE],
]);

/**
 * What a resolution amounts to for a test plan (see ExpectedOutcome): the URI, or the
 * status token. JSON `failure` (the regex gave up) is `no-route`: Sprout returns "".
 */
export function toOutcomeText(resolution: Resolution): ExpectedOutcome {
  if (resolution.uri !== null) return resolution.uri;
  switch (resolution.status) {
    case "server-failure":
      return SERVER_FAILURE;
    case "not-uri":
      return `${NOT_URI_PREFIX}${resolution.result}`;
    default:
      return NO_ROUTE;
  }
}

/**
 * Reads an expected result as a tester writes it (a URI or a token, any case) into its
 * canonical form; an empty value or text that is neither is an issue.
 */
export function parseExpectedOutcome(text: string): Result<ExpectedOutcome> {
  const trimmed = text.trim();
  if (trimmed === "") {
    return err(
      "expected-empty",
      "Enter the expected result: a URI such as sip:...@..., no-route or server-failure.",
    );
  }
  const token = TOKEN_ALIASES.get(trimmed.toLowerCase());
  if (token !== undefined) return ok(token);
  if (trimmed.toLowerCase().startsWith(NOT_URI_PREFIX)) {
    const rest = trimmed.slice(NOT_URI_PREFIX.length);
    if (rest === "")
      return err(
        "expected-not-uri-empty",
        "not-uri: needs the text the rule gives, e.g. not-uri:2125550270.",
        NOT_URI_PREFIX.length,
      );
    return ok(`${NOT_URI_PREFIX}${rest}`);
  }
  if (isUri(trimmed)) return ok(trimmed);
  const colon = trimmed.indexOf(":");
  return err(
    "expected-unknown",
    `"${trimmed}" is not a URI (sip:...), no-route, server-failure or not-uri:TEXT.`,
    colon === -1 ? 0 : colon,
  );
}

/** Characters a dialed number may carry besides digits: visual separators Sprout drops. */
const SEPARATORS = new Set([" ", "-", ".", "(", ")", "/", "\t"]);

/**
 * A saved number as the console stores it: the canonical AUS of a dialed number
 * (`+1 (212) 555-0270` -> `+12125550270`, the same normalisation Sprout applies, RFC 3761
 * §2.1). Unlike Sprout, which silently drops them, letters and other symbols are refused
 * with their position, since a typo in a test plan must not test a different number; a
 * `+` is accepted only first.
 */
export function parseTestNumber(text: string): Result<string> {
  const trimmed = text.trim();
  const offset = text.indexOf(trimmed);
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed.charAt(i);
    if (ch >= "0" && ch <= "9") continue;
    if (ch === "+" && i === 0) continue;
    if (SEPARATORS.has(ch)) continue;
    const where = `character ${offset + i + 1}`;
    const message =
      ch === "+"
        ? `A + is allowed only as the first character of the number (${where}).`
        : `The number may hold digits, a leading + and separators; "${ch}" (${where}) is not one of them.`;
    return err("number-character", message, offset + i);
  }
  const aus = toAus(trimmed);
  if (aus === "" || aus === "+") return err("number-empty", "Enter a number with at least one digit.");
  return ok(aus);
}

/** A saved number with its expected result (canonical, see parseExpectedOutcome). */
export interface PlannedNumber {
  readonly number: string;
  readonly expected: ExpectedOutcome;
}

/** One saved number evaluated against the rules. */
export interface TestResult {
  readonly number: string;
  readonly expected: ExpectedOutcome;
  readonly actual: ExpectedOutcome;
  readonly passed: boolean;
}

/**
 * Whether an actual outcome meets the expectation: equal text, except that URIs compare
 * their scheme case-insensitively (RFC 3986 §3.1) and tokens are canonical already.
 */
export function isExpectedOutcome(expected: ExpectedOutcome, actual: ExpectedOutcome): boolean {
  if (expected === actual) return true;
  const e = expected.indexOf(":");
  const a = actual.indexOf(":");
  return (
    e > 0 &&
    e === a &&
    !expected.startsWith(NOT_URI_PREFIX) &&
    expected.slice(0, e).toLowerCase() === actual.slice(0, a).toLowerCase() &&
    expected.slice(e) === actual.slice(a)
  );
}

/** Resolves every saved number with `resolve` (one path) and says which meet their expectation. */
export function evaluateTestNumbers(
  numbers: readonly PlannedNumber[],
  resolve: (number: string) => Resolution,
): TestResult[] {
  return numbers.map(({ number, expected }) => {
    const actual = toOutcomeText(resolve(number));
    return { number, expected, actual, passed: isExpectedOutcome(expected, actual) };
  });
}

/**
 * A proposed change to the enabled blocks (the rules Sprout loads), as the blocks to take
 * out (by prefix) and the blocks to put in. Create: add the draft; delete or disable:
 * remove its prefix; enable: add it; update: remove the old prefix and add the draft; an
 * import: any number of both. A disabled block is neither (it is not in the rules).
 */
export interface RuleChange {
  readonly removed: readonly string[];
  readonly added: readonly NumberBlock[];
}

/** A saved number the change routes differently. */
export interface Reroute {
  readonly number: string;
  readonly expected: ExpectedOutcome;
  readonly before: ExpectedOutcome;
  readonly after: ExpectedOutcome;
  /** The number met its expectation before the change and no longer does. */
  readonly breaks: boolean;
  /** The number now meets its expectation (it did not before). */
  readonly fixes: boolean;
}

/**
 * The saved numbers a change re-routes on the enum.json path (Sprout's JSONEnumService),
 * with their outcome before and after, in the order given.
 *
 * Fast at any table size: Sprout's prefix walk chooses among the blocks whose prefix
 * covers the AUS (a prefix of it, or, by the short-number quirk, one starting with it),
 * so only numbers a changed prefix covers can move, and for those only the covering
 * blocks matter: the prefixes of the AUS (a map lookup per length) and the greatest
 * prefix starting with it (a binary search). Each such number is resolved against a
 * small table of those blocks after the change; the big table is never rebuilt.
 * `before` holds only active blocks in `sorted`; a removed prefix is assumed unique.
 */
export function findReroutes(
  numbers: readonly PlannedNumber[],
  before: JsonRuleTable,
  change: RuleChange,
): Reroute[] {
  const removed = new Set(change.removed.map(toSproutPrefix));
  const added = change.added.map((block) => ({ block, clientPrefix: toSproutPrefix(block.prefix) }));
  const changedPrefixes = [...removed, ...added.map((a) => a.clientPrefix)];
  const reroutes: Reroute[] = [];
  for (const { number, expected } of numbers) {
    const aus = toAus(number);
    if (aus === "" || !changedPrefixes.some((p) => p.startsWith(aus) || aus.startsWith(p))) continue;
    const beforeOutcome = toOutcomeText(resolveJson(before, aus));
    const covering = findCoveringBlocks(before, aus, removed);
    for (const a of added) {
      if (a.clientPrefix.startsWith(aus) || aus.startsWith(a.clientPrefix)) covering.push(a.block);
    }
    const afterOutcome = toOutcomeText(resolveJson(toJsonRuleTable(covering, before.profile), aus));
    if (afterOutcome === beforeOutcome) continue;
    const passedBefore = isExpectedOutcome(expected, beforeOutcome);
    const passesAfter = isExpectedOutcome(expected, afterOutcome);
    reroutes.push({
      number,
      expected,
      before: beforeOutcome,
      after: afterOutcome,
      breaks: passedBefore && !passesAfter,
      fixes: !passedBefore && passesAfter,
    });
  }
  return reroutes;
}

/**
 * The active blocks of `table` that can decide an AUS once `removed` prefixes are gone:
 * every prefix of the AUS, and the greatest prefix that starts with the AUS (Sprout's walk
 * takes that one when there is any, else the longest prefix of the AUS).
 */
function findCoveringBlocks(table: JsonRuleTable, aus: string, removed: ReadonlySet<string>): NumberBlock[] {
  const blocks: NumberBlock[] = [];
  for (let length = 0; length <= aus.length; length++) {
    const prefix = aus.slice(0, length);
    const entry = removed.has(prefix) ? undefined : table.byPrefix.get(prefix);
    if (entry !== undefined) blocks.push(entry.block);
  }
  const greatest = findGreatestStartingWith(table, aus, removed);
  if (greatest !== null && greatest.clientPrefix !== aus) blocks.push(greatest.block);
  return blocks;
}

/** The active block with the greatest prefix that starts with the AUS and is not removed. */
function findGreatestStartingWith(
  table: JsonRuleTable,
  aus: string,
  removed: ReadonlySet<string>,
): LoadedBlock | null {
  const { sorted, sortedBlocks } = table;
  // Prefixes starting with the AUS form one run in byte order, right after those below it.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const p = sorted[mid]!;
    if (compareBytes(p, aus) < 0 || p.startsWith(aus)) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) {
    const p = sorted[i]!;
    if (!p.startsWith(aus)) return null;
    if (!removed.has(p)) return sortedBlocks[i]!;
  }
  return null;
}
