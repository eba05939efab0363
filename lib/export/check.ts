import type { Resolution } from "../enum/trace";
import { resolveDnsSync } from "../enum/dns-path";
import { resolveJson, toJsonRuleTable } from "../enum/json-path";
import type { SyncNaptrSource } from "../enum/naptr";
import type { NumberBlock } from "../enum/number-block";

/** One number the two paths route differently. */
export interface EquivalenceDifference {
  readonly number: string;
  readonly json: string;
  readonly dns: string;
  readonly why: string;
}

/** The outcome of an equivalence check. */
export interface EquivalenceReport {
  readonly checked: number;
  readonly differences: readonly EquivalenceDifference[];
}

/**
 * What a client does with a result, which is what must agree: a URI it routes to, text it
 * cannot route, or no route at all. Sprout treats "" (DNS failure) and the AUS returned
 * unchanged (enum.json regex did not match) alike: it leaves the request as it was.
 */
export function toOutcome(resolution: Resolution): string {
  if (resolution.uri !== null) return `uri ${resolution.uri}`;
  if (resolution.result === "" || resolution.result === resolution.aus) return "no route";
  return `text ${resolution.result}`;
}

/**
 * Numbers that probe a prefix (digits, without the `+`): the boundary itself, inside it,
 * its neighbours just outside, shorter and longer numbers — each with and without `+`.
 */
export function toProbeNumbers(prefixDigits: string): string[] {
  const d = prefixDigits;
  const out = new Set<string>();
  const add = (digits: string): void => {
    if (digits === "" || digits.length > 20) return;
    out.add(digits);
    out.add(`+${digits}`);
  };
  add(d);
  add(`${d}0`);
  add(`${d}9`);
  add(d + "5".repeat(Math.max(1, 11 - d.length)));
  add(d + "0".repeat(Math.max(1, 15 - d.length)));
  if (d.length > 0) {
    add(d.slice(0, -1));
    add(d.slice(0, -2));
    const last = Number(d.at(-1));
    for (const neighbour of [last - 1, last + 1]) {
      if (neighbour < 0 || neighbour > 9) continue;
      const outside = d.slice(0, -1) + String(neighbour);
      add(outside);
      add(outside + "5".repeat(Math.max(1, 11 - outside.length)));
    }
  }
  return [...out];
}

/**
 * Resolves probe numbers for every block on the enum.json path and on the DNS path
 * through `source` (a compiled zone, a parsed zone file, a dnsmasq config) with the
 * same engine, and lists every number whose outcome differs, with the reason.
 */
export function checkEquivalence(
  blocks: readonly NumberBlock[],
  source: SyncNaptrSource,
  options: {
    readonly suffix: string;
    readonly numbers?: readonly string[];
    readonly limit?: number;
    /** Also probe around every block's prefix (default true); off to check only `numbers`. */
    readonly probeBlocks?: boolean;
  },
): EquivalenceReport {
  const table = toJsonRuleTable(blocks, "sprout");
  const numbers = new Set(options.numbers ?? []);
  if (options.probeBlocks !== false) {
    for (const block of blocks)
      for (const n of toProbeNumbers(block.prefix.replace(/[^0-9]/g, ""))) numbers.add(n);
  }
  const differences: EquivalenceDifference[] = [];
  let checked = 0;
  for (const number of numbers) {
    if (options.limit !== undefined && checked >= options.limit) break;
    checked++;
    const json = resolveJson(table, number);
    const dns = resolveDnsSync(source, number, { profile: "sprout", suffix: options.suffix });
    if (toOutcome(json) === toOutcome(dns)) continue;
    differences.push({ number, json: describe(json), dns: describe(dns), why: explain(json, dns) });
  }
  return { checked, differences };
}

function describe(resolution: Resolution): string {
  return resolution.result === ""
    ? `"" (${resolution.status})`
    : `${resolution.result} (${resolution.status})`;
}

/** One line on why the DNS answer differs: which name answered and which rule it used. */
function explain(json: Resolution, dns: Resolution): string {
  const jsonStep = json.trace.steps[0];
  const block = jsonStep?.kind === "json-prefix" ? jsonStep.chosen : null;
  const jsonPart =
    block === null
      ? "enum.json has no block for it"
      : `enum.json uses block "${block.name}" (prefix "${block.prefix}")`;
  const last = dns.trace.steps.at(-1);
  if (last?.kind !== "dns-query") return `${jsonPart}; the DNS path made no query`;
  if (last.outcome !== "answer")
    return `${jsonPart}; DNS answered ${last.outcome.toUpperCase()} for ${last.domain}`;
  const chosen = last.records.find((r) => r.verdict === "chosen");
  const owner = last.owner ?? last.domain;
  if (chosen === undefined) return `${jsonPart}; no NAPTR rule at ${owner} matched`;
  return `${jsonPart}; DNS used ${owner} NAPTR ${chosen.rule.order} ${chosen.rule.preference} "${chosen.rule.regexp}"`;
}
