/**
 * Character sets over code units, as the C locale classifies bytes (Sprout runs boost.regex
 * with `cpp_regex_traits` in the default "C" locale; glibc `regcomp` likewise). Code units
 * above 0xff belong to no class; only negated sets and `.` match them.
 */
export interface CharSet {
  /** Membership of code units 0..255. */
  readonly bits: Uint8Array;
  /** Whether code units above 0xff are members. */
  readonly high: boolean;
}

/** POSIX class names as both dialects spell them inside `[: :]`, plus boost's one-letter aliases. */
const CLASS_RANGES: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  // boost: "h" horizontal and "v" vertical space; "unicode" holds only code points > 0xff.
  h: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  v: [[0x0a, 0x0d]],
  unicode: [],
};

/** boost.regex's class-name aliases (`cpp_regex_traits::lookup_classname`). */
const BOOST_ALIASES: Readonly<Record<string, string>> = {
  d: "digit",
  w: "word",
  s: "space",
  l: "lower",
  u: "upper",
};

/** The class names glibc's `regcomp` accepts inside brackets (POSIX.1-2017 §9.3.5). */
const POSIX_CLASS_NAMES = new Set([
  "alnum",
  "alpha",
  "blank",
  "cntrl",
  "digit",
  "graph",
  "lower",
  "print",
  "punct",
  "space",
  "upper",
  "xdigit",
]);

/** A mutable builder; `freeze` turns it into a CharSet. */
export class CharSetBuilder {
  readonly bits = new Uint8Array(256);
  high = false;
  private count = 0;

  addCode(code: number): void {
    if (code > 0xff) {
      this.high = true;
      return;
    }
    if (this.bits[code] === 0) this.count++;
    this.bits[code] = 1;
  }

  addRange(from: number, to: number): void {
    for (let c = from; c <= Math.min(to, 0xff); c++) this.addCode(c);
    if (to > 0xff) this.high = true;
  }

  addSet(set: CharSet, negate: boolean): void {
    for (let c = 0; c < 256; c++) if ((set.bits[c] === 1) !== negate) this.addCode(c);
    if (set.high !== negate) this.high = true;
  }

  /** True when nothing has been added yet (boost uses this to decide what a `-` means). */
  isEmpty(): boolean {
    return this.count === 0 && !this.high;
  }

  freeze(negate: boolean): CharSet {
    const bits = new Uint8Array(256);
    for (let c = 0; c < 256; c++) bits[c] = (this.bits[c] === 1) !== negate ? 1 : 0;
    return { bits, high: this.high !== negate };
  }
}

/** Looks up a class by name for a dialect; null when the dialect does not know it. */
export function getNamedClass(name: string, dialect: "boost" | "posix"): CharSet | null {
  let key = name;
  if (dialect === "boost") {
    // boost retries the lookup in lower case (cpp_regex_traits::lookup_classname).
    key = name in CLASS_RANGES || name in BOOST_ALIASES ? name : name.toLowerCase();
    key = BOOST_ALIASES[key] ?? key;
    if (!(key in CLASS_RANGES)) return null;
  } else if (!POSIX_CLASS_NAMES.has(key)) {
    return null;
  }
  const builder = new CharSetBuilder();
  for (const [from, to] of CLASS_RANGES[key] ?? []) builder.addRange(from, to);
  return builder.freeze(false);
}

/** A set holding exactly one code unit (and, case-insensitively, its other case). */
export function toSingleCharSet(code: number, caseInsensitive: boolean): CharSet {
  const builder = new CharSetBuilder();
  builder.addCode(code);
  if (caseInsensitive) addOtherCase(builder, code);
  return builder.freeze(false);
}

/** Adds the ASCII other-case partner of a code unit (C locale case folding). */
export function addOtherCase(builder: CharSetBuilder, code: number): void {
  if (code >= 0x41 && code <= 0x5a) builder.addCode(code + 0x20);
  else if (code >= 0x61 && code <= 0x7a) builder.addCode(code - 0x20);
}

/** Folds a frozen set so it matches both cases (REG_ICASE). */
export function toCaseInsensitive(set: CharSet): CharSet {
  const builder = new CharSetBuilder();
  builder.addSet(set, false);
  for (let c = 0; c < 256; c++) if (set.bits[c] === 1) addOtherCase(builder, c);
  return builder.freeze(false);
}

/** The set every code unit belongs to (`.`). */
export const ANY_CHAR: CharSet = { bits: new Uint8Array(256).fill(1), high: true };

/** Whether a code unit is in a set. */
export function hasChar(set: CharSet, code: number): boolean {
  return code > 0xff ? set.high : set.bits[code] === 1;
}

/** Word characters for `\b`, `\<`, `\>` (C locale alnum plus `_`). */
export function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f
  );
}

/** boost's line separators for `^`/`$` in its default multi-line mode (`is_separator`). */
export function isLineSeparator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x0c || code === 0x85;
}
