// Exports for the route handlers (server only): the compiled zone of the current rule set,
// the rendered files with their proof in a comment header, and checks of uploaded files.
// Everything derived from a revision is computed once and kept until the revision moves.
import { AppError } from "@/lib/app-error";
import { getDatabaseUrl } from "@/lib/db/client";
import { getRuleSnapshot } from "@/lib/db/ruleset";
import { parseEnumDomain, toSuffix } from "@/lib/enum/aus";
import { createDnsmasqSource, parseDnsmasqConfig } from "@/lib/enum/dnsmasq-config";
import { parseMasterFile } from "@/lib/enum/master-file";
import type { SyncNaptrSource } from "@/lib/enum/naptr";
import type { ConsoleBlock, RuleSet } from "@/lib/enum/ruleset";
import type { EnumIssue } from "@/lib/enum/result";
import { createZone } from "@/lib/enum/zone";
import { renderBindZone, renderNamedConf } from "@/lib/export/bind";
import {
  DNSMASQ_SCAN_WARNING,
  checkDnsmasqText,
  runSampledCheck,
  toExportHeader,
  type CheckRun,
  type HeaderContext,
} from "@/lib/export/report";
import { compileZone, type CompiledZone } from "@/lib/export/compile";
import { toRuleZone } from "./rule-zone";
import {
  DEFAULT_DNSMASQ_CAP,
  E164_PLAN,
  NANP_PLAN,
  renderDnsmasqConfig,
  type DnsmasqExport,
  type NumberingPlanEntry,
} from "@/lib/export/dnsmasq";
import { renderEnumJson } from "@/lib/export/enum-json";
import type {
  CheckKind,
  CheckSummary,
  DnsmasqOmissionSummary,
  DnsmasqPlanName,
  ExportIssue,
  ExportSummary,
  FileCheckResult,
} from "@/lib/schemas/exports";

/** Differences the summary lists per format (the total is always given). */
export const SUMMARY_DIFFERENCES = 50;

/** Differences a check of an uploaded file lists. */
export const FILE_CHECK_DIFFERENCES = 1_000;

/** Omitted dnsmasq blocks the summary lists (the file's header lists all of them). */
export const SUMMARY_OMISSIONS = 200;

/** Numbering plans by their API name. */
const PLANS: Readonly<Record<DnsmasqPlanName, readonly NumberingPlanEntry[]>> = {
  nanp: NANP_PLAN,
  e164: E164_PLAN,
};

const PLAN_LABELS: Readonly<Record<DnsmasqPlanName, string>> = {
  nanp: "NANP plan (10-digit national, 11-digit +1 numbers)",
  e164: "E.164 plan (7 to 15 digits)",
};

/** dnsmasq renders kept per revision: the page toggles between two plans, scripts may vary the cap. */
const MAX_DNSMASQ_VARIANTS = 4;

/** The compiled zone of one revision of the rules: what every export reads. */
export interface ExportBundle {
  readonly revision: number;
  readonly ruleSet: RuleSet;
  /** The enabled blocks in prefix number order: the rules every export expresses. */
  readonly blocks: readonly ConsoleBlock[];
  readonly zone: CompiledZone;
  readonly generatedAt: Date;
}

/** A rendered file ready to send. */
export interface ExportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly records: number;
}

/** The rendered dnsmasq config with what it could not list and its check. */
export interface DnsmasqFile extends ExportFile {
  readonly plan: DnsmasqPlanName;
  readonly cap: number;
  readonly names: number;
  readonly omitted: readonly DnsmasqOmissionSummary[];
  readonly check: CheckRun;
}

/** An equivalence check with how its numbers were chosen. */

/** Everything derived from one revision, computed on first use. */
interface RevisionEntry {
  /** The database the rules came from. */
  readonly url: string;
  readonly revision: number;
  readonly bundle: Promise<ExportBundle>;
  /**
   * Files and checks of this revision by name ("bind-check", "dnsmasq:nanp:100000"…). Kept
   * as promises so that callers arriving while one is computed share it.
   */
  readonly artifacts: Map<string, Promise<unknown>>;
}

const EXPORTS_KEY = Symbol.for("enum-console.exports");

type GlobalWithExports = typeof globalThis & { [EXPORTS_KEY]?: RevisionEntry };

const TEXT_TYPE = "text/plain; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

/**
 * The current rule set compiled into its zone. Compiling 100,000 blocks takes about
 * 1.7 s, so the result is kept (on globalThis: Next evaluates this module once per
 * bundle) until the rule set's revision moves; callers that arrive while it is being
 * built share the one computation.
 */
export async function getExportBundle(): Promise<ExportBundle> {
  return (await getRevisionEntry()).bundle;
}

/** The enum.json download: the enabled blocks, exactly as Clearwater's enum_file reads them. */
export async function getEnumJsonFile(): Promise<ExportFile> {
  const entry = await getRevisionEntry();
  const bundle = await entry.bundle;
  return memoize(entry, "enum-json", () =>
    runLater(() => ({
      filename: "enum.json",
      contentType: JSON_TYPE,
      body: toBytes(renderEnumJson(bundle.blocks)),
      records: bundle.blocks.length,
    })),
  );
}

/** The BIND zone download, its header giving the serial, the time and the check's result. */
export async function getBindFile(): Promise<ExportFile & { readonly check: CheckRun }> {
  const entry = await getRevisionEntry();
  const bundle = await entry.bundle;
  const check = await memoize(entry, "bind-check", () =>
    runLater(() => runSampledCheck(bundle.blocks, toRuleZone(bundle.ruleSet, bundle.zone), bundle.zone.apex)),
  );
  const file = await memoize(entry, "bind-file", () =>
    runLater((): ExportFile => {
      const lines = toExportHeader(toHeaderContext(bundle), "BIND zone", check, "zone");
      const text = renderBindZone(bundle.zone, { title: lines[0]!, notes: lines.slice(1) });
      return {
        filename: toBindFilename(bundle.zone.apex),
        contentType: TEXT_TYPE,
        body: toBytes(text),
        records: bundle.zone.records.length,
      };
    }),
  );
  return { ...file, check };
}

/**
 * The dnsmasq download for a numbering plan: each block expanded to full numbers (up to
 * `cap` names), the blocks it could not list as comments at the top, then the check of
 * every listed number (and its `+` form) against the rules.
 */
export async function getDnsmasqFile(
  plan: DnsmasqPlanName,
  cap: number = DEFAULT_DNSMASQ_CAP,
): Promise<DnsmasqFile> {
  const entry = await getRevisionEntry();
  const bundle = await entry.bundle;
  const name = `dnsmasq:${plan}:${cap}`;
  if (!entry.artifacts.has(name)) {
    const variants = [...entry.artifacts.keys()].filter((key) => key.startsWith("dnsmasq:"));
    if (variants.length >= MAX_DNSMASQ_VARIANTS) entry.artifacts.delete(variants[0]!);
  }
  return memoize(entry, name, async () => {
    const exported = await runLater(() =>
      renderDnsmasqConfig(bundle.zone, bundle.blocks, { plan: PLANS[plan], cap, header: [] }),
    );
    return runLater(() => toDnsmasqFile(bundle, plan, cap, exported));
  });
}

/** A named.conf zone statement for the BIND download (primary, optional notify and transfer lists). */
export async function getNamedConf(options: {
  readonly file?: string;
  readonly alsoNotify?: readonly string[];
  readonly allowTransfer?: readonly string[];
}): Promise<string> {
  const { zone } = await getExportBundle();
  return renderNamedConf(zone.apex, options.file ?? toBindFilename(zone.apex), {
    ...(options.alsoNotify ? { alsoNotify: options.alsoNotify } : {}),
    ...(options.allowTransfer ? { allowTransfer: options.allowTransfer } : {}),
  });
}

/**
 * Every format of the current rule set with its record count, size and check (the first
 * differences only), for the exports page. Cheap once the revision's files exist.
 */
export async function getExportSummary(plan: DnsmasqPlanName, cap: number): Promise<ExportSummary> {
  const started = performance.now();
  const bundle = await getExportBundle();
  const [enumJson, bind, dnsmasq] = [
    await getEnumJsonFile(),
    await getBindFile(),
    await getDnsmasqFile(plan, cap),
  ];
  const issues = bundle.zone.issues.map((issue): ExportIssue => ({
    code: issue.code,
    message: issue.message,
    blocks: issue.blocks,
  }));
  const dnsmasqQuery = new URLSearchParams({
    plan,
    ...(cap !== DEFAULT_DNSMASQ_CAP ? { cap: String(cap) } : {}),
  });
  return {
    apex: bundle.zone.apex,
    serial: bundle.zone.serial,
    revision: bundle.revision,
    blocks: bundle.blocks.length,
    generatedAt: bundle.generatedAt.toISOString(),
    enumJson: {
      filename: enumJson.filename,
      href: "/api/export/enum.json",
      records: enumJson.records,
      bytes: enumJson.body.byteLength,
      check: null,
      issues: [],
    },
    bind: {
      filename: bind.filename,
      href: "/api/export/bind",
      records: bind.records,
      bytes: bind.body.byteLength,
      check: toCheckSummary(bind.check, SUMMARY_DIFFERENCES),
      issues,
      namedConf: renderNamedConf(bundle.zone.apex, bind.filename),
    },
    dnsmasq: {
      filename: dnsmasq.filename,
      href: `/api/export/dnsmasq?${dnsmasqQuery.toString()}`,
      records: dnsmasq.records,
      bytes: dnsmasq.body.byteLength,
      check: toCheckSummary(dnsmasq.check, SUMMARY_DIFFERENCES),
      issues,
      plan,
      cap,
      names: dnsmasq.names,
      omittedTotal: dnsmasq.omitted.length,
      omitted: dnsmasq.omitted.slice(0, SUMMARY_OMISSIONS),
    },
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * Checks an existing BIND zone file or dnsmasq config against the current rules: the
 * numbers around every block's prefix (and, for dnsmasq, every number the file lists)
 * resolved on the enum.json path and on the DNS path through the file. A file that does
 * not parse is AppError `validation` with its line (and column for a zone file).
 */
export async function checkExistingFile(
  text: string,
  options: { readonly kind: CheckKind; readonly origin?: string },
): Promise<FileCheckResult> {
  if (text.trim() === "")
    throw new AppError("validation", "The file is empty: send the zone file or dnsmasq config as the body.", [
      { field: "file", code: "empty", message: "The file is empty." },
    ]);
  const bundle = await getExportBundle();
  const origin = toSuffix(options.origin ?? bundle.zone.apex);
  const notes: string[] = [];
  let source: SyncNaptrSource;
  let records: number;
  let listed: readonly string[] = [];
  if (options.kind === "bind") {
    const parsed = parseMasterFile(text, { origin });
    if (!parsed.ok) throw toParseError(parsed.error, "zone file");
    const zone = createZone(origin, parsed.value.records);
    records = parsed.value.records.filter((r) => r.type === "NAPTR").length;
    if (zone.soa === null)
      notes.push(`The file has no SOA record at ${origin}; BIND would refuse to load it.`);
    if (zone.outOfZone.length > 0)
      notes.push(
        `${toCount(zone.outOfZone.length)} records lie outside ${origin} and were ignored, as BIND ignores them (is the origin right?).`,
      );
    source = zone;
  } else {
    const parsed = parseDnsmasqConfig(text);
    if (!parsed.ok) throw toParseError(parsed.error, "dnsmasq config");
    records = parsed.value.records.length;
    const digits = new Set<string>();
    let outside = 0;
    for (const record of parsed.value.records) {
      const number = parseEnumDomain(record.name, origin);
      if (number === null) outside++;
      else if (number !== "") digits.add(number);
    }
    listed = [...digits].flatMap((n) => [n, `+${n}`]);
    if (outside > 0)
      notes.push(
        `${toCount(outside)} naptr-record lines are not ENUM names under ${origin} and were not checked.`,
      );
    const others = [...new Set(parsed.value.otherOptions.map((o) => o.option))];
    if (others.length > 0) notes.push(`Other options were not read: ${others.slice(0, 10).join(", ")}.`);
    source = createDnsmasqSource(parsed.value.records);
  }
  const run = runSampledCheck(bundle.blocks, source, origin, listed);
  return {
    kind: options.kind,
    origin,
    records,
    ...toCheckSummary({ ...run, notes: [...notes, ...run.notes] }, FILE_CHECK_DIFFERENCES),
  };
}

/** The file name of the BIND download: the zone's apex, as named.conf examples name it. */
function toBindFilename(apex: string): string {
  return `${apex === "" ? "root" : apex}.db`;
}

async function getRevisionEntry(): Promise<RevisionEntry> {
  const snapshot = await getRuleSnapshot();
  const { ruleSet } = snapshot;
  // Tests switch database files within one process: the URL is part of the key.
  const url = getDatabaseUrl();
  const store = globalThis as GlobalWithExports;
  const cached = store[EXPORTS_KEY];
  // A caller whose snapshot predates the cached one gets the newer files, never replaces them.
  if (cached?.url === url && cached.revision >= ruleSet.revision) return cached;
  const entry: RevisionEntry = {
    url,
    revision: ruleSet.revision,
    bundle: runLater(() => createBundle(ruleSet, snapshot.enabledBlocks)),
    artifacts: new Map(),
  };
  store[EXPORTS_KEY] = entry;
  // A failed compile is not cached: the next caller tries again.
  entry.bundle.catch(() => {
    if (store[EXPORTS_KEY] === entry) store[EXPORTS_KEY] = undefined;
  });
  return entry;
}

function createBundle(ruleSet: RuleSet, enabledBlocks: readonly ConsoleBlock[]): ExportBundle {
  return {
    revision: ruleSet.revision,
    ruleSet,
    blocks: enabledBlocks,
    zone: compileZone(ruleSet),
    generatedAt: new Date(),
  };
}

function toDnsmasqFile(
  bundle: ExportBundle,
  plan: DnsmasqPlanName,
  cap: number,
  exported: DnsmasqExport,
): DnsmasqFile {
  const { zone, blocks } = bundle;
  // Check the text as dnsmasq reads it, not the records it was made from.
  const check = checkDnsmasqText(blocks, exported.text, zone.apex);
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const omitted = exported.omitted.map((o): DnsmasqOmissionSummary => ({
    blockId: o.block,
    prefix: o.prefix,
    name: byId.get(o.block)?.name ?? o.block,
    reason: o.reason,
  }));
  const header = toExportHeader(
    toHeaderContext(bundle),
    `dnsmasq config, ${PLAN_LABELS[plan]}`,
    check,
    "config",
  );
  header.push(`WARNING: ${DNSMASQ_SCAN_WARNING}`);
  if (omitted.length > 0) {
    header.push(
      `NOT LISTED: ${omitted.length === 1 ? "1 block" : `${toCount(omitted.length)} blocks`} could not be expanded (dnsmasq has no wildcards); numbers under them get NXDOMAIN:`,
    );
    for (const o of omitted) header.push(`  prefix "${o.prefix}" (${o.name}): ${o.reason}`);
  }
  const text = `${header.map((line) => `# ${line}`).join("\n")}\n${exported.text}`;
  return {
    filename: "enum.dnsmasq.conf",
    contentType: TEXT_TYPE,
    body: toBytes(text),
    records: exported.records,
    names: exported.names,
    plan,
    cap,
    omitted,
    check,
  };
}

/** The shared computation of `name` for this revision; a failure is forgotten so the next caller retries. */
function memoize<T>(entry: RevisionEntry, name: string, make: () => Promise<T>): Promise<T> {
  const cached = entry.artifacts.get(name) as Promise<T> | undefined;
  if (cached !== undefined) return cached;
  const made = make();
  entry.artifacts.set(name, made);
  made.catch(() => {
    if (entry.artifacts.get(name) === made) entry.artifacts.delete(name);
  });
  return made;
}

/**
 * Runs synchronous work in a later turn of the event loop. At 100,000 blocks each phase
 * (compile, render, check) holds the thread for seconds; between phases other requests
 * (the blocks list, another download) get their turn instead of waiting for all of them.
 */
function runLater<T>(work: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(work());
      } catch (err: unknown) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

function toCheckSummary(run: CheckRun, limit: number): CheckSummary {
  return {
    checked: run.report.checked,
    total: run.report.differences.length,
    differences: run.report.differences.slice(0, limit),
    sampled: run.sampled,
    scope: run.scope,
    notes: run.notes,
  };
}

function toHeaderContext(bundle: ExportBundle): HeaderContext {
  return {
    apex: bundle.zone.apex,
    serial: bundle.zone.serial,
    revision: bundle.revision,
    blockCount: bundle.blocks.length,
    generatedAt: bundle.generatedAt.toISOString(),
    issues: bundle.zone.issues,
  };
}

function toParseError(error: EnumIssue, what: string): AppError {
  const line = error.line;
  const column = error.at !== undefined && line !== undefined ? error.at + 1 : undefined;
  const where =
    line === undefined ? "" : column === undefined ? `line ${line}: ` : `line ${line}, column ${column}: `;
  const message = `The ${what} does not parse: ${where}${error.message}`;
  return new AppError("validation", message, [{ field: "file", code: error.code, message }], {
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
  });
}

const COUNT = new Intl.NumberFormat("en-US");

function toCount(n: number): string {
  return COUNT.format(n);
}

function toBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
