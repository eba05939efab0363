// bench/dns - answers per second of the embedded responder: answerQuery in process, then
// the responder on 127.0.0.1 with one UDP client (a worker thread keeping a window of
// queries in flight), then BIND serving the same exported zone to the same client.
//
// Usage: npx tsx bench/dns.ts [--blocks 10000] [--seconds 3] [--window 32] [--seed 1]
// A first look only: issue 6 point 7 (dnsperf, pinned cores, 100,000 blocks) comes later.
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { toEnumDomain } from "@/lib/enum/aus";
import { DEFAULT_ZONE_SETTINGS } from "@/lib/enum/ruleset";
import { createZone } from "@/lib/enum/zone";
import { renderBindZone } from "@/lib/export/bind";
import { compileZone } from "@/lib/export/compile";
import { answerQuery } from "@/lib/dns/answer";
import { startDnsServer } from "@/lib/dns/server";
import { isBindInstalled, startBind } from "@/test/support/bind";
import { encodeTestQuery } from "@/test/support/dns-queries";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, createNanpBlocks, toRandomDigits } from "./support/blocks";

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "10000" },
    seconds: { type: "string", default: "3" },
    window: { type: "string", default: "32" },
    seed: { type: "string", default: "1" },
  },
});
const seconds = Number(values.seconds);
const window = Number(values.window);
const rng = createRng(Number(values.seed));
// The shapes of bench/export: a catch-all plus national and +1 ranges.
const blocks = createNanpBlocks(rng, Number(values.blocks), BENCH_REGEXES.slice(0, 2));
const compiled = compileZone({ revision: 1, zoneSerial: 1, settings: DEFAULT_ZONE_SETTINGS, blocks });
const zone = createZone(compiled.apex, compiled.records);

// Ten-digit numbers under random blocks (exact names and wildcard answers), no EDNS as Sprout.
const queries: Buffer[] = Array.from({ length: 4096 }, () => {
  const prefix = rng.pick(blocks).prefix.replace(/\D/g, "");
  return encodeTestQuery({
    name: toEnumDomain(prefix + toRandomDigits(rng, Math.max(0, 11 - prefix.length))),
  });
});

console.log(
  `zone: ${blocks.length} blocks -> ${compiled.stats.names} names, ${compiled.stats.naptrRecords} NAPTR records`,
);

// 1. answerQuery alone, one thread.
{
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    for (let i = 0; i < 1000; i++) answerQuery(queries[n++ & 4095]!, zone, { transport: "udp" });
  }
  const perSecond = n / ((performance.now() - started) / 1000);
  console.log(`answerQuery in process: ${Math.round(perSecond).toLocaleString("en")} answers/s`);
}

/** One UDP client in a worker thread: keeps `window` queries in flight for `seconds`. */
const CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const dgram = require("node:dgram");
const { port, queries, seconds, window } = workerData;
const socket = dgram.createSocket("udp4");
const sentAt = new Float64Array(65536);
const inFlight = new Uint8Array(65536);
const latencies = [];
let nextId = 0, sent = 0, answered = 0, lost = 0, open = 0;
const deadline = performance.now() + seconds * 1000;
const send = () => {
  const query = Buffer.from(queries[sent % queries.length]);
  const id = nextId;
  nextId = (nextId + 1) & 0xffff;
  query.writeUInt16BE(id, 0);
  inFlight[id] = 1;
  sentAt[id] = performance.now();
  sent++;
  open++;
  socket.send(query, port, "127.0.0.1");
};
socket.on("message", (reply) => {
  const id = reply.readUInt16BE(0);
  if (!inFlight[id]) return;
  inFlight[id] = 0;
  open--;
  const now = performance.now();
  latencies.push(now - sentAt[id]);
  answered++;
  if (now < deadline) send();
});
// A lost datagram would shrink the window for good: count it and send another.
const sweep = setInterval(() => {
  const now = performance.now();
  for (let id = 0; id < 65536; id++) {
    if (inFlight[id] && now - sentAt[id] > 500) {
      inFlight[id] = 0;
      open--;
      lost++;
      if (now < deadline) send();
    }
  }
  if (now >= deadline + 600 || (now >= deadline && open === 0)) {
    clearInterval(sweep);
    socket.close();
    latencies.sort((a, b) => a - b);
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    parentPort.postMessage({ answered, lost, p50: at(0.5), p99: at(0.99) });
  }
}, 100);
socket.bind(0, "127.0.0.1", () => { for (let i = 0; i < window; i++) send(); });
`;

interface ClientResult {
  readonly answered: number;
  readonly lost: number;
  readonly p50: number;
  readonly p99: number;
}

function runClient(port: number): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { port, queries, seconds, window } });
    worker.once("message", (result: ClientResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

function renderResult(label: string, result: ClientResult): number {
  const perSecond = result.answered / seconds;
  console.log(
    `${label}: ${Math.round(perSecond).toLocaleString("en")} answers/s over UDP (window ${window}), ` +
      `p50 ${result.p50.toFixed(3)} ms, p99 ${result.p99.toFixed(3)} ms, ${result.lost} lost`,
  );
  return perSecond;
}

// 2. The responder on loopback.
const server = await startDnsServer({ host: "127.0.0.1", port: 0, getZone: () => zone });
const ours = renderResult("responder", await runClient(server.port));
await server.close();

// 3. BIND with the exported zone, same client.
if (isBindInstalled()) {
  const bind = await startBind(
    [{ origin: compiled.apex, text: renderBindZone(compiled, { title: "bench", notes: [] }) }],
    {
      startTimeoutMs: 60_000,
    },
  );
  try {
    const theirs = renderResult("BIND (named -n 1)", await runClient(bind.port));
    console.log(`ratio responder / BIND: ${(ours / theirs).toFixed(2)}`);
  } finally {
    await bind.stop();
  }
} else {
  console.log("BIND not installed: no comparison (apt-get install -y bind9)");
}
