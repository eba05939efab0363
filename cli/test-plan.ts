// enum-console test: a test plan (number,expected,note CSV) against any source of rules, so
// a pipeline can refuse a deployment that re-routes a number it must not.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseNumberCsv } from "@/lib/csv/number-csv";
import { DEFAULT_SUFFIX } from "@/lib/enum/aus";
import { resolveDnsAsync, resolveDnsSync } from "@/lib/enum/dns-path";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { resolveJson, toJsonRuleTable } from "@/lib/enum/json-path";
import { parseMasterFile } from "@/lib/enum/master-file";
import type { NumberBlock } from "@/lib/enum/number-block";
import { isProfile, type Profile } from "@/lib/enum/profile";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock } from "@/lib/enum/ruleset";
import {
  isExpectedOutcome,
  parseExpectedOutcome,
  parseTestNumber,
  toOutcomeText,
  type PlannedNumber,
  type TestResult,
} from "@/lib/enum/test-plan";
import type { Resolution } from "@/lib/enum/trace";
import { createZone } from "@/lib/enum/zone";
import { compileZone } from "@/lib/export/compile";
import { createServerSource, parseServerList } from "@/lib/dns/client";

const EXIT_OK = 0;
const EXIT_FAILURES = 1;
const EXIT_INPUT = 2;

export const TEST_USAGE = `Usage:
  enum-console test PLAN.csv [--rules enum.json [--mode json|dns] | --zone FILE [--origin ZONE]
                             | --server HOST:PORT[,...]] [--profile sprout|rfc] [--suffix e164.arpa]

test     resolves every number of a test plan (CSV: number,expected[,note]; expected is a
         URI, no-route, server-failure or not-uri:TEXT) and prints the numbers whose result
         differs from the expected one. Rules come from --rules (the enum.json path; with
         --mode dns, the zone the console compiles from them), --zone (a BIND zone file),
         --server (live servers, Sprout's failover) or, with none of them, the console's
         database (DATABASE_URL, default file:./data/enum-console.db; its enabled blocks and
         profile). Exit 0 when every number passes, 1 when any fails, 2 for a bad command
         line or an unreadable plan (every bad CSV line is listed).`;

/** A mistake in the command line or its input: one line (or one per CSV line) on stderr, exit 2. */
class UsageError extends Error {}

/** How numbers are resolved, and the words the report uses for it. */
interface Resolver {
  readonly path: string;
  resolve(number: string): Promise<Resolution> | Resolution;
  close?(): Promise<void>;
}

/**
 * Runs `enum-console test`: reads the plan, resolves every number on the chosen path,
 * prints a table of failures and a summary line, and returns the exit code.
 */
export async function runTestPlanCommand(args: readonly string[]): Promise<number> {
  let resolver: Resolver | null = null;
  try {
    const options = parseTestArgs(args);
    if (options === "help") {
      process.stdout.write(`${TEST_USAGE}\n`);
      return EXIT_OK;
    }
    const plan = readPlan(options.plan);
    resolver = await createResolver(options);
    const results: (TestResult & { readonly path: string })[] = [];
    for (const { number, expected } of plan) {
      const actual = toOutcomeText(await resolver.resolve(number));
      results.push({
        number,
        expected,
        actual,
        passed: isExpectedOutcome(expected, actual),
        path: resolver.path,
      });
    }
    process.stdout.write(renderTestReport(results, resolver.path));
    return results.every((r) => r.passed) ? EXIT_OK : EXIT_FAILURES;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message.replace(/^/gm, "enum-console: ")}\n`);
    return EXIT_INPUT;
  } finally {
    await resolver?.close?.();
  }
}

interface TestOptions {
  readonly plan: string;
  readonly rules?: string;
  readonly zone?: string;
  readonly server?: string;
  readonly mode?: string;
  readonly origin?: string;
  readonly profile?: Profile;
  readonly suffix: string;
}

function parseTestArgs(args: readonly string[]): TestOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        rules: { type: "string" },
        zone: { type: "string" },
        server: { type: "string" },
        mode: { type: "string" },
        origin: { type: "string" },
        profile: { type: "string" },
        suffix: { type: "string", default: DEFAULT_SUFFIX },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify.*$/, "") : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1)
    throw new UsageError("test needs exactly one PLAN.csv (try: enum-console test --help)");
  const sources = [values.rules, values.zone, values.server].filter((v) => v !== undefined);
  if (sources.length > 1)
    throw new UsageError("give at most one of --rules FILE, --zone FILE or --server HOST:PORT[,...]");
  if (values.mode !== undefined && values.rules === undefined)
    throw new UsageError("--mode applies to --rules only");
  if (values.mode !== undefined && values.mode !== "json" && values.mode !== "dns")
    throw new UsageError(`--mode must be json or dns, not "${values.mode}"`);
  if (values.profile !== undefined && !isProfile(values.profile))
    throw new UsageError(`--profile must be sprout or rfc, not "${values.profile}"`);
  return {
    plan: positionals[0]!,
    suffix: values.suffix,
    ...(values.rules !== undefined ? { rules: values.rules } : {}),
    ...(values.zone !== undefined ? { zone: values.zone } : {}),
    ...(values.server !== undefined ? { server: values.server } : {}),
    ...(values.mode !== undefined ? { mode: values.mode } : {}),
    ...(values.origin !== undefined ? { origin: values.origin } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
  };
}

function readInput(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** The plan's numbers (canonical) and expected results; every bad line is reported at once. */
function readPlan(path: string): PlannedNumber[] {
  const csv = parseNumberCsv(readInput(path));
  const problems = csv.issues.map((issue) => ({ line: issue.line, message: issue.message }));
  const plan: PlannedNumber[] = [];
  for (const row of csv.rows) {
    const number = parseTestNumber(row.number);
    const expected = row.expected === null ? null : parseExpectedOutcome(row.expected);
    if (!number.ok) problems.push({ line: row.line, message: `number: ${number.error.message}` });
    else if (expected === null)
      problems.push({ line: row.line, message: "the expected result is missing (second column)" });
    else if (!expected.ok) problems.push({ line: row.line, message: `expected: ${expected.error.message}` });
    else plan.push({ number: number.value, expected: expected.value });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    throw new UsageError(problems.map((p) => `${path}:${p.line}: ${p.message}`).join("\n"));
  }
  if (plan.length === 0) throw new UsageError(`${path}: the plan lists no numbers`);
  return plan;
}

async function createResolver(options: TestOptions): Promise<Resolver> {
  const profile = options.profile ?? "sprout";
  const dnsOptions = { profile, suffix: options.suffix };
  if (options.rules !== undefined) {
    const blocks = readEnumJsonBlocks(options.rules);
    if (options.mode === "dns") {
      const zone = compileZone({
        revision: 0,
        zoneSerial: 1,
        settings: { ...DEFAULT_ZONE_SETTINGS, zoneSuffix: options.suffix, profile },
        blocks: blocks.map((block, i): ConsoleBlock => ({
          ...block,
          id: `block-${i + 1}`,
          enumservice: "E2U+sip",
          extraRules: [],
          enabled: true,
        })),
      });
      const source = createZone(zone.apex, zone.records);
      return {
        path: `DNS via the zone compiled from ${options.rules}`,
        resolve: (n) => resolveDnsSync(source, n, dnsOptions),
      };
    }
    const table = toJsonRuleTable(blocks, profile);
    return { path: `enum.json ${options.rules}`, resolve: (n) => resolveJson(table, n) };
  }
  if (options.zone !== undefined) {
    const apex = options.origin ?? options.suffix;
    const parsed = parseMasterFile(readInput(options.zone), { origin: apex });
    if (!parsed.ok) {
      const { line, message } = parsed.error;
      throw new UsageError(`${options.zone}${line !== undefined ? `:${line}` : ""}: ${message}`);
    }
    const zone = createZone(apex, parsed.value.records);
    return { path: `DNS zone ${options.zone}`, resolve: (n) => resolveDnsSync(zone, n, dnsOptions) };
  }
  if (options.server !== undefined) {
    const servers = parseServerList(options.server);
    if (!servers.ok) throw new UsageError(`--server: ${servers.error.message}`);
    const source = createServerSource(servers.value);
    return {
      path: `DNS servers ${servers.value.join(",")}`,
      resolve: (n) => resolveDnsAsync(source, n, dnsOptions),
    };
  }
  return createDatabaseResolver(options.profile);
}

/** The enabled blocks of the console's database, with its configured profile unless overridden. */
async function createDatabaseResolver(profile: Profile | undefined): Promise<Resolver> {
  // Loaded only here, so the file-based commands never open Prisma.
  const { getDatabaseUrl, disconnectPrisma } = await import("@/lib/db/client");
  const { getRuleSnapshot } = await import("@/lib/db/ruleset");
  const url = getDatabaseUrl();
  let snapshot;
  try {
    snapshot = await getRuleSnapshot();
  } catch (e) {
    await disconnectPrisma();
    const reason =
      e instanceof Error ? (e.message.split("\n").findLast((l) => l.trim() !== "") ?? e.message) : String(e);
    throw new UsageError(
      `cannot read the rules from the database ${url}: ${reason.trim()} (set DATABASE_URL, or run npm run db:setup)`,
    );
  }
  const table =
    profile === undefined || profile === snapshot.table.profile
      ? snapshot.table
      : toJsonRuleTable(snapshot.enabledBlocks, profile);
  return {
    path: `database ${url} (revision ${snapshot.ruleSet.revision})`,
    resolve: (n) => resolveJson(table, n),
    close: disconnectPrisma,
  };
}

function readEnumJsonBlocks(path: string): NumberBlock[] {
  const parsed = parseEnumJson(readInput(path));
  if (!parsed.ok) throw new UsageError(`${path}: ${parsed.error.message}`);
  return parsed.value.entries.flatMap((entry) => (entry.block ? [entry.block] : []));
}

/** The failures as an aligned table, then one summary line. */
export function renderTestReport(
  results: readonly (TestResult & { readonly path: string })[],
  path: string,
): string {
  const failures = results.filter((r) => !r.passed);
  const lines: string[] = [];
  if (failures.length > 0) {
    const rows = [
      ["NUMBER", "EXPECTED", "ACTUAL", "PATH"],
      ...failures.map((f) => [f.number, f.expected, f.actual, f.path]),
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
    for (const row of rows)
      lines.push(row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join("  "));
    lines.push("");
  }
  const verdict = failures.length === 0 ? "all passed" : `${failures.length} failed`;
  lines.push(
    `${results.length} numbers tested on ${path}: ${results.length - failures.length} passed, ${verdict}.`,
  );
  return `${lines.join("\n")}\n`;
}
