// enum-console serve-dns: the embedded authoritative responder, standalone, over an enum.json.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { DEFAULT_SUFFIX } from "@/lib/enum/aus";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { parseDomainName } from "@/lib/enum/master-file";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock, type RuleSet } from "@/lib/enum/ruleset";
import { createZone, type Zone } from "@/lib/enum/zone";
import { compileZone } from "@/lib/export/compile";
import { startDnsServer, type DnsServerHandle } from "@/lib/dns/server";

/** The port when none is given: the issue's default, unprivileged (53 needs CAP_NET_BIND_SERVICE). */
export const DEFAULT_SERVE_PORT = 5353;
const DEFAULT_HOST = "127.0.0.1";

const EXIT_OK = 0;
const EXIT_INPUT = 2;

export const SERVE_DNS_USAGE = `Usage:
  enum-console serve-dns --rules enum.json [--port 5353] [--host 127.0.0.1]
                         [--suffix e164.arpa] [--serial N]

serve-dns answers ENUM queries over UDP and TCP from the zone the console compiles from
the rules (the same zone \`export --format bind\` writes), until SIGINT or SIGTERM.
--port 0 picks a free port; the listening address is printed.`;

/** Options for tests and embedding: stop without a signal. */
export interface ServeDnsOptions {
  /** Stops the responder when aborted, as SIGINT/SIGTERM do. */
  readonly signal?: AbortSignal;
}

/** A mistake in the command line or its input: one line on stderr, exit 2. */
class UsageError extends Error {}

/**
 * Runs `enum-console serve-dns`: compiles the rules, serves them on host:port over UDP and
 * TCP, prints the listening address, and returns 0 after SIGINT/SIGTERM (or `signal`).
 * Usage errors, unreadable rules and a port that cannot be bound print one line
 * `enum-console: ...` on stderr and return 2.
 */
export async function runServeDns(args: readonly string[], options: ServeDnsOptions = {}): Promise<number> {
  let plan: ServePlan | "help";
  let served: ServedZone;
  try {
    plan = parseServeArgs(args);
    if (plan === "help") {
      process.stdout.write(`${SERVE_DNS_USAGE}\n`);
      return EXIT_OK;
    }
    served = loadZone(plan);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`enum-console: ${error.message}\n`);
    return EXIT_INPUT;
  }
  for (const warning of served.warnings) process.stderr.write(`enum-console: warning: ${warning}\n`);

  const { zone } = served;
  let server: DnsServerHandle;
  try {
    server = await startDnsServer({ host: plan.host, port: plan.port, getZone: () => zone });
  } catch (error) {
    process.stderr.write(`enum-console: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INPUT;
  }
  process.stdout.write(`enum-console: serving ${served.summary} on ${server.address} (UDP and TCP)\n`);

  await waitForStop(options.signal);
  await server.close();
  process.stdout.write(`enum-console: stopped serving on ${server.address}\n`);
  return EXIT_OK;
}

/** The zone to serve, a one-line description, and warnings for the operator. */
interface ServedZone {
  readonly zone: Zone;
  readonly summary: string;
  readonly warnings: readonly string[];
}

/** Compiles the rules into the zone (the one `export --format bind` writes) and builds the lookup. */
function loadZone(plan: ServePlan): ServedZone {
  const loaded = loadRuleSet(plan);
  const compiled = compileZone(loaded.ruleSet);
  const { names, naptrRecords } = compiled.stats;
  return {
    zone: createZone(compiled.apex, compiled.records),
    summary: `zone ${compiled.apex} serial ${compiled.serial}: ${names} names, ${naptrRecords} NAPTR records`,
    warnings: [...loaded.warnings, ...compiled.issues.map((issue) => issue.message)],
  };
}

interface ServePlan {
  readonly rules: string;
  readonly host: string;
  readonly port: number;
  readonly suffix: string;
  readonly serial: number;
}

function parseServeArgs(args: readonly string[]): ServePlan | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        rules: { type: "string" },
        port: { type: "string" },
        host: { type: "string", default: DEFAULT_HOST },
        suffix: { type: "string", default: DEFAULT_SUFFIX },
        serial: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // node:util's messages may span lines and suggest "--opt=-XYZ": keep one line.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\s*To specify.*$/s, "").replace(/\s*\n\s*/g, " "));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`serve-dns: unexpected argument "${positionals[0]}"`);
  if (values.rules === undefined) throw new UsageError("serve-dns needs --rules enum.json");
  const portText = values.port ?? String(DEFAULT_SERVE_PORT);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535)
    throw new UsageError(`--port must be a number 0-65535, not "${portText}"`);
  if (isIP(values.host) === 0)
    throw new UsageError(`--host must be an IP address such as 127.0.0.1 or ::1, not "${values.host}"`);
  const suffix = parseDomainName(values.suffix, "");
  if (!suffix.ok)
    throw new UsageError(`--suffix "${values.suffix}" is not a domain name: ${suffix.error.message}`);
  const serial = values.serial === undefined ? 1 : Number(values.serial);
  if (!/^\d+$/.test(values.serial ?? "1") || serial > 0xffffffff)
    throw new UsageError("--serial must be an integer 0-4294967295");
  return { rules: values.rules, host: values.host, port, suffix: values.suffix, serial };
}

/** Reads enum.json into a RuleSet (every block enabled, the default enumservice), as `export` does. */
function loadRuleSet(plan: ServePlan): { ruleSet: RuleSet; warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(plan.rules, "utf8");
  } catch (error) {
    throw new UsageError(
      `${plan.rules}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const parsed = parseEnumJson(text);
  if (!parsed.ok) throw new UsageError(`${plan.rules}: ${parsed.error.message}`);
  const warnings: string[] = [];
  const blocks: ConsoleBlock[] = [];
  for (const entry of parsed.value.entries) {
    if (entry.problem) {
      warnings.push(
        `${plan.rules}: block ${entry.index + 1} skipped, as Sprout skips it: ${entry.problem.message}`,
      );
      continue;
    }
    if (entry.block === null) continue;
    blocks.push({
      ...entry.block,
      id: `block-${blocks.length + 1}`,
      enumservice: "E2U+sip",
      extraRules: [],
      enabled: true,
    });
  }
  const ruleSet: RuleSet = {
    revision: 0,
    zoneSerial: plan.serial,
    settings: { ...DEFAULT_ZONE_SETTINGS, zoneSuffix: plan.suffix },
    blocks,
  };
  return { ruleSet, warnings };
}

/** Resolves on SIGINT, SIGTERM or `signal`'s abort, and removes its listeners. */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop);
  });
}
