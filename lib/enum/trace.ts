import type { NaptrRule, ServerAttempt } from "./naptr";
import type { Profile } from "./profile";

/**
 * How a resolution ended, in the words the console uses:
 * - `routed`: the client ends with a URI;
 * - `no-route`: no block/rule applies (JSON: no prefix, or the regex did not match and
 *   Sprout returns the AUS unchanged);
 * - `not-uri`: a rule applied but its output is not a URI;
 * - `failure`: DNS path gave up cleanly (NXDOMAIN, no matching rule, query limit);
 * - `server-failure`: DNS path failed in a way Sprout alarms on (SERVFAIL, REFUSED,
 *   timeout, NOERROR without NAPTR).
 */
export type ResolutionStatus = "routed" | "no-route" | "not-uri" | "failure" | "server-failure";

/** One capture group of the first match: `start`/`end` are offsets into the subject, -1 if unset. */
export interface Capture {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string | null;
}

/** What one rule's regex did to the subject. */
export interface RuleApplication {
  readonly regexp: string;
  readonly pattern: string;
  readonly replacement: string;
  readonly subject: string;
  readonly matched: boolean;
  /** Groups of the first match (index 0 is the whole match); empty when nothing matched. */
  readonly captures: readonly Capture[];
  /** How many non-overlapping matches the global replace rewrote (Sprout); 0 or 1 (RFC). */
  readonly matchCount: number;
  readonly output: string;
}

/** A number block as the JSON-path trace names it. */
export interface BlockRef {
  readonly index: number;
  readonly name: string;
  readonly prefix: string;
}

/** The JSON path's single step: Sprout's prefix walk, then the block's regex. */
export interface JsonStep {
  readonly kind: "json-prefix";
  readonly chosen: BlockRef | null;
  /** Sprout's short-number quirk decided the block (the chosen prefix is longer than the AUS). */
  readonly shortNumberQuirk: boolean;
  /** The block a plain longest-prefix match would have chosen, when the quirk chose another. */
  readonly longestPrefixBlock: BlockRef | null;
  /** Blocks whose prefix covers the AUS but which Sprout dropped (regex does not compile, duplicate). */
  readonly skippedBlocks: readonly { readonly block: BlockRef; readonly reason: string }[];
  readonly application: RuleApplication | null;
}

/** Why a NAPTR record was or was not used. */
export type RecordVerdict = "chosen" | "skipped" | "not-reached";

/** One NAPTR query of the DNS path. */
export interface DnsStep {
  readonly kind: "dns-query";
  /** The string the rules are matched against in this round (the AUS, then a rule's output). */
  readonly key: string;
  readonly domain: string;
  readonly outcome: "answer" | "nxdomain" | "nodata" | "failure";
  readonly reason?: string;
  readonly rcode?: string;
  readonly owner?: string;
  readonly attempts?: readonly ServerAttempt[];
  /** Records in the order the client tries them (order, then preference, then answer order). */
  readonly records: readonly {
    readonly rule: NaptrRule;
    readonly verdict: RecordVerdict;
    readonly reason?: string;
  }[];
  readonly application: RuleApplication | null;
  readonly terminal: boolean | null;
}

/** Everything the client did for one dialed number, for people and for tests. */
export interface Trace {
  readonly input: string;
  readonly aus: string;
  readonly profile: Profile;
  readonly mode: "json" | "dns";
  readonly steps: readonly (JsonStep | DnsStep)[];
  /** Plain-language remarks (quirks hit, limits reached). */
  readonly notes: readonly string[];
}

/** The result of resolving one dialed number on one path. */
export interface Resolution {
  readonly input: string;
  readonly aus: string;
  /** Exactly what the client returns; "" when it returns nothing. */
  readonly result: string;
  /** `result` when it is a URI, else null. */
  readonly uri: string | null;
  readonly status: ResolutionStatus;
  /** Domains queried, in order (empty on the JSON path). */
  readonly queries: readonly string[];
  readonly trace: Trace;
}
