// bench/dns - the embedded responder against BIND and Knot on the same exported zone
// (issue 6 point 7): each server a separate process pinned to core 1 on 127.0.0.1, dnsperf
// pinned to core 0; queries/s at full load, p99 latency at a fixed 5,000 q/s, and resident
// memory, with the ratios to BIND and Knot and a PASS/FAIL line per target. A report: it
// never exits non-zero because a target is missed.
//
// The servers load one after another and then wait, idle; a first pass over the query file
// warms each (and fills our reply cache: its figures are the cold, every-query-new rate);
// then the rounds interleave the servers and the best round counts. Answers per CPU second
// of the server process (/proc/PID/stat) are printed beside queries/s: they hold steady
// when other work shares the machine, which moves queries/s by 2x and more.
//
// Usage: npm run bench:dns [-- --blocks 100000 --seconds 8 --rounds 3 --distinct 100000
//                              --seed 1 --clients 8 --outstanding 500
//                              --servers responder,bind,knot]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { toEnumDomain } from "@/lib/enum/aus";
import { DEFAULT_ZONE_SETTINGS } from "@/lib/enum/ruleset";
import { renderBindZone } from "@/lib/export/bind";
import { compileZone } from "@/lib/export/compile";
import { renderEnumJson } from "@/lib/export/enum-json";
import { isBindInstalled, startBind } from "@/test/support/bind";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, createNanpBlocks, toRandomDigits } from "./support/blocks";
import { runDnsperf, type DnsperfResult } from "./support/dnsperf";
import {
  pinProcess,
  readCpuSeconds,
  readRss,
  startKnot,
  startResponder,
  type BenchServer,
  type Rss,
} from "./support/servers";

/** dnsperf runs on one core, the server under test on the other (the machine has two). */
const CLIENT_CPU = 0;
const SERVER_CPU = 1;
/** The fixed rate the latency target is stated at. */
const LATENCY_RATE = 5_000;
const TARGET_QPS_RATIO = 1.2;
const TARGET_P99_MS = 1;
const TARGET_RSS_RATIO = 2;
const SERIAL = 2026112301;

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "100000" },
    seconds: { type: "string", default: "8" },
    distinct: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    clients: { type: "string", default: "8" },
    outstanding: { type: "string", default: "500" },
    servers: { type: "string", default: "responder,bind,knot" },
    rounds: { type: "string", default: "3" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const wanted = new Set(values.servers.split(","));
const rng = createRng(Number(values.seed));

// The shapes of bench/export without its catch-all, so that numbers outside every block
// get NXDOMAIN as they would in a deployment without a default route.
const blocks = createNanpBlocks(rng, Number(values.blocks) + 1, BENCH_REGEXES.slice(0, 4)).filter(
  (block) => block.prefix !== "",
);
const t0 = performance.now();
const compiled = compileZone({
  revision: 1,
  zoneSerial: SERIAL,
  settings: DEFAULT_ZONE_SETTINGS,
  blocks,
});
const zoneText = renderBindZone(compiled, { title: "bench/dns", notes: [] });
const directory = mkdtempSync(path.join(tmpdir(), "bench-dns-"));
const rulesFile = path.join(directory, "enum.json");
writeFileSync(rulesFile, renderEnumJson(blocks));

// 90% full numbers under random blocks (exact names and wildcard answers: 10 digits for a
// national prefix, 11 for +1), 10% random NANP numbers (nearly all NXDOMAIN).
const queryFile = path.join(directory, "queries.txt");
const lines: string[] = [];
for (let i = 0; i < Number(values.distinct); i++) {
  let digits: string;
  if (rng.chance(0.9)) {
    const prefix = rng.pick(blocks).prefix.replace(/\D/g, "");
    const length = prefix.startsWith("1") ? 11 : 10;
    digits = prefix + toRandomDigits(rng, Math.max(0, length - prefix.length));
  } else {
    digits = `${2 + rng.int(8)}${toRandomDigits(rng, 9)}`;
  }
  lines.push(`${toEnumDomain(digits)} NAPTR`);
}
writeFileSync(queryFile, `${lines.join("\n")}\n`);
console.log(
  `bench/dns: ${blocks.length.toLocaleString("en")} blocks -> ${compiled.stats.names.toLocaleString("en")} names, ` +
    `${compiled.stats.naptrRecords.toLocaleString("en")} NAPTR records (zone built in ${((performance.now() - t0) / 1000).toFixed(1)} s); ` +
    `${lines.length.toLocaleString("en")} distinct queries; ${seconds} s per run; Node ${process.version}`,
);

/** One server's figures: the best of the rounds, and the range, since other work on the machine adds noise. */
interface Measured {
  readonly name: string;
  /** Highest queries/s of the rounds, and every round's. */
  readonly qps: number;
  readonly qpsRounds: readonly number[];
  /** Highest answers per CPU second of the server in the throughput runs (independent of other load). */
  readonly perCpuSecond: number;
  /** Lowest p99 (ms) at the fixed rate of the rounds, and every round's. */
  readonly p99Ms: number | null;
  readonly p99Rounds: readonly (number | null)[];
  readonly loaded: Rss;
  readonly after: Rss;
}

/** A started server with what its rounds produced so far. */
interface Contender {
  readonly server: BenchServer;
  readonly loaded: Rss;
  readonly throughput: DnsperfResult[];
  readonly latency: DnsperfResult[];
  readonly perCpuSecond: number[];
}

/** Starts one server, pins it to the server core and reads its memory once loaded. */
async function enter(start: () => Promise<BenchServer>, contenders: Contender[]): Promise<void> {
  const server = await start();
  pinProcess(server.pid, SERVER_CPU);
  contenders.push({ server, loaded: readRss(server.pid), throughput: [], latency: [], perCpuSecond: [] });
}

/** One throughput run and one fixed-rate latency run against a server. */
async function runRound(contender: Contender): Promise<void> {
  const base = { port: contender.server.port, queryFile, cpu: CLIENT_CPU };
  const cpuBefore = readCpuSeconds(contender.server.pid);
  const throughput = await runDnsperf({
    ...base,
    seconds,
    clients: Number(values.clients),
    outstanding: Number(values.outstanding),
    rate: null,
    verbose: false,
  });
  const cpuSeconds = readCpuSeconds(contender.server.pid) - cpuBefore;
  const perCpuSecond = cpuSeconds > 0 ? throughput.completed / cpuSeconds : 0;
  const latency = await runDnsperf({
    ...base,
    seconds: Math.min(seconds, 5),
    clients: 1,
    outstanding: 100,
    rate: LATENCY_RATE,
    verbose: true,
  });
  contender.throughput.push(throughput);
  contender.latency.push(latency);
  contender.perCpuSecond.push(perCpuSecond);
  console.log(
    `  ${contender.server.name}: ${Math.round(throughput.queriesPerSecond).toLocaleString("en")} q/s, ` +
      `${Math.round(perCpuSecond).toLocaleString("en")} per CPU second ` +
      `(${throughput.lost} lost, ${formatRcodes(throughput.rcodes)}); at ${LATENCY_RATE} q/s ` +
      `p50 ${formatMs(latency.p50Ms)} p99 ${formatMs(latency.p99Ms)} max ${formatMs(latency.maxMs)}`,
  );
}

const contenders: Contender[] = [];
const results: Measured[] = [];
try {
  // All servers load first and then wait, idle, on the server core; the rounds interleave
  // them so that noise from other work on the machine falls on each of them alike.
  if (wanted.has("responder"))
    await enter(() => startResponder(rulesFile, compiled.apex, SERIAL), contenders);
  if (wanted.has("bind")) {
    if (isBindInstalled()) {
      await enter(async () => {
        const bind = await startBind([{ origin: compiled.apex, text: zoneText }], {
          startTimeoutMs: 120_000,
        });
        return {
          name: "BIND",
          pid: bind.pid,
          port: bind.port,
          readOutput: () => bind.readOutput(),
          stop: () => bind.stop(),
        };
      }, contenders);
    } else {
      console.log("  BIND: not installed (apt-get install -y bind9)");
    }
  }
  if (wanted.has("knot")) await enter(() => startKnot(compiled.apex, zoneText), contenders);
  console.log("first pass over the queries (warm-up: JIT, page faults, our reply cache; every query new):");
  for (const contender of contenders) {
    const { pid, port, name } = contender.server;
    const cpuBefore = readCpuSeconds(pid);
    const first = await runDnsperf({
      port,
      queryFile,
      cpu: CLIENT_CPU,
      seconds: null,
      clients: Number(values.clients),
      outstanding: Number(values.outstanding),
      rate: null,
      verbose: false,
    });
    const perCpuSecond = first.completed / Math.max(0.01, readCpuSeconds(pid) - cpuBefore);
    console.log(
      `  ${name}: ${Math.round(first.queriesPerSecond).toLocaleString("en")} q/s, ` +
        `${Math.round(perCpuSecond).toLocaleString("en")} per CPU second (${first.lost} lost)`,
    );
  }
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round} of ${rounds}:`);
    for (const contender of contenders) await runRound(contender);
  }
  for (const { server, loaded, throughput, latency, perCpuSecond } of contenders) {
    const qpsRounds = throughput.map((t) => t.queriesPerSecond);
    const p99Rounds = latency.map((l) => l.p99Ms);
    const p99s = p99Rounds.filter((p): p is number => p !== null);
    results.push({
      name: server.name,
      qps: Math.max(...qpsRounds),
      qpsRounds,
      perCpuSecond: Math.max(...perCpuSecond),
      p99Ms: p99s.length === 0 ? null : Math.min(...p99s),
      p99Rounds,
      loaded,
      after: readRss(server.pid),
    });
  }
} finally {
  await Promise.all(contenders.map((c) => c.server.stop()));
  rmSync(directory, { recursive: true, force: true });
}

printReport(results);

function printReport(measured: readonly Measured[]): void {
  const find = (name: string): Measured | undefined => measured.find((m) => m.name === name);
  const bind = find("BIND");
  const knot = find("Knot");
  const rows = measured.map((m) => [
    m.name,
    Math.round(m.qps).toLocaleString("en"),
    `${formatK(Math.min(...m.qpsRounds))}-${formatK(Math.max(...m.qpsRounds))}`,
    Math.round(m.perCpuSecond).toLocaleString("en"),
    formatMs(m.p99Ms),
    formatMb(m.loaded.rssKb),
    formatMb(m.after.rssKb),
    bind ? ratio(m.qps, bind.qps) : "-",
    bind ? ratio(m.perCpuSecond, bind.perCpuSecond) : "-",
    bind ? ratio(m.after.rssKb, bind.after.rssKb) : "-",
    knot ? ratio(m.qps, knot.qps) : "-",
  ]);
  const header = [
    "server",
    "q/s (best)",
    "q/s range",
    "per CPU-s",
    `p99 @ ${LATENCY_RATE} q/s`,
    "RSS loaded",
    "RSS after",
    "q/s vs BIND",
    "per CPU-s vs BIND",
    "RSS vs BIND",
    "q/s vs Knot",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(`\nbest of ${rounds} rounds (q/s: highest; p99: lowest); RSS after the rounds`);
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));

  const ours = find("responder");
  if (ours === undefined) return;
  console.log("");
  if (bind === undefined) {
    console.log("targets: BIND was not measured, so the q/s and RSS targets cannot be judged");
  } else {
    const qps = ours.qps / bind.qps;
    const rss = ours.after.rssKb / bind.after.rssKb;
    console.log(
      `${verdict(qps >= TARGET_QPS_RATIO)} q/s ${qps.toFixed(2)}x BIND's (target >= ${TARGET_QPS_RATIO}x)`,
    );
    // The same comparison per CPU second: the figure to trust when other work shares the machine.
    const perCpu = ours.perCpuSecond / bind.perCpuSecond;
    console.log(
      `${verdict(perCpu >= TARGET_QPS_RATIO)} answers per CPU second ${perCpu.toFixed(2)}x BIND's (target >= ${TARGET_QPS_RATIO}x)`,
    );
    console.log(
      `${verdict(rss < TARGET_RSS_RATIO)} RSS ${rss.toFixed(2)}x BIND's (target < ${TARGET_RSS_RATIO}x)`,
    );
  }
  const p99 = ours.p99Ms;
  console.log(
    `${verdict(p99 !== null && p99 < TARGET_P99_MS)} p99 ${formatMs(p99)} at ${LATENCY_RATE} q/s (target < ${TARGET_P99_MS} ms)`,
  );
}

function formatK(qps: number): string {
  return `${(qps / 1000).toFixed(0)}k`;
}

function verdict(pass: boolean): string {
  return pass ? "PASS" : "FAIL";
}

function ratio(a: number, b: number): string {
  return b === 0 ? "-" : `${(a / b).toFixed(2)}x`;
}

function formatMs(ms: number | null): string {
  return ms === null ? "-" : `${ms.toFixed(3)} ms`;
}

function formatMb(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MB`;
}

function formatRcodes(rcodes: Readonly<Record<string, number>>): string {
  return Object.entries(rcodes)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
}
