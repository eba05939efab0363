import { applyRegexp, isUri } from "./apply";
import { DEFAULT_SUFFIX, toAus, toEnumDomain } from "./aus";
import type { NaptrLookup, NaptrRule, NaptrSource, SyncNaptrSource } from "./naptr";
import type { Profile } from "./profile";
import { searchRegex } from "./regex";
import { RegexComplexityError } from "./regex/program";
import { compileRegexField, type EnumRegexp } from "./regex-field";
import type { DnsStep, RecordVerdict, Resolution, ResolutionStatus, RuleApplication } from "./trace";

/** Enumservices Sprout accepts, compared case-insensitively (RFC 6116 §3.4.3, RFC 4769). */
export const SIP_ENUMSERVICES: readonly string[] = ["e2u+sip", "e2u+pstn:sip", "e2u+pstn:tel"];

const NOT_REACHED: { verdict: RecordVerdict } = { verdict: "not-reached" };

/** Sprout's MAX_DNS_QUERIES: a lookup that needs more queries fails. */
export const MAX_DNS_QUERIES = 5;

/** Options of the DNS-path resolver. */
export interface DnsResolveOptions {
  readonly profile: Profile;
  readonly suffix?: string;
  readonly maxQueries?: number;
}

/** A NAPTR rule the client will try, with its compiled regexp. */
interface UsableRule {
  readonly rule: NaptrRule;
  readonly regexp: EnumRegexp;
  readonly terminal: boolean;
  readonly answerIndex: number;
}

/**
 * Resolves a dialed number on the DNS path over a synchronous source (in-memory zones).
 * Same algorithm as `resolveDnsAsync`; both drive `stepDnsResolution`.
 */
export function resolveDnsSync(
  source: SyncNaptrSource,
  input: string,
  options: DnsResolveOptions,
): Resolution {
  const steps = stepDnsResolution(input, options);
  let next = steps.next();
  while (!next.done) next = steps.next(source.lookup(next.value));
  return next.value;
}

/** Resolves a dialed number on the DNS path over any source (live servers included). */
export async function resolveDnsAsync(
  source: NaptrSource,
  input: string,
  options: DnsResolveOptions,
): Promise<Resolution> {
  const steps = stepDnsResolution(input, options);
  let next = steps.next();
  while (!next.done) next = steps.next(await source.lookup(next.value));
  return next.value;
}

/**
 * Sprout's DNSEnumService::lookup_uri_from_user as a coroutine: yields each domain to
 * query and receives its answer. Per round: keep NAPTR rules with an accepted
 * enumservice, flags `u`/`U` (terminal) or empty (non-terminal) and a regexp that
 * compiles; sort by order then preference (answer order breaks ties); use the first rule
 * whose pattern matches anywhere in the current key; apply its replacement to the
 * original AUS (RFC 3761 §2.1). Terminal: done. Non-terminal: the output becomes the key
 * of the next query. NXDOMAIN is a clean failure; NODATA, SERVFAIL, REFUSED and timeouts
 * are failures Sprout alarms on. At most five queries.
 */
export function* stepDnsResolution(
  input: string,
  options: DnsResolveOptions,
): Generator<string, Resolution, NaptrLookup> {
  const { profile } = options;
  const suffix = options.suffix ?? DEFAULT_SUFFIX;
  const maxQueries = options.maxQueries ?? MAX_DNS_QUERIES;
  const aus = toAus(input);
  const steps: DnsStep[] = [];
  const queries: string[] = [];
  const notes: string[] = [];
  const finish = (result: string, status: ResolutionStatus): Resolution => ({
    input,
    aus,
    result,
    uri: isUri(result) ? result : null,
    status,
    queries,
    trace: { input, aus, profile, mode: "dns", steps, notes },
  });
  if (aus === "") {
    notes.push("The number has no digits: the client does no lookup.");
    return finish("", "no-route");
  }
  let key = aus;
  while (queries.length < maxQueries) {
    const domain = toEnumDomain(key, suffix);
    queries.push(domain);
    const answer = yield domain;
    const base = { kind: "dns-query" as const, key, domain, attempts: answer.attempts };
    if (answer.kind !== "answer") {
      const reason = answer.kind === "failure" ? answer.reason : undefined;
      steps.push({
        ...base,
        outcome: answer.kind,
        ...(reason !== undefined ? { reason } : {}),
        ...(answer.kind === "failure" && answer.rcode !== undefined ? { rcode: answer.rcode } : {}),
        records: [],
        application: null,
        terminal: null,
      });
      if (answer.kind === "nxdomain") {
        notes.push(`${domain} does not exist (NXDOMAIN): the lookup fails cleanly.`);
        return finish("", "failure");
      }
      notes.push(
        answer.kind === "nodata"
          ? `${domain} exists but has no NAPTR records (NOERROR, no data): Sprout treats this as an ENUM server failure.`
          : `The query for ${domain} failed (${answer.reason}): Sprout treats this as an ENUM server failure.`,
      );
      return finish("", "server-failure");
    }
    const { usable, verdicts } = sortUsableRules(answer.rules, profile);
    let chosen: { usable: UsableRule; application: RuleApplication } | null = null;
    let gaveUp: string | null = null;
    for (const candidate of usable) {
      const matches = matchesKey(candidate.regexp, key);
      if (matches === null) {
        gaveUp = "the regex needed too many steps";
        break;
      }
      if (!matches) {
        verdicts.set(candidate.answerIndex, {
          verdict: "skipped",
          reason: `the pattern does not match "${key}"`,
        });
        continue;
      }
      const applied = applyRegexp(candidate.regexp, aus);
      if (!applied.ok) {
        gaveUp = applied.reason;
        break;
      }
      chosen = { usable: candidate, application: applied.application };
      verdicts.set(candidate.answerIndex, { verdict: "chosen" });
      break;
    }
    const records = toClientOrder(answer.rules).map((i) => ({
      rule: answer.rules[i]!,
      ...(verdicts.get(i) ?? NOT_REACHED),
    }));
    steps.push({
      ...base,
      outcome: "answer",
      ...(answer.owner !== undefined ? { owner: answer.owner } : {}),
      records,
      application: chosen?.application ?? null,
      terminal: chosen ? chosen.usable.terminal : null,
    });
    if (gaveUp !== null) {
      notes.push(`Applying a rule failed (${gaveUp}); Sprout gives up.`);
      return finish("", "failure");
    }
    if (chosen === null) {
      notes.push(`No NAPTR rule at ${domain} matches "${key}": the lookup fails.`);
      return finish("", "failure");
    }
    const output = chosen.application.output;
    if (chosen.usable.terminal) return finish(output, isUri(output) ? "routed" : "not-uri");
    notes.push(`Non-terminal rule: "${output}" is looked up again.`);
    key = output;
  }
  notes.push(`The lookup needed more than ${maxQueries} queries (a loop?): it fails.`);
  return finish("", "failure");
}

/** `regex_search` of the rule's pattern in the key (Sprout's Rule::matches); null if the matcher gave up. */
function matchesKey(regexp: EnumRegexp, key: string): boolean | null {
  try {
    return searchRegex(regexp.regex, key) !== null;
  } catch (e) {
    if (e instanceof RegexComplexityError) return null;
    throw e;
  }
}

/** Answer indexes sorted by order, then preference, then answer order (RFC 3403 §4.1). */
function toClientOrder(rules: readonly NaptrRule[]): number[] {
  return rules
    .map((_, i) => i)
    .sort(
      (a, b) => rules[a]!.order - rules[b]!.order || rules[a]!.preference - rules[b]!.preference || a - b,
    );
}

/**
 * The rules the client will try, in order, plus the reason for every rule it ignores
 * (keyed by answer index). Ties in order and preference keep answer order.
 */
function sortUsableRules(
  rules: readonly NaptrRule[],
  profile: Profile,
): { usable: UsableRule[]; verdicts: Map<number, { verdict: RecordVerdict; reason?: string }> } {
  const verdicts = new Map<number, { verdict: RecordVerdict; reason?: string }>();
  const usable: UsableRule[] = [];
  rules.forEach((rule, answerIndex) => {
    if (!SIP_ENUMSERVICES.includes(rule.service.toLowerCase())) {
      verdicts.set(answerIndex, {
        verdict: "skipped",
        reason: `enumservice "${rule.service}" is not one Sprout uses`,
      });
      return;
    }
    const flags = rule.flags;
    if (flags !== "" && flags.toLowerCase() !== "u") {
      verdicts.set(answerIndex, { verdict: "skipped", reason: `flags "${flags}" are neither "u" nor empty` });
      return;
    }
    const compiled = compileRegexField(rule.regexp, profile);
    if (!compiled.ok) {
      const at = compiled.error.at !== undefined ? ` at character ${compiled.error.at + 1}` : "";
      verdicts.set(answerIndex, {
        verdict: "skipped",
        reason: `the regexp does not parse${at}: ${compiled.error.message}`,
      });
      return;
    }
    usable.push({ rule, regexp: compiled.value, terminal: flags !== "", answerIndex });
  });
  usable.sort(
    (a, b) =>
      a.rule.order - b.rule.order || a.rule.preference - b.rule.preference || a.answerIndex - b.answerIndex,
  );
  return { usable, verdicts };
}
