import { toEnumDomain } from "../enum/aus";
import type { NaptrRule } from "../enum/naptr";
import type { NumberBlock } from "../enum/number-block";
import { createZone } from "../enum/zone";
import type { CompiledZone } from "./compile";

/** Full-number lengths for numbers that start with a digit prefix (a numbering plan). */
export interface NumberingPlanEntry {
  readonly prefix: string;
  readonly lengths: readonly number[];
}

/** North American plan: national numbers are 10 digits (NXX, N = 2-9), +1 numbers 11. */
export const NANP_PLAN: readonly NumberingPlanEntry[] = [
  { prefix: "1", lengths: [11] },
  ...["2", "3", "4", "5", "6", "7", "8", "9"].map((prefix) => ({ prefix, lengths: [10] })),
];

/** E.164 (ITU-T E.164 §6): at most 15 digits; any length up to that. */
export const E164_PLAN: readonly NumberingPlanEntry[] = [
  { prefix: "", lengths: [7, 8, 9, 10, 11, 12, 13, 14, 15] },
];

/** The default cap on names a dnsmasq export may list. */
export const DEFAULT_DNSMASQ_CAP = 100_000;

/** A block the dnsmasq export leaves out, and why. */
export interface DnsmasqOmission {
  readonly block: string;
  readonly prefix: string;
  readonly reason: string;
}

/** A rendered dnsmasq configuration with what it lists and what it could not. */
export interface DnsmasqExport {
  readonly text: string;
  readonly names: number;
  readonly records: number;
  readonly omitted: readonly DnsmasqOmission[];
}

/**
 * Renders the compiled zone for dnsmasq, which has no wildcards and matches names
 * exactly: each block is expanded to the full numbers the numbering plan allows under
 * its prefix (up to `cap` names in all), and each such name gets the NAPTR RRset the
 * compiled zone answers for it, so dnsmasq and the zone cannot disagree on a listed
 * number. Blocks that cannot be expanded (catch-alls, ranges past the cap, prefixes no
 * plan entry covers) are reported. Strings are double-quoted: dnsmasq unescapes `\\` and
 * `\"` only inside quotes, so unquoted `\\1` would reach the wire as two backslashes.
 */
export function renderDnsmasqConfig(
  zone: CompiledZone,
  blocks: readonly (NumberBlock & { readonly id: string })[],
  options: {
    readonly plan: readonly NumberingPlanEntry[];
    readonly cap?: number;
    readonly header: readonly string[];
  },
): DnsmasqExport {
  const cap = options.cap ?? DEFAULT_DNSMASQ_CAP;
  const source = createZone(zone.apex, zone.records);
  const omitted: DnsmasqOmission[] = [];
  const numbers = new Set<string>();
  for (const block of blocks) {
    const digits = block.prefix.replace(/^\+/, "");
    const lengths = findPlanLengths(options.plan, digits);
    const reason =
      digits === ""
        ? "a catch-all covers every number; dnsmasq cannot list them all (no wildcards)"
        : lengths.length === 0
          ? "no numbering-plan entry gives full-number lengths for this prefix"
          : null;
    if (reason !== null) {
      omitted.push({ block: block.id, prefix: block.prefix, reason });
      continue;
    }
    const count = lengths.reduce((sum, len) => sum + 10 ** Math.max(0, len - digits.length), 0);
    if (numbers.size + count > cap) {
      omitted.push({
        block: block.id,
        prefix: block.prefix,
        reason: `expands to ${count.toLocaleString("en-US")} numbers; with the others that passes the cap of ${cap.toLocaleString("en-US")}`,
      });
      continue;
    }
    for (const len of lengths) expandDigits(digits, len, numbers);
  }
  const lines = [...options.header.map((h) => `# ${h}`)];
  let records = 0;
  const sorted = [...numbers].sort();
  for (const number of sorted) {
    const name = toEnumDomain(number, zone.apex);
    const answer = source.lookup(name);
    if (answer.kind !== "answer") continue;
    for (const rule of answer.rules) {
      lines.push(`naptr-record=${name},${renderRule(rule)}`);
      records++;
    }
  }
  return { text: `${lines.join("\n")}\n`, names: sorted.length, records, omitted };
}

/** The full-number lengths the longest matching plan entry gives a prefix's numbers. */
function findPlanLengths(plan: readonly NumberingPlanEntry[], digits: string): number[] {
  let best: NumberingPlanEntry | null = null;
  for (const entry of plan) {
    if (!digits.startsWith(entry.prefix) && !entry.prefix.startsWith(digits)) continue;
    if (best === null || entry.prefix.length > best.prefix.length) best = entry;
  }
  return best === null ? [] : best.lengths.filter((len) => len >= digits.length);
}

function expandDigits(prefix: string, length: number, into: Set<string>): void {
  const free = length - prefix.length;
  const count = 10 ** free;
  for (let i = 0; i < count; i++) into.add(prefix + (free === 0 ? "" : String(i).padStart(free, "0")));
}

function renderRule(rule: NaptrRule): string {
  const replacement = rule.replacement === "." ? "" : `,${rule.replacement}`;
  return `${rule.order},${rule.preference},${quote(rule.flags)},${quote(rule.service)},${quote(rule.regexp)}${replacement}`;
}

/** A dnsmasq double-quoted string: inside quotes dnsmasq turns `\\` into `\` and `\"` into `"`. */
function quote(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
