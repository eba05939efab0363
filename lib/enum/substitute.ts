import { searchRegex, type CompiledRegex, type RegexMatch } from "./regex";

/**
 * Sprout's rewrite: `boost::regex_replace(aus, regex, replacement)` with default flags.
 * Every non-overlapping match is replaced by the expanded format and text between matches
 * is copied through; after an empty match the next search rejects an empty match at the
 * same place (`regex_iterator` adds `match_not_initial_null`). No match returns the
 * subject unchanged.
 */
export function replaceGlobal(
  re: CompiledRegex,
  subject: string,
  format: string,
): { readonly output: string; readonly matches: RegexMatch[] } {
  const matches: RegexMatch[] = [];
  let output = "";
  let lastEnd = 0;
  let searchFrom = 0;
  let match = searchRegex(re, subject, 0, false);
  while (match !== null) {
    const [start, end] = match.groups[0]!;
    matches.push(match);
    output += subject.slice(lastEnd, start);
    output += expandBoostFormat(format, match, subject, searchFrom);
    lastEnd = end;
    searchFrom = end;
    match = searchRegex(re, subject, end, start === end);
  }
  return { output: output + subject.slice(lastEnd), matches };
}

type CaseState = "copy" | "next-lower" | "next-upper" | "lower" | "upper";

/** One piece of a parsed boost format string. */
type FormatToken =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "group"; readonly index: number }
  | { readonly kind: "last-group" }
  | { readonly kind: "prefix" }
  | { readonly kind: "suffix" }
  | { readonly kind: "case"; readonly state: CaseState };

/** Parsed formats, by format string: rules share a handful of replacements. */
const FORMAT_CACHE = new Map<string, readonly FormatToken[]>();
const FORMAT_CACHE_LIMIT = 10_000;

/**
 * Expands a boost "perl" format string (`basic_regex_formatter::format_all` with
 * `format_default`): `$&`, `` $` ``, `$'`, `$$`, `$n`, `${n}`, `$+`, `\1`-`\9`
 * (single digit), `\0ooo` octal, `\a \e \f \n \r \t \v \xHH \x{H} \cX`, the case
 * converters `\l \u \L \U \E`, and `\` before anything else yields that character.
 * A group that did not take part expands to nothing.
 */
export function expandBoostFormat(
  format: string,
  match: RegexMatch,
  subject: string,
  searchFrom: number,
): string {
  const tokens = toFormatTokens(format);
  if (!hasCaseTokens(tokens)) {
    let out = "";
    for (const token of tokens) out += toTokenText(token, match, subject, searchFrom);
    return out;
  }
  // Case conversion applies character by character (basic_regex_formatter::put).
  let out = "";
  let state: CaseState = "copy";
  let restore: CaseState = "copy";
  for (const token of tokens) {
    if (token.kind === "case") {
      if (token.state === "next-lower" || token.state === "next-upper") restore = state;
      state = token.state;
      continue;
    }
    for (const ch of toTokenText(token, match, subject, searchFrom)) {
      if (state === "copy") out += ch;
      else if (state === "lower" || state === "next-lower") out += ch.toLowerCase();
      else out += ch.toUpperCase();
      if (state === "next-lower" || state === "next-upper") state = restore;
    }
  }
  return out;
}

function hasCaseTokens(tokens: readonly FormatToken[]): boolean {
  for (const token of tokens) if (token.kind === "case") return true;
  return false;
}

/** The text one token stands for in a match (boost's `put` of a sub-match or literal). */
function toTokenText(token: FormatToken, match: RegexMatch, subject: string, searchFrom: number): string {
  const groups = match.groups;
  switch (token.kind) {
    case "text":
      return token.text;
    case "group": {
      const span = groups[token.index];
      return span ? subject.slice(span[0], span[1]) : "";
    }
    case "last-group": {
      const span = groups[groups.length > 1 ? groups.length - 1 : 1];
      return span ? subject.slice(span[0], span[1]) : "";
    }
    case "prefix":
      return subject.slice(searchFrom, groups[0]![0]);
    case "suffix":
      return subject.slice(groups[0]![1]);
    case "case":
      return "";
  }
}

/** Parses a format string once; the result is cached. */
function toFormatTokens(format: string): readonly FormatToken[] {
  const cached = FORMAT_CACHE.get(format);
  if (cached !== undefined) return cached;
  const tokens = parseBoostFormat(format);
  if (FORMAT_CACHE.size >= FORMAT_CACHE_LIMIT) FORMAT_CACHE.clear();
  FORMAT_CACHE.set(format, tokens);
  return tokens;
}

function parseBoostFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let text = "";
  const put = (ch: string): void => {
    text += ch;
  };
  const emit = (token: FormatToken): void => {
    if (text !== "") tokens.push({ kind: "text", text });
    text = "";
    tokens.push(token);
  };

  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === "$") {
      i = parseDollar(i);
      continue;
    }
    if (c !== "\\") {
      put(c);
      i++;
      continue;
    }
    // format_escape
    i++;
    if (i >= format.length) {
      put("\\");
      break;
    }
    const e = format[i]!;
    const control = FORMAT_CONTROLS[e];
    if (control !== undefined) {
      put(control);
      i++;
      continue;
    }
    if (e === "x") {
      i++;
      if (i >= format.length) {
        put("x");
        break;
      }
      if (format[i] === "{") {
        const parsed = readStreamInt(format, i + 1, 16);
        if (parsed === null) {
          put("x");
          put("{");
          i++;
          continue;
        }
        if (format[parsed.next] !== "}") {
          put("x");
          continue;
        }
        put(String.fromCharCode(parsed.value & 0xff));
        i = parsed.next + 1;
        continue;
      }
      const parsed = readStreamInt(format.slice(0, Math.min(format.length, i + 2)), i, 16);
      if (parsed === null) {
        put("x");
        continue;
      }
      put(String.fromCharCode(parsed.value & 0xff));
      i = parsed.next;
      continue;
    }
    if (e === "c") {
      i++;
      if (i >= format.length) {
        put("c");
        break;
      }
      put(String.fromCharCode(format.charCodeAt(i) % 32));
      i++;
      continue;
    }
    const caseState = CASE_ESCAPES[e];
    if (caseState !== undefined) {
      emit({ kind: "case", state: caseState });
      i++;
      continue;
    }
    const digit = readStreamInt(format.slice(0, i + 1), i, 10);
    if (digit !== null && digit.value > 0) {
      emit({ kind: "group", index: digit.value });
      i = digit.next;
      continue;
    }
    if (digit !== null && digit.value === 0) {
      const octal = readStreamInt(format.slice(0, Math.min(format.length, i + 4)), i, 8)!;
      put(String.fromCharCode(octal.value & 0xff));
      i = octal.next;
      continue;
    }
    put(e);
    i++;
  }
  if (text !== "") tokens.push({ kind: "text", text });
  return tokens;

  /** format_perl: `at` points at `$`; returns the index after what was consumed. */
  function parseDollar(at: number): number {
    let p = at + 1;
    if (p >= format.length) {
      put("$");
      return p;
    }
    const c = format[p]!;
    switch (c) {
      case "&":
        emit({ kind: "group", index: 0 });
        return p + 1;
      case "`":
        emit({ kind: "prefix" });
        return p + 1;
      case "'":
        emit({ kind: "suffix" });
        return p + 1;
      case "$":
        put("$");
        return p + 1;
      case "+":
        emit({ kind: "last-group" });
        return p + 1;
      default:
        break;
    }
    let brace = false;
    if (c === "{") {
      brace = true;
      p++;
    }
    const parsed = readStreamInt(format, p, 10);
    if (parsed === null || (brace && format[parsed.next] !== "}")) {
      const verb = parsePerlVerb(p, brace);
      if (verb !== null) return verb;
      put("$");
      return at + 1;
    }
    emit({ kind: "group", index: parsed.value });
    return brace ? parsed.next + 1 : parsed.next;
  }

  /** handle_perl_verb: `$MATCH`, `${^PREMATCH}`, ... */
  function parsePerlVerb(p: number, brace: boolean): number | null {
    let q = p;
    if (brace && format[q] === "^") q++;
    for (const [name, token] of [
      ["MATCH", { kind: "group", index: 0 }],
      ["PREMATCH", { kind: "prefix" }],
      ["POSTMATCH", { kind: "suffix" }],
    ] as const) {
      if (format.startsWith(name, q)) {
        let next = q + name.length;
        if (brace) {
          if (format[next] !== "}") return null;
          next++;
        }
        emit(token);
        return next;
      }
    }
    return null;
  }
}

const CASE_ESCAPES: Readonly<Record<string, CaseState>> = {
  l: "next-lower",
  u: "next-upper",
  L: "lower",
  U: "upper",
  E: "copy",
};

const FORMAT_CONTROLS: Readonly<Record<string, string>> = {
  a: "\x07",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  e: "\x1b",
};

/**
 * Reads a number as boost's `cpp_regex_traits::toi` does with `std::istream`: leading
 * white space, an optional sign, digits of the radix, stopping at `,` (the C locale's
 * thousands separator) or the end of `text`. Negative or missing numbers give null.
 */
function readStreamInt(text: string, from: number, radix: number): { value: number; next: number } | null {
  let end = text.indexOf(",", from);
  if (end < 0) end = text.length;
  let p = from;
  while (p < end && /\s/.test(text[p]!)) p++;
  let sign = 1;
  if (p < end && (text[p] === "+" || text[p] === "-")) {
    sign = text[p] === "-" ? -1 : 1;
    p++;
  }
  if (radix === 16 && text[p] === "0" && (text[p + 1] === "x" || text[p + 1] === "X") && p + 2 < end) {
    if (isRadixDigit(text.charCodeAt(p + 2), 16)) p += 2;
  }
  const start = p;
  while (p < end && isRadixDigit(text.charCodeAt(p), radix)) p++;
  if (p === start) return null;
  const value = sign * parseInt(text.slice(start, p), radix);
  if (value < 0 || !Number.isSafeInteger(value)) return null;
  return { value, next: p };
}

function isRadixDigit(code: number, radix: number): boolean {
  if (code >= 0x30 && code <= 0x39) return code - 0x30 < radix;
  if (radix !== 16) return false;
  return (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * RFC 3402 §3.2 substitution (the `rfc` profile): on a match, the result is the
 * replacement alone, with `\1`-`\9` replaced by the groups and `\x` giving `x`; no match
 * gives null.
 */
export function substituteOnce(
  re: CompiledRegex,
  subject: string,
  replacement: string,
): { readonly output: string; readonly match: RegexMatch } | null {
  const match = searchRegex(re, subject);
  if (match === null) return null;
  let output = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c !== "\\" || i + 1 >= replacement.length) {
      output += c;
      continue;
    }
    const next = replacement[++i]!;
    if (next >= "1" && next <= "9") {
      const span = match.groups[Number(next)];
      if (span) output += subject.slice(span[0], span[1]);
    } else {
      output += next;
    }
  }
  return { output, match };
}
