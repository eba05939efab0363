// What the preview page draws for one resolution: plain data, so the picture is unit-tested
// without a browser and the page only lays it out.
import { canEverMatch } from "./lints";
import type { ServerAttempt } from "./naptr";
import type { Profile } from "./profile";
import { compileRegexField } from "./regex-field";
import type {
  BlockRef,
  DnsStep,
  JsonStep,
  RecordVerdict,
  Resolution,
  ResolutionStatus,
  RuleApplication,
} from "./trace";

/** How the status reads at a glance: `ok` routed, `warn` no route, `bad` a failure. */
export type TraceTone = "ok" | "warn" | "bad";

/** A run of the subject: inside capture group `group` (0: in the match but no group; -1: outside it). */
export interface CaptureSpan {
  readonly text: string;
  readonly group: number;
}

/** One capture group of the chosen rule, as the legend lists it. */
export interface GroupView {
  readonly index: number;
  /** The captured text; null when the group took no part in the match. */
  readonly text: string | null;
}

/** The rule that decided the result, with its capture groups laid over the number. */
export interface RuleView {
  readonly regexp: string;
  readonly pattern: string;
  readonly replacement: string;
  readonly subject: string;
  readonly matched: boolean;
  /** The subject cut into runs by the innermost capture group covering each character. */
  readonly spans: readonly CaptureSpan[];
  /** Groups 1..n of the first match. */
  readonly groups: readonly GroupView[];
  readonly matchCount: number;
  readonly output: string;
  /** One line on the match: none, once, or several times (Sprout's global replace). */
  readonly summary: string;
}

/** One NAPTR record as a table row, in the order the client tries them. */
export interface RecordRow {
  readonly order: number;
  readonly preference: number;
  readonly flags: string;
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
  readonly verdict: RecordVerdict;
  /** Why it was chosen, skipped or not reached, in plain words. */
  readonly reason: string;
}

/** One try of one live server for a query. */
export interface AttemptView {
  readonly server: string;
  readonly outcome: string;
  /** The server sent a reply the client accepted (NOERROR or NXDOMAIN). */
  readonly answered: boolean;
  readonly timedOut: boolean;
  readonly text: string;
}

/** Sprout's prefix walk over enum.json. */
export interface PrefixWalkView {
  readonly kind: "prefix-walk";
  readonly chosen: BlockRef | null;
  /** One sentence: which block the walk picks and why. */
  readonly summary: string;
  /** Blocks that cover the number but that Sprout dropped or shadowed, with the reason. */
  readonly skipped: readonly { readonly block: BlockRef; readonly reason: string }[];
  /** The short-number quirk in one line, when it decided the block. */
  readonly quirk: string | null;
  readonly rule: RuleView | null;
}

/** One NAPTR query of the DNS path. */
export interface QueryView {
  readonly kind: "query";
  readonly domain: string;
  /** The string the rules are matched against (the AUS, then a non-terminal rule's output). */
  readonly key: string;
  readonly outcome: DnsStep["outcome"];
  readonly rcode: string | null;
  /** One sentence on the answer (how many records, NXDOMAIN, the failure). */
  readonly summary: string;
  readonly attempts: readonly AttemptView[];
  readonly records: readonly RecordRow[];
  readonly rule: RuleView | null;
  readonly terminal: boolean | null;
}

/** A step of the picture. */
export type StepView = PrefixWalkView | QueryView;

/** Everything the preview draws for one path. */
export interface TraceView {
  readonly input: string;
  readonly aus: string;
  /** How the dialed number became the AUS, in one sentence. */
  readonly normalisation: string;
  readonly mode: "json" | "dns";
  readonly profile: Resolution["trace"]["profile"];
  readonly steps: readonly StepView[];
  /** Exactly what the client returns ("" for nothing). */
  readonly result: string;
  readonly uri: string | null;
  readonly status: ResolutionStatus;
  readonly statusLabel: string;
  readonly tone: TraceTone;
  /** The status sentence: where the number goes, or that it goes nowhere. */
  readonly headline: string;
  /** Why, most important first: the block or rule that decided, what was passed over. */
  readonly reasons: readonly string[];
  /** The engine's own remarks (quirks hit, limits reached). */
  readonly notes: readonly string[];
}

const STATUS_LABELS: Readonly<Record<ResolutionStatus, string>> = {
  routed: "Routed",
  "no-route": "No route",
  "not-uri": "Not a URI",
  failure: "Failure",
  "server-failure": "Server failure",
};

const STATUS_TONES: Readonly<Record<ResolutionStatus, TraceTone>> = {
  routed: "ok",
  "no-route": "warn",
  "not-uri": "warn",
  failure: "bad",
  "server-failure": "bad",
};

/** Rcodes after which Sprout stops asking (docs/enum-semantics §4): the query has its answer. */
const FINAL_RCODES = new Set(["NOERROR", "NXDOMAIN"]);

/** Turns a resolution into the data the preview draws (see {@link TraceView}). */
export function toTraceView(resolution: Resolution): TraceView {
  const { trace } = resolution;
  const steps = trace.steps.map((step) =>
    step.kind === "json-prefix" ? toPrefixWalkView(step, trace.aus) : toQueryView(step, trace.profile),
  );
  return {
    input: resolution.input,
    aus: resolution.aus,
    normalisation: describeNormalisation(resolution.input, resolution.aus),
    mode: trace.mode,
    profile: trace.profile,
    steps,
    result: resolution.result,
    uri: resolution.uri,
    status: resolution.status,
    statusLabel: STATUS_LABELS[resolution.status],
    tone: STATUS_TONES[resolution.status],
    headline: toHeadline(resolution),
    reasons:
      trace.mode === "json"
        ? toJsonReasons(trace.steps[0] as JsonStep | undefined, trace.aus)
        : toDnsReasons(trace.steps as readonly DnsStep[]),
    notes: trace.notes,
  };
}

/**
 * The sentence that explains how the dialed number became the AUS: Sprout keeps the digits
 * and a `+` only when it is the very first character (docs/enum-semantics §1).
 */
export function describeNormalisation(input: string, aus: string): string {
  if (aus === "") return `"${input}" has no digits, so the client does no lookup at all.`;
  if (input === aus) return `"${input}" is already an AUS (an optional leading + and digits): used as typed.`;
  const dropped = new Set<string>();
  let lateplus = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (c >= "0" && c <= "9") continue;
    if (c === "+" && i === 0) continue;
    if (c === "+") lateplus = true;
    else dropped.add(c);
  }
  const names = [...dropped].map(toCharacterName);
  const parts: string[] = [];
  if (names.length > 0) parts.push(`dropped ${toList(names)}`);
  if (lateplus)
    parts.push(`dropped a + that is not the first character (only a leading + is part of the number)`);
  const kept = aus.startsWith("+") ? "kept the leading + and the digits" : "kept the digits";
  return `The client ${kept} and ${toList(parts)}: "${input}" becomes ${aus}.`;
}

/**
 * When the enum.json path and a DNS path give different results: one sentence naming
 * both, or null when they agree. This is the bug the console exists to catch: the same
 * rules must route the same way whichever way the client reads them.
 */
export function describeDisagreement(json: Resolution, other: Resolution, otherLabel: string): string | null {
  if (json.result === other.result && json.status === other.status) return null;
  return `The enum.json path gives ${toResultText(json)} but ${otherLabel} gives ${toResultText(other)}.`;
}

/** A result as a sentence fragment: the URI in quotes, or what the client does instead. */
export function toResultText(resolution: Resolution): string {
  if (resolution.result !== "")
    return `"${resolution.result}" (${STATUS_LABELS[resolution.status].toLowerCase()})`;
  return resolution.status === "server-failure" ? "nothing (a server failure)" : "nothing (no route)";
}

function toHeadline(resolution: Resolution): string {
  const { aus, result, status, trace } = resolution;
  if (aus === "") return "No lookup: the number has no digits.";
  const by = trace.mode === "json" ? toDecider(trace.steps[0] as JsonStep | undefined) : "";
  switch (status) {
    case "routed":
      return `${aus} routes to ${result}${by}.`;
    case "not-uri":
      return `${aus} becomes "${result}"${by}, which is not a URI: the client cannot route it.`;
    case "no-route":
      if (trace.mode === "json" && (trace.steps[0] as JsonStep | undefined)?.chosen == null)
        return `No number block covers ${aus}: the client returns nothing (no route).`;
      return `The rule's pattern does not match ${aus}: the client leaves the number unchanged (no route).`;
    case "failure":
      return `The lookup of ${aus} fails: the client gets no route.`;
    case "server-failure":
      return `The lookup of ${aus} fails with a server failure: Sprout raises an ENUM server alarm and routes nowhere.`;
  }
}

/** " by block "X" (prefix P)" for the JSON path's headline. */
function toDecider(step: JsonStep | undefined): string {
  if (step?.chosen == null) return "";
  return ` by block ${toBlockName(step.chosen)}`;
}

function toBlockName(block: BlockRef): string {
  const prefix = block.prefix === "" ? 'the catch-all, prefix ""' : `prefix ${block.prefix}`;
  return block.name === "" ? `#${block.index + 1} (${prefix})` : `"${block.name}" (${prefix})`;
}

function toJsonReasons(step: JsonStep | undefined, aus: string): string[] {
  if (step === undefined) return [];
  const reasons: string[] = [];
  // Blocks Sprout threw away come first: they are why a number lands somewhere unexpected.
  for (const skipped of step.skippedBlocks) {
    const fallsTo = step.chosen === null ? "no block at all" : `block ${toBlockName(step.chosen)}`;
    reasons.push(
      `Block ${toBlockName(skipped.block)} covers ${aus} but is not used: ${skipped.reason.replace(/\.$/, "")}. So the number falls to ${fallsTo}.`,
    );
  }
  if (step.chosen !== null) {
    if (step.shortNumberQuirk) reasons.push(toQuirkLine(step, aus));
    else
      reasons.push(
        step.chosen.prefix === ""
          ? `No usable block has a longer prefix of ${aus}, so the catch-all block ${toBlockName(step.chosen)} applies.`
          : `Block ${toBlockName(step.chosen)} has the longest prefix of ${aus} among the blocks Sprout loaded.`,
      );
  }
  const app = step.application;
  if (app !== null) reasons.push(toApplicationLine(app));
  return reasons;
}

function toDnsReasons(steps: readonly DnsStep[]): string[] {
  const reasons: string[] = [];
  for (const step of steps) {
    const chosen = step.records.find((r) => r.verdict === "chosen");
    const skipped = step.records.filter((r) => r.verdict === "skipped");
    for (const record of skipped) {
      reasons.push(
        `At ${step.domain}, ${toRecordLabel(record.rule)} is skipped: ${record.reason ?? "not usable"}.`,
      );
    }
    if (chosen !== undefined) {
      reasons.push(
        `At ${step.domain}, ${toRecordLabel(chosen.rule)} is the first rule (by order, then preference) whose pattern matches "${step.key}".`,
      );
    }
    if (step.application !== null) reasons.push(toApplicationLine(step.application));
  }
  return reasons;
}

function toRecordLabel(rule: {
  readonly order: number;
  readonly preference: number;
  readonly regexp: string;
}): string {
  return `the rule order ${rule.order} preference ${rule.preference} "${rule.regexp}"`;
}

function toApplicationLine(app: RuleApplication): string {
  if (!app.matched) return `The regex ${app.regexp} does not match "${app.subject}".`;
  const groups = app.captures.filter((c) => c.index > 0 && c.text !== null);
  const captured =
    groups.length === 0
      ? ""
      : `, capturing ${groups.map((c) => `\\${c.index} = "${c.text ?? ""}"`).join(", ")}`;
  return `The regex ${app.regexp} matches "${app.subject}"${captured}, which gives ${app.output}.`;
}

/** Sprout's short-number quirk in one line (docs/enum-semantics §3). */
function toQuirkLine(step: JsonStep, aus: string): string {
  const chosen = step.chosen!;
  const instead =
    step.longestPrefixBlock === null
      ? "no block at all"
      : step.longestPrefixBlock.prefix === ""
        ? "the catch-all block"
        : `block ${toBlockName(step.longestPrefixBlock)}`;
  return `Short-number quirk: ${aus} is shorter than prefix ${chosen.prefix}, which starts with it, so Sprout's prefix walk picks block ${toBlockName(chosen)} instead of ${instead} (the longest-prefix match).`;
}

function toPrefixWalkView(step: JsonStep, aus: string): PrefixWalkView {
  const summary =
    step.chosen === null
      ? `No loaded block's prefix covers ${aus}.`
      : step.shortNumberQuirk
        ? `Sprout's prefix walk picks block ${toBlockName(step.chosen)} (short-number quirk).`
        : `Sprout's prefix walk picks block ${toBlockName(step.chosen)}.`;
  return {
    kind: "prefix-walk",
    chosen: step.chosen,
    summary,
    skipped: step.skippedBlocks,
    quirk: step.shortNumberQuirk && step.chosen !== null ? toQuirkLine(step, aus) : null,
    rule: step.application === null ? null : toRuleView(step.application),
  };
}

function toQueryView(step: DnsStep, profile: Profile): QueryView {
  return {
    kind: "query",
    domain: step.domain,
    key: step.key,
    outcome: step.outcome,
    rcode: step.rcode ?? null,
    summary: toQuerySummary(step),
    attempts: (step.attempts ?? []).map(toAttemptView),
    records: step.records.map((record) => ({
      order: record.rule.order,
      preference: record.rule.preference,
      flags: record.rule.flags,
      service: record.rule.service,
      regexp: record.rule.regexp,
      replacement: record.rule.replacement,
      verdict: record.verdict,
      reason: toRecordReason(record, step.key, profile),
    })),
    rule: step.application === null ? null : toRuleView(step.application),
    terminal: step.terminal,
  };
}

function toQuerySummary(step: DnsStep): string {
  switch (step.outcome) {
    case "answer": {
      const n = step.records.length;
      // RFC 4592: a wildcard answers for names that do not exist themselves; say which one did.
      const owner =
        step.owner === undefined || step.owner === step.domain
          ? ""
          : step.owner.startsWith("*.")
            ? ` from the wildcard ${step.owner}`
            : ` (owner ${step.owner})`;
      return `${n} NAPTR record${n === 1 ? "" : "s"}${owner}.`;
    }
    case "nxdomain":
      return "NXDOMAIN: the name does not exist, a clean failure.";
    case "nodata":
      return "NOERROR without NAPTR records: Sprout treats this as an ENUM server failure.";
    case "failure":
      return `The query failed${step.reason ? `: ${step.reason}` : ""}. Sprout treats this as an ENUM server failure.`;
  }
}

function toRecordReason(record: DnsStep["records"][number], key: string, profile: Profile): string {
  const { verdict, reason, rule } = record;
  if (verdict === "skipped" && reason !== undefined && reason.startsWith("the pattern does not match")) {
    // Say when no number could ever match (the guide's `(\+^.*$)`: `^` after a consumed `+`).
    const compiled = compileRegexField(rule.regexp, profile);
    if (compiled.ok && !canEverMatch(compiled.value.regex.ast))
      return `${reason}: this pattern can never match any number (an anchor or + where none can be)`;
  }
  if (reason !== undefined) return reason;
  if (verdict === "chosen") return `chosen: the first rule whose pattern matches "${key}"`;
  if (verdict === "not-reached") return "not reached: an earlier rule was used";
  return "skipped";
}

function toAttemptView(attempt: ServerAttempt): AttemptView {
  const answered = FINAL_RCODES.has(attempt.outcome);
  const timedOut = attempt.outcome === "TIMEOUT";
  const over = attempt.transport !== undefined ? ` over ${attempt.transport.toUpperCase()}` : "";
  const time = attempt.elapsedMs !== undefined ? ` in ${Math.round(attempt.elapsedMs)} ms` : "";
  const detail = attempt.detail !== undefined ? ` (${attempt.detail})` : "";
  const text = timedOut
    ? `${attempt.server} timed out${attempt.timeoutMs !== undefined ? ` after ${Math.round(attempt.timeoutMs)} ms` : ""}${over}: the client tries the next server.`
    : answered
      ? `${attempt.server} answered ${attempt.outcome}${over}${time}.`
      : `${attempt.server} answered ${attempt.outcome}${over}${time}${detail}: the client tries the next server.`;
  return { server: attempt.server, outcome: attempt.outcome, answered, timedOut, text };
}

/** The rule's application with the subject cut into capture-group runs (innermost group wins). */
export function toRuleView(app: RuleApplication): RuleView {
  const groups = app.captures
    .filter((c) => c.index > 0)
    .map((c): GroupView => ({ index: c.index, text: c.text }));
  const summary = !app.matched
    ? "The pattern does not match this number."
    : app.matchCount > 1
      ? `The pattern matches ${app.matchCount} times: Sprout's global replace writes the replacement once per match.`
      : "The pattern matches once.";
  return {
    regexp: app.regexp,
    pattern: app.pattern,
    replacement: app.replacement,
    subject: app.subject,
    matched: app.matched,
    spans: toCaptureSpans(app),
    groups,
    matchCount: app.matchCount,
    output: app.output,
    summary,
  };
}

function toCaptureSpans(app: RuleApplication): CaptureSpan[] {
  const { subject, captures } = app;
  const spans: { text: string; group: number }[] = [];
  for (let i = 0; i < subject.length; i++) {
    let group = -1;
    for (const capture of captures) {
      if (capture.start <= i && i < capture.end && capture.index > group) group = capture.index;
    }
    const last = spans[spans.length - 1];
    if (last !== undefined && last.group === group) last.text += subject.charAt(i);
    else spans.push({ text: subject.charAt(i), group });
  }
  return spans;
}

function toCharacterName(c: string): string {
  if (c === " ") return "spaces";
  if (c === "(" || c === ")") return "brackets";
  if (c === "-") return "dashes";
  if (c === ".") return "dots";
  return `"${c}"`;
}

function toList(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique.join("");
  return `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1]!}`;
}
