import type { Profile } from "../profile";
import { ok, type Result } from "../result";
import { parseRegexPattern } from "./parse";
import { Program } from "./program";
import type { CompiledRegex } from "./types";

/** Per-regex matcher programs, kept off the public immutable value. */
const PROGRAMS = new WeakMap<CompiledRegex, Program>();

/**
 * Compiles a pattern the way the profile's client does: `sprout` as
 * `boost::regex(pattern, boost::regex::extended)` (Sprout's parse_regex_replace), `rfc` as
 * glibc `regcomp(REG_EXTENDED | (i ? REG_ICASE : 0))` (RFC 3402 §3.2 names POSIX ERE).
 * A pattern the client would reject is an error with the position of the problem.
 */
export function compileRegex(
  pattern: string,
  profile: Profile,
  options: { readonly caseInsensitive?: boolean } = {},
): Result<CompiledRegex> {
  const caseInsensitive = profile === "rfc" && options.caseInsensitive === true;
  const parsed = parseRegexPattern(pattern, profile === "sprout" ? "boost" : "posix", caseInsensitive);
  if (!parsed.ok) return parsed;
  const compiled: CompiledRegex = Object.freeze({
    source: pattern,
    profile,
    caseInsensitive,
    groupCount: parsed.value.groupCount,
    ast: parsed.value.ast,
  });
  PROGRAMS.set(compiled, toProgram(compiled));
  return ok(compiled);
}

/**
 * The matcher behind a compiled regex. A value compiled by another instance of this module
 * (Next loads lib/enum once per bundle, and the rule snapshot is shared between bundles)
 * carries everything needed: its program is rebuilt from the AST once and kept.
 */
export function getProgram(re: CompiledRegex): Program {
  let program = PROGRAMS.get(re);
  if (program === undefined) {
    program = toProgram(re);
    PROGRAMS.set(re, program);
  }
  return program;
}

function toProgram(re: CompiledRegex): Program {
  return new Program(re.ast, re.groupCount, re.profile === "sprout" ? "boost" : "posix");
}
