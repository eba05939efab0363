import { getProgram } from "./compile";
import type { CompiledRegex, RegexMatch, Span } from "./types";

/**
 * Finds the first match at or after `from` under the regex's profile (boost `regex_search`
 * for Sprout, which is how Sprout's `Rule::matches` tests a NAPTR rule; glibc `regexec`
 * for RFC). `notInitialNull` rejects an empty match at `from`.
 */
export function searchRegex(
  re: CompiledRegex,
  subject: string,
  from = 0,
  notInitialNull = false,
): RegexMatch | null {
  const flat = getProgram(re).exec(subject, from, notInitialNull);
  if (flat === null) return null;
  const groups: Span[] = [];
  for (let i = 0; i <= re.groupCount; i++) {
    const start = flat[2 * i]!;
    groups.push(start < 0 ? null : [start, flat[2 * i + 1]!]);
  }
  return { groups };
}
