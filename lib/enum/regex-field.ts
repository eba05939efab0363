import type { Profile } from "./profile";
import { compileRegex, type CompiledRegex } from "./regex";
import { err, ok, type Result } from "./result";

/** The parts of a NAPTR regexp field `!pattern!replacement!flags`, with their offsets. */
export interface RegexField {
  readonly delimiter: string;
  readonly pattern: string;
  /** Offset of `pattern` in the raw field, for error positions. */
  readonly patternAt: number;
  readonly replacement: string;
  readonly replacementAt: number;
  /**
   * Raw-field index of each pattern character, when unescaping made them differ
   * (rfc `\<delim>`); index `pattern.length` is the closing delimiter.
   */
  readonly patternOffsets?: readonly number[];
  /** RFC 3402 `i` flag (rfc profile only). */
  readonly caseInsensitive: boolean;
}

/** A regexp field compiled for a profile: ready to apply to numbers. */
export interface EnumRegexp extends RegexField {
  readonly raw: string;
  readonly profile: Profile;
  readonly regex: CompiledRegex;
}

/** Characters that mean something in an ERE and so stay escaped when used as delimiter. */
const ERE_SPECIALS = new Set("^$.[]()|*+?{}\\".split(""));

/**
 * Splits a regexp field under a profile.
 * - `sprout` (Sprout's `parse_regex_replace`): the first character is the delimiter; the
 *   field is split on every occurrence of it and empty pieces are dropped; exactly two
 *   pieces must remain. No escapes, no flags.
 * - `rfc` (RFC 3402 §3.2): the delimiter is any character but a digit, `\` or `i`;
 *   `\<delim>` escapes it; the field must end with the delimiter and an optional `i`.
 */
export function parseRegexField(raw: string, profile: Profile): Result<RegexField> {
  if (raw.length === 0) return err("regex-empty", "The regex field is empty.", 0);
  return profile === "sprout" ? parseSproutField(raw) : parseRfcField(raw);
}

function parseSproutField(raw: string): Result<RegexField> {
  const delimiter = raw[0]!;
  const pieces: { text: string; at: number }[] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw[i] === delimiter) {
      if (i > start) pieces.push({ text: raw.slice(start, i), at: start });
      start = i + 1;
    }
  }
  if (pieces.length !== 2) {
    const extra = pieces[2];
    const detail =
      pieces.length < 2
        ? `only ${pieces.length === 0 ? "no" : "one"} non-empty part`
        : `${pieces.length} parts (Sprout has no escapes or flags: a "${delimiter}" inside the pattern or a trailing flag splits it again)`;
    return err(
      "regex-split",
      `Splitting on "${delimiter}" must leave exactly two parts, pattern and replacement; this leaves ${detail}.`,
      extra?.at ?? raw.length,
    );
  }
  const [pattern, replacement] = pieces as [{ text: string; at: number }, { text: string; at: number }];
  return ok({
    delimiter,
    pattern: pattern.text,
    patternAt: pattern.at,
    replacement: replacement.text,
    replacementAt: replacement.at,
    caseInsensitive: false,
  });
}

function parseRfcField(raw: string): Result<RegexField> {
  const delimiter = raw[0]!;
  if ((delimiter >= "0" && delimiter <= "9") || delimiter === "\\" || delimiter === "i") {
    return err(
      "regex-delimiter",
      `"${delimiter}" cannot be the delimiter (RFC 3402 §3.2: not a digit, backslash or flag).`,
      0,
    );
  }
  /** Reads up to the next unescaped delimiter; `offsets[k]` is the raw index of text[k]. */
  const readPart = (
    from: number,
    unescapeDelimiter: boolean,
  ): { text: string; end: number; offsets: number[] } | null => {
    let text = "";
    const offsets: number[] = [];
    const put = (chunk: string, at: number): void => {
      for (let k = 0; k < chunk.length; k++) offsets.push(at + Math.min(k, 1));
      text += chunk;
    };
    for (let i = from; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === "\\" && raw[i + 1] === delimiter) {
        if (unescapeDelimiter && !ERE_SPECIALS.has(delimiter)) put(delimiter, i + 1);
        else put(`\\${delimiter}`, i);
        i++;
        continue;
      }
      if (c === "\\" && i + 1 < raw.length) {
        put(c + raw[i + 1]!, i);
        i++;
        continue;
      }
      if (c === delimiter) return { text, end: i, offsets: [...offsets, i] };
      put(c, i);
    }
    return null;
  };
  const pattern = readPart(1, true);
  if (pattern === null) {
    return err("regex-unterminated", `The pattern is not closed by "${delimiter}".`, raw.length);
  }
  if (pattern.text.length === 0) return err("regex-empty-pattern", "The pattern is empty.", 1);
  const replacement = readPart(pattern.end + 1, false);
  if (replacement === null) {
    return err("regex-unterminated", `The replacement is not closed by "${delimiter}".`, raw.length);
  }
  const flags = raw.slice(replacement.end + 1);
  if (flags !== "" && flags !== "i") {
    return err("regex-flags", `Unknown flags "${flags}": RFC 3402 only defines "i".`, replacement.end + 1);
  }
  return ok({
    delimiter,
    pattern: pattern.text,
    patternAt: 1,
    patternOffsets: pattern.offsets,
    replacement: replacement.text,
    replacementAt: pattern.end + 1,
    caseInsensitive: flags === "i",
  });
}

/**
 * Parses and compiles a regexp field: what the client does before it can use a rule.
 * Error positions are offsets into `raw`. Under `rfc`, back references must be `\1`-`\9`
 * and name an existing group (RFC 3402 §3.2); Sprout expands a missing group to nothing.
 */
export function compileRegexField(raw: string, profile: Profile): Result<EnumRegexp> {
  // Compiled rules are immutable; deployments reuse a few regexes across many blocks.
  const key = `${profile}\u0000${raw}`;
  const cached = COMPILE_CACHE.get(key);
  if (cached !== undefined) return cached;
  const result = compileUncached(raw, profile);
  if (COMPILE_CACHE.size >= COMPILE_CACHE_LIMIT) COMPILE_CACHE.clear();
  COMPILE_CACHE.set(key, result);
  return result;
}

const COMPILE_CACHE = new Map<string, Result<EnumRegexp>>();
const COMPILE_CACHE_LIMIT = 20_000;

function compileUncached(raw: string, profile: Profile): Result<EnumRegexp> {
  const field = parseRegexField(raw, profile);
  if (!field.ok) return field;
  const { pattern, patternAt, replacement, replacementAt, caseInsensitive } = field.value;
  const compiled = compileRegex(pattern, profile, { caseInsensitive });
  if (!compiled.ok) {
    const { code, message, at } = compiled.error;
    const offsets = field.value.patternOffsets;
    return err(code, message, offsets?.[at ?? 0] ?? patternAt + (at ?? 0));
  }
  if (profile === "rfc") {
    for (let i = 0; i < replacement.length; i++) {
      if (replacement[i] !== "\\") continue;
      const next = replacement[i + 1];
      if (next === "0") {
        return err(
          "backref-zero",
          "\\0 is not a back reference in RFC 3402; use \\1 to \\9.",
          replacementAt + i,
        );
      }
      if (next !== undefined && next >= "1" && next <= "9" && Number(next) > compiled.value.groupCount) {
        return err(
          "backref-range",
          `\\${next} refers to group ${next}, but the pattern has ${compiled.value.groupCount} group(s).`,
          replacementAt + i,
        );
      }
      i++;
    }
  }
  return ok({ ...field.value, raw, profile, regex: compiled.value });
}
