/**
 * A deterministic generator of ENUM-shaped regex patterns, subjects and replacement
 * formats for differential tests against boost.regex and glibc.
 *
 * Patterns are built compositionally from the pieces real ENUM rules use (anchors, `\+?`,
 * digit runs, `.*`, bracket expressions, intervals, groups, alternations) next to a fixed
 * list of hand-written shapes from deployed rules and the Sprout guide. Each generated
 * piece also knows how to produce a string it matches, so that many subjects actually
 * match and exercise group spans rather than only "no match". A share of patterns is
 * mutated into something invalid (leading quantifier, `+?`, `a**`, unbalanced brackets...)
 * to exercise compile-error agreement.
 */

/** A small seeded PRNG with the helpers the generator needs. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** Creates a mulberry32 PRNG: tiny, fast and identical on every platform for a seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    chance: (p) => next() < p,
  };
}

/** The characters subjects are drawn from: what dialed numbers and AUS look like. */
export const SUBJECT_ALPHABET = "0123456789+abcdefx.-() ";

/** Hand-written shapes of real ENUM rules (and the Sprout guide's), valid and not. */
export const FIXED_PATTERNS: readonly string[] = [
  "^(.*)$",
  "(^.*$)",
  "^\\+?(.*)$",
  "^\\+?1?(.*)$",
  "^\\+1(\\d{10})$",
  "^(\\+?1)?([2-9][0-9]{2})([0-9]{7})$",
  "^\\+44(.*)",
  "\\+^.*$",
  "(\\+^.*$)",
  "^.*$",
  "([0-9]+)",
  "(.*)",
  "^(1|\\+1)?(.*)$",
  "^\\+1(212|646)(.*)$",
  "^\\+?(1)?(650)?([0-9]*)$",
  "^\\+1[0-9]{3}([0-9]{7})$",
  "^\\+?[0-9]{2,4}(.*)$",
  "^\\+?1?([2-9][0-9]{2,})$",
  "^[[:digit:]]+$",
  "^\\+?([^0-9]*)([0-9]+)$",
  "^[+](.*)$",
  "^\\+?\\d+$",
  "^(\\w+)\\s?(.*)$",
  "\\+\\.\\(1\\)",
  "^(\\+)?(1)?(.*)$",
  "^((\\+?1)?(2(1|4)2))(.*)$",
  "(12)*",
  "(1|12)(2|23)",
  "(1|12)(2|23)(3*)",
  "(a|ab)(c|bcd)(d*)",
  "(a|)",
  "(a|)+b",
  "a|",
  "()",
  "^$",
  "$^",
  "^(.*)(.*)$",
  "^(.?)(.*)(5?)$",
  "([0-9]{3})([0-9]{4})$",
  "^\\+?((1)|(44))?(.*)$",
  "^(\\+?[0-9]+)(x[0-9]+)?$",
  "[[:digit:]]{2}[.-]?",
  "^\\+?1 ?\\(?([0-9]{3})\\)?[ .-]?([0-9]{3})[ .-]?([0-9]{4})$",
  "\\d\\w\\s",
  "[\\d]",
  "(.)\\.",
  // Invalid under boost, and some under glibc too.
  "+1(^.*$)",
  "*",
  "?1",
  "+?",
  "1+?",
  "a**",
  "(+1)",
  "(",
  ")",
  "1)",
  "[",
  "[0-9",
  "[9-0]",
  "1{3,2}",
  "1\\",
  "(?=1)",
  "(?:1)",
  "^*",
  "{2}1",
  "1{,2}",
  "[[:foo:]]",
  "(1)\\1",
];

/** Subjects for the fixed shapes: real numbers plus edge cases. */
export const FIXED_SUBJECTS: readonly string[] = [
  "+14155550100",
  "14155550100",
  "16505551234",
  "+16505551234",
  "+12125550270",
  "+16465550123",
  "+442071234567",
  "2125550270",
  "212",
  "1",
  "+",
  "",
  "+1 (650) 555-1234",
  "+16505551234x12",
  "1234",
  "123",
  "12",
  "1212",
  "abcd",
  "a1b2",
  "+1x",
  " 1",
  "x",
  "1.2-3",
];

/**
 * Replacement formats in Sprout's style (boost's default format syntax), including the
 * corners: multi-digit `$n`, single-digit `\n`, missing groups, escapes, `$&`.
 */
export const SPROUT_FORMATS: readonly string[] = [
  "sip:\\1@example.com",
  "sip:+1\\1@h",
  "\\1\\2",
  "tel:\\1;mcc=310;mnc=012",
  "$1",
  "${1}0",
  "$&",
  "\\10",
  "\\\\",
  "\\$",
  "\\x",
  "$0",
  "$2",
  "$10",
  "sip:\\2@\\1.example",
  "!\\3!",
  "\\0",
  "$$",
  "$+",
  "<$`|$'>",
  "\\t",
  "\\u$1",
  "",
  "x",
];

/** One generated pattern together with a way to produce strings it (probably) matches. */
interface Piece {
  readonly text: string;
  readonly sample: (rng: Rng) => string;
  /** Whether the piece contains a quantifier: repeating it again nests repeats. */
  readonly repeats?: boolean;
}

/** One differential case. `format` is used by the Sprout profile, `caseInsensitive` by rfc. */
export interface GeneratedCase {
  readonly pattern: string;
  readonly subject: string;
  readonly format: string;
  readonly caseInsensitive: boolean;
}

/** How many generated patterns are deliberately broken. */
const INVALID_SHARE = 0.12;
const MAX_GROUP_DEPTH = 2;
/**
 * How often a group that already contains a quantifier is quantified again. Nested
 * unbounded repeats like `((a|b+)*c)*` are rare in ENUM rules and drive glibc (and any
 * backtracking engine) into exponential time, so they are kept but rare.
 */
const NESTED_REPEAT_SHARE = 0.1;

/** Generates `patternCount` patterns with `subjectsPerPattern` subjects each, reproducibly. */
export function generateCases(
  seed: number,
  patternCount: number,
  subjectsPerPattern: number,
): GeneratedCase[] {
  const rng = createRng(seed);
  const cases: GeneratedCase[] = [];
  for (let p = 0; p < patternCount; p++) {
    const piece = generatePiece(rng);
    const pattern = rng.chance(INVALID_SHARE) ? toInvalidPattern(rng, piece.text) : piece.text;
    for (let s = 0; s < subjectsPerPattern; s++) {
      cases.push({
        pattern,
        subject: generateSubject(rng, piece),
        format: rng.pick(SPROUT_FORMATS),
        caseInsensitive: rng.chance(0.25),
      });
    }
  }
  return cases;
}

/** Crosses the fixed shapes with the fixed subjects, cycling through the formats. */
export function createFixedCases(): GeneratedCase[] {
  const cases: GeneratedCase[] = [];
  let index = 0;
  for (const pattern of FIXED_PATTERNS) {
    for (const subject of FIXED_SUBJECTS) {
      const format = SPROUT_FORMATS[index % SPROUT_FORMATS.length] ?? "";
      cases.push({ pattern, subject, format, caseInsensitive: index % 7 === 0 });
      index++;
    }
  }
  return cases;
}

function generatePiece(rng: Rng): Piece {
  const body = generateAlternation(rng, 0);
  const roll = rng.next();
  if (roll < 0.45) return concatPieces([literal("^"), body, literal("$")].map(toAnchorAware));
  if (roll < 0.6) return concatPieces([toAnchorAware(literal("^")), body]);
  if (roll < 0.7) return concatPieces([body, toAnchorAware(literal("$"))]);
  if (roll < 0.75) {
    // Sprout guide style: the group wraps the anchors, `(^.*$)`.
    return wrapGroup(concatPieces([toAnchorAware(literal("^")), body, toAnchorAware(literal("$"))]));
  }
  return body;
}

function generateAlternation(rng: Rng, depth: number): Piece {
  const branchCount = rng.chance(depth === 0 ? 0.15 : 0.35) ? rng.between(2, 3) : 1;
  const branches: Piece[] = [];
  for (let i = 0; i < branchCount; i++) {
    // Empty alternatives `(a|)` are a boost extension and legal in glibc.
    branches.push(branchCount > 1 && rng.chance(0.12) ? literal("") : generateSequence(rng, depth));
  }
  if (branches.length === 1) return branches[0]!;
  return {
    text: branches.map((b) => b.text).join("|"),
    sample: (r) => r.pick(branches).sample(r),
    repeats: branches.some((b) => b.repeats === true),
  };
}

function generateSequence(rng: Rng, depth: number): Piece {
  const length = rng.between(1, depth === 0 ? 4 : 3);
  const items: Piece[] = [];
  for (let i = 0; i < length; i++) items.push(generateQuantified(rng, depth));
  return concatPieces(items);
}

function generateQuantified(rng: Rng, depth: number): Piece {
  const atom = generateAtom(rng, depth);
  if (atom.text === "^" || atom.text === "$") return atom;
  if (atom.repeats === true) {
    if (!rng.chance(NESTED_REPEAT_SHARE)) return atom;
    return rng.chance(0.5) ? repeatPiece(atom, "*", 0, 2) : repeatPiece(atom, "?", 0, 1);
  }
  const roll = rng.next();
  if (roll < 0.55) return atom;
  if (roll < 0.67) return repeatPiece(atom, "*", 0, 3);
  if (roll < 0.77) return repeatPiece(atom, "+", 1, 3);
  if (roll < 0.89) return repeatPiece(atom, "?", 0, 1);
  const low = rng.between(0, 3);
  const shape = rng.int(3);
  if (shape === 0) return repeatPiece(atom, `{${low}}`, low, low);
  if (shape === 1) {
    const high = low + rng.between(0, 3);
    return repeatPiece(atom, `{${low},${high}}`, low, high);
  }
  return repeatPiece(atom, `{${low},}`, low, low + 2);
}

const CLASS_ATOMS: readonly (readonly [string, string])[] = [
  ["[0-9]", "0123456789"],
  ["[2-9]", "23456789"],
  ["[[:digit:]]", "0123456789"],
  ["[^0-9]", "+abcdefx.-() "],
  ["[+]", "+"],
  ["[0-9+]", "0123456789+"],
  ["[a-f]", "abcdef"],
  ["[^+]", "0123456789abcdefx"],
  ["[.()-]", ".()-"],
  ["[[:alpha:]]", "abcdefx"],
  ["[[:space:]]", " "],
  ["[x0-2]", "x012"],
  ["[-0-9]", "-0123456789"],
  ["[[:alnum:]+]", "0123456789abcdefx+"],
  ["[\\d]", "5"],
  [".", SUBJECT_ALPHABET],
  ["\\d", "0123456789"],
  ["\\w", "0123456789abcdefx"],
  ["\\s", " "],
];

const ESCAPED_ATOMS: readonly (readonly [string, string])[] = [
  ["\\+", "+"],
  ["\\.", "."],
  ["\\(", "("],
  ["\\)", ")"],
  ["\\-", "-"],
];

function generateAtom(rng: Rng, depth: number): Piece {
  const roll = rng.next();
  if (roll < 0.25) {
    // Digit runs: country codes, area codes, prefixes.
    const run = Array.from({ length: rng.between(1, 3) }, () => String(rng.int(10))).join("");
    return literal(run);
  }
  if (roll < 0.5) {
    const [text, chars] = rng.pick(CLASS_ATOMS);
    return { text, sample: (r) => chars.charAt(r.int(chars.length)) };
  }
  if (roll < 0.6) {
    const [text, sample] = rng.pick(ESCAPED_ATOMS);
    return { text, sample: () => sample };
  }
  if (roll < 0.66) {
    // Upper case only in patterns: subjects are lower case, which exercises REG_ICASE.
    const letter = rng.pick(["a", "b", "c", "d", "e", "f", "x", "A", "F", "X"]);
    return { text: letter, sample: () => letter.toLowerCase() };
  }
  if (roll < 0.69) return toAnchorAware(literal(rng.pick(["^", "$"])));
  if (depth < MAX_GROUP_DEPTH) return wrapGroup(generateAlternation(rng, depth + 1));
  return literal(String(rng.int(10)));
}

function literal(text: string): Piece {
  return { text, sample: () => text };
}

/** Anchors match no characters, so their sample is empty. */
function toAnchorAware(piece: Piece): Piece {
  return piece.text === "^" || piece.text === "$" ? { text: piece.text, sample: () => "" } : piece;
}

function wrapGroup(piece: Piece): Piece {
  return { ...piece, text: `(${piece.text})` };
}

function concatPieces(pieces: readonly Piece[]): Piece {
  return {
    text: pieces.map((p) => p.text).join(""),
    sample: (r) => pieces.map((p) => p.sample(r)).join(""),
    repeats: pieces.some((p) => p.repeats === true),
  };
}

function repeatPiece(atom: Piece, quantifier: string, min: number, max: number): Piece {
  return {
    text: atom.text + quantifier,
    repeats: true,
    sample: (r) => {
      let out = "";
      const count = r.between(min, max);
      for (let i = 0; i < count; i++) out += atom.sample(r);
      return out;
    },
  };
}

/** Breaks a valid pattern in one of the ways people (and the Sprout guide) break them. */
function toInvalidPattern(rng: Rng, pattern: string): string {
  const mutations: readonly ((p: string) => string)[] = [
    (p) => rng.pick(["+", "*", "?"]) + p,
    (p) => `${p}1+?`,
    (p) => `${p}5**`,
    (p) => `(+1)${p}`,
    (p) => `${p}(`,
    (p) => `${p})`,
    (p) => `)${p}`,
    (p) => p.replace(")", ""),
    (p) => `${p}[`,
    (p) => `${p}[0-9`,
    (p) => `${p}[9-0]`,
    (p) => `${p}1{3,2}`,
    (p) => `${p}\\`,
    (p) => `(?=1)${p}`,
    (p) => `${p}|*`,
    (p) => `(*${p})`,
    (p) => `^*${p}`,
    (p) => `${p}{2}`,
    (p) => `${p}[[:foo:]]`,
  ];
  return rng.pick(mutations)(pattern);
}

/** Generates a subject: half derived from what the pattern matches, half ENUM-shaped noise. */
function generateSubject(rng: Rng, piece: Piece): string {
  if (rng.chance(0.5)) {
    const sample = piece.sample(rng).slice(0, 40);
    return rng.chance(0.25) ? toMutatedSubject(rng, sample) : sample;
  }
  return generateEnumSubject(rng);
}

function toMutatedSubject(rng: Rng, subject: string): string {
  const char = SUBJECT_ALPHABET.charAt(rng.int(SUBJECT_ALPHABET.length));
  const at = rng.int(subject.length + 1);
  switch (rng.int(4)) {
    case 0:
      return subject.slice(0, at) + char + subject.slice(at);
    case 1:
      return subject.slice(0, at) + subject.slice(at + 1);
    case 2:
      return `+${subject}`;
    default:
      return subject + char;
  }
}

/** Generates a dialed-number-like subject (with or without `+`, punctuation, letters). */
export function generateEnumSubject(rng: Rng): string {
  const digits = (n: number): string => Array.from({ length: n }, () => String(rng.int(10))).join("");
  switch (rng.int(9)) {
    case 0:
      return `+1${rng.pick(["212", "646", "650", "415"])}${digits(7)}`;
    case 1:
      return `1${rng.pick(["212", "646", "650"])}${digits(7)}`;
    case 2:
      return `+44${digits(10)}`;
    case 3:
      return digits(rng.between(0, 6));
    case 4:
      return `${rng.pick(["+1 ", "", "1-"])}(${digits(3)}) ${digits(3)}-${digits(4)}`;
    case 5:
      return `+${digits(rng.between(1, 12))}${rng.chance(0.5) ? `x${digits(2)}` : ""}`;
    case 6:
      return digits(10);
    default: {
      const length = rng.between(0, 14);
      let out = "";
      for (let i = 0; i < length; i++) out += SUBJECT_ALPHABET.charAt(rng.int(SUBJECT_ALPHABET.length));
      return out;
    }
  }
}
