/**
 * Response rate limiting after BIND's RRL (BIND 9 ARM "Response Rate Limiting"; the design
 * in Vixie and Schryver's "DNS Response Rate Limiting" technical note): an authoritative
 * server cannot tell a spoofed source from a real one, so it limits how many identical
 * responses each client network gets per second. A reflection attack then gains little
 * (most replies are dropped), while a real client whose reply was dropped retries, and one
 * that receives a "slipped" empty TC=1 reply retries over TCP, which cannot be spoofed and
 * is never limited.
 *
 * - Buckets are keyed by client prefix (/24 IPv4, /56 IPv6, BIND's defaults) and response
 *   kind: the answer's name and type for NOERROR (a wildcard answer counts under the
 *   wildcard, as BIND does, so random numbers under one wildcard share one bucket), one
 *   bucket per zone for NXDOMAIN, one for every error rcode.
 * - Each bucket earns `responsesPerSecond` credits per second, holds at most that many,
 *   and each response spends one. Below zero the response is limited; the debt may grow to
 *   `windowSeconds` seconds of credit, so a sustained flood stays limited for the window
 *   after it stops (BIND's `window`, default 15 s; ours 5 s).
 * - Every `slip`-th limited response is sent as a TC=1 reply with no records (BIND's
 *   `slip`, default 2); the others are dropped. `slip` 0 drops them all.
 * - Clients in `exempt` are never limited (BIND's `exempt-clients`); TCP is never limited
 *   (the caller simply does not ask).
 * - Memory is bounded: at most `maxEntries` buckets; the oldest are evicted first.
 * The clock is passed in, so tests control time.
 */
import type { RrlPolicy } from "./policy";
import { createCidrMatcher, toClientPrefix, type CidrMatcher } from "./cidr";

/** What to do with one UDP response. */
export type RrlVerdict = "send" | "slip" | "drop";

/** The response being rate limited. */
export interface RrlResponse {
  /** The client's address as the socket reports it. */
  readonly client: string;
  /** The reply rcode (full, e.g. 3 for NXDOMAIN). */
  readonly rcode: number;
  /** The name whose records answered (the wildcard for a synthesized answer), else the question name. */
  readonly name: string | null;
  /** Question type mnemonic. */
  readonly qtype: string | null;
  /** The zone's apex, which keys the NXDOMAIN bucket. */
  readonly zone: string;
}

/** Counters for metrics. */
export interface RrlStats {
  /** Responses over the limit (slipped + dropped). */
  readonly limited: number;
  /** Limited responses sent as TC=1. */
  readonly slipped: number;
  /** Limited responses not sent. */
  readonly dropped: number;
  /** Buckets held now. */
  readonly buckets: number;
}

/** Options for {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Milliseconds, monotonic enough: only differences are used. */
  readonly now: () => number;
  /** Seconds of debt a bucket may accrue. Default 5. */
  readonly windowSeconds?: number;
  /** Buckets kept at most. Default 100,000 (~10 MB). */
  readonly maxEntries?: number;
}

/** A rate limiter over one policy; the responder builds a new one when the policy changes. */
export interface RateLimiter {
  readonly policy: RrlPolicy;
  /** Decides one UDP response and spends its credit. */
  check(response: RrlResponse): RrlVerdict;
  readonly stats: RrlStats;
}

/** BIND's RRL window is 15 s; a few seconds keep a briefly bursting resolver limited for less. */
export const DEFAULT_RRL_WINDOW_SECONDS = 5;
export const DEFAULT_RRL_MAX_ENTRIES = 100_000;

interface Bucket {
  balance: number;
  /** When the balance was last brought up to date (ms). */
  at: number;
  /** Limited responses so far, for slip counting. */
  limited: number;
}

const RCODE_NOERROR = 0;
const RCODE_NXDOMAIN = 3;

/** Builds a rate limiter; `policy.exempt` must be valid CIDRs (throws otherwise). */
export function createRateLimiter(policy: RrlPolicy, options: RateLimiterOptions): RateLimiter {
  const { now } = options;
  const rate = policy.responsesPerSecond;
  const windowSeconds = options.windowSeconds ?? DEFAULT_RRL_WINDOW_SECONDS;
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_RRL_MAX_ENTRIES);
  const exempt: CidrMatcher = createCidrMatcher(policy.exempt);
  const minBalance = -rate * windowSeconds;
  // Map iteration order is insertion order: the first key is the oldest bucket.
  const buckets = new Map<string, Bucket>();
  let limited = 0;
  let slipped = 0;
  let dropped = 0;

  const toKey = (response: RrlResponse): string => {
    const prefix = toClientPrefix(response.client);
    if (response.rcode === RCODE_NOERROR)
      return `${prefix} ${(response.name ?? "").toLowerCase()} ${response.qtype ?? ""}`;
    if (response.rcode === RCODE_NXDOMAIN) return `${prefix} nxdomain ${response.zone.toLowerCase()}`;
    return `${prefix} error`;
  };

  return {
    policy,
    check(response) {
      if (rate <= 0 || exempt.contains(response.client)) return "send";
      const key = toKey(response);
      const t = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxEntries) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        bucket = { balance: rate, at: t, limited: 0 };
        buckets.set(key, bucket);
      } else {
        const elapsed = Math.max(0, t - bucket.at) / 1000;
        bucket.balance = Math.min(rate, bucket.balance + elapsed * rate);
        bucket.at = t;
      }
      bucket.balance -= 1;
      if (bucket.balance >= 0) return "send";
      bucket.balance = Math.max(bucket.balance, minBalance);
      bucket.limited++;
      limited++;
      if (policy.slip > 0 && bucket.limited % policy.slip === 0) {
        slipped++;
        return "slip";
      }
      dropped++;
      return "drop";
    },
    get stats() {
      return { limited, slipped, dropped, buckets: buckets.size };
    },
  };
}
