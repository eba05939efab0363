import type { NumberBlock } from "../enum/number-block";
import type { SyncNaptrSource } from "../enum/naptr";
import { parseEnumDomain } from "../enum/aus";
import { createDnsmasqSource, parseDnsmasqConfig } from "../enum/dnsmasq-config";
import { checkEquivalence, toProbeNumbers, type EquivalenceReport } from "./check";
import type { CompileIssue } from "./compile";

/** The most numbers one export check resolves (both paths); past it the check samples. */
export const CHECK_NUMBER_LIMIT = 20_000;

/** Why dnsmasq suits small deployments only (measured on this project's machine). */
export const DNSMASQ_SCAN_WARNING =
  "dnsmasq scans every naptr-record line for each query: measured about 28,000 answers/s with 1,000 records, under 300 with 100,000.";

/** An equivalence check as an export reports it: the report and which numbers it covered. */
export interface CheckRun {
  readonly report: EquivalenceReport;
  readonly sampled: boolean;
  readonly scope: string;
  readonly notes: readonly string[];
}

/** What an export header says about where the file came from. */
export interface HeaderContext {
  readonly apex: string;
  readonly serial: number;
  readonly revision?: number;
  readonly blockCount: number;
  /** ISO time of generation, passed in (lib/export has no clock). */
  readonly generatedAt?: string;
  readonly issues: readonly CompileIssue[];
}

/**
 * Resolves numbers on both paths. `listed` numbers are always candidates; with
 * `probeBlocks` the numbers around each block's prefix are too. Past CHECK_NUMBER_LIMIT
 * the candidates are sampled evenly (a stride over the blocks, then over the listed
 * numbers), so the sample spans the whole number space rather than its first corner.
 */
export function runSampledCheck(
  blocks: readonly NumberBlock[],
  source: SyncNaptrSource,
  suffix: string,
  listed: readonly string[] = [],
  probeBlocks = true,
  limit = CHECK_NUMBER_LIMIT,
): CheckRun {
  const numbers = new Set<string>();
  let probed = 0;
  let sampled = false;
  if (probeBlocks && blocks.length > 0) {
    // Leave room for listed numbers when there are any.
    const budget = listed.length > 0 ? limit / 2 : limit;
    const estimate = blocks.length * 20;
    const stride = Math.max(1, Math.ceil(estimate / budget));
    for (let i = 0; i < blocks.length && numbers.size < budget; i += stride) {
      for (const n of toProbeNumbers(blocks[i]!.prefix.replace(/[^0-9]/g, ""))) numbers.add(n);
      probed++;
    }
    sampled = probed < blocks.length;
  }
  const room = limit - numbers.size;
  if (listed.length <= room) for (const n of listed) numbers.add(n);
  else {
    sampled = true;
    const step = listed.length / room;
    for (let i = 0; i < room; i++) numbers.add(listed[Math.floor(i * step)]!);
  }
  const report = checkEquivalence(blocks, source, {
    suffix,
    numbers: [...numbers],
    probeBlocks: false,
    limit,
  });
  const parts: string[] = [];
  if (probeBlocks)
    parts.push(
      probed === blocks.length
        ? `the numbers around every block's prefix (${toCount(blocks.length)} blocks)`
        : `the numbers around the prefixes of ${toCount(probed)} of ${toCount(blocks.length)} blocks, spread evenly`,
    );
  if (listed.length > 0)
    parts.push(
      listed.length <= room
        ? `every number the file lists, with and without + (${toCount(listed.length)})`
        : `${toCount(room)} of the ${toCount(listed.length)} numbers the file lists (with and without +), spread evenly`,
    );
  const scope = parts.length === 0 ? "no numbers" : parts.join(", and ");
  return { report, sampled, scope: `Checked ${sampled ? "a sample: " : ""}${scope}.`, notes: [] };
}

/**
 * Checks a dnsmasq config as dnsmasq reads it: every name it lists, with and without `+`
 * (dnsmasq answers nothing else, so block probes would only find its known omissions).
 */
export function checkDnsmasqText(
  blocks: readonly NumberBlock[],
  text: string,
  apex: string,
  limit = CHECK_NUMBER_LIMIT,
): CheckRun {
  const parsed = parseDnsmasqConfig(text);
  if (!parsed.ok) throw new Error(`the dnsmasq config does not parse: ${parsed.error.message}`);
  const numbers = new Set<string>();
  for (const record of parsed.value.records) {
    const digits = parseEnumDomain(record.name, apex);
    if (digits !== null) numbers.add(digits);
  }
  const listed = [...numbers].flatMap((n) => [n, `+${n}`]);
  return runSampledCheck(blocks, createDnsmasqSource(parsed.value.records), apex, listed, false, limit);
}

/**
 * The comment header of a BIND or dnsmasq file. A difference is the first line of the
 * file, so nobody deploys it without seeing it; otherwise the title comes first.
 */
export function toExportHeader(
  context: HeaderContext,
  what: string,
  check: CheckRun,
  noun: string,
): string[] {
  const { report } = check;
  const differences = report.differences.length;
  const title = `ENUM Console export of ${context.apex}: ${what}`;
  const lines: string[] = [];
  if (differences > 0) {
    lines.push(
      `WARNING: ${toCount(differences)} numbers route differently through this ${noun} than through the rules (the enum.json path); ${toCount(report.checked)} numbers checked.`,
      title,
    );
  } else lines.push(title);
  lines.push(
    `Serial ${context.serial}${context.revision === undefined ? "" : `, rule set revision ${context.revision}`}, ${toCount(context.blockCount)} enabled blocks${context.generatedAt === undefined ? "" : `, generated ${context.generatedAt}`}.`,
  );
  lines.push(
    differences === 0
      ? `Check passed: routes exactly like the rules (the enum.json path) for all ${toCount(report.checked)} numbers checked${check.sampled ? " (a sample)" : ""}.`
      : `Check FAILED: ${toCount(differences)} of ${toCount(report.checked)} numbers checked route differently${check.sampled ? " (a sample)" : ""}:`,
  );
  for (const d of report.differences.slice(0, 20))
    lines.push(`  ${d.number}: enum.json ${d.json}; DNS ${d.dns}; ${d.why}`);
  if (differences > 20) lines.push(`  ... and ${toCount(differences - 20)} more.`);
  lines.push(check.scope);
  for (const issue of context.issues) lines.push(`WARNING: ${issue.message}`);
  // A comment line ends at a newline; block names and regexes could carry one.
  return lines.map((line) => line.replace(/[\r\n]+/g, " "));
}

const COUNT = new Intl.NumberFormat("en-US");

function toCount(n: number): string {
  return COUNT.format(n);
}
