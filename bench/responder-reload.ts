// bench/responder-reload - how long a rule change takes to reach the embedded DNS responder:
// the edit through lib/db (which waits until the responder serves it, as the HTTP handler
// does) and the reload's phases (snapshot load, compile, zone index), at several sizes.
//
// Usage: tsx bench/responder-reload.ts [--blocks guide,10000,100000] [--edits 5] [--seed 1]
// Each size uses a fresh SQLite file in a temp directory, deleted afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, createNanpBlocks } from "./support/blocks";

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "guide,10000,100000" },
    edits: { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
  },
});
const sizes = values.blocks.split(",").map((size) => size.trim());
const edits = Number(values.edits);

const { deployMigrations } = await import("@/lib/db/migrate");
const { applyImport } = await import("@/lib/db/import");
const { seedGuideBlocks } = await import("@/lib/db/seed");
const { listNumberBlocks, updateNumberBlock } = await import("@/lib/db/blocks");
const { disconnectPrisma } = await import("@/lib/db/client");
const { invalidateRuleSnapshot } = await import("@/lib/db/ruleset");
const { renderEnumJson } = await import("@/lib/export/enum-json");
const { getDnsStatus, startResponder, stopResponder } = await import("@/lib/server/responder");

interface Row {
  readonly size: string;
  readonly names: number;
  readonly startMs: number;
  readonly editMs: number[];
  readonly phases: { loadMs: number; compileMs: number; indexMs: number; totalMs: number };
}

const rows: Row[] = [];
for (const size of sizes) {
  const directory = mkdtempSync(join(tmpdir(), "enum-console-reload-"));
  const url = `file:${join(directory, "bench.db")}`;
  process.env.DATABASE_URL = url;
  invalidateRuleSnapshot();
  try {
    await deployMigrations(url);
    if (size === "guide") await seedGuideBlocks();
    else {
      const blocks = createNanpBlocks(createRng(Number(values.seed)), Number(size), BENCH_REGEXES);
      await applyImport(renderEnumJson(blocks), "replace");
    }
    const started = performance.now();
    await startResponder({
      host: "127.0.0.1",
      port: 0,
      pollMs: 0,
      bindRetryMs: 1000,
      bindRetryMaxMs: 1000,
      onBindFailure: "fail",
    });
    const startMs = performance.now() - started;
    const page = await listNumberBlocks({ page: 1, pageSize: 1, sort: "prefix", dir: "desc" });
    let block = page.items[0]!;
    const editMs: number[] = [];
    let phases = { loadMs: 0, compileMs: 0, indexMs: 0, totalMs: 0 };
    for (let i = 0; i < edits; i++) {
      const regex = `!^(.*)$!sip:\\1@reload-${i}.example!`;
      const before = performance.now();
      // Returns once the responder serves the new zone (lib/db/changes listener).
      block = await updateNumberBlock(block.id, { regex, version: block.version });
      editMs.push(performance.now() - before);
      const timing = getDnsStatus({ limit: 1, top: 1 }).reload.lastTiming!;
      phases = {
        loadMs: phases.loadMs + timing.loadMs / edits,
        compileMs: phases.compileMs + timing.compileMs / edits,
        indexMs: phases.indexMs + timing.indexMs / edits,
        totalMs: phases.totalMs + timing.totalMs / edits,
      };
    }
    const names = getDnsStatus({ limit: 1, top: 1 }).zone?.names ?? 0;
    rows.push({ size, names, startMs, editMs, phases });
    await stopResponder();
  } finally {
    await disconnectPrisma();
    rmSync(directory, { recursive: true, force: true });
  }
}

const ms = (n: number): string => `${Math.round(n).toLocaleString("en-US")} ms`;
console.log(
  "blocks   | zone names | first load | edit -> served (median, max) | reload: load / compile / index",
);
for (const row of rows) {
  const sorted = [...row.editMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    [
      row.size.padEnd(8),
      row.names.toLocaleString("en-US").padStart(10),
      ms(row.startMs).padStart(10),
      `${ms(median)}, ${ms(sorted.at(-1) ?? 0)}`.padStart(28),
      `${ms(row.phases.loadMs)} / ${ms(row.phases.compileMs)} / ${ms(row.phases.indexMs)}`,
    ].join(" | "),
  );
}
