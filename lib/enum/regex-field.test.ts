import { describe, expect, it } from "vitest";
import { applyRegexp } from "./apply";
import type { Profile } from "./profile";
import { compileRegexField, parseRegexField, type RegexField } from "./regex-field";

/** The parts of a field that a reader checks, as a plain object. */
function toParts(field: RegexField): Record<string, unknown> {
  return {
    delimiter: field.delimiter,
    pattern: field.pattern,
    patternAt: field.patternAt,
    replacement: field.replacement,
    replacementAt: field.replacementAt,
    caseInsensitive: field.caseInsensitive,
  };
}

/** Compiles a field that must compile and applies it to a subject. */
function applyField(raw: string, profile: Profile, subject: string): { matched: boolean; output: string } {
  const compiled = compileRegexField(raw, profile);
  if (!compiled.ok) throw new Error(`${raw}: ${compiled.error.code} ${compiled.error.message}`);
  const applied = applyRegexp(compiled.value, subject);
  if (!applied.ok) throw new Error(`${raw}: ${applied.reason}`);
  return { matched: applied.application.matched, output: applied.application.output };
}

describe("parseRegexField, sprout profile (Sprout's parse_regex_replace: split on every delimiter, drop empties)", () => {
  it.each<[string, string, string, string, number, number]>([
    // [raw, delimiter, pattern, replacement, patternAt, replacementAt]
    ["!pat!rep!", "!", "pat", "rep", 1, 5],
    // No final delimiter: still two pieces.
    ["!pat!rep", "!", "pat", "rep", 1, 5],
    // Empty pieces are dropped, however many delimiters surround them.
    ["!!pat!!rep!!", "!", "pat", "rep", 2, 7],
    ["!!!pat!rep", "!", "pat", "rep", 3, 7],
    // The guide's regexes.
    ["!(^.*$)!sip:\\1@10.147.226.2!", "!", "(^.*$)", "sip:\\1@10.147.226.2", 1, 8],
    ["!(^.*$)!sip:+1\\1@ngv.example.com!", "!", "(^.*$)", "sip:+1\\1@ngv.example.com", 1, 8],
    // Any first character is the delimiter: "/" (the guide's suggestion), letters, digits, backslash.
    ["/^(.*)$/sip:\\1@h/", "/", "^(.*)$", "sip:\\1@h", 1, 8],
    ["xaxbx", "x", "a", "b", 1, 3],
    ["5^.*$5sip:x@h5", "5", "^.*$", "sip:x@h", 1, 6],
    ["\\^(.*)$\\sip:x@h\\", "\\", "^(.*)$", "sip:x@h", 1, 8],
    ["i^.*$ixi", "i", "^.*$", "x", 1, 6],
  ])("accepts %j", (raw, delimiter, pattern, replacement, patternAt, replacementAt) => {
    const parsed = parseRegexField(raw, "sprout");
    expect(parsed.ok && toParts(parsed.value)).toEqual({
      delimiter,
      pattern,
      patternAt,
      replacement,
      replacementAt,
      caseInsensitive: false,
    });
  });

  it.each<[string, string, number]>([
    // [raw, why, position of the problem]
    // A trailing flag is a third piece (at the flag).
    ["!pat!rep!i", "trailing flag", 9],
    // No escapes: `\!` splits the pattern (the third piece starts after it).
    ["!a\\!b!rep!", "escaped delimiter", 6],
    // Empty pattern or replacement: one piece left; reported at the end of the field.
    ["!!rep!", "empty pattern", 6],
    ["!pat!!", "empty replacement", 6],
    ["!pat!", "no replacement", 5],
    ["!!!", "only delimiters", 3],
    ["!", "a lone delimiter", 1],
    // A delimiter that also occurs in the replacement (`\1` with delimiter 1).
    ["1^(.*)$1sip:\\1@h1", "delimiter in the replacement", 14],
    ["!a!b!c!", "three parts", 5],
  ])("rejects %j (%s) at %i", (raw, _why, at) => {
    const parsed = parseRegexField(raw, "sprout");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe("regex-split");
    expect(parsed.error.at).toBe(at);
  });

  it.each<Profile>(["sprout", "rfc"])("rejects an empty field under %s", (profile) => {
    const parsed = parseRegexField("", profile);
    expect(parsed.ok ? null : parsed.error).toMatchObject({ code: "regex-empty", at: 0 });
  });
});

describe("parseRegexField, rfc profile (RFC 3402 §3.2)", () => {
  it.each<[string, string, string, string, number, number, boolean]>([
    // [raw, delimiter, pattern, replacement, patternAt, replacementAt, i flag]
    // RFC 3761 §3.2.3 / RFC 6116 §3.4.3 example.
    ["!^.*$!sip:info@example.com!", "!", "^.*$", "sip:info@example.com", 1, 6, false],
    ["!^\\+?(.*)$!sip:\\1@example.com!", "!", "^\\+?(.*)$", "sip:\\1@example.com", 1, 11, false],
    // RFC 3403 §6.2 (CID URN example): the `i` flag and `\.` in the pattern.
    ["/urn:cid:.+@([^\\.]+\\.)(.*)$/\\2/i", "/", "urn:cid:.+@([^\\.]+\\.)(.*)$", "\\2", 1, 28, true],
    // An escaped delimiter that is not an ERE special becomes the plain character.
    ["!a\\!b!rep!", "!", "a!b", "rep", 1, 6, false],
    ["/a\\/b/x/", "/", "a/b", "x", 1, 6, false],
    // An escaped delimiter that is an ERE special stays escaped, so it is still a literal.
    ["|a\\|b|x|", "|", "a\\|b", "x", 1, 6, false],
    // In the replacement the escape is kept; the substitution turns `\!` into `!`.
    ["!^(.*)$!sip:\\1\\!x@h!", "!", "^(.*)$", "sip:\\1\\!x@h", 1, 8, false],
    ["#^(.*)$#sip:\\1@h#", "#", "^(.*)$", "sip:\\1@h", 1, 8, false],
  ])("accepts %j", (raw, delimiter, pattern, replacement, patternAt, replacementAt, caseInsensitive) => {
    const parsed = parseRegexField(raw, "rfc");
    expect(parsed.ok && toParts(parsed.value)).toEqual({
      delimiter,
      pattern,
      patternAt,
      replacement,
      replacementAt,
      caseInsensitive,
    });
  });

  it.each<[string, string, number]>([
    // [raw, code, position]
    ["1abc1rep1", "regex-delimiter", 0],
    ["5^.*$5x5", "regex-delimiter", 0],
    ["\\abc\\rep\\", "regex-delimiter", 0],
    ["iabcirepi", "regex-delimiter", 0],
    // Flags other than `i`.
    ["!abc!rep!g", "regex-flags", 9],
    ["!abc!rep!ii", "regex-flags", 9],
    ["!abc!rep!I", "regex-flags", 9],
    // Unterminated parts: the end of the field.
    ["!abc!rep", "regex-unterminated", 8],
    ["!abc", "regex-unterminated", 4],
    ["!abc\\!rep\\!", "regex-unterminated", 11],
    ["!!rep!", "regex-empty-pattern", 1],
  ])("rejects %j with %s at %i", (raw, code, at) => {
    const parsed = parseRegexField(raw, "rfc");
    expect(parsed.ok ? null : parsed.error).toMatchObject({ code, at });
  });

  it("accepts an empty replacement (RFC 3402 allows it; the result is the empty string)", () => {
    const parsed = parseRegexField("!^.*$!!", "rfc");
    expect(parsed.ok && parsed.value.replacement).toBe("");
  });
});

describe("compileRegexField: back references under the rfc profile (RFC 3402 §3.2)", () => {
  it.each<[string, string, number]>([
    // [raw, code, position of the backslash]
    ["!^(.*)$!\\0!", "backref-zero", 8],
    ["!^(.*)$!\\2!", "backref-range", 8],
    ["!^(.*)$!x\\1y\\2!", "backref-range", 12],
    ["!^.*$!sip:\\1@example.com!", "backref-range", 10],
    ["!^(1)(2)(3)$!\\4!", "backref-range", 13],
  ])("rejects %j with %s at %i", (raw, code, at) => {
    const compiled = compileRegexField(raw, "rfc");
    expect(compiled.ok ? null : compiled.error).toMatchObject({ code, at });
    expect(raw[at]).toBe("\\");
  });

  it.each([
    "!^(.*)$!\\1!",
    "!^(1)(2)(3)(4)(5)(6)(7)(8)(9)$!\\9\\1!",
    // `\\` is an escaped backslash, not a reference; `\a` is a plain `a`.
    "!^.*$!\\\\1!",
    "!^.*$!\\a!",
  ])("accepts %j", (raw) => {
    expect(compileRegexField(raw, "rfc").ok).toBe(true);
  });

  it.each(["!^(.*)$!\\0!", "!^(.*)$!\\2!", "!^.*$!sip:\\1@example.com!"])(
    "the sprout profile accepts %j (a missing group expands to nothing)",
    (raw) => {
      expect(compileRegexField(raw, "sprout").ok).toBe(true);
    },
  );
});

describe("compileRegexField: pattern errors are positioned in the raw field", () => {
  it.each<[string, Profile, string, number]>([
    // [raw, profile, code, index in raw]
    // The guide's `+1650555` block: a leading `+` has nothing to repeat.
    ["!+1(^.*$)!sip:\\1@ngv.example.com!", "sprout", "bad-repeat", 1],
    ["!+1(^.*$)!sip:\\1@ngv.example.com!", "rfc", "bad-repeat", 1],
    // What BIND makes of the guide's `"!(\+^.*$)!..."`: `\+` unescapes to `+`, after `(`.
    ["!(+^.*$)!sip:\\1@ngv.example.com!", "sprout", "bad-repeat", 2],
    // The pattern starts later when leading delimiters are dropped.
    ["!!+1!!x!!", "sprout", "bad-repeat", 2],
    ["!a|*b!x!", "sprout", "bad-repeat", 3],
    ["!a**!x!", "sprout", "bad-repeat", 3],
    ["!+?!x!", "sprout", "bad-repeat", 1],
    ["!ab(!x!", "sprout", "unbalanced-paren", 3],
    ["/^(.*$/sip:x@h/", "rfc", "unbalanced-paren", 2],
    // After an escaped delimiter the position still points into the raw field.
    ["!a\\!b(!x!", "rfc", "unbalanced-paren", 5],
    ["/a\\/b+(/x/", "rfc", "unbalanced-paren", 6],
    ["|a\\|b(|x|", "rfc", "unbalanced-paren", 5],
  ])("%j (%s): %s at %i", (raw, profile, code, at) => {
    const compiled = compileRegexField(raw, profile);
    expect(compiled.ok ? null : compiled.error).toMatchObject({ code, at });
  });

  it.each([
    // Lookaround is not POSIX extended.
    "!(?=1)1!x!",
    "!(?!1)1!x!",
    // A repeat with nothing before it.
    "!*1!x!",
    "!(*1)!x!",
    "!1|+2!x!",
  ])("the sprout profile rejects %j", (raw) => {
    expect(compileRegexField(raw, "sprout").ok).toBe(false);
  });

  it.each([
    // `^` and `$` are anchors anywhere: compiles, never matches a + number.
    "!\\+^.*$!x!",
    "!(\\+^.*$)!x!",
    // boost's extensions.
    "!\\d+!x!",
    "!\\w\\s!x!",
    "!(a|)!x!",
    "![[:digit:]]+!x!",
  ])("the sprout profile accepts %j", (raw) => {
    expect(compileRegexField(raw, "sprout").ok).toBe(true);
  });
});

describe("compiled fields applied: RFC examples and the profiles' differences", () => {
  it.each<[string, Profile, string, boolean, string]>([
    // [raw, profile, AUS, matched, output]
    ["!^.*$!sip:info@example.com!", "rfc", "+441632960083", true, "sip:info@example.com"],
    ["!^.*$!sip:info@example.com!", "sprout", "+441632960083", true, "sip:info@example.com"],
    // enum-semantics.md §2: boost's sub-match rule keeps the + in group 1.
    ["!^\\+?(.*)$!sip:\\1@example.com!", "sprout", "+14155550100", true, "sip:+14155550100@example.com"],
    ["!^\\+?(.*)$!sip:\\1@example.com!", "rfc", "+14155550100", true, "sip:14155550100@example.com"],
    [
      "/urn:cid:.+@([^\\.]+\\.)(.*)$/\\2/i",
      "rfc",
      "URN:CID:199606121851.1@bar.example.com",
      true,
      "example.com",
    ],
    // The `i` flag (rfc only); Sprout is case-sensitive.
    ["!ABC!x!i", "rfc", "abc", true, "x"],
    ["!ABC!x!", "rfc", "abc", false, "abc"],
    ["!ABC!x!", "sprout", "abc", false, "abc"],
    // Escaped delimiters match literally.
    ["!a\\!b!x!", "rfc", "a!b", true, "x"],
    ["|a\\|b|x|", "rfc", "a|b", true, "x"],
    ["|a\\|b|x|", "rfc", "a", false, "a"],
    ["!^(.*)$!sip:\\1\\!x@h!", "rfc", "12", true, "sip:12!x@h"],
    // `\+^` compiles but never matches (enum-semantics.md §2).
    ["!\\+^.*$!x!", "sprout", "+12", false, "+12"],
    ["!(\\+^.*$)!sip:\\1@ngv.example.com!", "sprout", "+12125550275", false, "+12125550275"],
  ])("%j under %s on %j", (raw, profile, aus, matched, output) => {
    expect(applyField(raw, profile, aus)).toEqual({ matched, output });
  });
});
