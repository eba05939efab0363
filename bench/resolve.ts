// bench/resolve - JSON-mode (enum.json path) resolutions per second and latency at 100,000 blocks.
//
// Usage: npm run bench:resolve [-- --blocks 100000 --queries 1000000 --seed 1]
// Prints figures; runs on one core (one Node thread).
import { parseArgs } from "node:util";
import { resolveJson, toJsonRuleTable } from "@/lib/enum/json-path";
import type { NumberBlock } from "@/lib/enum/number-block";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, toRandomDigits } from "./support/blocks";

const TARGET_PER_SECOND = 200_000;

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "100000" },
    queries: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
  },
});
const blockCount = Number(values.blocks);
const queryCount = Number(values.queries);

// The tests' seeded PRNG, so runs are comparable.
const rng = createRng(Number(values.seed));
const random = (): number => rng.next();
const pick = <T>(items: readonly T[]): T => rng.pick(items);
const digits = (n: number): string => toRandomDigits(rng, n);

// Realistic shapes: NANP and international ranges, national and +E.164 forms, the regex
// styles seen in Clearwater deployments (copy-through, strip +1, capture the subscriber).
const REGEXES = BENCH_REGEXES;
const COUNTRY = ["1", "44", "49", "33", "61", "81", "34", "39"];

function makeBlocks(count: number): NumberBlock[] {
  const seen = new Set<string>();
  const blocks: NumberBlock[] = [{ name: "catch-all", prefix: "", regex: REGEXES[0]! }];
  seen.add("");
  while (blocks.length < count) {
    const cc = pick(COUNTRY);
    const national =
      cc === "1"
        ? `${2 + Math.floor(random() * 8)}${digits(2)}${digits(3)}`
        : digits(4 + Math.floor(random() * 3));
    const tail = digits(Math.floor(random() * 3));
    const form = random();
    const prefix =
      form < 0.4 ? `+${cc}${national}${tail}` : form < 0.7 ? `${cc}${national}${tail}` : `${national}${tail}`;
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    blocks.push({ name: `range ${blocks.length}`, prefix, regex: pick(REGEXES) });
  }
  return blocks;
}

function makeNumbers(blocks: readonly NumberBlock[], count: number): string[] {
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) {
    const block = blocks[1 + Math.floor(random() * (blocks.length - 1))]!;
    const digitCount = block.prefix.replace(/^\+/, "").length;
    // Mostly full-length numbers under a block, some unknown numbers and short codes.
    const r = random();
    if (r < 0.9) numbers.push(block.prefix + digits(Math.max(0, 11 - digitCount)));
    else if (r < 0.97) numbers.push(`+${digits(11)}`);
    else numbers.push(digits(3));
  }
  return numbers;
}

const t0 = performance.now();
const blocks = makeBlocks(blockCount);
const table = toJsonRuleTable(blocks, "sprout");
const loadMs = performance.now() - t0;
const numbers = makeNumbers(blocks, queryCount);

// Warm up the JIT, then measure throughput over the whole set.
let sink = 0;
for (let i = 0; i < Math.min(50_000, numbers.length); i++)
  sink += resolveJson(table, numbers[i]!).result.length;
const start = performance.now();
for (const number of numbers) sink += resolveJson(table, number).result.length;
const elapsed = performance.now() - start;
const perSecond = (numbers.length / elapsed) * 1000;

// Latency: time each resolution of a 200,000-number sample individually.
const sample = numbers.slice(0, Math.min(200_000, numbers.length));
const latencies = new Float64Array(sample.length);
for (let i = 0; i < sample.length; i++) {
  const s = performance.now();
  sink += resolveJson(table, sample[i]!).result.length;
  latencies[i] = performance.now() - s;
}
latencies.sort();
const quantile = (q: number): number =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 1000;

const statuses = new Map<string, number>();
for (const number of sample.slice(0, 20_000)) {
  const status = resolveJson(table, number).status;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

process.stdout.write(
  [
    `bench/resolve: JSON mode (Sprout profile), one core, Node ${process.version}`,
    `  blocks                ${blocks.length.toLocaleString("en-US")} (table built in ${loadMs.toFixed(0)} ms, ${table.sorted.length.toLocaleString("en-US")} active)`,
    `  resolutions           ${numbers.length.toLocaleString("en-US")}`,
    `  throughput            ${Math.round(perSecond).toLocaleString("en-US")} resolutions/s`,
    `  vs target            ${(perSecond / TARGET_PER_SECOND).toFixed(2)}x of ${TARGET_PER_SECOND.toLocaleString("en-US")}/s`,
    `  latency p50 / p99 / p99.9   ${quantile(0.5).toFixed(2)} / ${quantile(0.99).toFixed(2)} / ${quantile(0.999).toFixed(2)} us`,
    `  outcomes (20k sample) ${[...statuses].map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `  checksum              ${sink}`,
    "",
  ].join("\n"),
);
