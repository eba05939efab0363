/**
 * A number block: a dialed-number prefix and the regex that rewrites numbers under it,
 * as in Clearwater's enum.json (`{"name", "prefix", "regex"}`).
 */
export interface NumberBlock {
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
}

/**
 * The prefix Sprout stores for a block: it ignores `.`, `-`, `(` and `)` (visual
 * separators) and keeps every other character, `+` included.
 */
export function toSproutPrefix(prefix: string): string {
  return prefix.replace(/[.\-()]/g, "");
}

/** Whether a prefix is in the console's canonical form: an optional `+`, then digits. */
export function isCanonicalPrefix(prefix: string): boolean {
  return /^\+?[0-9]*$/.test(prefix);
}
