import { applyRegexp, isSipOrTelUri, isUri } from "./apply";
import type { Node } from "./regex/ast";
import { hasChar } from "./regex/charset";
import { findBlockForAus, resolveJson, toJsonRuleTable, type JsonRuleTable } from "./json-path";
import type { NumberBlock } from "./number-block";
import { isCanonicalPrefix } from "./number-block";
import type { Profile } from "./profile";

/** How bad a lint is: `error` is a block the client silently loses or a rule set the console refuses. */
export type LintSeverity = "error" | "warning" | "info";

/** One finding about the rules, tied to the blocks it concerns. */
export interface Lint {
  readonly code: string;
  readonly severity: LintSeverity;
  /** Indexes of the blocks concerned (file / list order). */
  readonly blocks: readonly number[];
  readonly message: string;
  /** What the client will do, in one line. */
  readonly effect: string;
  /** Character position in the block's regex field, when the finding has one. */
  readonly at?: number;
}

/** Lint codes and their severities, for the UI's legend and for grouping. */
export const LINT_SEVERITY: Readonly<Record<string, LintSeverity>> = {
  "regex-invalid": "error",
  "duplicate-prefix": "error",
  "never-matches": "error",
  "prefix-not-canonical": "warning",
  "never-chosen": "warning",
  "own-numbers-unmatched": "warning",
  "repeats-output": "warning",
  "not-uri": "warning",
  "plus-pair-differs": "warning",
  "profiles-differ": "warning",
};

/**
 * Every lint over a set of number blocks for a profile (the profile the rules are
 * deployed for; `profiles-differ` compares with the other one).
 */
export function findLints(blocks: readonly NumberBlock[], profile: Profile): Lint[] {
  const table = toJsonRuleTable(blocks, profile);
  const other = toJsonRuleTable(blocks, profile === "sprout" ? "rfc" : "sprout");
  const lints: Lint[] = [];
  const add = (
    code: string,
    blockIndexes: readonly number[],
    message: string,
    effect: string,
    at?: number,
  ): void => {
    lints.push({
      code,
      severity: LINT_SEVERITY[code] ?? "warning",
      blocks: blockIndexes,
      message,
      effect,
      ...(at !== undefined ? { at } : {}),
    });
  };
  const choosable = findChoosablePrefixes(table);

  for (const loaded of table.blocks) {
    const { ref, block, clientPrefix, verdict } = loaded;
    const label = toBlockLabel(block).replace(/^b/, "B");
    if (!isCanonicalPrefix(block.prefix)) {
      add(
        "prefix-not-canonical",
        [ref.index],
        `${label}: prefix "${block.prefix}" is not an optional + followed by digits.`,
        `Sprout reads it as "${clientPrefix}" (it ignores . - ( ) and keeps everything else).`,
      );
    }
    if (verdict.kind === "dropped") {
      add(
        "regex-invalid",
        [ref.index],
        `${label}: the regex does not compile under the ${profile} profile` +
          `${verdict.issue.at !== undefined ? ` (at character ${verdict.issue.at + 1} of ${block.regex})` : ""}: ${verdict.issue.message}`,
        "The client silently drops this block; its numbers fall to a shorter prefix.",
        verdict.issue.at,
      );
      continue;
    }
    if (verdict.kind === "shadowed") {
      add(
        "duplicate-prefix",
        [verdict.by, ref.index],
        `${label}: prefix "${clientPrefix}" is already used by block #${verdict.by + 1}.`,
        "Sprout keeps the first block with a prefix and ignores this one.",
      );
      continue;
    }
    const rule = verdict.rule;
    if (!canEverMatch(rule.regex.ast)) {
      add(
        "never-matches",
        [ref.index],
        `${label}: the pattern ${rule.pattern} can never match a number (an anchor or + where none can be).`,
        "Every number routed to this block comes back unchanged: no route.",
      );
      continue;
    }
    if (!choosable.has(clientPrefix)) {
      add(
        "never-chosen",
        [ref.index],
        `${label}: every number under prefix "${clientPrefix}" is claimed by a longer prefix.`,
        "The client's prefix walk never picks this block.",
      );
    }
    const samples = toSampleNumbers(clientPrefix).filter((n) => findBlockForAus(table, n).block === loaded);
    for (const sample of samples) {
      const applied = applyRegexp(rule, sample);
      if (!applied.ok) continue;
      const { application } = applied;
      if (!application.matched) {
        add(
          "own-numbers-unmatched",
          [ref.index],
          `${label}: its own number ${sample} does not match the pattern ${rule.pattern}.`,
          "Sprout returns such numbers unchanged: no route.",
        );
        break;
      }
      if (application.matchCount > 1) {
        add(
          "repeats-output",
          [ref.index],
          `${label}: the pattern matches ${sample} ${application.matchCount} times (unanchored, or it matches the empty string), giving ${application.output}.`,
          "Sprout's global replace writes the replacement once per match.",
        );
        break;
      }
      if (!isSipOrTelUri(application.output)) {
        add(
          "not-uri",
          [ref.index],
          `${label}: ${sample} becomes "${application.output}", which is not a SIP or tel URI.`,
          isUri(application.output)
            ? "Sprout cannot route to this URI scheme."
            : "Sprout cannot route this result.",
        );
        break;
      }
    }
    const otherProfile = other.profile;
    for (const sample of samples) {
      const here = resolveJson(table, sample).result;
      const there = resolveJson(other, sample).result;
      if (here !== there) {
        add(
          "profiles-differ",
          [ref.index],
          `${label}: ${sample} gives "${here}" under ${profile} but "${there}" under ${otherProfile}.`,
          "Clients that follow the other profile would route this number differently.",
        );
        break;
      }
    }
  }
  lints.push(...findPlusPairLints(table));
  return lints;
}

/**
 * The lints of one block on its own (everything but the findings that need other blocks:
 * duplicates, never-chosen, +/non-+ pairs). What the editor shows as you type and what
 * the database stores as the block's lint level.
 */
export function findBlockLints(block: NumberBlock, profile: Profile): Lint[] {
  return findLints([block], profile);
}

/** The worst severity among lints: 0 none, 1 info, 2 warning, 3 error. */
export function toLintLevel(lints: readonly Lint[]): 0 | 1 | 2 | 3 {
  let level: 0 | 1 | 2 | 3 = 0;
  for (const lint of lints) {
    const value = lint.severity === "error" ? 3 : lint.severity === "warning" ? 2 : 1;
    if (value > level) level = value;
  }
  return level;
}

/**
 * Numbers that exercise a prefix: the prefix itself and the prefix filled with zeros to an
 * 11-digit national/E.164-like length (and one digit past the prefix when already longer).
 */
export function toSampleNumbers(prefix: string): string[] {
  const digits = prefix.replace(/^\+/, "").length;
  const samples = new Set<string>();
  if (prefix !== "" && prefix !== "+") samples.add(prefix);
  samples.add(prefix + "0".repeat(Math.max(1, 11 - digits)));
  if (prefix === "") samples.add("+" + "1".repeat(11));
  return [...samples];
}

/**
 * `+X` and `X` share an EnumDomain (the `+` is not in the name), so a DNS export must tell
 * them apart at that name. Reports block pairs whose prefixes differ only in the `+` and
 * whose rules route the same digits differently.
 */
function findPlusPairLints(table: JsonRuleTable): Lint[] {
  const lints: Lint[] = [];
  for (const plus of table.blocks) {
    if (plus.verdict.kind !== "active" || !plus.clientPrefix.startsWith("+")) continue;
    const twin = table.byPrefix.get(plus.clientPrefix.slice(1));
    if (twin === undefined || twin.verdict.kind !== "active" || twin.block.regex === plus.block.regex)
      continue;
    const sample = toSampleNumbers(twin.clientPrefix).at(-1)!;
    const a = resolveJson(table, sample).result;
    const b = resolveJson(table, `+${sample}`).result;
    if (a === b) continue;
    lints.push({
      code: "plus-pair-differs",
      severity: LINT_SEVERITY["plus-pair-differs"]!,
      blocks: [twin.ref.index, plus.ref.index],
      message: `${toBlockLabel(twin.block)} and ${toBlockLabel(plus.block)} share an ENUM domain but route differently: ${sample} -> "${a}", +${sample} -> "${b}".`,
      effect:
        "A DNS export needs an order-1 rule for + numbers and an order-2 rule for the rest at that name.",
    });
  }
  return lints;
}

/** How lints name a block: its name and its prefix. */
function toBlockLabel(block: NumberBlock): string {
  const prefix = block.prefix === "" ? 'catch-all prefix ""' : `prefix "${block.prefix}"`;
  return block.name === "" ? `block with ${prefix}` : `block "${block.name}" (${prefix})`;
}

/** Which AUS shapes to consider: any, only plain (digits), or only `+` ones. */
export type AusShape = "any" | "plain" | "plus";

/**
 * Whether the pattern can match some AUS (digits, with `+` only first): an abstract run
 * over states (consumed anything?, hit `$`?). `^` needs nothing consumed, `$` forbids
 * consuming more, and `+` can only be the first character.
 */
export function canEverMatch(ast: Node): boolean {
  return canMatchAus(ast, "any");
}

/** Whether the pattern can match some AUS of the given shape (same abstract run as canEverMatch). */
export function canMatchAus(ast: Node, shape: AusShape): boolean {
  // State bits: 1 = (fresh, open), 2 = (consumed, open), 4 = (fresh, ended), 8 = (consumed, ended)
  const run = (node: Node, states: number): number => {
    if (states === 0) return 0;
    switch (node.type) {
      case "empty":
        return states;
      case "char": {
        const digit = "0123456789".split("").some((d) => hasChar(node.set, d.charCodeAt(0)));
        const plus = hasChar(node.set, 0x2b);
        // The first character of a plain AUS is a digit, of a + AUS the "+".
        const first = shape === "any" ? digit || plus : shape === "plain" ? digit : plus;
        let out = 0;
        if (states & 1 && first) out |= 2;
        if (states & 2 && digit) out |= 2;
        return out;
      }
      case "seq":
        return node.items.reduce((s, item) => run(item, s), states);
      case "alt":
        return node.branches.reduce((s, b) => s | run(b, states), 0);
      case "group":
        return run(node.body, states);
      case "assert":
        switch (node.kind) {
          case "bol":
          case "bob":
            return states & (1 | 4);
          case "eol":
          case "eob":
          case "eob-soft":
            return ((states & 1) !== 0 ? 4 : 0) | ((states & 2) !== 0 ? 8 : 0) | (states & (4 | 8));
          default:
            return states;
        }
      case "repeat": {
        let current = states;
        for (let i = 0; i < Math.min(node.min, 8); i++) current = run(node.body, current);
        let reach = current;
        for (let i = 0; i < 8 && node.max > node.min; i++) {
          const next = reach | run(node.body, reach);
          if (next === reach) break;
          reach = next;
        }
        return reach;
      }
    }
  };
  // A search may start at the beginning of the number or after some of it. Ending
  // "fresh and ended" means the whole number is empty, which is never looked up.
  return (run(ast, 1 | 2) & (1 | 2 | 8)) !== 0;
}

/**
 * Prefixes the client's walk can pick for some number: a prefix with no longer prefix
 * under it (the number itself picks it), or one from which some digit string leads away
 * from every longer prefix without passing through one.
 */
function findChoosablePrefixes(table: JsonRuleTable): Set<string> {
  const choosable = new Set<string>();
  const sorted = table.sorted;
  for (let i = 0; i < sorted.length; i++) {
    const prefix = sorted[i]!;
    const next = sorted[i + 1];
    if (next === undefined || !next.startsWith(prefix)) {
      choosable.add(prefix);
      continue;
    }
    // Collect the longer prefixes under this one (a contiguous run in byte order).
    const under: string[] = [];
    for (let j = i + 1; j < sorted.length && sorted[j]!.startsWith(prefix); j++)
      under.push(sorted[j]!.slice(prefix.length));
    if (canEscape(under, prefix === "")) choosable.add(prefix);
  }
  return choosable;
}

/** Whether some continuation avoids every string in `under` (relative suffixes, byte-sorted). */
function canEscape(under: readonly string[], atStart: boolean): boolean {
  const alphabet = atStart ? ["+", ..."0123456789".split("")] : "0123456789".split("");
  const children = new Map<string, string[]>();
  const blocked = new Set<string>();
  for (const rest of under) {
    const c = rest[0]!;
    if (rest.length === 1) blocked.add(c);
    else {
      const list = children.get(c) ?? [];
      list.push(rest.slice(1));
      children.set(c, list);
    }
  }
  for (const c of alphabet) {
    if (blocked.has(c)) continue;
    const below = children.get(c);
    if (below === undefined || canEscape(below, false)) return true;
  }
  return false;
}
