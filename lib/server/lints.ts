// The lints panel (server only): every lint of the enabled blocks, computed once per revision.
import { getDatabaseUrl } from "@/lib/db/client";
import { getRuleSnapshot } from "@/lib/db/ruleset";
import { findLints, type LintSeverity } from "@/lib/enum/lints";
import type { Profile } from "@/lib/enum/profile";
import type { LintItem, LintsPage, LintsQuery } from "@/lib/schemas/resolve";

/** Severities in the order the panel lists them. */
const SEVERITIES: readonly LintSeverity[] = ["error", "warning", "info"];

/** The lints of one revision, grouped by severity. */
interface LintEntry {
  readonly url: string;
  readonly revision: number;
  readonly profile: Profile;
  readonly lints: Promise<Readonly<Record<LintSeverity, readonly LintItem[]>>>;
}

const LINTS_KEY = Symbol.for("enum-console.lints");

type GlobalWithLints = typeof globalThis & { [LINTS_KEY]?: LintEntry };

/**
 * One page of the rule set's lints (of one severity, or all of them errors first) with the
 * count of each severity. The lints are those of the enabled blocks, the rules the client
 * receives, under the settings' profile; they are computed once per revision (seconds at
 * 100,000 blocks) and kept on globalThis, since Next evaluates this module once per bundle.
 */
export async function getLintsPage(query: LintsQuery): Promise<LintsPage> {
  const started = performance.now();
  const entry = await getLintEntry();
  const grouped = await entry.lints;
  const items =
    query.severity === undefined ? SEVERITIES.flatMap((s) => grouped[s]) : grouped[query.severity];
  const start = (query.page - 1) * query.pageSize;
  return {
    revision: entry.revision,
    profile: entry.profile,
    counts: { error: grouped.error.length, warning: grouped.warning.length, info: grouped.info.length },
    total: items.length,
    page: query.page,
    pageSize: query.pageSize,
    items: items.slice(start, start + query.pageSize),
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function getLintEntry(): Promise<LintEntry> {
  const snapshot = await getRuleSnapshot();
  const { ruleSet, enabledBlocks } = snapshot;
  const url = getDatabaseUrl();
  const store = globalThis as GlobalWithLints;
  const cached = store[LINTS_KEY];
  // A caller whose snapshot predates the cached one gets the newer lints, never replaces them.
  if (cached?.url === url && cached.revision >= ruleSet.revision) return cached;
  const profile = ruleSet.settings.profile;
  const entry: LintEntry = {
    url,
    revision: ruleSet.revision,
    profile,
    lints: new Promise((resolve, reject) => {
      // A turn of the event loop first: requests already waiting are not held up by the scan.
      setImmediate(() => {
        try {
          const grouped: Record<LintSeverity, LintItem[]> = { error: [], warning: [], info: [] };
          for (const lint of findLints(enabledBlocks, profile)) {
            grouped[lint.severity].push({
              code: lint.code,
              severity: lint.severity,
              message: lint.message,
              effect: lint.effect,
              blocks: lint.blocks.map((index) => {
                const block = enabledBlocks[index]!;
                return { id: block.id, name: block.name, prefix: block.prefix };
              }),
            });
          }
          resolve(grouped);
        } catch (err: unknown) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    }),
  };
  store[LINTS_KEY] = entry;
  // A failed scan is not cached: the next caller tries again.
  entry.lints.catch(() => {
    if (store[LINTS_KEY] === entry) store[LINTS_KEY] = undefined;
  });
  return entry;
}
