// The in-memory zone (the lookup index over the compiled zone) of one rule-set revision,
// shared by the embedded responder, the exports' equivalence check and the preview.
import type { RuleSet } from "@/lib/enum/ruleset";
import { createZone, type Zone } from "@/lib/enum/zone";
import type { CompiledZone } from "@/lib/export/compile";

const ZONES_KEY = Symbol.for("enum-console.rule-zones");

/**
 * Keyed by the snapshot's RuleSet object: every caller gets it from getRuleSnapshot, which
 * hands out one object per revision, and a new revision drops the old zone with its key.
 * On globalThis because Next evaluates this module once per bundle (instrumentation and
 * route handlers must share it).
 */
type GlobalWithZones = typeof globalThis & { [ZONES_KEY]?: WeakMap<RuleSet, Zone> };

function getZones(): WeakMap<RuleSet, Zone> {
  const store = globalThis as GlobalWithZones;
  return (store[ZONES_KEY] ??= new WeakMap());
}

/** The zone already built for this revision, if any. */
export function findRuleZone(ruleSet: RuleSet): Zone | undefined {
  return getZones().get(ruleSet);
}

/**
 * The zone of this revision, indexing `compiled` (the revision's compiler output) only when
 * nobody has yet: indexing 100,000 blocks takes seconds and ~55 MB per copy.
 */
export function toRuleZone(ruleSet: RuleSet, compiled: CompiledZone): Zone {
  const zones = getZones();
  let zone = zones.get(ruleSet);
  if (zone === undefined) {
    zone = createZone(compiled.apex, compiled.records);
    zones.set(ruleSet, zone);
  }
  return zone;
}
