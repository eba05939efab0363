// The rule set as one immutable snapshot, cached per process and reloaded when the revision moves.
import { toJsonRuleTable, type JsonRuleTable } from "@/lib/enum/json-path";
import type { ConsoleBlock, RuleSet } from "@/lib/enum/ruleset";
import { getDatabaseUrl, getReadPrisma } from "./client";
import { parseStoredExtraRules } from "./records";
import { toZoneSettings } from "./settings";
import { INITIAL_STATE, SINGLETON_ID } from "./state";

/**
 * The rule set and Sprout's loaded rule table over its ENABLED blocks (with the settings'
 * profile). `enabledBlocks[i]` is the block behind `table.blocks[i]`, so a table lookup
 * gives back the block's id.
 */
export interface RuleSnapshot {
  readonly ruleSet: RuleSet;
  readonly table: JsonRuleTable;
  readonly enabledBlocks: readonly ConsoleBlock[];
}

/**
 * Reads everything that decides routing in one read transaction, so the blocks, the
 * settings and the revision belong together: blocks in prefix number order.
 */
export async function loadRuleSet(): Promise<RuleSet> {
  const read = getReadPrisma();
  const [state, settings, rows] = await read.$transaction([
    read.ruleSetState.findUnique({ where: { id: SINGLETON_ID } }),
    read.settings.findUnique({ where: { id: SINGLETON_ID } }),
    read.numberBlock.findMany({
      select: {
        id: true,
        name: true,
        prefix: true,
        regex: true,
        enumservice: true,
        extraRules: true,
        enabled: true,
      },
      orderBy: { sortKey: "asc" },
    }),
  ]);
  const blocks = rows.map((row): ConsoleBlock => ({
    ...row,
    extraRules: parseStoredExtraRules(row.extraRules),
  }));
  return {
    revision: state?.revision ?? INITIAL_STATE.revision,
    zoneSerial: state?.zoneSerial ?? INITIAL_STATE.zoneSerial,
    settings: toZoneSettings(settings),
    blocks,
  };
}

/** The stored revision (one indexed row read): what pollers compare with their snapshot's. */
export async function getRevision(): Promise<number> {
  const state = await getReadPrisma().ruleSetState.findUnique({
    where: { id: SINGLETON_ID },
    select: { revision: true },
  });
  return state?.revision ?? INITIAL_STATE.revision;
}

interface SnapshotCache {
  /** The database the snapshot came from (tests switch files within one process). */
  url: string;
  current: RuleSnapshot | null;
  loading: Promise<RuleSnapshot> | null;
}

const SNAPSHOT_KEY = Symbol.for("enum-console.snapshot");

type GlobalWithSnapshot = typeof globalThis & { [SNAPSHOT_KEY]?: SnapshotCache };

/**
 * The process-wide snapshot, reloaded only when the stored revision differs from the
 * cached one. Every mutation (in this process or another) bumps the revision in its own
 * transaction, so a caller that awaits this after a write sees that write. Concurrent
 * callers during a reload share the one in-flight load. Kept on globalThis because Next
 * instantiates this module once per bundle.
 */
export async function getRuleSnapshot(): Promise<RuleSnapshot> {
  const cache = getSnapshotCache();
  for (;;) {
    const revision = await getRevision();
    const current = cache.current;
    if (current !== null && current.ruleSet.revision === revision) return current;
    const loading = (cache.loading ??= startLoad(cache));
    const loaded = await loading;
    // A load that began before the revision we read may predate it: go round again.
    if (loaded.ruleSet.revision >= revision) return loaded;
  }
}

/** Drops the cached snapshot: the next getRuleSnapshot reloads whatever the revision says. */
export function invalidateRuleSnapshot(): void {
  const cache = getSnapshotCache();
  cache.current = null;
  cache.loading = null;
}

function startLoad(cache: SnapshotCache): Promise<RuleSnapshot> {
  const loading = loadRuleSet()
    .then((ruleSet): RuleSnapshot => {
      const enabledBlocks = ruleSet.blocks.filter((block) => block.enabled);
      const snapshot = {
        ruleSet,
        table: toJsonRuleTable(enabledBlocks, ruleSet.settings.profile),
        enabledBlocks,
      };
      // An invalidation while this load ran leaves the cache to the next load.
      if (cache.loading === loading) cache.current = snapshot;
      return snapshot;
    })
    .finally(() => {
      if (cache.loading === loading) cache.loading = null;
    });
  return loading;
}

function getSnapshotCache(): SnapshotCache {
  const store = globalThis as GlobalWithSnapshot;
  const url = getDatabaseUrl();
  const cache = store[SNAPSHOT_KEY];
  if (cache !== undefined && cache.url === url) return cache;
  const fresh: SnapshotCache = { url, current: null, loading: null };
  store[SNAPSHOT_KEY] = fresh;
  return fresh;
}
