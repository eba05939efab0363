import { applyRegexp, isUri } from "./apply";
import { toAus } from "./aus";
import { toSproutPrefix, type NumberBlock } from "./number-block";
import type { Profile } from "./profile";
import { compileRegexField, type EnumRegexp } from "./regex-field";
import type { EnumIssue } from "./result";
import type { BlockRef, JsonStep, Resolution, ResolutionStatus, RuleApplication } from "./trace";

/** What the client made of one block when it loaded the rules. */
export type BlockVerdict =
  | { readonly kind: "active"; readonly rule: EnumRegexp }
  | { readonly kind: "dropped"; readonly issue: EnumIssue }
  | { readonly kind: "shadowed"; readonly by: number };

/** A block as loaded: its file index, the prefix the client stores, and the verdict. */
export interface LoadedBlock {
  readonly ref: BlockRef;
  readonly block: NumberBlock;
  readonly clientPrefix: string;
  readonly verdict: BlockVerdict;
}

/**
 * Number blocks loaded the way Sprout's JSONEnumService loads enum.json: a block whose
 * regex does not compile is dropped; of two blocks with the same prefix the first usable
 * one wins (`std::map::insert` does not overwrite). Immutable once built.
 */
export interface JsonRuleTable {
  readonly profile: Profile;
  readonly blocks: readonly LoadedBlock[];
  /** Active prefixes in ascending byte order: Sprout walks them in reverse. */
  readonly sorted: readonly string[];
  /** The active block of each entry of `sorted`. */
  readonly sortedBlocks: readonly LoadedBlock[];
  readonly byPrefix: ReadonlyMap<string, LoadedBlock>;
  /** Dropped and shadowed blocks, kept apart so resolutions never scan every block. */
  readonly inactive: readonly LoadedBlock[];
}

/** Loads blocks (in file order) into a rule table for a profile. */
export function toJsonRuleTable(blocks: readonly NumberBlock[], profile: Profile): JsonRuleTable {
  const byPrefix = new Map<string, LoadedBlock>();
  // Deployments reuse a handful of regexes across thousands of blocks: compile each once.
  const compiledByRegex = new Map<string, ReturnType<typeof compileRegexField>>();
  const loaded = blocks.map((block, index): LoadedBlock => {
    const ref: BlockRef = { index, name: block.name, prefix: block.prefix };
    const clientPrefix = toSproutPrefix(block.prefix);
    let compiled = compiledByRegex.get(block.regex);
    if (compiled === undefined) {
      compiled = compileRegexField(block.regex, profile);
      compiledByRegex.set(block.regex, compiled);
    }
    if (!compiled.ok)
      return { ref, block, clientPrefix, verdict: { kind: "dropped", issue: compiled.error } };
    const winner = byPrefix.get(clientPrefix);
    if (winner !== undefined)
      return { ref, block, clientPrefix, verdict: { kind: "shadowed", by: winner.ref.index } };
    const entry: LoadedBlock = {
      ref,
      block,
      clientPrefix,
      verdict: { kind: "active", rule: compiled.value },
    };
    byPrefix.set(clientPrefix, entry);
    return entry;
  });
  const sorted = [...byPrefix.keys()].sort(compareBytes);
  const inactive = loaded.filter((b) => b.verdict.kind !== "active");
  const sortedBlocks = sorted.map((p) => byPrefix.get(p)!);
  return { profile, blocks: loaded, sorted, sortedBlocks, byPrefix, inactive };
}

/** Byte-order comparison, as `std::string::compare` orders Sprout's map keys. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Which block Sprout picks for an AUS, and whether its short-number quirk decided it. */
export interface PrefixChoice {
  readonly block: LoadedBlock | null;
  readonly shortNumberQuirk: boolean;
  /** The longest prefix of the AUS that has a block, when the quirk chose another block. */
  readonly longestPrefixBlock: LoadedBlock | null;
}

/**
 * Sprout's `prefix_match`: walk the prefixes in reverse byte order and take the first P
 * whose first `min(len(AUS), len(P))` characters equal the AUS's. Equivalently: if some
 * prefix starts with the AUS, the greatest such prefix (the short-number quirk: `212`
 * picks `2125550280`); otherwise the longest prefix of the AUS (`""` is the catch-all).
 */
export function findBlockForAus(table: JsonRuleTable, aus: string): PrefixChoice {
  const { sorted, sortedBlocks } = table;
  // Sorted order puts prefixes below the AUS first, then those starting with it, then the
  // rest; count the first two groups.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const p = sorted[mid]!;
    if (p < aus || p.startsWith(aus)) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return { block: null, shortNumberQuirk: false, longestPrefixBlock: null };
  const candidate = sorted[lo - 1]!;
  if (candidate.startsWith(aus)) {
    const block = sortedBlocks[lo - 1]!;
    if (candidate.length === aus.length) return { block, shortNumberQuirk: false, longestPrefixBlock: null };
    return { block, shortNumberQuirk: true, longestPrefixBlock: findLongestPrefixBlock(table, aus) };
  }
  return {
    block: findLongestPrefixBlock(table, aus, lo - 1),
    shortNumberQuirk: false,
    longestPrefixBlock: null,
  };
}

/**
 * The block with the longest prefix of the AUS (`""` being the shortest). The greatest
 * prefix <= the AUS is the answer when it is a prefix of the AUS (a longer one would sit
 * between them); otherwise the answer is no longer than their common part, so search again.
 */
function findLongestPrefixBlock(table: JsonRuleTable, aus: string, below?: number): LoadedBlock | null {
  const { sorted, sortedBlocks } = table;
  let key = aus;
  let index = below ?? findLastAtMost(sorted, key);
  while (index >= 0) {
    const p = sorted[index]!;
    if (key.startsWith(p)) return sortedBlocks[index]!;
    let common = 0;
    while (common < p.length && common < key.length && p.charCodeAt(common) === key.charCodeAt(common))
      common++;
    key = key.slice(0, common);
    index = findLastAtMost(sorted, key, index);
  }
  return null;
}

/** Index of the greatest element <= key (searching below `end`), or -1. */
function findLastAtMost(sorted: readonly string[], key: string, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Resolves a dialed number on the enum.json path (Sprout's JSONEnumService): AUS, the
 * prefix walk, then the block's regex applied to the AUS. The result is exactly what
 * Sprout returns: "" when no block applies, the AUS itself when the regex does not match.
 */
export function resolveJson(table: JsonRuleTable, input: string): Resolution {
  const aus = toAus(input);
  const notes: string[] = [];
  if (aus === "") {
    notes.push("The number has no digits: the client does no lookup.");
    return toJsonResolution(table, input, aus, "", "no-route", null, notes);
  }
  const choice = findBlockForAus(table, aus);
  const block = choice.block;
  if (block === null || block.verdict.kind !== "active") {
    notes.push("No number block covers this number, so the client returns nothing.");
    return toJsonResolution(table, input, aus, "", "no-route", toJsonStep(table, aus, choice, null), notes);
  }
  if (choice.shortNumberQuirk) {
    notes.push(
      `Short-number quirk: "${aus}" is shorter than prefix "${block.clientPrefix}", which starts with it, ` +
        "so Sprout's prefix walk picks that block" +
        (choice.longestPrefixBlock ? ` rather than "${choice.longestPrefixBlock.clientPrefix}".` : "."),
    );
  }
  const applied = applyRegexp(block.verdict.rule, aus);
  if (!applied.ok) {
    notes.push(`The regex gave up (${applied.reason}); Sprout returns nothing.`);
    return toJsonResolution(table, input, aus, "", "failure", toJsonStep(table, aus, choice, null), notes);
  }
  const { application } = applied;
  const step = toJsonStep(table, aus, choice, application);
  if (!application.matched) {
    notes.push(
      "The block's regex does not match the number: Sprout returns the number unchanged (no route).",
    );
    return toJsonResolution(table, input, aus, application.output, "no-route", step, notes);
  }
  const status = isUri(application.output) ? "routed" : "not-uri";
  return toJsonResolution(table, input, aus, application.output, status, step, notes);
}

function toJsonStep(
  table: JsonRuleTable,
  aus: string,
  choice: PrefixChoice,
  application: RuleApplication | null,
): JsonStep {
  return {
    kind: "json-prefix",
    chosen: choice.block?.ref ?? null,
    shortNumberQuirk: choice.shortNumberQuirk,
    longestPrefixBlock: choice.longestPrefixBlock?.ref ?? null,
    skippedBlocks: table.inactive.length === 0 ? [] : findSkippedBlocks(table, aus, choice.block),
    application,
  };
}

function toJsonResolution(
  table: JsonRuleTable,
  input: string,
  aus: string,
  result: string,
  status: ResolutionStatus,
  step: JsonStep | null,
  notes: string[],
): Resolution {
  return {
    input,
    aus,
    result,
    uri: isUri(result) ? result : null,
    status,
    queries: [],
    trace: { input, aus, profile: table.profile, mode: "json", steps: step ? [step] : [], notes },
  };
}

/** Blocks whose prefix covers the AUS but that Sprout dropped or shadowed at load time. */
function findSkippedBlocks(
  table: JsonRuleTable,
  aus: string,
  chosen: LoadedBlock | null,
): { readonly block: BlockRef; readonly reason: string }[] {
  const skipped: { block: BlockRef; reason: string }[] = [];
  for (const loaded of table.inactive) {
    if (loaded.verdict.kind === "active") continue;
    const p = loaded.clientPrefix;
    const covers = p.startsWith(aus) || aus.startsWith(p);
    if (!covers) continue;
    // Only blocks that would have beaten the chosen one in Sprout's walk matter.
    if (chosen !== null && compareBytes(p, chosen.clientPrefix) < 0) continue;
    const reason =
      loaded.verdict.kind === "dropped"
        ? `its regex does not compile, so Sprout drops it: ${loaded.verdict.issue.message}`
        : `an earlier block (#${loaded.verdict.by + 1}) has the same prefix; Sprout keeps the first`;
    skipped.push({ block: loaded.ref, reason });
  }
  return skipped;
}
