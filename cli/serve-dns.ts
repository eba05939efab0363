// enum-console serve-dns: the embedded authoritative responder, standalone, over an enum.json.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_SUFFIX } from "@/lib/enum/aus";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { parseDomainName } from "@/lib/enum/master-file";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock, type RuleSet } from "@/lib/enum/ruleset";
import { createZone, type Zone } from "@/lib/enum/zone";
import { compileZone } from "@/lib/export/compile";
import { parseCidrMatcher } from "@/lib/dns/cidr";
import { parseNotifyTarget, sendNotify } from "@/lib/dns/notify";
import { DEFAULT_DNS_POLICY, type DnsPolicy } from "@/lib/dns/policy";
import { startDnsServer, type DnsServerHandle } from "@/lib/dns/server";
import { disconnectPrisma, getDatabaseUrl } from "@/lib/db/client";
import { getRevision } from "@/lib/db/ruleset";
import {
  DEFAULT_BIND_RETRY_MAX_MS,
  DEFAULT_BIND_RETRY_MS,
  DEFAULT_POLL_MS,
  getDnsStatus,
  startResponder,
  stopResponder,
} from "@/lib/server/responder";

/** The port when none is given: the issue's default, unprivileged (53 needs CAP_NET_BIND_SERVICE). */
export const DEFAULT_SERVE_PORT = 5353;
const DEFAULT_HOST = "127.0.0.1";

const EXIT_OK = 0;
const EXIT_INPUT = 2;

export const SERVE_DNS_USAGE = `Usage:
  enum-console serve-dns [--database] [--port 5353] [--host 127.0.0.1]
  enum-console serve-dns --rules enum.json [--port 5353] [--host 127.0.0.1]
                         [--suffix e164.arpa] [--serial N]
                         [--allow-query CIDR,...] [--allow-transfer CIDR,...]
                         [--notify HOST:PORT,...] [--rrl N] [--rrl-slip N]

serve-dns answers ENUM queries over UDP and TCP from the zone the console compiles from
the rules (the same zone \`export --format bind\` writes), until SIGINT or SIGTERM.
Without --rules it serves the console's database (DATABASE_URL, default
file:./data/enum-console.db) with its responder settings, and serves every change saved
in the console or by another process within about a second.
--port 0 picks a free port; the listening address is printed.

  --allow-query CIDR,...     only these networks may query; others get REFUSED (default: all)
  --allow-transfer CIDR,...  networks allowed AXFR over TCP (default: 127.0.0.0/8,::1/128)
  --notify HOST:PORT,...     secondaries sent a NOTIFY with the serial once serving starts
  --rrl N                    response rate limit per client /24 (IPv6 /56) and answer,
                             responses per second, after BIND's RRL; 0 turns it off (default 50)
  --rrl-slip N               every Nth limited reply goes out truncated (TC=1), the rest are
                             dropped; 0 drops all (default 2). Loopback is never limited.`;

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
    if (plan.database) return await serveDatabase(plan, options);
    served = loadZone(plan);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`enum-console: ${error.message}\n`);
    return EXIT_INPUT;
  }
  for (const warning of served.warnings) process.stderr.write(`enum-console: warning: ${warning}\n`);
  // The compile's garbage (~500 MB of records and names at 100,000 blocks) is gone now.
  releaseMemory();

  const { zone } = served;
  const { policy } = plan;
  let server: DnsServerHandle;
  try {
    server = await startDnsServer({
      host: plan.host,
      port: plan.port,
      getZone: () => zone,
      getPolicy: () => policy,
    });
  } catch (error) {
    process.stderr.write(`enum-console: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INPUT;
  }
  process.stdout.write(`enum-console: serving ${served.summary} on ${server.address} (UDP and TCP)\n`);
  if (policy.notify.length > 0) void notifySecondaries(policy.notify, zone);

  await waitForStop(options.signal);
  await server.close();
  process.stdout.write(`enum-console: stopped serving on ${server.address}\n`);
  return EXIT_OK;
}

/** Tells the secondaries the serial now served (RFC 1996), and prints what each answered. */
async function notifySecondaries(targets: readonly string[], zone: Zone): Promise<void> {
  const soa = zone.soa;
  if (soa === null) return;
  const results = await sendNotify(targets, zone.apex, soa.data.serial, { soa });
  for (const result of results) {
    const outcome =
      result.status === "acked" ? "acknowledged" : `${result.status} ${result.rcode ?? result.message ?? ""}`;
    process.stdout.write(
      `enum-console: NOTIFY serial ${soa.data.serial} to ${result.target}: ${outcome.trim()}\n`,
    );
  }
}

/**
 * serve-dns without --rules: the console's database (DATABASE_URL, as the app) through the
 * same responder the app embeds: the zone reloaded within about a second of any change
 * (the revision poll), the responder settings' policy unless policy flags are given.
 */
async function serveDatabase(plan: ServePlan, options: ServeDnsOptions): Promise<number> {
  const url = getDatabaseUrl();
  try {
    try {
      await getRevision();
    } catch (error) {
      process.stderr.write(
        `enum-console: cannot read the database ${url} (${toMessage(error)}); create it with npm run db:setup\n`,
      );
      return EXIT_INPUT;
    }
    try {
      await startResponder({
        ...DATABASE_RESPONDER,
        host: plan.host,
        port: plan.port,
        ...(plan.policyFlags ? { policy: plan.policy } : {}),
      });
    } catch (error) {
      process.stderr.write(`enum-console: ${toMessage(error)}\n`);
      return EXIT_INPUT;
    }
    const status = getDnsStatus({ limit: 1, top: 1 });
    const address = status.listener.sockets[0]?.replace(/^udp /, "") ?? status.listener.configured;
    if (status.zone === null) {
      process.stderr.write(
        `enum-console: cannot load the rules from ${url}: ${status.reload.lastError?.message ?? "unknown error"}\n`,
      );
      await stopResponder();
      return EXIT_INPUT;
    }
    const { zone } = status;
    releaseMemory();
    process.stdout.write(
      `enum-console: serving zone ${zone.apex} serial ${zone.serial} (revision ${zone.revision}): ${zone.names} names, ${zone.naptrRecords} NAPTR records from ${url} on ${address} (UDP and TCP); changes are served as they are saved\n`,
    );
    await waitForStop(options.signal);
    await stopResponder();
    process.stdout.write(`enum-console: stopped serving on ${address}\n`);
    return EXIT_OK;
  } finally {
    await disconnectPrisma();
  }
}

/** The embedded responder's settings for the CLI: a port that cannot be bound is an exit, not a retry. */
const DATABASE_RESPONDER = {
  pollMs: DEFAULT_POLL_MS,
  bindRetryMs: DEFAULT_BIND_RETRY_MS,
  bindRetryMaxMs: DEFAULT_BIND_RETRY_MAX_MS,
  onBindFailure: "fail",
} as const;

/** One line for the operator: Prisma's messages quote the calling code first and end with the cause. */
function toMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim());
  return lines.filter((line) => line !== "").at(-1) ?? message;
}

/**
 * Collects the garbage of loading and gives its memory back to the system. V8 grows the
 * heap to the compile's peak (~700 MB at 100,000 blocks) and then collects lazily, with the
 * live zone (~55 MB) spread over pages the compile filled: RSS stayed near 600 MB for as
 * long as the responder ran. Two full collections compact it (RSS ~230 MB). V8 offers no
 * collection without `--expose-gc`; the flag set at run time gives a fresh context a `gc`
 * function (V8's own extension), which only this one-off call uses.
 */
function releaseMemory(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("typeof gc === 'function' ? gc : undefined") as (() => void) | undefined;
  if (gc === undefined) return;
  gc();
  gc();
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
  /** No --rules: serve the console's database, reloaded when its revision moves. */
  readonly database: boolean;
  /** A policy flag was given: it overrides the database's responder settings. */
  readonly policyFlags: boolean;
  readonly host: string;
  readonly port: number;
  readonly suffix: string;
  readonly serial: number;
  readonly policy: DnsPolicy;
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
        database: { type: "boolean", default: false },
        port: { type: "string" },
        host: { type: "string", default: DEFAULT_HOST },
        suffix: { type: "string", default: DEFAULT_SUFFIX },
        serial: { type: "string" },
        "allow-query": { type: "string" },
        "allow-transfer": { type: "string" },
        notify: { type: "string" },
        rrl: { type: "string" },
        "rrl-slip": { type: "string" },
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
  if (values.rules !== undefined && values.database)
    throw new UsageError("serve-dns serves --rules FILE or --database, not both");
  const database = values.rules === undefined;
  // The database has its own zone settings and serial; these two describe an enum.json's zone.
  if (database && (values.serial !== undefined || args.some((arg) => /^--suffix(=|$)/.test(arg))))
    throw new UsageError(
      "--suffix and --serial go with --rules; the database has its own zone settings and serial",
    );
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
  const policy = parsePolicyFlags(values);
  const policyFlags = args.some((arg) =>
    /^--(allow-query|allow-transfer|notify|rrl|rrl-slip)(=|$)/.test(arg),
  );
  return {
    rules: values.rules ?? "",
    database,
    policyFlags,
    host: values.host,
    port,
    suffix: values.suffix,
    serial,
    policy,
  };
}

/** The responder policy from the flags, over DEFAULT_DNS_POLICY; every bad entry named. */
function parsePolicyFlags(values: {
  "allow-query"?: string;
  "allow-transfer"?: string;
  notify?: string;
  rrl?: string;
  "rrl-slip"?: string;
}): DnsPolicy {
  const toList = (text: string): string[] =>
    text
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
  const toCidrs = (
    flag: string,
    text: string | undefined,
    fallback: readonly string[],
  ): readonly string[] => {
    if (text === undefined) return fallback;
    const list = toList(text);
    const matcher = parseCidrMatcher(list);
    if (typeof matcher === "string") throw new UsageError(`--${flag}: ${matcher}`);
    return matcher.prefixes;
  };
  const toCount = (flag: string, text: string | undefined, fallback: number, max: number): number => {
    if (text === undefined) return fallback;
    if (!/^\d{1,6}$/.test(text) || Number(text) > max)
      throw new UsageError(`--${flag} must be a whole number 0-${max}, not "${text}"`);
    return Number(text);
  };
  const notify = values.notify === undefined ? [] : toList(values.notify);
  for (const target of notify) {
    const parsed = parseNotifyTarget(target);
    if (typeof parsed === "string") throw new UsageError(`--notify: ${parsed}`);
  }
  return {
    allowQuery: toCidrs("allow-query", values["allow-query"], DEFAULT_DNS_POLICY.allowQuery),
    allowTransfer: toCidrs("allow-transfer", values["allow-transfer"], DEFAULT_DNS_POLICY.allowTransfer),
    notify,
    rrl: {
      ...DEFAULT_DNS_POLICY.rrl,
      responsesPerSecond: toCount("rrl", values.rrl, DEFAULT_DNS_POLICY.rrl.responsesPerSecond, 100_000),
      slip: toCount("rrl-slip", values["rrl-slip"], DEFAULT_DNS_POLICY.rrl.slip, 10),
    },
  };
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
