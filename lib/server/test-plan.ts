// The test plan against the rules (server only): saved numbers evaluated on the current
// rule snapshot, and the saved numbers a proposed block change would re-route.
import { AppError } from "@/lib/app-error";
import { getNumberBlock } from "@/lib/db/blocks";
import { getRuleSnapshot, type RuleSnapshot } from "@/lib/db/ruleset";
import { listPlannedNumbers, listTestNumbers } from "@/lib/db/test-numbers";
import type { ImportPlan, NumberBlockRecord, TestNumberListQuery } from "@/lib/db/types";
import { resolveJson, type JsonRuleTable } from "@/lib/enum/json-path";
import type { NumberBlock } from "@/lib/enum/number-block";
import {
  evaluateTestNumbers,
  findReroutes,
  isExpectedOutcome,
  parseTestNumber,
  toOutcomeText,
  type RuleChange,
} from "@/lib/enum/test-plan";
import type {
  BlockImpact,
  BlockImpactRequest,
  TestNumberOutcome,
  TestNumberResultPage,
  TestPlanRun,
} from "@/lib/schemas/test-numbers";

/** The current snapshot and Sprout's rule table over it (loaded once per revision by lib/db). */
async function getTable(): Promise<{ snapshot: RuleSnapshot; table: JsonRuleTable }> {
  const snapshot = await getRuleSnapshot();
  return { snapshot, table: snapshot.table };
}

/** A page of saved numbers, each with its current outcome on the enum.json path. */
export async function listTestNumberResults(query: TestNumberListQuery): Promise<TestNumberResultPage> {
  const [page, { snapshot, table }] = await Promise.all([listTestNumbers(query), getTable()]);
  const items = page.items.map((record) => {
    const actual = toOutcomeText(resolveJson(table, record.number));
    return { ...record, actual, passed: isExpectedOutcome(record.expected, actual) };
  });
  return { ...page, items, revision: snapshot.ruleSet.revision };
}

/** What the current rules do with one number (enum.json path), in a test plan's words. */
export async function findCurrentOutcome(input: string): Promise<TestNumberOutcome> {
  const parsed = parseTestNumber(input);
  if (!parsed.ok) {
    const { code, message, at } = parsed.error;
    throw new AppError("validation", message, [
      { field: "number", code, message, ...(at !== undefined ? { at } : {}) },
    ]);
  }
  const { snapshot, table } = await getTable();
  return {
    number: parsed.value,
    actual: toOutcomeText(resolveJson(table, parsed.value)),
    revision: snapshot.ruleSet.revision,
  };
}

/**
 * Every saved number against the current rules on the enum.json path (what Sprout does
 * with the exported enum.json; the compiled zone routes the same, the export check proves it).
 */
export async function runTestPlan(): Promise<TestPlanRun> {
  const [numbers, { snapshot, table }] = await Promise.all([listPlannedNumbers(), getTable()]);
  const results = evaluateTestNumbers(numbers, (number) => resolveJson(table, number));
  const passed = results.filter((r) => r.passed).length;
  return {
    revision: snapshot.ruleSet.revision,
    profile: snapshot.ruleSet.settings.profile,
    total: results.length,
    passed,
    failed: results.length - passed,
    results,
  };
}

/**
 * The saved numbers a proposed change to one block would re-route, computed against the
 * current snapshot without saving anything. Only enabled blocks are in the rules, so
 * enabling adds the block, disabling and deleting remove it, and an update replaces the
 * stored block (if enabled) with the draft (if enabled).
 */
export async function findBlockImpact(request: BlockImpactRequest): Promise<BlockImpact> {
  const [numbers, { snapshot, table }, current] = await Promise.all([
    listPlannedNumbers(),
    getTable(),
    request.kind === "create" ? Promise.resolve(null) : getNumberBlock(request.id),
  ]);
  const change = toRuleChange(request, current);
  const reroutes = findReroutes(numbers, table, change);
  return {
    revision: snapshot.ruleSet.revision,
    checked: numbers.length,
    reroutes,
    breaks: reroutes.filter((r) => r.breaks).length,
  };
}

/**
 * The saved numbers an import (its dry-run plan) would re-route: blocks it changes or
 * removes leave the table, the blocks it adds or changes come in (when enabled).
 */
export async function findImportImpact(plan: ImportPlan): Promise<BlockImpact> {
  const [numbers, { snapshot, table }] = await Promise.all([listPlannedNumbers(), getTable()]);
  const isEnabled = (block: { readonly enabled?: boolean }) => block.enabled !== false;
  const change: RuleChange = {
    removed: [...plan.changed.map((c) => c.before), ...plan.removed]
      .filter((block) => block.enabled)
      .map((block) => block.prefix),
    added: [...plan.added.map((a) => a.block), ...plan.changed.map((c) => c.after)]
      .filter(isEnabled)
      .map(toNumberBlock),
  };
  const reroutes = numbers.length === 0 ? [] : findReroutes(numbers, table, change);
  return {
    revision: snapshot.ruleSet.revision,
    checked: numbers.length,
    reroutes,
    breaks: reroutes.filter((r) => r.breaks).length,
  };
}

function toRuleChange(request: BlockImpactRequest, current: NumberBlockRecord | null): RuleChange {
  if (request.kind === "create") {
    return { removed: [], added: request.block.enabled ? [toNumberBlock(request.block)] : [] };
  }
  if (current === null) throw new AppError("not-found", `There is no number block with id "${request.id}".`);
  const removedNow = current.enabled ? [current.prefix] : [];
  switch (request.kind) {
    case "delete":
    case "disable":
      return { removed: removedNow, added: [] };
    case "enable":
      return { removed: [], added: current.enabled ? [] : [current] };
    case "update": {
      const draft = { ...current, ...dropUndefined(request.block) };
      return { removed: removedNow, added: draft.enabled ? [toNumberBlock(draft)] : [] };
    }
  }
}

function toNumberBlock(block: NumberBlock): NumberBlock {
  return { name: block.name, prefix: block.prefix, regex: block.regex };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
