// Expected values of the Sprout tables were checked against boost 1.74's regex_replace
// (the oracle in test/oracles/boost-regex.cpp), which is what Sprout calls.
import { describe, expect, it } from "vitest";
import type { Profile } from "./profile";
import { compileRegex, type CompiledRegex } from "./regex";
import { expandBoostFormat, replaceGlobal, substituteOnce } from "./substitute";

/** Compiles a pattern that must compile. */
function compile(pattern: string, profile: Profile = "sprout", caseInsensitive = false): CompiledRegex {
  const compiled = compileRegex(pattern, profile, { caseInsensitive });
  if (!compiled.ok) throw new Error(`${pattern}: ${compiled.error.code} ${compiled.error.message}`);
  return compiled.value;
}

describe("replaceGlobal: Sprout's boost::regex_replace (global, copies unmatched text through)", () => {
  it.each<[string, string, string, string, number]>([
    // [pattern, subject, format, output, matches]
    // enum-semantics.md §2: `(.*)` also matches the empty string at the end.
    ["(.*)", "1234", "sip:\\1@h", "sip:1234@hsip:@h", 2],
    // Anchored patterns replace once.
    ["^(.*)$", "1234", "sip:\\1@h", "sip:1234@h", 1],
    ["(^.*$)", "+12125550275", "sip:\\1@ngv.example.com", "sip:+12125550275@ngv.example.com", 1],
    ["(^.*$)", "2125550275", "sip:+1\\1@ngv.example.com", "sip:+12125550275@ngv.example.com", 1],
    // Unanchored digit patterns: every non-overlapping match, text between copied through.
    ["5", "15551234", "x", "1xxx1234", 3],
    ["55", "5555", "x", "xx", 2],
    ["55", "555", "x", "x5", 1],
    ["^1", "1212", "+1", "+1212", 1],
    ["\\+?1", "+1212", "[$&]", "[+1]2[1]2", 2],
    // Empty matches: one at every position, never twice at the same place.
    ["x*", "ab", "-", "-a-b-", 3],
    ["^", "12", "+", "+12", 1],
    ["$", "12", "+", "12+", 1],
    ["(a|)", "a", "x", "xx", 2],
    // No match: the subject itself.
    ["9", "1234", "x", "1234", 0],
    ["\\+^.*$", "+12", "x", "+12", 0],
    ["(\\+^.*$)", "+12125550275", "sip:\\1@ngv.example.com", "+12125550275", 0],
  ])("%j on %j with %j -> %j", (pattern, subject, format, output, matches) => {
    const replaced = replaceGlobal(compile(pattern), subject, format);
    expect(replaced.output).toBe(output);
    expect(replaced.matches).toHaveLength(matches);
  });

  it("reports the spans of every match", () => {
    const replaced = replaceGlobal(compile("5"), "15551234", "x");
    expect(replaced.matches.map((m) => m.groups[0])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it("uses boost's sub-match rule: group 1 starting earliest wins (enum-semantics.md §2)", () => {
    expect(replaceGlobal(compile("^\\+?(.*)$"), "+14155550100", "sip:\\1@example.com").output).toBe(
      "sip:+14155550100@example.com",
    );
    expect(replaceGlobal(compile("^\\+?1?(.*)$"), "16505551234", "sip:\\1@example.com").output).toBe(
      "sip:16505551234@example.com",
    );
  });
});

describe("boost format escapes (regex_format.hpp, format_default) through replaceGlobal", () => {
  it.each<[string, string, string, string]>([
    // [pattern, subject, format, output]
    // `\1`..`\9` are single digits: `\10` is group 1, then `0`.
    ["^(1)(2)", "1234", "\\10", "1034"],
    ["^(1)(2)", "1234", "\\2\\1", "2134"],
    // A group that does not exist, or did not take part, expands to nothing.
    ["^(1)(2)", "1234", "[\\3]", "[]34"],
    ["^(1)(2)", "1234", "[\\9]", "[]34"],
    ["(a)|(b)", "b", "[\\1][\\2]", "[][b]"],
    // Perl-style references.
    ["^(1)(2)", "1234", "$1", "134"],
    ["^(1)(2)", "1234", "${1}0", "1034"],
    // `$10` is group 10 (absent): nothing.
    ["^(1)(2)", "1234", "$10", "34"],
    ["^(1)(2)", "1234", "$&", "1234"],
    ["2", "1234", "$MATCH", "1234"],
    ["2", "1234", "${^MATCH}", "1234"],
    ["^(1)(2)", "1234", "$$", "$34"],
    // Prefix and suffix of the match.
    ["2(3)", "1234", "[$`]", "1[1]4"],
    ["2(3)", "1234", "[$']", "1[4]4"],
    // `$`` is the text since the end of the previous match, not since the start.
    ["(2)", "22", "[$`]", "[][]"],
    // `$+`: the last group (nothing if it did not take part).
    ["2", "1234", "$+", "134"],
    ["^(1)(2)?", "13", "[$+]", "[]3"],
    // A `$` that starts nothing is literal.
    ["2", "1234", "$", "1$34"],
    ["2", "1234", "x$", "1x$34"],
    ["2", "1234", "$a", "1$a34"],
    ["2", "1234", "${x}", "1${x}34"],
    ["2", "1234", "${2", "1${234"],
    // Backslash before anything else yields that character.
    ["2", "1234", "\\\\", "1\\34"],
    ["2", "1234", "\\$", "1$34"],
    ["2", "1234", "\\q", "1q34"],
    ["2", "1234", "\\.", "1.34"],
    // A trailing backslash is kept.
    ["2", "1234", "x\\", "1x\\34"],
    // Control escapes.
    ["2", "1234", "a\\nb", "1a\nb34"],
    ["2", "1234", "\\t", "1\t34"],
    ["2", "1234", "\\e", "1\x1b34"],
    ["2", "1234", "\\cA", "1\x0134"],
    ["2", "1234", "\\c", "1c34"],
    // Hex and octal.
    ["2", "1234", "\\x41", "1A34"],
    ["2", "1234", "\\x{42}", "1B34"],
    ["2", "1234", "\\x4", "1\x0434"],
    ["2", "1234", "\\xZZ", "1xZZ34"],
    ["2", "1234", "\\0101", "1A34"],
    // Case conversion.
    ["^(.*)$", "abc", "\\u$1", "Abc"],
    ["^(.*)$", "Abc", "\\l$1", "abc"],
    ["^(.*)$", "abc", "\\U$1\\E-$1", "ABC-abc"],
    ["^(.*)$", "ABC", "\\L$1", "abc"],
    ["(2)", "1234", "\\u\\1x", "12x34"],
  ])("%j on %j with %j -> %j", (pattern, subject, format, output) => {
    expect(replaceGlobal(compile(pattern), subject, format).output).toBe(output);
  });
});

describe("expandBoostFormat on one match", () => {
  it("expands references from a match without touching the rest of the subject", () => {
    const re = compile("5(5)(x)?");
    const replaced = replaceGlobal(re, "1551", "");
    const match = replaced.matches[0]!;
    expect(expandBoostFormat("<$&|\\1|\\2|$`|$'>", match, "1551", 0)).toBe("<55|5||1|1>");
    // `$`` starts where the search started.
    expect(expandBoostFormat("$`", match, "1551", 1)).toBe("");
  });
});

describe("substituteOnce: RFC 3402 §3.2 (the rfc profile)", () => {
  it.each<[string, string, string, string | null]>([
    // [pattern, subject, replacement, output or null when nothing matches]
    // RFC 3761 §3.2.3: the result is the replacement alone.
    ["^.*$", "+441632960083", "sip:info@example.com", "sip:info@example.com"],
    // glibc's POSIX sub-expression rule drops the +.
    ["^\\+?(.*)$", "+14155550100", "sip:\\1@example.com", "sip:14155550100@example.com"],
    ["^\\+?1?(.*)$", "16505551234", "sip:\\1@example.com", "sip:6505551234@example.com"],
    // One substitution: no global replace, no copy-through.
    ["(.*)", "1234", "sip:\\1@h", "sip:1234@h"],
    ["5", "15551234", "x", "x"],
    ["2(3)", "1234", "\\1", "3"],
    // `\x` gives x; `$` is not special.
    ["^(.*)$", "12", "\\\\\\1\\!", "\\12!"],
    ["^(.*)$", "12", "$1", "$1"],
    ["^(.*)$", "12", "x\\", "x\\"],
    // A group that did not take part is empty.
    ["(a)|(b)", "b", "[\\1][\\2]", "[][b]"],
    // No match.
    ["9", "1234", "x", null],
    ["^\\+", "1234", "x", null],
  ])("%j on %j with %j -> %j", (pattern, subject, replacement, output) => {
    const once = substituteOnce(compile(pattern, "rfc"), subject, replacement);
    expect(once === null ? null : once.output).toBe(output);
  });

  it("matches case-insensitively with the i flag", () => {
    const re = compile("urn:cid:.+@([^\\.]+\\.)(.*)$", "rfc", true);
    expect(substituteOnce(re, "URN:CID:199606121851.1@bar.example.com", "\\2")?.output).toBe("example.com");
  });
});
