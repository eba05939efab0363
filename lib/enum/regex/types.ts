import type { Profile } from "../profile";
import type { Node } from "./ast";

/** A half-open [start, end) span in the subject, or null for a group that did not take part. */
export type Span = readonly [number, number] | null;

/** One match: `groups[0]` is the whole match, `groups[i]` capture group i. */
export interface RegexMatch {
  readonly groups: readonly Span[];
}

/** A pattern compiled under a profile. Immutable; safe to share between resolutions. */
export interface CompiledRegex {
  readonly source: string;
  readonly profile: Profile;
  readonly caseInsensitive: boolean;
  /** Number of capture groups (not counting group 0). */
  readonly groupCount: number;
  readonly ast: Node;
}
