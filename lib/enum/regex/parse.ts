import { err, ok, type Result } from "../result";
import type { AssertKind, Node } from "./ast";
import {
  ANY_CHAR,
  CharSetBuilder,
  addOtherCase,
  getNamedClass,
  toCaseInsensitive,
  toSingleCharSet,
  type CharSet,
} from "./charset";

/** A parsed pattern: its tree and how many capture groups it has. */
export interface ParsedRegex {
  readonly ast: Node;
  readonly groupCount: number;
}

/**
 * The two pattern dialects:
 * - `boost`: boost.regex `regex::extended` (= `no_bk_refs | collate | no_perl_ex |
 *   no_escape_in_lists`), parsed by `basic_regex_parser::parse_extended`.
 * - `posix`: glibc `regcomp(REG_EXTENDED)`, i.e. `RE_SYNTAX_POSIX_EXTENDED`.
 */
export type Dialect = "boost" | "posix";

/** Thrown inside the parser only; turned into an EnumIssue at the boundary. */
class RegexSyntaxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** How the previous item ended, which decides whether a repeat operator may follow it. */
type LastState = "none" | "startmark" | "jump" | "assert" | "atom" | "endmark";

interface Frame {
  readonly branches: Node[][];
  items: Node[];
  readonly groupIndex: number;
  readonly openAt: number;
}

const MAX_REPEAT_BOOST = 0x7fffffff;
/** glibc's RE_DUP_MAX. */
const MAX_REPEAT_POSIX = 0x7fff;

/**
 * Parses a pattern under a dialect. Errors carry the character position (0-based, into
 * `pattern`) where the client's own parser gives up.
 */
export function parseRegexPattern(
  pattern: string,
  dialect: Dialect,
  caseInsensitive = false,
): Result<ParsedRegex> {
  try {
    const parser = new Parser(pattern, dialect, caseInsensitive);
    return ok(parser.parseAll());
  } catch (e) {
    if (e instanceof RegexSyntaxError) return err(e.code, e.message, e.at);
    throw e;
  }
}

class Parser {
  private pos = 0;
  /** Where the atom being parsed began (for source spans). */
  private atomStart = 0;
  private groupOpenAt = 0;
  private groupCount = 0;
  private last: LastState = "none";
  private readonly stack: Frame[] = [];

  constructor(
    private readonly src: string,
    private readonly dialect: Dialect,
    private readonly icase: boolean,
  ) {}

  private fail(code: string, message: string, at: number): never {
    throw new RegexSyntaxError(code, message, at);
  }

  private get frame(): Frame {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) throw new Error("regex parser stack is empty");
    return top;
  }

  private push(node: Node, state: LastState): void {
    // Record where the atom came from; groups span from their "(".
    const start = node.type === "group" ? this.groupOpenAt : this.atomStart;
    const spanned =
      node.type === "char" || node.type === "group" || node.type === "assert"
        ? { ...node, span: [start, this.pos] as const }
        : node;
    this.frame.items.push(spanned);
    this.last = state;
  }

  private charNode(code: number): Extract<Node, { type: "char" }> {
    return { type: "char", set: toSingleCharSet(code, this.icase) };
  }

  private setNode(set: CharSet): Node {
    return { type: "char", set: this.icase ? toCaseInsensitive(set) : set };
  }

  parseAll(): ParsedRegex {
    this.stack.push({ branches: [], items: [], groupIndex: 0, openAt: -1 });
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      this.atomStart = this.pos;
      switch (c) {
        case "(":
          this.openGroup();
          break;
        case ")":
          this.closeGroup();
          break;
        case "|":
          this.alternate();
          break;
        case "*":
        case "+":
        case "?":
          this.repeatOperator(c);
          break;
        case "{":
          this.interval();
          break;
        case "}":
          if (this.dialect === "boost") {
            // no_perl_ex: a lone `}` is an error (basic_regex_parser::parse_extended).
            this.fail("unbalanced-brace", "Found a closing } with no opening {.", this.pos);
          }
          this.literal(c);
          break;
        case "[":
          this.bracket();
          break;
        case ".":
          this.pos++;
          this.push({ type: "char", set: ANY_CHAR }, "atom");
          break;
        case "^":
          this.pos++;
          this.push({ type: "assert", kind: this.dialect === "boost" ? "bol" : "bob" }, "assert");
          break;
        case "$":
          this.pos++;
          this.push({ type: "assert", kind: this.dialect === "boost" ? "eol" : "eob" }, "assert");
          break;
        case "\\":
          if (this.dialect === "boost") this.boostEscape();
          else this.posixEscape();
          break;
        default:
          this.literal(c);
      }
    }
    if (this.stack.length > 1) {
      const open = this.frame.openAt;
      this.fail("unbalanced-paren", "The group opened here is never closed: a ) is missing.", open);
    }
    return { ast: this.finishFrame(this.frame), groupCount: this.groupCount };
  }

  private literal(c: string): void {
    this.pos++;
    this.push(this.charNode(c.charCodeAt(0)), "atom");
  }

  private finishFrame(frame: Frame): Node {
    const branches = [...frame.branches, frame.items].map(toSeq);
    return branches.length === 1 ? branches[0]! : { type: "alt", branches };
  }

  private openGroup(): void {
    const at = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) {
      this.fail("unbalanced-paren", "The pattern ends right after an opening (.", at);
    }
    this.groupCount++;
    this.stack.push({ branches: [], items: [], groupIndex: this.groupCount, openAt: at });
    this.last = "startmark";
  }

  private closeGroup(): void {
    if (this.stack.length === 1) {
      if (this.dialect === "posix") {
        // RE_UNMATCHED_RIGHT_PAREN_ORD: glibc takes an unmatched `)` as a literal.
        this.literal(")");
        return;
      }
      this.fail("unbalanced-paren", "Found a closing ) with no opening (.", this.pos);
    }
    this.pos++;
    const frame = this.stack.pop()!;
    const body = this.finishFrame(frame);
    this.groupOpenAt = frame.openAt;
    this.push({ type: "group", index: frame.groupIndex, body }, "endmark");
  }

  private alternate(): void {
    // Both dialects accept empty alternatives: boost's perl_syntax_group allows them
    // (`(a|)`), and glibc's parse_reg_exp builds a NULL branch.
    this.pos++;
    const frame = this.frame;
    frame.branches.push(frame.items);
    frame.items = [];
    this.last = "jump";
  }

  /** Checks that a repeat may follow what came before, per dialect; `at` is the operator. */
  private checkRepeatable(at: number, op: string): void {
    if (this.dialect === "boost") {
      if (at === 0) {
        this.fail("bad-repeat", `The repeat operator "${op}" cannot start a regular expression.`, at);
      }
      switch (this.last) {
        case "none":
          this.fail("bad-repeat", `Nothing to repeat before "${op}".`, at);
          break;
        case "startmark":
          this.fail("bad-repeat", `"${op}" cannot follow an opening ( : there is nothing to repeat.`, at);
          break;
        case "jump":
          this.fail(
            "bad-repeat",
            this.lastWasAlternation()
              ? `"${op}" cannot follow | : there is nothing to repeat.`
              : `"${op}" cannot follow another repeat (boost.regex rejects stacked repeats such as "a**" or "+?").`,
            at,
          );
          break;
        case "assert":
          this.fail("bad-repeat", `"${op}" cannot repeat an anchor such as ^ or $.`, at);
          break;
        default:
          break;
      }
      return;
    }
    // RE_CONTEXT_INVALID_OPS: a repeat at the start of the pattern, of a group or of an
    // alternative, or after an anchor, is REG_BADRPT in glibc.
    if (this.last === "none" || this.last === "startmark" || this.frame.items.length === 0) {
      this.fail("bad-repeat", `"${op}" has nothing to repeat.`, at);
    }
    if (this.last === "assert") {
      this.fail("bad-repeat", `"${op}" cannot repeat an anchor such as ^ or $.`, at);
    }
  }

  private lastWasAlternation(): boolean {
    return this.frame.items.length === 0 && this.frame.branches.length > 0;
  }

  private repeatOperator(op: "*" | "+" | "?"): void {
    const at = this.pos;
    this.checkRepeatable(at, op);
    this.pos++;
    if (op === "*") this.applyRepeat(0, Infinity);
    else if (op === "+") this.applyRepeat(1, Infinity);
    else this.applyRepeat(0, 1);
  }

  private applyRepeat(min: number, max: number): void {
    const items = this.frame.items;
    const body = items.pop();
    if (body === undefined) throw new Error("repeat without an operand");
    const start = "span" in body && body.span !== undefined ? body.span[0] : this.atomStart;
    items.push({ type: "repeat", body, min, max, span: [start, this.pos] });
    this.last = "jump";
  }

  private interval(): void {
    const at = this.pos;
    if (this.dialect === "posix") {
      this.posixInterval(at);
      return;
    }
    // basic_regex_parser::parse_repeat_range(false) under no_perl_ex.
    const src = this.src;
    const incomplete = (): never => this.fail("bad-brace", "Missing } in the repeat {m,n}.", this.pos);
    this.pos++;
    this.skipSpaces();
    if (this.pos >= src.length) incomplete();
    const min = this.readStreamInt();
    if (min === null || min > MAX_REPEAT_BOOST) incomplete();
    this.skipSpaces();
    if (this.pos >= src.length) incomplete();
    let max = min!;
    if (src[this.pos] === ",") {
      this.pos++;
      this.skipSpaces();
      if (this.pos >= src.length) incomplete();
      const v = this.readStreamInt();
      max = v !== null && v >= 0 && v < MAX_REPEAT_BOOST ? v : Infinity;
    }
    this.skipSpaces();
    if (this.pos >= src.length) incomplete();
    if (src[this.pos] !== "}") {
      // boost rewinds and takes the `{` as an ordinary character.
      this.pos = at;
      this.literal("{");
      return;
    }
    this.pos++;
    if (min! > max)
      this.fail("bad-brace", `The repeat {${min},${max}} has its minimum above its maximum.`, at);
    this.checkRepeatable(at, "{");
    this.applyRepeat(min!, max);
  }

  private posixInterval(at: number): void {
    const src = this.src;
    this.checkRepeatable(at, "{");
    this.pos++;
    const readInt = (): number | null => {
      const start = this.pos;
      while (this.pos < src.length && isDigit(src.charCodeAt(this.pos))) this.pos++;
      return this.pos > start ? Number(src.slice(start, this.pos)) : null;
    };
    let min = readInt();
    let max: number | null = min;
    if (src[this.pos] === ",") {
      this.pos++;
      // glibc takes a missing minimum as 0 (`{,n}`, `{,}`).
      min ??= 0;
      max = readInt() ?? Infinity;
    }
    if (this.pos >= src.length) this.fail("bad-brace", "Missing } in the repeat {m,n}.", at);
    if (src[this.pos] !== "}" || min === null) {
      this.fail("bad-brace", "A repeat {m,n} must hold one or two numbers.", at);
    }
    this.pos++;
    if (max !== Infinity && max! > MAX_REPEAT_POSIX) {
      this.fail("bad-brace", `A repeat count may not exceed ${MAX_REPEAT_POSIX}.`, at);
    }
    if (min > max!)
      this.fail("bad-brace", `The repeat {${min},${max}} has its minimum above its maximum.`, at);
    this.applyRepeat(min, max!);
  }

  private skipSpaces(): void {
    while (this.pos < this.src.length && isSpace(this.src.charCodeAt(this.pos))) this.pos++;
  }

  /** Reads an integer the way `std::istream >> intmax_t` does (leading spaces, a sign). */
  private readStreamInt(): number | null {
    const src = this.src;
    let p = this.pos;
    while (p < src.length && isSpace(src.charCodeAt(p))) p++;
    let sign = 1;
    if (src[p] === "+" || src[p] === "-") {
      sign = src[p] === "-" ? -1 : 1;
      p++;
    }
    const start = p;
    while (p < src.length && isDigit(src.charCodeAt(p))) p++;
    if (p === start) return null;
    const value = sign * Number(src.slice(start, p));
    this.pos = p;
    return value < 0 ? null : value;
  }

  private assertNode(kind: AssertKind): void {
    this.push({ type: "assert", kind }, "assert");
  }

  /** basic_regex_parser::parse_extended_escape with the default C-locale escape table. */
  private boostEscape(): void {
    const src = this.src;
    const at = this.pos;
    this.pos++;
    if (this.pos >= src.length) this.fail("bad-escape", "The pattern ends with an incomplete escape \\.", at);
    const c = src[this.pos]!;
    switch (c) {
      case "b":
        this.pos++;
        {
          this.assertNode("word-boundary");
          return;
        }
      case "B":
        this.pos++;
        {
          this.assertNode("not-word-boundary");
          return;
        }
      case "<":
        this.pos++;
        {
          this.assertNode("word-start");
          return;
        }
      case ">":
        this.pos++;
        {
          this.assertNode("word-end");
          return;
        }
      case "`":
      case "A":
        this.pos++;
        {
          this.assertNode("bob");
          return;
        }
      case "'":
      case "z":
        this.pos++;
        {
          this.assertNode("eob");
          return;
        }
      case "Z":
        this.pos++;
        {
          this.assertNode("eob-soft");
          return;
        }
      case "C":
      case "X":
        this.pos++;
        this.push({ type: "char", set: ANY_CHAR }, "atom");
        return;
      case "Q":
        this.quoted();
        return;
      case "G":
        this.fail("unsupported", "\\G (continue from the last match) is not supported by the console.", at);
        break;
      case "N":
        this.fail("bad-escape", "\\N{name} named characters are not supported here.", at);
        break;
      case "p":
      case "P":
        this.propertyClass(c === "P", at);
        return;
      default:
        break;
    }
    if (isDigit(c.charCodeAt(0))) {
      // no_bk_refs: "\1" is not a back reference in POSIX-extended mode; only octal "\0..." is.
      if (c !== "0") {
        this.fail(
          "backref-in-pattern",
          `"\\${c}" is not allowed in the pattern: back-references are disabled in POSIX-extended mode.`,
          at,
        );
      }
      this.push(this.charNode(this.octal(at)), "atom");
      return;
    }
    const code = c.charCodeAt(0);
    const isLower = code >= 0x61 && code <= 0x7a;
    const isUpper = code >= 0x41 && code <= 0x5a;
    if ((isLower || isUpper) && !CONTROL_ESCAPES.has(c) && c !== "x" && c !== "c") {
      // escape_type_class / escape_type_not_class: a class if the letter names one,
      // otherwise the letter itself.
      const set = getNamedClass(c, "boost");
      this.pos++;
      if (set !== null && c !== "v") {
        const builder = new CharSetBuilder();
        builder.addSet(set, false);
        this.push(this.setNode(builder.freeze(isUpper)), "atom");
      } else {
        this.push(this.charNode(code), "atom");
      }
      return;
    }
    this.push(this.charNode(this.unescapeCharacter(at)), "atom");
  }

  /** `\Q...\E`: everything up to `\E` (or the end) is literal. */
  private quoted(): void {
    const src = this.src;
    this.pos++;
    const end = src.indexOf("\\E", this.pos);
    const stop = end < 0 ? src.length : end;
    for (; this.pos < stop; this.pos++) {
      this.frame.items.push({ ...this.charNode(src.charCodeAt(this.pos)), span: [this.pos, this.pos + 1] });
      this.last = "atom";
    }
    this.pos = end < 0 ? src.length : end + 2;
  }

  private propertyClass(negate: boolean, at: number): void {
    const src = this.src;
    this.pos++;
    if (this.pos >= src.length) this.fail("bad-escape", "Incomplete property escape \\p.", at);
    let name: string;
    if (src[this.pos] === "{") {
      const close = src.indexOf("}", this.pos);
      if (close < 0) this.fail("bad-escape", "Closing } missing from the property escape.", at);
      name = src.slice(this.pos + 1, close);
      this.pos = close + 1;
    } else {
      name = src[this.pos]!;
      this.pos++;
    }
    const set = getNamedClass(name, "boost");
    if (set === null) this.fail("bad-class", `"${name}" is not a character class name.`, at);
    const builder = new CharSetBuilder();
    builder.addSet(set, false);
    this.push(this.setNode(builder.freeze(negate)), "atom");
  }

  /** basic_regex_parser::unescape_character; `pos` is at the character after `\`. */
  private unescapeCharacter(at: number): number {
    const src = this.src;
    const c = src[this.pos]!;
    const control = CONTROL_ESCAPES.get(c);
    if (control !== undefined) {
      this.pos++;
      return control;
    }
    if (c === "c") {
      this.pos++;
      if (this.pos >= src.length) this.fail("bad-escape", "The control escape \\c needs a character.", at);
      return src.charCodeAt(this.pos++) % 32;
    }
    if (c === "x") {
      this.pos++;
      if (this.pos >= src.length) this.fail("bad-escape", "The hexadecimal escape \\x needs digits.", at);
      if (src[this.pos] === "{") {
        const close = src.indexOf("}", this.pos);
        const digits = close < 0 ? "" : src.slice(this.pos + 1, close);
        if (close < 0 || !/^[0-9a-fA-F]+$/.test(digits) || parseInt(digits, 16) > 0xff) {
          this.fail("bad-escape", "The hexadecimal escape \\x{...} is invalid.", at);
        }
        this.pos = close + 1;
        return parseInt(digits, 16);
      }
      const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(this.pos, this.pos + 2));
      if (m === null) this.fail("bad-escape", "The escape \\x must be followed by hexadecimal digits.", at);
      this.pos += m[0].length;
      return parseInt(m[0], 16);
    }
    this.pos++;
    return c.charCodeAt(0);
  }

  /** An octal escape `\0ooo` (the leading 0 counts among at most 4 digits). */
  private octal(at: number): number {
    const m = /^[0-7]{1,4}/.exec(this.src.slice(this.pos, this.pos + 4));
    const digits = m === null ? "0" : m[0];
    const value = parseInt(digits, 8);
    if (value > 0x7f) this.fail("bad-escape", "The octal escape is out of range.", at);
    this.pos += digits.length;
    return value;
  }

  /** glibc peek_token for `\` in ERE with GNU operators enabled. */
  private posixEscape(): void {
    const src = this.src;
    const at = this.pos;
    this.pos++;
    if (this.pos >= src.length) this.fail("bad-escape", "The pattern ends with an incomplete escape \\.", at);
    const c = src[this.pos]!;
    this.pos++;
    switch (c) {
      case "b": {
        this.assertNode("word-boundary");
        return;
      }
      case "B": {
        this.assertNode("not-word-boundary");
        return;
      }
      case "<": {
        this.assertNode("word-start");
        return;
      }
      case ">": {
        this.assertNode("word-end");
        return;
      }
      case "`": {
        this.assertNode("bob");
        return;
      }
      case "'": {
        this.assertNode("eob");
        return;
      }
      case "w":
      case "W":
      case "s":
      case "S": {
        const set = getNamedClass(c.toLowerCase() === "w" ? "word" : "space", "boost")!;
        const builder = new CharSetBuilder();
        builder.addSet(set, false);
        this.push(this.setNode(builder.freeze(c === "W" || c === "S")), "atom");
        return;
      }
      default:
        break;
    }
    if (c >= "1" && c <= "9") {
      this.fail(
        "backref-in-pattern",
        `"\\${c}" is a back-reference, which POSIX ERE (RFC 3402 §3.2) does not have.`,
        at,
      );
    }
    this.push(this.charNode(c.charCodeAt(0)), "atom");
  }

  private bracket(): void {
    if (this.dialect === "boost") this.boostBracket();
    else this.posixBracket();
  }

  /** basic_regex_parser::parse_set under no_escape_in_lists. */
  private boostBracket(): void {
    const src = this.src;
    const open = this.pos;
    const incomplete = (): never =>
      this.fail("unbalanced-bracket", "The bracket expression [ is never closed: a ] is missing.", open);
    this.pos++;
    if (this.pos >= src.length) incomplete();
    const builder = new CharSetBuilder();
    let negate = false;
    const base = this.pos;
    let itemBase = this.pos;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (c === "^" && this.pos === base) {
        negate = true;
        this.pos++;
        itemBase = this.pos;
        continue;
      }
      if (c === "]" && this.pos !== itemBase) {
        this.pos++;
        const set = builder.freeze(negate);
        this.push(this.setNode(set), "atom");
        return;
      }
      if (c === "[") {
        if (this.boostInnerSet(builder)) continue;
        return;
      }
      if (c === "\\" && this.pos + 1 < src.length) {
        // Class shortcuts (\d, \w, \s, \l, \u, \h and negations) work even inside lists.
        const letter = src[this.pos + 1]!;
        const code = letter.charCodeAt(0);
        const isLower =
          code >= 0x61 && code <= 0x7a && !CONTROL_ESCAPES.has(letter) && letter !== "x" && letter !== "c";
        const isUpper = code >= 0x41 && code <= 0x5a;
        const set = isLower || isUpper ? getNamedClass(letter, "boost") : null;
        if (set !== null && letter !== "v") {
          builder.addSet(set, isUpper);
          this.pos += 2;
          continue;
        }
      }
      this.boostSetLiteral(builder, open);
    }
    incomplete();
  }

  /** Handles `[` inside a list: `[:class:]`, `[.coll.]`, `[=equiv=]` or a literal `[`. */
  private boostInnerSet(builder: CharSetBuilder): boolean {
    const src = this.src;
    const at = this.pos;
    const next = src[this.pos + 1];
    if (next === undefined) this.fail("unbalanced-bracket", "The bracket expression is never closed.", at);
    if (next === ":" || next === "=") {
      const nameStart = this.pos + 2;
      if (nameStart + 1 > src.length)
        this.fail("unbalanced-bracket", "The bracket expression is never closed.", at);
      const close = src.indexOf(next, nameStart + 1);
      if (close < 0 || src[close + 1] !== "]") {
        this.fail(
          "unbalanced-bracket",
          `The ${next === ":" ? "class" : "equivalence class"} [${next} is never closed.`,
          at,
        );
      }
      let name = src.slice(nameStart, close);
      this.pos = close + 2;
      if (next === "=") {
        if (name.length !== 1) this.fail("bad-collate", `Unknown equivalence class [=${name}=].`, at);
        builder.addCode(name.charCodeAt(0));
        return true;
      }
      let negated = false;
      if (name.startsWith("^")) {
        negated = true;
        name = name.slice(1);
      }
      const set = getNamedClass(name, "boost");
      if (set === null) {
        if (builder.isEmpty() && (name === "<" || name === ">") && src[this.pos] === "]") {
          this.pos++;
          this.assertNode(name === "<" ? "word-start" : "word-end");
          return false;
        }
        this.fail("bad-class", `"${name}" is not a character class name.`, at + 2);
      }
      builder.addSet(set, negated);
      return true;
    }
    this.boostSetLiteral(builder, at);
    return true;
  }

  /** basic_regex_parser::parse_set_literal: one element or a range. */
  private boostSetLiteral(builder: CharSetBuilder, open: number): void {
    const src = this.src;
    const startAt = this.pos;
    const start = this.boostNextSetLiteral(builder);
    if (this.pos >= src.length)
      this.fail("unbalanced-bracket", "The bracket expression [ is never closed.", open);
    if (src[this.pos] === "-") {
      this.pos++;
      if (this.pos >= src.length)
        this.fail("unbalanced-bracket", "The bracket expression [ is never closed.", open);
      if (src[this.pos] !== "]") {
        const end = this.boostNextSetLiteral(builder);
        if (start > end) {
          this.fail("bad-range", `The range ${src.slice(startAt, this.pos)} runs backwards.`, startAt);
        }
        builder.addRange(start, end);
        if (this.icase) for (let c = start; c <= end; c++) addOtherCase(builder, c);
        if (src[this.pos] === "-") {
          this.pos++;
          if (this.pos >= src.length)
            this.fail("unbalanced-bracket", "The bracket expression [ is never closed.", open);
          if (src[this.pos] === "]") {
            this.pos--;
            return;
          }
          this.fail("bad-range", "A range cannot be followed by another -.", this.pos - 1);
        }
        return;
      }
      this.pos--;
    }
    builder.addCode(start);
  }

  /** basic_regex_parser::get_next_set_literal. */
  private boostNextSetLiteral(builder: CharSetBuilder): number {
    const src = this.src;
    const c = src[this.pos]!;
    if (c === "-" && !builder.isEmpty()) {
      if (src[this.pos + 1] !== "]")
        this.fail("bad-range", "A - inside a list must be first, last or part of a range.", this.pos);
    }
    if (c === "[" && src[this.pos + 1] === ".") {
      const close = src.indexOf(".]", this.pos + 3);
      const name = close < 0 ? "" : src.slice(this.pos + 2, close);
      if (close < 0 || name.length !== 1)
        this.fail("bad-collate", "Unknown collating element [. .].", this.pos);
      this.pos = close + 2;
      return name.charCodeAt(0);
    }
    this.pos++;
    return c.charCodeAt(0);
  }

  /** glibc parse_bracket_exp (C locale; backslash is an ordinary character in lists). */
  private posixBracket(): void {
    const src = this.src;
    const open = this.pos;
    const incomplete = (): never =>
      this.fail("unbalanced-bracket", "The bracket expression [ is never closed: a ] is missing.", open);
    this.pos++;
    const builder = new CharSetBuilder();
    let negate = false;
    if (src[this.pos] === "^") {
      negate = true;
      this.pos++;
    }
    let first = true;
    for (;;) {
      if (this.pos >= src.length) incomplete();
      if (src[this.pos] === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      const startAt = this.pos;
      const start = this.posixBracketElement(builder);
      if (start === null) continue;
      if (src[this.pos] === "-" && src[this.pos + 1] !== "]" && this.pos + 1 < src.length) {
        this.pos++;
        const end = this.posixBracketElement(builder);
        if (end === null) this.fail("bad-range", "A range cannot end in a character class.", startAt);
        if (start > end)
          this.fail("bad-range", `The range ${src.slice(startAt, this.pos)} runs backwards.`, startAt);
        builder.addRange(start, end);
        if (this.icase) for (let c = start; c <= end; c++) addOtherCase(builder, c);
        if (src[this.pos] === "-" && src[this.pos + 1] !== "]") {
          this.fail("bad-range", "A range cannot be followed by another -.", this.pos);
        }
        continue;
      }
      builder.addCode(start);
      if (this.icase) addOtherCase(builder, start);
    }
    this.push({ type: "char", set: builder.freeze(negate) }, "atom");
  }

  /** One element of a glibc list: a character (returned) or a class (added; returns null). */
  private posixBracketElement(builder: CharSetBuilder): number | null {
    const src = this.src;
    const at = this.pos;
    if (at >= src.length) this.fail("unbalanced-bracket", "The bracket expression [ is never closed.", at);
    const c = src[at]!;
    const next = src[at + 1];
    if (c === "[" && (next === ":" || next === "." || next === "=")) {
      const close = src.indexOf(next + "]", at + 2);
      if (close < 0) this.fail("unbalanced-bracket", `The [${next} is never closed.`, at);
      const name = src.slice(at + 2, close);
      this.pos = close + 2;
      if (next === ":") {
        const set = getNamedClass(name, "posix");
        if (set === null) this.fail("bad-class", `"${name}" is not a character class name.`, at + 2);
        builder.addSet(this.icase ? toCaseInsensitive(set) : set, false);
        return null;
      }
      if (name.length !== 1)
        this.fail("bad-collate", `Unknown collating element [${next}${name}${next}].`, at);
      return name.charCodeAt(0);
    }
    this.pos++;
    return c.charCodeAt(0);
  }
}

const CONTROL_ESCAPES: ReadonlyMap<string, number> = new Map([
  ["a", 7],
  ["e", 27],
  ["f", 12],
  ["n", 10],
  ["r", 13],
  ["t", 9],
  ["v", 11],
]);

function toSeq(items: readonly Node[]): Node {
  if (items.length === 0) return { type: "empty" };
  if (items.length === 1) return items[0]!;
  return { type: "seq", items };
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isSpace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20;
}
