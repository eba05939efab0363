import type { AssertKind, Node } from "./ast";
import { hasChar, isLineSeparator, type CharSet } from "./charset";
import { ReachNfa, testAssertion } from "./reach";

/**
 * How the best match among all matches starting at one position is chosen.
 * - `boost`: boost.regex in POSIX mode explores every path and keeps the best by
 *   `match_results::maybe_assign` (longest, then each group in turn: earliest start, then
 *   longest, matched before unmatched).
 * - `posix`: the longest match; among those, the first path in priority order (greedy
 *   repeats; alternatives in glibc's node order, see toGlibcBranchOrder), which is the
 *   path glibc's `set_regs` walks.
 */
export type MatchRule = "boost" | "posix";

/** Raised when a match needs more steps than a client would spend (boost's error_complexity). */
export class RegexComplexityError extends Error {
  constructor() {
    super("The regular expression needs too many steps on this input.");
    this.name = "RegexComplexityError";
  }
}

/** Upper bound on matcher steps per search, in the spirit of boost's max_state_count. */
const STEP_BUDGET = 5_000_000;

type Cont = (pos: number) => boolean;

/**
 * A compiled pattern: continuation-passing matchers built once, run per search. Each
 * instance is single-threaded state; JS never re-enters it during a search.
 */
export class Program {
  private s = "";
  private n = 0;
  private steps = 0;
  private readonly caps: Int32Array;
  private readonly opens: Int32Array;
  private best: Int32Array | null = null;
  private matchStart = 0;
  private searchStart = 0;
  private notInitialNull = false;
  private readonly entry: Cont;
  /** Every match must start at a line start (the pattern begins with `^` or `\``). */
  private readonly anchored: boolean;
  /** Where matches can end, for skipping hopeless starts; null for very large patterns. */
  private readonly reach: ReachNfa | null;
  /** posix: the only end a match at this start may have (the longest). */
  private targetEnd = -1;

  constructor(
    ast: Node,
    private readonly groupCount: number,
    private readonly rule: MatchRule,
  ) {
    this.caps = new Int32Array(2 * (groupCount + 1)).fill(-1);
    this.opens = new Int32Array(groupCount + 1).fill(-1);
    this.entry = this.compile(ast, (pos) => this.accept(pos));
    this.anchored = startsAnchored(ast);
    this.reach = ReachNfa.build(ast, rule === "posix");
  }

  /**
   * Searches `subject` from `from`: the leftmost start with any match, the best match
   * there. Returns group spans as a flat array [start0, end0, start1, end1, ...] with -1
   * for unmatched groups, or null. `notInitialNull` rejects an empty match at `from`
   * (boost's match_not_initial_null, used by regex_replace after an empty match).
   */
  exec(subject: string, from: number, notInitialNull: boolean): Int32Array | null {
    this.s = subject;
    this.n = subject.length;
    this.steps = 0;
    this.searchStart = from;
    this.notInitialNull = notInitialNull;
    try {
      for (let start = from; start <= this.n; start++) {
        // A start-anchored pattern can only match at 0 or after a line separator.
        if (this.anchored && start > 0 && !isLineSeparator(subject.charCodeAt(start - 1))) continue;
        const best = this.matchAt(start, from, notInitialNull);
        if (best !== null) return best;
      }
      return null;
    } catch (e) {
      if (e instanceof RangeError) throw new RegexComplexityError();
      throw e;
    } finally {
      this.s = "";
      this.best = null;
    }
  }

  /**
   * The best match starting at `start`. Backtracking runs first; when it exceeds its step
   * budget, the linear-time NFA says whether any match starts here: none, and the start is
   * skipped; one, and the RFC profile searches again for just the longest end, while the
   * Sprout profile gives up as boost does (error_complexity).
   */
  private matchAt(start: number, from: number, notInitialNull: boolean): Int32Array | null {
    this.targetEnd = -1;
    try {
      return this.runFrom(start);
    } catch (e) {
      if (!(e instanceof RegexComplexityError) || this.reach === null) throw e;
      const end = this.reach.findLongestEnd(this.s, start);
      // No match here, or only the empty one that match_not_initial_null rejects.
      if (end < 0 || (notInitialNull && start === from && end === from)) {
        this.steps = 0;
        return null;
      }
      if (this.rule !== "posix") throw e;
      this.steps = 0;
      this.targetEnd = end;
      return this.runFrom(start);
    }
  }

  private runFrom(start: number): Int32Array | null {
    this.best = null;
    this.matchStart = start;
    this.caps.fill(-1);
    this.entry(start);
    return this.takeBest();
  }

  private takeBest(): Int32Array | null {
    return this.best;
  }

  private accept(pos: number): boolean {
    if (this.notInitialNull && pos === this.searchStart) return false;
    const caps = this.caps;
    caps[0] = this.matchStart;
    caps[1] = pos;
    if (this.rule === "posix") {
      if (this.targetEnd >= 0) {
        // The first path in priority order that reaches the longest end is the match.
        if (pos !== this.targetEnd) return false;
        this.best = caps.slice();
        return true;
      }
      if (this.best === null || pos > this.best[1]!) this.best = caps.slice();
      // The first path (in priority order) reaching the end of the subject cannot be beaten.
      return pos === this.n;
    }
    if (this.best === null || isBetterBoost(this.best, caps, this.n, this.groupCount))
      this.best = caps.slice();
    return false;
  }

  private tick(): void {
    if (++this.steps > STEP_BUDGET) throw new RegexComplexityError();
  }

  private compile(node: Node, next: Cont): Cont {
    switch (node.type) {
      case "empty":
        return next;
      case "char":
        return this.compileChar(node.set, next);
      case "seq": {
        let k = next;
        for (let i = node.items.length - 1; i >= 0; i--) k = this.compile(node.items[i]!, k);
        return k;
      }
      case "alt": {
        const ordered = this.rule === "posix" ? toGlibcBranchOrder(node.branches) : node.branches;
        const branches = ordered.map((b) => this.compile(b, next));
        return (pos) => {
          for (const branch of branches) if (branch(pos)) return true;
          return false;
        };
      }
      case "group":
        return this.compileGroup(node.index, node.body, next);
      case "repeat":
        if (node.body.type === "char") return this.compileCharRepeat(node.body.set, node.min, node.max, next);
        return this.compileRepeat(node.body, node.min, node.max, next);
      case "assert":
        return this.compileAssert(node.kind, next);
    }
  }

  private compileChar(set: CharSet, next: Cont): Cont {
    return (pos) => {
      this.tick();
      return pos < this.n && hasChar(set, this.s.charCodeAt(pos)) && next(pos + 1);
    };
  }

  /** Single-character repeats (`.*`, `[0-9]{10}`): boost's fast repeat states, same paths. */
  private compileCharRepeat(set: CharSet, min: number, max: number, next: Cont): Cont {
    return (pos) => {
      const s = this.s;
      const limit = Math.min(this.n, max === Infinity ? this.n : pos + max);
      let end = pos;
      while (end < limit && hasChar(set, s.charCodeAt(end))) end++;
      this.steps += end - pos;
      for (let p = end; p >= pos + min; p--) {
        this.tick();
        if (next(p)) return true;
      }
      return false;
    };
  }

  private compileGroup(index: number, body: Node, next: Cont): Cont {
    const caps = this.caps;
    const opens = this.opens;
    const close: Cont = (pos) => {
      const oldStart = caps[2 * index]!;
      const oldEnd = caps[2 * index + 1]!;
      caps[2 * index] = opens[index]!;
      caps[2 * index + 1] = pos;
      const found = next(pos);
      caps[2 * index] = oldStart;
      caps[2 * index + 1] = oldEnd;
      return found;
    };
    const inner = this.compile(body, close);
    return (pos) => {
      const oldOpen = opens[index]!;
      opens[index] = pos;
      const found = inner(pos);
      opens[index] = oldOpen;
      return found;
    };
  }

  /**
   * A general repeat. An iteration that consumes nothing ends the loop: boost's
   * repeater_count::check_null_repeat sets the count to the maximum after one.
   */
  private compileRepeat(body: Node, min: number, max: number, next: Cont): Cont {
    let count = 0;
    let iterStart = -1;
    const loop = (pos: number): boolean => {
      if (count < max) {
        const savedStart = iterStart;
        iterStart = pos;
        const found = inner(pos);
        iterStart = savedStart;
        if (found) return true;
      }
      return count >= min ? next(pos) : false;
    };
    const afterBody: Cont = (pos) => {
      this.tick();
      const savedCount = count;
      const savedStart = iterStart;
      count++;
      let found: boolean;
      if (pos !== savedStart) found = loop(pos);
      // glibc undoes an empty pass of an optional group that already matched (set_regs
      // restores the registers), so such an iteration is as if not taken.
      else if (this.rule === "posix" && savedCount >= min && savedCount > 0) found = false;
      else found = next(pos);
      count = savedCount;
      iterStart = savedStart;
      return found;
    };
    const inner = this.compile(body, afterBody);
    return (pos) => {
      const savedCount = count;
      const savedStart = iterStart;
      count = 0;
      iterStart = -1;
      const found = loop(pos);
      count = savedCount;
      iterStart = savedStart;
      return found;
    };
  }

  private compileAssert(kind: AssertKind, next: Cont): Cont {
    const posixWord = this.rule === "posix";
    return (pos) => testAssertion(kind, this.s, pos, posixWord) && next(pos);
  }
}

/**
 * glibc's preference among alternatives (set_regs takes the lowest-numbered viable
 * node): plain branches in pattern order, then empty ones (they lead to the node after
 * the alternation), then branches holding `$` (the nodes after its constraint are
 * duplicated with new, higher numbers). Checked against glibc by the differential test.
 */
function toGlibcBranchOrder(branches: readonly Node[]): Node[] {
  const rank = (b: Node): number => (containsEndAnchor(b) ? 2 : b.type === "empty" ? 1 : 0);
  return branches
    .map((b, i) => ({ b, i }))
    .sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i)
    .map(({ b }) => b);
}

/** Whether a subtree holds `$` (glibc duplicates the nodes that follow it). */
function containsEndAnchor(node: Node): boolean {
  switch (node.type) {
    case "assert":
      return node.kind === "eob";
    case "seq":
      return node.items.some(containsEndAnchor);
    case "alt":
      return node.branches.some(containsEndAnchor);
    case "group":
    case "repeat":
      return containsEndAnchor(node.body);
    default:
      return false;
  }
}

/** Whether every match of `node` must begin at a `^`/`\`` position. */
function startsAnchored(node: Node): boolean {
  switch (node.type) {
    case "assert":
      return node.kind === "bol" || node.kind === "bob";
    case "seq":
      for (const item of node.items) {
        if (startsAnchored(item)) return true;
        if (!isZeroWidth(item)) return false;
      }
      return false;
    case "alt":
      return node.branches.length > 0 && node.branches.every(startsAnchored);
    case "group":
      return startsAnchored(node.body);
    case "repeat":
      return node.min > 0 && startsAnchored(node.body);
    default:
      return false;
  }
}

/** Nodes that never consume input and cannot fail on their own (so `^` after them still anchors). */
function isZeroWidth(node: Node): boolean {
  return node.type === "empty" || (node.type === "group" && isZeroWidth(node.body));
}

/**
 * boost `match_results::maybe_assign`: is `cand` a better POSIX match than `cur`? Groups
 * are compared in order; an unmatched group counts as starting at the end of the subject.
 */
export function isBetterBoost(cur: Int32Array, cand: Int32Array, end: number, groupCount: number): boolean {
  let base1 = 0;
  let base2 = 0;
  let len1 = 0;
  let len2 = 0;
  let m1 = false;
  let m2 = false;
  let i = 0;
  for (; i <= groupCount; i++) {
    m1 = cur[2 * i]! >= 0;
    m2 = cand[2 * i]! >= 0;
    const first1 = m1 ? cur[2 * i]! : end;
    const first2 = m2 ? cand[2 * i]! : end;
    if (first1 === end) {
      if (first2 !== end) {
        base1 = 1;
        base2 = 0;
        break;
      }
      if (!m1 && m2) break;
      if (m1 && !m2) return false;
      continue;
    } else if (first2 === end) {
      return false;
    }
    base1 = first1;
    base2 = first2;
    if (base1 < base2) return false;
    if (base2 < base1) break;
    len1 = cur[2 * i + 1]! - first1;
    len2 = cand[2 * i + 1]! - first2;
    if (len1 !== len2 || (!m1 && m2)) break;
    if (m1 && !m2) return false;
  }
  if (i > groupCount) return false;
  if (base2 < base1) return true;
  return len2 > len1 || (!m1 && m2);
}
