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

/** Exit codes: 0 done, 1 the check found errors, 2 bad usage or unreadable input. */
const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_INPUT = 2;

const USAGE = `Usage:
  enum-console resolve [--rules enum.json | --zone FILE | --server HOST:PORT[,...]]
                       [--mode json|dns] [--profile sprout|rfc] [--suffix e164.arpa]
                       [--origin ZONE] [--json] NUMBER...
  enum-console check --rules enum.json [--profile sprout|rfc] [--json]

resolve  shows exactly what the ENUM client does with each dialed number:
         --rules  the enum.json path (Sprout's enum_file)
         --zone   the DNS path over a BIND zone file (origin: --origin, else --suffix)
         --server the DNS path over live servers (up to 3, Sprout's failover)
check    lints number blocks; exits 1 when any lint is an error.`;

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
      case "help":
      case "--help":
      case "-h":
      case undefined:
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT_INPUT : EXIT_OK;
      default:
        throw new CliError(`unknown command "${command}" (try: resolve, check)`);
    }
  } catch (e) {
    if (e instanceof CliError) {
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
  if (mode === "dns" && values.rules !== undefined) {
    throw new CliError(
      "--mode dns with --rules needs the zone compiler; resolve an exported zone with --zone instead",
    );
  }
  const suffix = values.suffix;
  const options = { profile, suffix };
  const resolutions: Resolution[] = [];
  if (values.rules !== undefined) {
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
