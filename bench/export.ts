// bench/export - compile 100,000 blocks into a BIND zone: time, memory, record counts,
// and how long named-checkzone takes to load the result.
//
// Usage: npm run bench:export [-- --blocks 100000 --seed 1]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_ZONE_SETTINGS } from "@/lib/enum/ruleset";
import { renderBindZone } from "@/lib/export/bind";
import { compileZone } from "@/lib/export/compile";
import { createRng } from "@/test/support/enum-patterns";
import { BENCH_REGEXES, createNanpBlocks } from "./support/blocks";

const TARGET_MS = 5_000;
const { values } = parseArgs({
  options: { blocks: { type: "string", default: "100000" }, seed: { type: "string", default: "1" } },
});
const rng = createRng(Number(values.seed));
const blocks = createNanpBlocks(rng, Number(values.blocks), BENCH_REGEXES.slice(0, 4));

const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const zone = compileZone({ revision: 1, zoneSerial: 2026112301, settings: DEFAULT_ZONE_SETTINGS, blocks });
const t1 = performance.now();
const text = renderBindZone(zone, { title: "bench/export", notes: [] });
const t2 = performance.now();
const heapAfter = process.memoryUsage().heapUsed;

let loadMs: number | null = null;
let loadVerdict = "named-checkzone not installed";
if (existsSync("/usr/bin/named-checkzone")) {
  const dir = mkdtempSync(join(tmpdir(), "bench-export-"));
  const file = join(dir, "zone.db");
  writeFileSync(file, text);
  const s = performance.now();
  try {
    loadVerdict =
      execFileSync("/usr/bin/named-checkzone", ["-q", zone.apex, file], { encoding: "utf8" }) || "loaded";
  } catch (e) {
    loadVerdict = `FAILED: ${String((e as { stdout?: string }).stdout ?? e)}`;
  }
  loadMs = performance.now() - s;
  rmSync(dir, { recursive: true, force: true });
}

const total = t2 - t0;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
process.stdout.write(
  [
    `bench/export: ${blocks.length.toLocaleString("en-US")} blocks -> BIND zone (Node ${process.version})`,
    `  compile               ${(t1 - t0).toFixed(0)} ms`,
    `  render                ${(t2 - t1).toFixed(0)} ms`,
    `  total                 ${total.toFixed(0)} ms (${(total / TARGET_MS).toFixed(2)}x of the ${TARGET_MS} ms budget)`,
    `  heap growth           ${mb(heapAfter - heapBefore)} (rss ${mb(process.memoryUsage().rss)})`,
    `  names / wildcards     ${zone.stats.names.toLocaleString("en-US")} / ${zone.stats.wildcards.toLocaleString("en-US")}`,
    `  NAPTR records         ${zone.stats.naptrRecords.toLocaleString("en-US")} (${zone.stats.splitNames.toLocaleString("en-US")} names split + / plain)`,
    `  zone file             ${mb(Buffer.byteLength(text))}`,
    `  compile issues        ${zone.issues.length}`,
    `  named-checkzone       ${loadMs === null ? "-" : `${loadMs.toFixed(0)} ms`} (${loadVerdict.trim().split("\n").at(-1)})`,
    "",
  ].join("\n"),
);
