// enum-console: the command line, a thin layer over lib/enum and lib/dns.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_SUFFIX } from "@/lib/enum/aus";
import { resolveDnsAsync, resolveDnsSync } from "@/lib/enum/dns-path";
import { parseEnumJson, type EnumJsonFile } from "@/lib/enum/enum-json";
import { resolveJson, toJsonRuleTable } from "@/lib/enum/json-path";
import { findLints, type Lint } from "@/lib/enum/lints";
import { parseMasterFile } from "@/lib/enum/master-file";
import type { NumberBlock } from "@/lib/enum/number-block";
import { isProfile, type Profile } from "@/lib/enum/profile";
import type { Resolution } from "@/lib/enum/trace";
import { renderTraceText } from "@/lib/enum/trace-text";
import { createZone } from "@/lib/enum/zone";
import { createServerSource, parseServerList } from "@/lib/dns/client";
import { createDnsmasqSource, parseDnsmasqConfig } from "@/lib/enum/dnsmasq-config";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock, type RuleSet } from "@/lib/enum/ruleset";
import type { SyncNaptrSource } from "@/lib/enum/naptr";
import { renderBindZone } from "@/lib/export/bind";
import { checkEquivalence, type EquivalenceReport } from "@/lib/export/check";
import { compileZone, type CompiledZone } from "@/lib/export/compile";
import { E164_PLAN, NANP_PLAN, renderDnsmasqConfig } from "@/lib/export/dnsmasq";
import { renderEnumJson } from "@/lib/export/enum-json";
import { runServeDns } from "./serve-dns";
import { runTestPlanCommand } from "./test-plan";
import { RemoteError, findRemoteTarget, runImportCommand, runRemoteExport } from "./remote";
import { DNSMASQ_SCAN_WARNING, checkDnsmasqText, runSampledCheck, toExportHeader } from "@/lib/export/report";
import { writeFileSync } from "node:fs";

/** Exit codes: 0 done, 1 the check found errors, 2 bad usage or unreadable input. */
const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_INPUT = 2;

const USAGE = `Usage:
  enum-console resolve [--rules enum.json | --zone FILE | --server HOST:PORT[,...]]
                       [--mode json|dns] [--profile sprout|rfc] [--suffix e164.arpa]
                       [--origin ZONE] [--json] NUMBER...
  enum-console check --rules enum.json [--profile sprout|rfc] [--json]
  enum-console check --rules enum.json --export bind|dnsmasq [--plan nanp|e164]
  enum-console check --rules enum.json (--zone FILE | --dnsmasq FILE)
  enum-console serve-dns [--rules enum.json | --database] [--port 5353] [--host 127.0.0.1]
  enum-console test PLAN.csv [--rules enum.json | --zone FILE | --server HOST:PORT[,...]]
                  [--profile sprout|rfc]      (no source: the console's database)
  enum-console export --format enum-json|bind|dnsmasq --rules enum.json [-o FILE]
                      [--suffix e164.arpa] [--serial N] [--plan nanp|e164]
  enum-console export --format enum-json|bind|dnsmasq --url URL --token TOKEN [-o FILE]
  enum-console import FILE --url URL --token TOKEN [--mode merge|replace] [--dry-run]

resolve  shows exactly what the ENUM client does with each dialed number:
         --rules  the enum.json path (Sprout's enum_file); with --mode dns, the DNS
                  path through the zone the console compiles from those rules
         --zone   the DNS path over a BIND zone file (origin: --origin, else --suffix)
         --server the DNS path over live servers (up to 3, Sprout's failover)
check    lints number blocks; exits 1 when any lint is an error. With --export, proves
         the generated zone or dnsmasq config routes like the rules; with --zone or
         --dnsmasq, checks an existing file against the rules (exit 1 on a difference).
export   writes enum.json, a BIND zone or a dnsmasq config compiled from the rules; with
         --url (or ENUM_CONSOLE_URL), downloads it from a running console with an API
         token (--token or ENUM_CONSOLE_TOKEN; scope export).
import   posts an enum.json to a running console (scope write; enum-console import --help).
         A 401/403 prints the console's reason and exits 1.
serve-dns answers ENUM queries (UDP and TCP) from the zone compiled from the rules
         (without --rules: the console's database, following every change).
test     runs a test plan (CSV: number,expected[,note]) and exits 1 when any number's
         result differs from the expected one (enum-console test --help).`;

/** A user-facing error: printed as one line, never with a stack. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_INPUT,
  ) {
    super(message);
  }
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "resolve":
        return await runResolve(rest);
      case "check":
        return runCheck(rest);
      case "export":
        return await runExport(rest);
      case "import":
        return await runImportCommand(rest);
      case "serve-dns":
        return await runServeDns(rest);
      case "test":
        return await runTestPlanCommand(rest);
      case "help":
      case "--help":
      case "-h":
      case undefined:
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT_INPUT : EXIT_OK;
      default:
        throw new CliError(`unknown command "${command}" (try: resolve, check, export, test)`);
    }
  } catch (e) {
    if (e instanceof CliError || e instanceof RemoteError) {
      process.stderr.write(`enum-console: ${e.message}\n`);
      return e.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`enum-console: internal error: ${message}\n`);
    if (process.env.ENUM_CONSOLE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack ?? ""}\n`);
    return 70;
  }
}

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        rules: { type: "string" },
        zone: { type: "string" },
        server: { type: "string" },
        mode: { type: "string" },
        profile: { type: "string", default: "sprout" },
        suffix: { type: "string", default: DEFAULT_SUFFIX },
        origin: { type: "string" },
        json: { type: "boolean", default: false },
        export: { type: "string" },
        dnsmasq: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        plan: { type: "string", default: "nanp" },
        serial: { type: "string" },
        url: { type: "string" },
        token: { type: "string" },
      },
    });
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message.replace(/\. To specify.*$/, "") : String(e));
  }
}

function toProfile(value: string): Profile {
  if (!isProfile(value)) throw new CliError(`--profile must be sprout or rfc, not "${value}"`);
  return value;
}

function readInput(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: cannot read the file (${code ?? "error"})`);
  }
}

/** Reads enum.json with Sprout's rules; a whole-file problem is a one-line error. */
function loadEnumJson(path: string): EnumJsonFile {
  const parsed = parseEnumJson(readInput(path));
  if (!parsed.ok) throw new CliError(`${path}: ${parsed.error.message}`);
  return parsed.value;
}

function toBlocks(file: EnumJsonFile): NumberBlock[] {
  return file.entries.flatMap((entry) => (entry.block ? [entry.block] : []));
}

async function runResolve(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(args);
  const profile = toProfile(values.profile);
  const sources = [values.rules, values.zone, values.server].filter((v) => v !== undefined);
  if (sources.length !== 1)
    throw new CliError("give exactly one of --rules FILE, --zone FILE or --server HOST:PORT[,...]");
  if (positionals.length === 0) throw new CliError("give at least one NUMBER to resolve");
  const mode = values.mode ?? (values.rules !== undefined ? "json" : "dns");
  if (mode !== "json" && mode !== "dns") throw new CliError(`--mode must be json or dns, not "${mode}"`);
  if (mode === "json" && values.rules === undefined)
    throw new CliError("--mode json needs --rules enum.json");
  const suffix = values.suffix;
  const options = { profile, suffix };
  const resolutions: Resolution[] = [];
  if (values.rules !== undefined && mode === "dns") {
    // The DNS path through the zone the console would export for these rules.
    const zone = compileZone(toRuleSet(toBlocks(loadEnumJson(values.rules)), values));
    const source = createZone(zone.apex, zone.records);
    for (const number of positionals) resolutions.push(resolveDnsSync(source, number, options));
  } else if (values.rules !== undefined) {
    const table = toJsonRuleTable(toBlocks(loadEnumJson(values.rules)), profile);
    for (const number of positionals) resolutions.push(resolveJson(table, number));
  } else if (values.zone !== undefined) {
    const apex = values.origin ?? suffix;
    const parsed = parseMasterFile(readInput(values.zone), { origin: apex });
    if (!parsed.ok) {
      const { line, message } = parsed.error;
      throw new CliError(`${values.zone}${line !== undefined ? `:${line}` : ""}: ${message}`);
    }
    const zone = createZone(apex, parsed.value.records);
    for (const number of positionals) resolutions.push(resolveDnsSync(zone, number, options));
  } else {
    const servers = parseServerList(values.server!);
    if (!servers.ok) throw new CliError(`--server: ${servers.error.message}`);
    const source = createServerSource(servers.value);
    for (const number of positionals) resolutions.push(await resolveDnsAsync(source, number, options));
  }
  for (const resolution of resolutions) {
    process.stdout.write(
      values.json ? `${JSON.stringify(resolution)}\n` : `${renderTraceText(resolution)}\n\n`,
    );
  }
  return EXIT_OK;
}

function runCheck(args: readonly string[]): number {
  const { values, positionals } = parseOptions(args);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`);
  if (values.rules === undefined) throw new CliError("check needs --rules enum.json");
  const profile = toProfile(values.profile);
  const file = loadEnumJson(values.rules);
  if (values.export !== undefined || values.zone !== undefined || values.dnsmasq !== undefined) {
    return runEquivalence(values, toBlocks(file));
  }
  const skipped: Lint[] = file.entries.flatMap((entry) =>
    entry.problem
      ? [
          {
            code: entry.problem.code,
            severity: "error" as const,
            blocks: [entry.index],
            message: entry.problem.message,
            effect: "Sprout skips this block; the console's import refuses it.",
          },
        ]
      : [],
  );
  const lints = [...skipped, ...findLints(toBlocks(file), profile)];
  if (values.json) {
    for (const lint of lints) process.stdout.write(`${JSON.stringify(lint)}\n`);
  } else {
    process.stdout.write(renderLints(lints, file.entries.length, profile));
  }
  return lints.some((l) => l.severity === "error") ? EXIT_FINDINGS : EXIT_OK;
}

function renderLints(lints: readonly Lint[], blockCount: number, profile: Profile): string {
  const lines: string[] = [];
  for (const severity of ["error", "warning", "info"] as const) {
    const group = lints.filter((l) => l.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${severity.toUpperCase()}S (${group.length})`);
    for (const lint of group) {
      lines.push(`  [${lint.code}] ${lint.message}`);
      lines.push(`      -> ${lint.effect}`);
    }
    lines.push("");
  }
  const count = (s: string): number => lints.filter((l) => l.severity === s).length;
  lines.push(
    `${blockCount} blocks checked (${profile} profile): ${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes.`,
  );
  return `${lines.join("\n")}\n`;
}

type CliValues = ReturnType<typeof parseOptions>["values"];

/** The rules of an enum.json as console blocks (all enabled, default enumservice). */
function toRuleSet(blocks: readonly NumberBlock[], values: CliValues): RuleSet {
  const serial = values.serial === undefined ? 1 : Number(values.serial);
  if (!Number.isInteger(serial) || serial < 0 || serial > 0xffffffff)
    throw new CliError("--serial must be an integer 0-4294967295");
  const consoleBlocks: ConsoleBlock[] = blocks.map((block, i) => ({
    ...block,
    id: `block-${i + 1}`,
    enumservice: "E2U+sip",
    extraRules: [],
    enabled: true,
  }));
  return {
    revision: 0,
    zoneSerial: serial,
    settings: { ...DEFAULT_ZONE_SETTINGS, zoneSuffix: values.suffix },
    blocks: consoleBlocks,
  };
}

function toPlan(name: string) {
  if (name === "nanp") return NANP_PLAN;
  if (name === "e164") return E164_PLAN;
  throw new CliError(`--plan must be nanp or e164, not "${name}"`);
}

/**
 * The exported file, with the same header the console's downloads carry: the check
 * result first when numbers route differently, the compile issues, and for dnsmasq the
 * scan-cost warning and the blocks it could not list.
 */
function renderExportText(format: string, ruleSet: RuleSet, zone: CompiledZone, values: CliValues): string {
  const context = {
    apex: zone.apex,
    serial: zone.serial,
    blockCount: ruleSet.blocks.length,
    issues: zone.issues,
  };
  if (format === "bind") {
    const check = runSampledCheck(ruleSet.blocks, createZone(zone.apex, zone.records), zone.apex);
    const [title = "", ...notes] = toExportHeader(context, "BIND zone", check, "zone");
    return renderBindZone(zone, { title, notes });
  }
  if (format === "dnsmasq") {
    const exported = renderDnsmasqConfig(zone, ruleSet.blocks, { plan: toPlan(values.plan), header: [] });
    const check = checkDnsmasqText(ruleSet.blocks, exported.text, zone.apex);
    const header = [
      ...toExportHeader(context, `dnsmasq config (${values.plan} plan)`, check, "config"),
      `WARNING: ${DNSMASQ_SCAN_WARNING}`,
      ...exported.omitted.map((o) => `not listed: prefix "${o.prefix}": ${o.reason}`),
    ];
    return `${header.map((line) => `# ${line}`).join("\n")}\n${exported.text}`;
  }
  if (format === "enum-json") return renderEnumJson(ruleSet.blocks);
  throw new CliError(`--format must be enum-json, bind or dnsmasq, not "${format}"`);
}

async function runExport(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"`);
  if (values.format === undefined) throw new CliError("export needs --format enum-json|bind|dnsmasq");
  // Local rules win over ENUM_CONSOLE_URL in the environment; --url asks for the console.
  const remote = values.rules === undefined || values.url !== undefined ? findRemoteTarget(values) : null;
  if (remote !== null)
    return runRemoteExport(remote, { format: values.format, plan: values.plan, output: values.output });
  if (values.rules === undefined)
    throw new CliError("export needs --rules enum.json (or --url URL --token TOKEN)");
  const ruleSet = toRuleSet(toBlocks(loadEnumJson(values.rules)), values);
  const zone = compileZone(ruleSet);
  const text = renderExportText(values.format, ruleSet, zone, values);
  if (values.output === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(values.output, text);
    } catch (e) {
      throw new CliError(
        `${values.output}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }
  for (const issue of zone.issues) process.stderr.write(`enum-console: warning: ${issue.message}\n`);
  return EXIT_OK;
}

/** check --export / --zone / --dnsmasq: equivalence of a DNS source with the rules. */
function runEquivalence(values: CliValues, blocks: readonly NumberBlock[]): number {
  const ruleSet = toRuleSet(blocks, values);
  let source: SyncNaptrSource;
  let label: string;
  let numbers: string[] | undefined;
  if (values.zone !== undefined) {
    const parsed = parseMasterFile(readInput(values.zone), { origin: values.origin ?? values.suffix });
    if (!parsed.ok)
      throw new CliError(
        `${values.zone}${parsed.error.line !== undefined ? `:${parsed.error.line}` : ""}: ${parsed.error.message}`,
      );
    source = createZone(values.origin ?? values.suffix, parsed.value.records);
    label = values.zone;
  } else if (values.dnsmasq !== undefined) {
    const parsed = parseDnsmasqConfig(readInput(values.dnsmasq));
    if (!parsed.ok) throw new CliError(`${values.dnsmasq}: ${parsed.error.message}`);
    source = createDnsmasqSource(parsed.value.records);
    label = values.dnsmasq;
  } else {
    const zone = compileZone(ruleSet);
    if (values.export === "bind") {
      source = createZone(zone.apex, zone.records);
      label = "the generated BIND zone";
    } else if (values.export === "dnsmasq") {
      const exported = renderDnsmasqConfig(zone, ruleSet.blocks, { plan: toPlan(values.plan), header: [] });
      const parsed = parseDnsmasqConfig(exported.text);
      if (!parsed.ok) throw new Error(`generated dnsmasq config does not parse: ${parsed.error.message}`);
      source = createDnsmasqSource(parsed.value.records);
      // dnsmasq lists only the expanded numbers; check those (the omissions are reported).
      numbers = [...new Set(parsed.value.records.map((r) => toDigits(r.name, zone.apex)))].flatMap((n) => [
        n,
        `+${n}`,
      ]);
      for (const o of exported.omitted)
        process.stdout.write(`not listed: prefix "${o.prefix}": ${o.reason}\n`);
      label = "the generated dnsmasq config";
    } else {
      throw new CliError(`--export must be bind or dnsmasq, not "${values.export ?? ""}"`);
    }
  }
  const report = checkEquivalence(ruleSet.blocks, source, {
    suffix: values.suffix,
    ...(numbers !== undefined ? { numbers, probeBlocks: false } : {}),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : renderReport(report, label));
  return report.differences.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function toDigits(name: string, apex: string): string {
  return name
    .slice(0, -(apex.length + 1))
    .split(".")
    .reverse()
    .join("");
}

function renderReport(report: EquivalenceReport, label: string): string {
  const lines = report.differences.map(
    (d) => `  ${d.number}\n      enum.json: ${d.json}\n      DNS:       ${d.dns}\n      why:       ${d.why}`,
  );
  const summary =
    report.differences.length === 0
      ? `${label} routes all ${report.checked} checked numbers exactly as the enum.json path.`
      : `${label} routes ${report.differences.length} of ${report.checked} checked numbers differently from the enum.json path:`;
  return `${[summary, ...lines].join("\n")}\n`;
}
