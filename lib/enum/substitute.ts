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
  const groups = match.groups;
  const [mStart, mEnd] = groups[0]!;
  let out = "";
  let state: CaseState = "copy";
  let restore: CaseState = "copy";

  const putChar = (ch: string): void => {
    switch (state) {
      case "copy":
        out += ch;
        break;
      case "lower":
        out += ch.toLowerCase();
        break;
      case "upper":
        out += ch.toUpperCase();
        break;
      case "next-lower":
        out += ch.toLowerCase();
        state = restore;
        break;
      case "next-upper":
        out += ch.toUpperCase();
        state = restore;
        break;
    }
  };
  const putText = (text: string): void => {
    for (const ch of text) putChar(ch);
  };
  const putGroup = (index: number): void => {
    const span = groups[index];
    if (span) putText(subject.slice(span[0], span[1]));
  };

  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === "$") {
      i = expandDollar(i);
      continue;
    }
    if (c !== "\\") {
      putChar(c);
      i++;
      continue;
    }
    // format_escape
    i++;
    if (i >= format.length) {
      putChar("\\");
      break;
    }
    const e = format[i]!;
    const control = FORMAT_CONTROLS[e];
    if (control !== undefined) {
      putChar(control);
      i++;
      continue;
    }
    if (e === "x") {
      i++;
      if (i >= format.length) {
        putChar("x");
        break;
      }
      if (format[i] === "{") {
        const parsed = readStreamInt(format, i + 1, 16);
        if (parsed === null) {
          putChar("x");
          putChar("{");
          i++;
          continue;
        }
        if (format[parsed.next] !== "}") {
          putChar("x");
          continue;
        }
        putChar(String.fromCharCode(parsed.value & 0xff));
        i = parsed.next + 1;
        continue;
      }
      const parsed = readStreamInt(format.slice(0, Math.min(format.length, i + 2)), i, 16);
      if (parsed === null) {
        putChar("x");
        continue;
      }
      putChar(String.fromCharCode(parsed.value & 0xff));
      i = parsed.next;
      continue;
    }
    if (e === "c") {
      i++;
      if (i >= format.length) {
        putChar("c");
        break;
      }
      putChar(String.fromCharCode(format.charCodeAt(i) % 32));
      i++;
      continue;
    }
    if (e === "l" || e === "u") {
      restore = state;
      state = e === "l" ? "next-lower" : "next-upper";
      i++;
      continue;
    }
    if (e === "L" || e === "U" || e === "E") {
      state = e === "L" ? "lower" : e === "U" ? "upper" : "copy";
      i++;
      continue;
    }
    const digit = readStreamInt(format.slice(0, i + 1), i, 10);
    if (digit !== null && digit.value > 0) {
      putGroup(digit.value);
      i = digit.next;
      continue;
    }
    if (digit !== null && digit.value === 0) {
      const octal = readStreamInt(format.slice(0, Math.min(format.length, i + 4)), i, 8)!;
      putChar(String.fromCharCode(octal.value & 0xff));
      i = octal.next;
      continue;
    }
    putChar(e);
    i++;
  }
  return out;

  /** format_perl: `i` points at `$`; returns the index after what was consumed. */
  function expandDollar(at: number): number {
    let p = at + 1;
    if (p >= format.length) {
      putChar("$");
      return p;
    }
    const c = format[p]!;
    switch (c) {
      case "&":
        putText(subject.slice(mStart, mEnd));
        return p + 1;
      case "`":
        putText(subject.slice(searchFrom, mStart));
        return p + 1;
      case "'":
        putText(subject.slice(mEnd));
        return p + 1;
      case "$":
        putChar("$");
        return p + 1;
      case "+":
        putGroup(groups.length > 1 ? groups.length - 1 : 1);
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
      const verb = matchPerlVerb(p, brace);
      if (verb !== null) return verb;
      putChar("$");
      return at + 1;
    }
    putGroup(parsed.value);
    return brace ? parsed.next + 1 : parsed.next;
  }

  /** handle_perl_verb: `$MATCH`, `${^PREMATCH}`, ... */
  function matchPerlVerb(p: number, brace: boolean): number | null {
    let q = p;
    if (brace && format[q] === "^") q++;
    for (const [name, text] of [
      ["MATCH", subject.slice(mStart, mEnd)],
      ["PREMATCH", subject.slice(searchFrom, mStart)],
      ["POSTMATCH", subject.slice(mEnd)],
    ] as const) {
      if (format.startsWith(name, q)) {
        let next = q + name.length;
        if (brace) {
          if (format[next] !== "}") return null;
          next++;
        }
        putText(text);
        return next;
      }
    }
    return null;
  }
}

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
