import { canMatchAus } from "../enum/lints";
import type { Node } from "../enum/regex/ast";
import { hasChar } from "../enum/regex/charset";
import { compileRegexField, type EnumRegexp } from "../enum/regex-field";
import { err, ok, type Result } from "../enum/result";
import { replaceGlobal } from "../enum/substitute";

/**
 * A variant of a rule's regexp field that only matches `+` numbers and rewrites them
 * exactly as the original does. `+X` and `X` share an EnumDomain (RFC 6116 §2.4 drops
 * the `+`), so a zone that must route them differently puts this variant at order 1.
 *
 * The original is returned when it already cannot match a plain number. Otherwise the
 * atom that can consume the leading `+` is made to require it (`.*` -> `\+.*`,
 * `\+?` -> `\+`), in place, so group numbers and boost's sub-match choice are kept.
 * Each candidate is accepted only if it cannot match any plain number and rewrites every
 * sample `+` number exactly as the original (`samples` should cover the numbers the rule
 * answers for); otherwise this is an error and the caller reports the name.
 */
export function toPlusOnlyRegexp(rule: EnumRegexp, samples: readonly string[]): Result<string> {
  if (!canMatchAus(rule.regex.ast, "plain")) return ok(rule.raw);
  const pattern = rule.pattern;
  for (const candidate of findPlusCandidates(rule.regex.ast)) {
    const rewritten = rewriteAtom(pattern, candidate);
    if (rewritten === null || rewritten.includes(rule.delimiter)) continue;
    const raw = `${rule.delimiter}${rewritten}${rule.delimiter}${rule.replacement}${rule.delimiter}`;
    const compiled = compileRegexField(raw, "sprout");
    if (!compiled.ok || canMatchAus(compiled.value.regex.ast, "plain")) continue;
    if (samples.every((sample) => rewritesAlike(rule, compiled.value, sample))) return ok(raw);
  }
  return err(
    "plus-split",
    `No + only variant of ${rule.raw} rewrites + numbers exactly as it does; + and plain numbers cannot be told apart at this name.`,
  );
}

/** An atom that may consume the leading `+`: a single character, or a repeat of one. */
type PlusCandidate =
  | { readonly kind: "char"; readonly span: readonly [number, number] }
  | {
      readonly kind: "repeat";
      readonly span: readonly [number, number];
      readonly body: readonly [number, number];
      readonly min: number;
      readonly max: number;
    };

/** Atoms whose character set holds `+`, in pattern order. */
function findPlusCandidates(ast: Node): PlusCandidate[] {
  const found: PlusCandidate[] = [];
  const visit = (node: Node): void => {
    switch (node.type) {
      case "char":
        if (node.span && hasChar(node.set, 0x2b)) found.push({ kind: "char", span: node.span });
        return;
      case "repeat":
        if (node.body.type === "char") {
          if (node.span && node.body.span && hasChar(node.body.set, 0x2b)) {
            found.push({
              kind: "repeat",
              span: node.span,
              body: node.body.span,
              min: node.min,
              max: node.max,
            });
          }
          return;
        }
        visit(node.body);
        return;
      case "seq":
        node.items.forEach(visit);
        return;
      case "alt":
        node.branches.forEach(visit);
        return;
      case "group":
        visit(node.body);
        return;
      default:
        return;
    }
  };
  visit(ast);
  return found;
}

/** The pattern with the atom required to start with `+`, or null when that is impossible. */
function rewriteAtom(pattern: string, candidate: PlusCandidate): string | null {
  const before = pattern.slice(0, candidate.span[0]);
  const after = pattern.slice(candidate.span[1]);
  if (candidate.kind === "char") return `${before}\\+${after}`;
  const { min, max } = candidate;
  if (max === 0) return null;
  const body = pattern.slice(candidate.body[0], candidate.body[1]);
  const rest = toQuantified(body, Math.max(0, min - 1), max === Infinity ? Infinity : max - 1);
  return `${before}\\+${rest}${after}`;
}

function toQuantified(body: string, min: number, max: number): string {
  if (max === 0) return "";
  if (min === 0 && max === Infinity) return `${body}*`;
  if (min === 1 && max === Infinity) return `${body}+`;
  if (min === 0 && max === 1) return `${body}?`;
  if (min === 1 && max === 1) return body;
  if (max === Infinity) return `${body}{${min},}`;
  return min === max ? `${body}{${min}}` : `${body}{${min},${max}}`;
}

function rewritesAlike(original: EnumRegexp, variant: EnumRegexp, subject: string): boolean {
  const a = replaceGlobal(original.regex, subject, original.replacement);
  const b = replaceGlobal(variant.regex, subject, variant.replacement);
  return a.output === b.output && a.matches.length > 0 === b.matches.length > 0;
}
