/**
 * A NAPTR rule as an ENUM client sees it (RFC 3403 §4.1): the fields are kept exactly as they
 * arrive on the wire (already unescaped from master-file syntax), so the engine can judge
 * them the way the client does.
 */
export interface NaptrRule {
  readonly order: number;
  readonly preference: number;
  /** Flags string, e.g. "u", "U" or "" (non-terminal). */
  readonly flags: string;
  /** Enumservice, e.g. "E2U+sip" (RFC 6116 §3.4.3). */
  readonly service: string;
  /** The substitution expression `!pattern!replacement!`. */
  readonly regexp: string;
  /** The replacement domain ("." for none); ENUM clients never read it. */
  readonly replacement: string;
  readonly ttl?: number;
}

/** One server that was tried for a query, for the trace (live servers only). */
export interface ServerAttempt {
  readonly server: string;
  /** What happened: an rcode name ("NOERROR", "SERVFAIL", ...), "TIMEOUT" or "ERROR". */
  readonly outcome: string;
  readonly elapsedMs?: number;
  readonly timeoutMs?: number;
  readonly transport?: "udp" | "tcp";
  readonly detail?: string;
}

/**
 * The answer to one NAPTR query, classified the way Sprout classifies it (c-ares status):
 * an answer, NXDOMAIN (a clean failure), NODATA (NOERROR without NAPTR: Sprout raises a
 * server-failure alarm for it) or a failure (SERVFAIL, REFUSED, timeout, garbage).
 */
export type NaptrLookup =
  | {
      readonly kind: "answer";
      readonly rules: readonly NaptrRule[];
      readonly owner?: string;
      readonly attempts?: readonly ServerAttempt[];
    }
  | { readonly kind: "nxdomain"; readonly attempts?: readonly ServerAttempt[] }
  | { readonly kind: "nodata"; readonly attempts?: readonly ServerAttempt[] }
  | {
      readonly kind: "failure";
      readonly reason: string;
      readonly rcode?: string;
      readonly attempts?: readonly ServerAttempt[];
    };

/**
 * Where the DNS-path resolver gets NAPTR answers from: an in-memory zone, a parsed zone
 * file, the compiled zone, or live servers. `name` is an absolute domain without the
 * trailing dot, e.g. "4.3.2.1.e164.arpa".
 */
export interface NaptrSource {
  lookup(name: string): NaptrLookup | Promise<NaptrLookup>;
}

/** A source that answers synchronously (in-memory zones); lets batch work avoid promises. */
export interface SyncNaptrSource extends NaptrSource {
  lookup(name: string): NaptrLookup;
}
