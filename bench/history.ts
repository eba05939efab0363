// bench/history - the audit history at scale: an import of 100,000 blocks with its 100,000
// events, history pages (first, deep by cursor, filtered), the CSV read of every event, and
// the revert of the whole import.
//
// Usage: npx tsx bench/history.ts [-- --blocks 100000 --queries 200 --seed 1]
// Uses a fresh SQLite file in a temp directory (deleted afterwards).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Actor, AuditEventQuery } from "@/lib/db/types";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, toRandomDigits } from "./support/blocks";

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "100000" },
    queries: { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
  },
});
const blockCount = Number(values.blocks);
const queryCount = Number(values.queries);

// lib/db reads DATABASE_URL when it first connects: point it at a new file before that.
const directory = mkdtempSync(join(tmpdir(), "enum-console-bench-history-"));
process.env.DATABASE_URL = `file:${join(directory, "bench.db")}`;
const { deployMigrations } = await import("@/lib/db/migrate");
const { applyImport } = await import("@/lib/db/import");
const { findAuditEvents, iterateAuditEvents, recordAuditEvents } = await import("@/lib/db/audit");
const { revertAuditBatch } = await import("@/lib/db/revert");
const { disconnectPrisma, getPrisma } = await import("@/lib/db/client");

const rng = createRng(Number(values.seed));
const ACTOR: Actor = {
  type: "user",
  id: "bench",
  name: "bench",
  source: "api",
  remoteAddr: "",
  prefixes: [],
};

async function time<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const count = (n: number): string => n.toLocaleString("en-US");
function summarize(list: readonly number[]): string {
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return `p50 ${fmt(at(0.5))}  p95 ${fmt(at(0.95))}  max ${fmt(sorted.at(-1) ?? Number.NaN)}`;
}

await deployMigrations();
const prefixes = new Set<string>();
while (prefixes.size < blockCount) prefixes.add(`+${1 + rng.int(9)}${toRandomDigits(rng, 5 + rng.int(5))}`);
const blocks = [...prefixes].map((prefix, i) => ({
  name: `range ${i}`,
  prefix,
  regex: rng.pick(BENCH_REGEXES),
}));
const imported = await time(() =>
  applyImport(JSON.stringify({ number_blocks: blocks }), "replace", {}, ACTOR),
);
const eventCount = await getPrisma().auditEvent.count();

// The audit rows' share of the import: the same 100,000 events recorded alone, rolled back.
const ROLLBACK = new Error("rollback");
const auditOnly = await time(() =>
  getPrisma()
    .$transaction(
      async (tx) => {
        await recordAuditEvents(
          tx,
          ACTOR,
          blocks.map((block, i) => ({
            action: "block.create",
            entityType: "block" as const,
            entityId: `bench-${i}`,
            before: null,
            after: { ...block, enumservice: "E2U+sip", extraRules: [], enabled: true, notes: "" },
            summary: `Import: Created block "${block.name}" (${block.prefix})`,
          })),
          { batchId: "bench", revision: 1 },
        );
        throw ROLLBACK;
      },
      { maxWait: 60_000, timeout: 600_000 },
    )
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    }),
);
const { batchId, id: lastId } = await getPrisma().auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

const kinds: { kind: string; make: () => AuditEventQuery }[] = [
  { kind: "first page", make: () => ({ limit: 50 }) },
  { kind: "deep page (cursor)", make: () => ({ limit: 50, cursor: 1 + rng.int(lastId) }) },
  { kind: "by actor", make: () => ({ limit: 50, actor: "bench", cursor: 1 + rng.int(lastId) }) },
  { kind: "by action", make: () => ({ limit: 50, action: "block.create" }) },
  { kind: "by block id", make: () => ({ limit: 50, entityType: "block", entityId: `c${rng.int(1e9)}` }) },
  { kind: "by prefix", make: () => ({ limit: 50, prefix: rng.pick(blocks).prefix }) },
];
const samples = new Map<string, number[]>();
for (let i = 0; i < queryCount; i++) {
  const { kind, make } = kinds[i % kinds.length]!;
  const { ms } = await time(() => findAuditEvents(make()));
  samples.set(kind, [...(samples.get(kind) ?? []), ms]);
}
const csv = await time(async () => {
  let rows = 0;
  for await (const page of iterateAuditEvents({})) rows += page.length;
  return rows;
});
const reverted = await time(() => revertAuditBatch(batchId ?? "", ACTOR));
const remaining = await getPrisma().numberBlock.count();

await disconnectPrisma();
rmSync(directory, { recursive: true, force: true });

process.stdout.write(
  [
    `bench/history: SQLite (WAL) via Prisma 6 + better-sqlite3, Node ${process.version}`,
    `  import with audit        ${fmt(imported.ms)} for ${count(imported.value.added)} blocks, ${count(eventCount)} events`,
    `    of which audit rows  ${fmt(auditOnly.ms)} (the same events recorded alone, ${((100 * auditOnly.ms) / imported.ms).toFixed(0)}% of the import)`,
    ...[...samples].map(
      ([kind, list]) => `  history ${kind.padEnd(18)} ${summarize(list)}  (${list.length})`,
    ),
    `  CSV read of every event  ${fmt(csv.ms)} for ${count(csv.value)} events`,
    `  revert the whole import  ${fmt(reverted.ms)}: ${count(reverted.value.eventCount)} events, ${count(remaining)} blocks left`,
    "",
  ].join("\n"),
);
