// Who the embedded responder answers and how (lib/db ResponderSettings, parsed).

/** Response rate limiting per client prefix, after BIND's RRL. */
export interface RrlPolicy {
  /** Responses per second per client prefix and answer; 0 turns RRL off. */
  readonly responsesPerSecond: number;
  /** Every Nth limited response is sent truncated (TC=1) instead of dropped; 0 drops them all. */
  readonly slip: number;
  /** CIDRs never limited. */
  readonly exempt: readonly string[];
}

/** The responder's access and abuse policy, read once per message like the zone. */
export interface DnsPolicy {
  /** CIDRs allowed to query; empty lets every client query. Others get REFUSED. */
  readonly allowQuery: readonly string[];
  /** CIDRs allowed AXFR (TCP only). */
  readonly allowTransfer: readonly string[];
  /** "host:port" secondaries sent a NOTIFY on every new serial. */
  readonly notify: readonly string[];
  readonly rrl: RrlPolicy;
}

/** The ResponderSettings column defaults. */
export const DEFAULT_DNS_POLICY: DnsPolicy = {
  allowQuery: [],
  allowTransfer: ["127.0.0.0/8", "::1/128"],
  notify: [],
  rrl: { responsesPerSecond: 50, slip: 2, exempt: ["127.0.0.0/8", "::1/128"] },
};
