/**
 * The ENUM regular-expression engine: one parser and matcher for both client profiles.
 *
 * - `sprout`: boost.regex compiled with `boost::regex::extended` (Sprout's
 *   `EnumService::parse_regex_replace`), matched with boost's POSIX leftmost-longest rule
 *   and its sub-match tie-break (`match_results::maybe_assign`).
 * - `rfc`: POSIX ERE as glibc `regcomp(REG_EXTENDED)` / `regexec` parse and match it.
 */
export type { CompiledRegex, RegexMatch, Span } from "./types";
export { compileRegex } from "./compile";
export { searchRegex } from "./search";
