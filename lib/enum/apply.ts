import type { EnumRegexp } from "./regex-field";
import { RegexComplexityError } from "./regex/program";
import type { RegexMatch } from "./regex";
import { replaceGlobal, substituteOnce } from "./substitute";
import type { Capture, RuleApplication } from "./trace";

/** The outcome of applying a rule: the application for the trace, or a matcher that gave up. */
export type ApplyOutcome =
  | { readonly ok: true; readonly application: RuleApplication }
  | { readonly ok: false; readonly reason: string };

/**
 * Applies a compiled rule to a subject the way the profile's client does: Sprout's global
 * `regex_replace` (no match leaves the subject unchanged), or RFC 3402's single
 * substitution whose result is the replacement alone (no match leaves the subject as is
 * and the rule does not apply). A matcher that exceeds its step budget is reported the way
 * Sprout reports boost's complexity exception: the lookup fails.
 */
export function applyRegexp(rule: EnumRegexp, subject: string): ApplyOutcome {
  try {
    if (rule.profile === "sprout") {
      const { output, matches } = replaceGlobal(rule.regex, subject, rule.replacement);
      return {
        ok: true,
        application: toApplication(rule, subject, matches[0] ?? null, matches.length, output),
      };
    }
    const once = substituteOnce(rule.regex, subject, rule.replacement);
    return {
      ok: true,
      application: toApplication(
        rule,
        subject,
        once?.match ?? null,
        once === null ? 0 : 1,
        once?.output ?? subject,
      ),
    };
  } catch (e) {
    if (e instanceof RegexComplexityError) return { ok: false, reason: e.message };
    throw e;
  }
}

function toApplication(
  rule: EnumRegexp,
  subject: string,
  first: RegexMatch | null,
  matchCount: number,
  output: string,
): RuleApplication {
  const captures: Capture[] = (first?.groups ?? []).map((span, index) => ({
    index,
    start: span ? span[0] : -1,
    end: span ? span[1] : -1,
    text: span ? subject.slice(span[0], span[1]) : null,
  }));
  return {
    regexp: rule.raw,
    pattern: rule.pattern,
    replacement: rule.replacement,
    subject,
    matched: matchCount > 0,
    captures,
    matchCount,
    output,
  };
}

/**
 * Whether a client result is a URI: an RFC 3986 §3.1 scheme, `:`, and only characters a
 * URI may hold (unreserved, reserved, `%XX`). A backslash, space or quote makes it
 * unusable (the guide's dnsmasq lines produce `sip:\1@...`).
 */
export function isUri(result: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/.test(result);
}

/** Whether a URI is one Sprout can route (SIP, SIPS or tel; RFC 3261, RFC 3966). */
export function isSipOrTelUri(result: string): boolean {
  return /^(sips?|tel):./i.test(result);
}
