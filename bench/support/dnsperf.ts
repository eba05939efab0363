// dnsperf (DNS-OARC, Debian's package) for bench/dns, pinned to one core: a throughput run
// and a fixed-rate latency run whose per-query latencies (-v) give percentiles, which
// dnsperf 2.10 does not print itself.
import { spawn } from "node:child_process";

/** Where Debian's dnsperf package puts it; override with DNSPERF_PATH. */
export const DNSPERF_PATH = process.env.DNSPERF_PATH ?? "/usr/bin/dnsperf";

/** What one dnsperf run reported. */
export interface DnsperfResult {
  readonly sent: number;
  readonly completed: number;
  readonly lost: number;
  readonly queriesPerSecond: number;
  /** Milliseconds, from the per-query lines of a verbose run; null otherwise. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** Response codes and their counts, e.g. { NOERROR: 9000, NXDOMAIN: 1000 }. */
  readonly rcodes: Readonly<Record<string, number>>;
}

/** Options for one run. */
export interface DnsperfRun {
  readonly port: number;
  readonly queryFile: string;
  /** Run this long; null to run through the query file once (-n 1). */
  readonly seconds: number | null;
  /** The core dnsperf is pinned to. */
  readonly cpu: number;
  /** Simulated clients (-c): source ports. */
  readonly clients: number;
  /** Queries outstanding at most (-q). */
  readonly outstanding: number;
  /** A fixed rate (-Q), or null for as fast as the server answers. */
  readonly rate: number | null;
  /** Print each answer with its latency (-v), for percentiles. */
  readonly verbose: boolean;
}

/** Runs dnsperf once (`taskset -c CPU dnsperf ...`) and parses its report. */
export async function runDnsperf(run: DnsperfRun): Promise<DnsperfResult> {
  const args = ["-c", String(run.cpu), DNSPERF_PATH, "-s", "127.0.0.1", "-p", String(run.port)];
  args.push("-d", run.queryFile, "-c", String(run.clients));
  args.push(...(run.seconds === null ? ["-n", "1"] : ["-l", String(run.seconds)]));
  args.push("-q", String(run.outstanding), "-t", "2");
  if (run.rate !== null) args.push("-Q", String(run.rate));
  if (run.verbose) args.push("-v");
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn("taskset", args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      errors = (errors + chunk.toString("utf8")).slice(-4000);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString("utf8"));
      else reject(new Error(`dnsperf exited with ${code}: ${errors}`));
    });
  });
  return parseDnsperfOutput(output);
}

/**
 * Parses dnsperf's summary ("Queries sent:", "Queries completed:", "Queries lost:",
 * "Queries per second:", the "Response codes:" line) and, from -v output, the per-query
 * lines "> NOERROR <name> NAPTR 0.000123" (latency in seconds, last field).
 */
export function parseDnsperfOutput(output: string): DnsperfResult {
  const number = (label: string): number => {
    const match = new RegExp(`${label}:\\s+([\\d.]+)`).exec(output);
    if (match === null) throw new Error(`dnsperf output has no "${label}":\n${output.slice(-2000)}`);
    return Number(match[1]);
  };
  const rcodes: Record<string, number> = {};
  const codes = /Response codes:\s+(.*)/.exec(output)?.[1] ?? "";
  for (const [, name, count] of codes.matchAll(/([A-Z]+) (\d+)/g)) rcodes[name!] = Number(count);
  const latencies: number[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("> ")) continue;
    const seconds = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(seconds)) latencies.push(seconds * 1000);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number): number | null =>
    latencies.length === 0
      ? null
      : latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!;
  return {
    sent: number("Queries sent"),
    completed: number("Queries completed"),
    lost: number("Queries lost"),
    queriesPerSecond: number("Queries per second"),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.length === 0 ? null : latencies[latencies.length - 1]!,
    rcodes,
  };
}
