// bench/db - the database layer at 100,000 blocks: enum.json import through applyImport,
// then blocks-list latency over varied queries (pages, sorts, filters, name and number search).
//
// Usage: npm run bench:db [-- --blocks 100000 --queries 400 --seed 1 --keep]
// Uses a fresh SQLite file in a temp directory (deleted afterwards unless --keep).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { BlockListQuery, ImportProgress } from "@/lib/db/types";
import type { NumberBlock } from "@/lib/enum/number-block";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, toRandomDigits } from "./support/blocks";

const IMPORT_TARGET_MS = 15_000;
const LIST_P95_TARGET_MS = 100;

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "100000" },
    queries: { type: "string", default: "400" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const blockCount = Number(values.blocks);
const queryCount = Number(values.queries);

// lib/db reads DATABASE_URL when it first connects: point it at a new file before that.
const directory = mkdtempSync(join(tmpdir(), "enum-console-bench-"));
process.env.DATABASE_URL = `file:${join(directory, "bench.db")}`;
const { deployMigrations } = await import("@/lib/db/migrate");
const { applyImport, planImport } = await import("@/lib/db/import");
const { listNumberBlocks } = await import("@/lib/db/blocks");
const { getRuleSnapshot } = await import("@/lib/db/ruleset");
const { disconnectPrisma } = await import("@/lib/db/client");

// The tests' seeded PRNG, so runs are comparable.
const rng = createRng(Number(values.seed));
const digits = (n: number): string => toRandomDigits(rng, n);

// Shapes as in bench/resolve: NANP and international ranges, national and +E.164 forms,
// the regex styles of Clearwater deployments; names as operators write them.
const REGEXES = BENCH_REGEXES;
const COUNTRY = ["1", "44", "49", "33", "61", "81", "34", "39"];
const CARRIERS = ["Clearwater", "Vodafone", "Orange", "Telstra", "NTT", "Movistar", "TIM", "Verizon"];
const AREAS = ["Manhattan", "London", "Berlin", "Paris", "Sydney", "Tokyo", "Madrid", "Rome", "Ohio"];
const SEARCHES = [
  "vodafone",
  "London",
  "berlin range",
  "NTT Tokyo",
  "range 12",
  "clearwater manhattan 21",
  "zzz",
];

function makeBlocks(count: number): NumberBlock[] {
  const seen = new Set<string>([""]);
  const blocks: NumberBlock[] = [{ name: "NANP => SIP trunk", prefix: "", regex: REGEXES[0]! }];
  while (blocks.length < count) {
    const cc = rng.pick(COUNTRY);
    const national = cc === "1" ? `${2 + rng.int(8)}${digits(2)}${digits(3)}` : digits(4 + rng.int(3));
    const tail = digits(rng.int(3));
    const form = rng.next();
    const prefix =
      form < 0.4 ? `+${cc}${national}${tail}` : form < 0.7 ? `${cc}${national}${tail}` : `${national}${tail}`;
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    const name = `${rng.pick(CARRIERS)} ${rng.pick(AREAS)} ${prefix.replace("+", "")} range ${blocks.length}`;
    blocks.push({ name, prefix, regex: rng.pick(REGEXES) });
  }
  return blocks;
}

function toEnumJson(blocks: readonly NumberBlock[]): string {
  return JSON.stringify({ number_blocks: blocks }, null, 2);
}

/** A dialed number under a random block, in the forms people type; sometimes a short code. */
function makeNumber(blocks: readonly NumberBlock[]): string {
  const block = blocks[1 + rng.int(blocks.length - 1)]!;
  const r = rng.next();
  if (r < 0.1) return digits(3);
  const full = block.prefix + digits(Math.max(0, 11 - block.prefix.replace("+", "").length));
  if (r < 0.3 && full.startsWith("+1") && full.length === 12) {
    return `+1 (${full.slice(2, 5)}) ${full.slice(5, 8)}-${full.slice(8)}`;
  }
  return full;
}

async function time<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const count = (n: number): string => n.toLocaleString("en-US");

await deployMigrations();
const blocks = makeBlocks(blockCount);
const text = toEnumJson(blocks);

// Import: the whole file in one transaction, as POST /api/import applies it.
const phases = new Map<ImportProgress["phase"], number>();
const importStart = performance.now();
const imported = await time(() =>
  applyImport(text, "replace", {
    onProgress: (progress) => {
      if (!phases.has(progress.phase)) phases.set(progress.phase, performance.now() - importStart);
    },
  }),
);
const dryRun = await time(() => planImport(text, "replace"));

// A re-import that changes a tenth of the blocks (the UPDATE path) and drops 1,000.
const edited = blocks
  .slice(0, blocks.length - 1_000)
  .map((block, i) =>
    i % 10 === 5 ? { ...block, regex: REGEXES[(REGEXES.indexOf(block.regex) + 1) % REGEXES.length]! } : block,
  );
const reimported = await time(() => applyImport(toEnumJson(edited), "replace"));

const snapshot = await time(() => getRuleSnapshot());

// Lists: every sort and direction, shallow and deep pages, filters, name and number search.
const firstPage = await listNumberBlocks({ page: 1, pageSize: 50, sort: "prefix", dir: "asc" });
const total = firstPage.total;
const SORTS = ["name", "prefix", "updated"] as const;
const PAGE_SIZES = [25, 50, 100, 500];
function makeQuery(i: number): { kind: string; query: BlockListQuery } {
  const pageSize = rng.pick(PAGE_SIZES);
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const base = {
    sort: rng.pick(SORTS),
    dir: rng.chance(0.5) ? ("asc" as const) : ("desc" as const),
    pageSize,
  };
  const page = rng.pick([1, 2, Math.ceil(lastPage / 2), lastPage, 1 + rng.int(lastPage)]);
  switch (i % 6) {
    case 0:
    case 1:
      return { kind: "page", query: { ...base, page } };
    case 2: {
      const filters = rng.pick([
        { enabled: true },
        { hasLints: true },
        { hasLints: false },
        { enabled: true, hasLints: false },
      ]);
      // Filters shrink the list: deep pages past the end come back empty, so stay within 1..page.
      return {
        kind: "filtered",
        query: { ...base, page: 1 + rng.int(Math.max(1, Math.floor(page / 3))), ...filters },
      };
    }
    case 3:
      return {
        kind: "name search",
        query: { ...base, page: rng.pick([1, 1, 2, 5, 40]), name: rng.pick(SEARCHES) },
      };
    default:
      return { kind: "number search", query: { ...base, page: 1, number: makeNumber(blocks) } };
  }
}
const warmUp = [0, 1, 2, 3, 4].map(makeQuery);
for (const { query } of warmUp) await listNumberBlocks(query);
const samples: { kind: string; ms: number }[] = [];
let worst = { ms: 0, query: "" };
for (let i = 0; i < queryCount; i++) {
  const { kind, query } = makeQuery(i);
  const { ms } = await time(() => listNumberBlocks(query));
  samples.push({ kind, ms });
  if (ms > worst.ms) worst = { ms, query: JSON.stringify(query) };
}
const summarize = (list: readonly number[]): string => {
  const sorted = [...list].sort((a, b) => a - b);
  return `p50 ${fmt(quantile(sorted, 0.5))}  p95 ${fmt(quantile(sorted, 0.95))}  max ${fmt(sorted.at(-1) ?? Number.NaN)}  (${sorted.length})`;
};
const allSorted = samples.map((s) => s.ms).sort((a, b) => a - b);
const listP95 = quantile(allSorted, 0.95);

await disconnectPrisma();
if (!values.keep) rmSync(directory, { recursive: true, force: true });

const verdict = (ok: boolean): string => (ok ? "meets" : "MISSES");
const kinds = [...new Set(samples.map((s) => s.kind))];
process.stdout.write(
  [
    `bench/db: SQLite (WAL) via Prisma 6 + better-sqlite3, Node ${process.version}`,
    `  file                     ${count(blocks.length)} blocks, ${(text.length / 1e6).toFixed(1)} MB of enum.json`,
    `  import (applyImport)     ${fmt(imported.ms)}  ${verdict(imported.ms < IMPORT_TARGET_MS)} < ${count(IMPORT_TARGET_MS)} ms` +
      `  [validating from ${fmt(phases.get("validating") ?? 0)}, writing from ${fmt(phases.get("writing") ?? 0)}]`,
    `    result                 added ${count(imported.value.added)}, revision ${imported.value.revision}, serial ${imported.value.zoneSerial}`,
    `  dry run of the same file ${fmt(dryRun.ms)}  (unchanged ${count(dryRun.value.unchanged)})`,
    `  re-import, 10% changed   ${fmt(reimported.ms)}  (changed ${count(reimported.value.changed)}, removed ${count(reimported.value.removed)}, unchanged ${count(reimported.value.unchanged)})`,
    `  rule snapshot load       ${fmt(snapshot.ms)}  (${count(snapshot.value.table.sorted.length)} active prefixes)`,
    `  list, all queries        ${summarize(allSorted)}  ${verdict(listP95 < LIST_P95_TARGET_MS)} p95 < ${LIST_P95_TARGET_MS} ms`,
    ...kinds.map(
      (kind) =>
        `    ${kind.padEnd(22)} ${summarize(samples.filter((s) => s.kind === kind).map((s) => s.ms))}`,
    ),
    `  slowest                  ${fmt(worst.ms)} ${worst.query}`,
    "",
  ].join("\n"),
);
