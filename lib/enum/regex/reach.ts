import type { AssertKind, Node } from "./ast";
import { hasChar, isLineSeparator, isWordChar, type CharSet } from "./charset";

/** One NFA state; `out`/`out2` index into the state list. */
type State =
  | { kind: "char"; set: CharSet; out: number }
  | { kind: "split"; out: number; out2: number }
  | { kind: "assert"; assertion: AssertKind; out: number }
  | { kind: "match" };

/** Beyond this many states (large counted repeats) the NFA is not built. */
const STATE_LIMIT = 4096;

/**
 * A Thompson NFA of a pattern, used only to learn where matches can end: whether a match
 * starts at a position and how far the longest one reaches. Captures play no part, so it
 * runs in time linear in the subject and lets the backtracking matcher skip hopeless
 * starts instead of exploring exponentially many failing paths.
 */
export class ReachNfa {
  private constructor(
    private readonly states: readonly State[],
    private readonly start: number,
    private readonly posixWordBoundary: boolean,
  ) {}

  /** Builds the NFA, or null when the pattern is too large to expand. */
  static build(ast: Node, posixWordBoundary: boolean): ReachNfa | null {
    const states: State[] = [];
    const add = (state: State): number => {
      if (states.length >= STATE_LIMIT) throw new RangeError("nfa too large");
      states.push(state);
      return states.length - 1;
    };
    // Compiles `node` so that it continues to `next`; returns its entry state.
    const compile = (node: Node, next: number): number => {
      switch (node.type) {
        case "empty":
          return next;
        case "char":
          return add({ kind: "char", set: node.set, out: next });
        case "assert":
          return add({ kind: "assert", assertion: node.kind, out: next });
        case "group":
          return compile(node.body, next);
        case "seq": {
          let entry = next;
          for (let i = node.items.length - 1; i >= 0; i--) entry = compile(node.items[i]!, entry);
          return entry;
        }
        case "alt": {
          const entries = node.branches.map((b) => compile(b, next));
          let entry = entries[entries.length - 1]!;
          for (let i = entries.length - 2; i >= 0; i--)
            entry = add({ kind: "split", out: entries[i]!, out2: entry });
          return entry;
        }
        case "repeat": {
          let entry = next;
          if (node.max === Infinity) {
            const loop = add({ kind: "split", out: -1, out2: next });
            const body = compile(node.body, loop);
            (states[loop] as { out: number }).out = body;
            entry = loop;
          } else {
            for (let i = node.min; i < node.max; i++) {
              const body = compile(node.body, entry);
              entry = add({ kind: "split", out: body, out2: entry });
            }
          }
          for (let i = 0; i < node.min; i++) entry = compile(node.body, entry);
          return entry;
        }
      }
    };
    try {
      const match = add({ kind: "match" });
      const start = compile(ast, match);
      return new ReachNfa(states, start, posixWordBoundary);
    } catch (e) {
      if (e instanceof RangeError) return null;
      throw e;
    }
  }

  /** The end of the longest match starting at `start`, or -1 when none starts there. */
  findLongestEnd(subject: string, start: number): number {
    const n = subject.length;
    let current = this.closure([this.start], subject, start);
    let best = current.matched ? start : -1;
    for (let pos = start; pos < n && current.states.length > 0; pos++) {
      const code = subject.charCodeAt(pos);
      const moved: number[] = [];
      for (const id of current.states) {
        const state = this.states[id]!;
        if (state.kind === "char" && hasChar(state.set, code)) moved.push(state.out);
      }
      current = this.closure(moved, subject, pos + 1);
      if (current.matched) best = pos + 1;
    }
    return best;
  }

  /** Epsilon closure at `pos`: the char states reachable, and whether `match` is. */
  private closure(
    seeds: readonly number[],
    subject: string,
    pos: number,
  ): { states: number[]; matched: boolean } {
    const seen = new Set<number>();
    const out: number[] = [];
    let matched = false;
    const stack = [...seeds];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const state = this.states[id]!;
      switch (state.kind) {
        case "match":
          matched = true;
          break;
        case "char":
          out.push(id);
          break;
        case "split":
          stack.push(state.out, state.out2);
          break;
        case "assert":
          if (testAssertion(state.assertion, subject, pos, this.posixWordBoundary)) stack.push(state.out);
          break;
      }
    }
    return { states: out, matched };
  }
}

/** Evaluates a zero-width assertion at `pos` (same rules as the backtracking matcher). */
export function testAssertion(kind: AssertKind, s: string, pos: number, posixWordBoundary: boolean): boolean {
  const n = s.length;
  switch (kind) {
    case "bob":
      return pos === 0;
    case "eob":
      return pos === n;
    case "eob-soft": {
      let p = pos;
      while (p < n && isLineSeparator(s.charCodeAt(p))) p++;
      return p === n;
    }
    case "bol":
      if (pos === 0) return true;
      return (
        isLineSeparator(s.charCodeAt(pos - 1)) &&
        !(pos < n && s.charCodeAt(pos - 1) === 0x0d && s.charCodeAt(pos) === 0x0a)
      );
    case "eol":
      if (pos === n) return true;
      return (
        isLineSeparator(s.charCodeAt(pos)) &&
        !(pos > 0 && s.charCodeAt(pos - 1) === 0x0d && s.charCodeAt(pos) === 0x0a)
      );
    case "word-boundary":
      return wordBefore(s, pos) !== wordAt(s, pos);
    case "not-word-boundary":
      // boost's within_word fails at either end of the buffer; glibc negates \b.
      if (posixWordBoundary) return wordBefore(s, pos) === wordAt(s, pos);
      return pos > 0 && pos < n && wordBefore(s, pos) === wordAt(s, pos);
    case "word-start":
      return wordAt(s, pos) && !wordBefore(s, pos);
    case "word-end":
      return wordBefore(s, pos) && !wordAt(s, pos);
  }
}

function wordBefore(s: string, pos: number): boolean {
  return pos > 0 && isWordChar(s.charCodeAt(pos - 1));
}

function wordAt(s: string, pos: number): boolean {
  return pos < s.length && isWordChar(s.charCodeAt(pos));
}
