// The resolution preview and batch test (server only): one number or a CSV of numbers on the
// enum.json path, the DNS path through the console's compiled zone, and live servers.
import { getRuleSnapshot } from "@/lib/db/ruleset";
import { getExportBundle, type ExportBundle } from "@/lib/server/exports";
import { toRuleZone } from "@/lib/server/rule-zone";
import { createServerSource } from "@/lib/dns/client";
import type { NumberCsvRow } from "@/lib/csv/number-csv";
import { resolveDnsAsync, resolveDnsSync, type DnsResolveOptions } from "@/lib/enum/dns-path";
import { resolveJson, toJsonRuleTable, type JsonRuleTable } from "@/lib/enum/json-path";
import type { NaptrSource } from "@/lib/enum/naptr";
import type { Profile } from "@/lib/enum/profile";
import type { Resolution } from "@/lib/enum/trace";
import {
  isExpectedOutcome,
  parseExpectedOutcome,
  toOutcomeText,
  type ExpectedOutcome,
} from "@/lib/enum/test-plan";
import { describeDisagreement } from "@/lib/enum/trace-view";
import type { Zone } from "@/lib/enum/zone";
import {
  type BatchOutcome,
  type BatchRow,
  type BatchSummary,
  type Disagreement,
  type ResolvePath,
  type ResolveRequest,
  type ResolveResponse,
} from "@/lib/schemas/resolve";

/** Rows resolved between two progress reports (and two turns of the event loop). */
const BATCH_CHUNK = 500;

/** Live-server lookups a batch keeps in flight at once: enough to hide timeouts, gentle on the servers. */
const SERVER_CONCURRENCY = 8;

/** What one revision of the rules gives every resolution: the loaded tables and the zone. */
interface ResolveContext {
  readonly bundle: ExportBundle;
  readonly zone: Zone;
  readonly tables: Map<Profile, JsonRuleTable>;
}

const CONTEXTS_KEY = Symbol.for("enum-console.resolve-contexts");

type GlobalWithContexts = typeof globalThis & { [CONTEXTS_KEY]?: WeakMap<ExportBundle, ResolveContext> };

/**
 * The tables and the in-memory zone of the current revision. The compiled zone comes from
 * the exports' per-revision bundle, so the preview, the downloads and the responder read the
 * one compilation; the lookup index over it is built once per bundle here.
 */
async function getResolveContext(): Promise<ResolveContext> {
  const bundle = await getExportBundle();
  const store = globalThis as GlobalWithContexts;
  const contexts = (store[CONTEXTS_KEY] ??= new WeakMap());
  let context = contexts.get(bundle);
  if (context === undefined) {
    const tables = new Map<Profile, JsonRuleTable>();
    // The snapshot already holds the table for the configured profile: reuse it.
    const snapshot = await getRuleSnapshot();
    if (snapshot.ruleSet === bundle.ruleSet) tables.set(bundle.ruleSet.settings.profile, snapshot.table);
    context = { bundle, zone: toRuleZone(bundle.ruleSet, bundle.zone), tables };
    contexts.set(bundle, context);
  }
  return context;
}

/** Sprout's rule table over the enabled blocks for a profile, loaded once per revision. */
function getTable(context: ResolveContext, profile: Profile): JsonRuleTable {
  let table = context.tables.get(profile);
  if (table === undefined) {
    table = toJsonRuleTable(context.bundle.blocks, profile);
    context.tables.set(profile, table);
  }
  return table;
}

/**
 * Resolves one dialed number on each requested path. The server path queries the live
 * servers the way Sprout does (failover, per-try timeouts), so it can take seconds; every
 * try is in the trace. When the enum.json path and a DNS path give different results, the
 * answer lists the disagreement.
 */
export async function resolveNumber(request: ResolveRequest): Promise<ResolveResponse> {
  const context = await getResolveContext();
  const profile = request.profile ?? context.bundle.ruleSet.settings.profile;
  const suffix = context.bundle.zone.apex;
  const options: DnsResolveOptions = { profile, suffix };
  const paths: Partial<Record<ResolvePath, Resolution>> = {};
  if (request.paths.includes("json")) paths.json = resolveJson(getTable(context, profile), request.number);
  if (request.paths.includes("dns")) paths.dns = resolveDnsSync(context.zone, request.number, options);
  let servers: readonly string[] = [];
  if (request.paths.includes("server")) {
    const source = createServerSource(request.servers);
    servers = source.servers;
    paths.server = await resolveDnsAsync(source, request.number, options);
  }
  const first = paths.json ?? paths.dns ?? paths.server!;
  return {
    input: request.number,
    aus: first.aus,
    profile,
    revision: context.bundle.revision,
    suffix,
    servers,
    paths,
    disagreements: toDisagreements(paths),
    blockIds: toBlockIds(paths.json, context.bundle.blocks),
  };
}

/** Ids of the blocks a JSON-path trace names, so the page can link to them. */
function toBlockIds(
  resolution: Resolution | undefined,
  blocks: readonly { readonly id: string }[],
): Record<number, string> {
  const ids: Record<number, string> = {};
  for (const step of resolution?.trace.steps ?? []) {
    if (step.kind !== "json-prefix") continue;
    const refs = [step.chosen, step.longestPrefixBlock, ...step.skippedBlocks.map((s) => s.block)];
    for (const ref of refs) {
      const block = ref === null ? undefined : blocks[ref.index];
      if (ref !== null && block !== undefined) ids[ref.index] = block.id;
    }
  }
  return ids;
}

/** How a disagreement names the other path ("... but the live-server path gives ..."). */
const DISAGREEMENT_LABELS: Readonly<Record<"dns" | "server", string>> = {
  dns: "the DNS path through the console's zone",
  server: "the live-server path",
};

function toDisagreements(paths: Partial<Record<ResolvePath, Resolution>>): Disagreement[] {
  const json = paths.json;
  if (json === undefined) return [];
  const found: Disagreement[] = [];
  for (const path of ["dns", "server"] as const) {
    const other = paths[path];
    if (other === undefined) continue;
    const message = describeDisagreement(json, other, DISAGREEMENT_LABELS[path]);
    if (message !== null) found.push({ path, json: json.result, other: other.result, message });
  }
  return found;
}

/** Options of {@link runBatch}. */
export interface BatchOptions {
  readonly profile?: Profile;
  readonly paths: readonly ResolvePath[];
  readonly servers: readonly string[];
  /** Called with resolved rows, in CSV order, a chunk at a time. */
  readonly onRows: (rows: readonly BatchRow[]) => void;
  readonly onProgress: (done: number, total: number) => void;
}

/**
 * Resolves every CSV row on the chosen paths and compares each with its expected result and
 * the paths with each other. In-memory paths run in chunks with a turn of the event loop
 * between them, so other requests and the progress stream keep moving; live-server lookups
 * run a few at a time.
 */
export async function runBatch(rows: readonly NumberCsvRow[], options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const context = await getResolveContext();
  const profile = options.profile ?? context.bundle.ruleSet.settings.profile;
  const dnsOptions: DnsResolveOptions = { profile, suffix: context.bundle.zone.apex };
  const table = options.paths.includes("json") ? getTable(context, profile) : null;
  const useDns = options.paths.includes("dns");
  const source: NaptrSource | null = options.paths.includes("server")
    ? createServerSource(options.servers)
    : null;
  let expectedMismatches = 0;
  let pathMismatches = 0;
  options.onProgress(0, rows.length);
  for (let start = 0; start < rows.length; start += BATCH_CHUNK) {
    const chunk = rows.slice(start, start + BATCH_CHUNK);
    const serverResults =
      source === null ? null : await resolveAllOnServers(source, chunk, dnsOptions, SERVER_CONCURRENCY);
    const out = chunk.map((row, i): BatchRow => {
      const results: Partial<Record<ResolvePath, BatchOutcome>> = {};
      // Each path's outcome in the test plan's terms, so a plan's CSV runs here unchanged.
      const outcomes: ExpectedOutcome[] = [];
      let aus = "";
      if (table !== null) {
        const r = resolveJson(table, row.number);
        aus = r.aus;
        results.json = { result: r.result, status: r.status };
        outcomes.push(toOutcomeText(r));
      }
      if (useDns) {
        const r = resolveDnsSync(context.zone, row.number, dnsOptions);
        aus = r.aus;
        results.dns = { result: r.result, status: r.status };
        outcomes.push(toOutcomeText(r));
      }
      if (serverResults !== null) {
        const r = serverResults[i]!;
        aus = r.aus;
        results.server = { result: r.result, status: r.status };
        outcomes.push(toOutcomeText(r));
      }
      const expected = row.expected === null ? null : parseExpectedOutcome(row.expected);
      const expectedMismatch =
        expected?.ok === true && outcomes.some((outcome) => !isExpectedOutcome(expected.value, outcome));
      const pathResults = Object.values(results);
      const pathMismatch = pathResults.some((o) => o.result !== pathResults[0]!.result);
      if (expectedMismatch) expectedMismatches++;
      if (pathMismatch) pathMismatches++;
      return {
        line: row.line,
        number: row.number,
        aus,
        expected: row.expected,
        note: row.note,
        results,
        expectedMismatch,
        pathMismatch,
      };
    });
    options.onRows(out);
    options.onProgress(Math.min(rows.length, start + chunk.length), rows.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    rows: rows.length,
    expectedMismatches,
    pathMismatches,
    profile,
    paths: options.paths,
    revision: context.bundle.revision,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Resolves rows against live servers with at most `limit` lookups in flight; results in row order. */
async function resolveAllOnServers(
  source: NaptrSource,
  rows: readonly NumberCsvRow[],
  options: DnsResolveOptions,
  limit: number,
): Promise<Resolution[]> {
  const results = new Array<Resolution>(rows.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      const index = next++;
      results[index] = await resolveDnsAsync(source, rows[index]!.number, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, rows.length) }, worker));
  return results;
}
