// What GET /api/dns/status and GET /api/health return: the embedded responder's state,
// shared by the server (lib/server/responder.ts) and the status page.

/** One answered or dropped DNS message, newest first in the status. */
export interface QueryLogRow {
  /** ISO time the message was answered. */
  readonly at: string;
  readonly client: string;
  readonly transport: "udp" | "tcp";
  readonly qname: string | null;
  readonly qtype: string | null;
  /** "NOERROR", "NXDOMAIN", ...; null when the message was dropped. */
  readonly rcode: string | null;
  readonly latencyMicros: number;
  readonly replyBytes: number;
  readonly truncated: boolean;
  readonly note: string | null;
}

/** How long the last reload took, by phase. */
export interface ReloadTiming {
  /** Reading the rule snapshot from the database. */
  readonly loadMs: number;
  /** lib/export compileZone. */
  readonly compileMs: number;
  /** Building the lookup index (createZone). */
  readonly indexMs: number;
  readonly totalMs: number;
}

/** The zone the responder answers from. */
export interface ServedZoneStatus {
  readonly apex: string;
  readonly serial: number;
  readonly revision: number;
  readonly names: number;
  readonly naptrRecords: number;
  readonly blocks: number;
  /** ISO time this zone started being served. */
  readonly servedSince: string;
}

/** A problem the responder recorded, with when it happened. */
export interface ResponderError {
  readonly message: string;
  readonly at: string;
}

/** The socket state: listening, or failing to bind and retrying. */
export interface ListenerStatus {
  /** The configured "host:port". */
  readonly configured: string;
  readonly listening: boolean;
  /** The bound sockets, e.g. ["udp 127.0.0.1:5353", "tcp 127.0.0.1:5353"]. */
  readonly sockets: readonly string[];
  /** The last bind failure while not listening (EADDRINUSE, EACCES...), else null. */
  readonly bindError: ResponderError | null;
  /** Failed bind attempts since the last success. */
  readonly bindAttempts: number;
  /** ISO time of the next bind attempt while not listening. */
  readonly nextBindAttempt: string | null;
}

/** Reload bookkeeping. */
export interface ReloadStatus {
  readonly reloads: number;
  readonly failures: number;
  /** ISO time the last successful reload finished. */
  readonly lastReloadAt: string | null;
  readonly lastTiming: ReloadTiming | null;
  /** The last failed reload (the previous zone kept serving); cleared by a successful one. */
  readonly lastError: (ResponderError & { readonly revision: number | null }) | null;
  readonly inProgress: boolean;
}

/** Answer counters since start. */
export interface QueryCounters {
  readonly total: number;
  readonly dropped: number;
  readonly truncated: number;
  /** Counts by rcode mnemonic ("NOERROR": 12). */
  readonly byRcode: Readonly<Record<string, number>>;
  readonly byTransport: { readonly udp: number; readonly tcp: number };
}

/** A number people dial that no block serves. */
export interface NxdomainRow {
  readonly qname: string;
  /** The digits of the EnumDomain in dialing order, or null when the name is not an ENUM name under the apex. */
  readonly number: string | null;
  readonly count: number;
}

/** Answers per block (names attributed with Sprout's prefix walk when asked). */
export interface BlockHitRow {
  readonly blockId: string;
  readonly name: string;
  readonly prefix: string;
  readonly hits: number;
}

/** The access and abuse policy in force (lib/dns/policy.ts DnsPolicy, as JSON). */
export interface ResponderPolicyView {
  readonly allowQuery: readonly string[];
  readonly allowTransfer: readonly string[];
  readonly notify: readonly string[];
  readonly rrl: {
    readonly responsesPerSecond: number;
    readonly slip: number;
    readonly exempt: readonly string[];
  };
}

/** GET /api/dns/status. */
export interface DnsStatus {
  /** false when ENUM_DNS_DISABLED=1 or the responder was never started in this process. */
  readonly enabled: boolean;
  readonly listener: ListenerStatus;
  readonly zone: ServedZoneStatus | null;
  readonly reload: ReloadStatus;
  readonly counters: QueryCounters;
  /** Newest first, filtered as asked. */
  readonly queryLog: readonly QueryLogRow[];
  /** Entries the ring holds (before filtering). */
  readonly queryLogSize: number;
  readonly topNxdomain: readonly NxdomainRow[];
  readonly topBlocks: readonly BlockHitRow[];
  /** Answers to names that were not counted by name because the name table was full. */
  readonly uncountedNames: number;
  /** The policy in force, or null when no responder runs here. */
  readonly policy: ResponderPolicyView | null;
}

/** GET /api/health. */
export interface HealthStatus {
  readonly ok: boolean;
  /** Why not ok; null when ok. */
  readonly reason: string | null;
  readonly database: {
    readonly ok: boolean;
    readonly revision: number | null;
    readonly error: string | null;
  };
  readonly responder: {
    readonly enabled: boolean;
    readonly listening: boolean;
    readonly servedRevision: number | null;
    readonly serial: number | null;
  };
}
