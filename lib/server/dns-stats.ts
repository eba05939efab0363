// The responder's query log and counters: updated once per DNS message on the hot path, so
// recording is a few array writes and Map updates; everything else happens when read.
import type { QueryLogEntry } from "@/lib/dns/server";
import type { QueryCounters, QueryLogRow } from "@/lib/schemas/dns-status";

/** Entries the query log ring keeps. */
export const QUERY_LOG_SIZE = 2_000;

/**
 * Distinct query names counted by name (answered and NXDOMAIN alike); answers for further
 * names only go into a total, so a scan of random numbers cannot grow memory without bound.
 */
export const MAX_COUNTED_NAMES = 20_000;

/** Upper bounds of the latency histogram in seconds (Prometheus `le`), +Inf implied. */
export const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05] as const;

const LATENCY_BOUNDS_MICROS = LATENCY_BUCKETS.map((seconds) => seconds * 1e6);

/** The state behind the query log, the counters and the hit tables. */
export interface DnsStats {
  /** Ring of the last QUERY_LOG_SIZE messages; `next` is the slot written next. */
  readonly times: Float64Array;
  readonly entries: (QueryLogEntry | undefined)[];
  next: number;
  size: number;
  total: number;
  dropped: number;
  truncated: number;
  udp: number;
  tcp: number;
  /** Replies per rcode mnemonic, per transport. */
  readonly rcodes: { readonly udp: Map<string, number>; readonly tcp: Map<string, number> };
  /** Cumulative-free counts per latency bucket (index LATENCY_BUCKETS.length is +Inf). */
  readonly latencyCounts: Float64Array;
  latencySumMicros: number;
  /** NOERROR answers per query name as the client wrote it. */
  readonly answeredNames: Map<string, number>;
  /** NXDOMAIN answers per query name. */
  readonly nxdomainNames: Map<string, number>;
  uncountedNames: number;
}

/** Empty stats. */
export function createDnsStats(): DnsStats {
  return {
    times: new Float64Array(QUERY_LOG_SIZE),
    entries: new Array<QueryLogEntry | undefined>(QUERY_LOG_SIZE),
    next: 0,
    size: 0,
    total: 0,
    dropped: 0,
    truncated: 0,
    udp: 0,
    tcp: 0,
    rcodes: { udp: new Map(), tcp: new Map() },
    latencyCounts: new Float64Array(LATENCY_BUCKETS.length + 1),
    latencySumMicros: 0,
    answeredNames: new Map(),
    nxdomainNames: new Map(),
    uncountedNames: 0,
  };
}

/**
 * Records one message (the server's onQuery hook). Allocates nothing but a Map slot for a
 * new name: the entry object is kept as the server made it.
 */
export function recordQuery(stats: DnsStats, entry: QueryLogEntry, now: number): void {
  const slot = stats.next;
  stats.times[slot] = now;
  stats.entries[slot] = entry;
  stats.next = slot + 1 === QUERY_LOG_SIZE ? 0 : slot + 1;
  if (stats.size < QUERY_LOG_SIZE) stats.size++;

  stats.total++;
  if (entry.transport === "udp") stats.udp++;
  else stats.tcp++;
  if (entry.truncated) stats.truncated++;
  const { rcode, qname } = entry;
  if (rcode === null) {
    stats.dropped++;
    return;
  }
  const rcodes = stats.rcodes[entry.transport];
  rcodes.set(rcode, (rcodes.get(rcode) ?? 0) + 1);

  const micros = entry.durationMicros;
  let bucket = 0;
  while (bucket < LATENCY_BOUNDS_MICROS.length && micros > LATENCY_BOUNDS_MICROS[bucket]!) bucket++;
  stats.latencyCounts[bucket]!++;
  stats.latencySumMicros += micros;

  if (qname === null) return;
  // Per-block hits count NAPTR answers only; NXDOMAIN counts any type (a dialed number that does not exist).
  if (rcode === "NOERROR" && entry.qtype === "NAPTR") countName(stats, stats.answeredNames, qname);
  else if (rcode === "NXDOMAIN") countName(stats, stats.nxdomainNames, qname);
}

function countName(stats: DnsStats, names: Map<string, number>, qname: string): void {
  const count = names.get(qname);
  if (count !== undefined) names.set(qname, count + 1);
  else if (stats.answeredNames.size + stats.nxdomainNames.size < MAX_COUNTED_NAMES) names.set(qname, 1);
  else stats.uncountedNames++;
}

/** The counters for the status page. */
export function toQueryCounters(stats: DnsStats): QueryCounters {
  return {
    total: stats.total,
    dropped: stats.dropped,
    truncated: stats.truncated,
    byRcode: Object.fromEntries(toRcodeTotals(stats)),
    byTransport: { udp: stats.udp, tcp: stats.tcp },
  };
}

/** Filters for {@link readQueryLog}. */
export interface QueryLogFilter {
  /** Only this rcode ("NXDOMAIN"); "DROPPED" for dropped messages. */
  readonly rcode?: string;
  readonly limit: number;
}

/** The logged messages, newest first, filtered. */
export function readQueryLog(stats: DnsStats, filter: QueryLogFilter): QueryLogRow[] {
  const rows: QueryLogRow[] = [];
  const wanted = filter.rcode?.toUpperCase();
  for (let i = 1; i <= stats.size && rows.length < filter.limit; i++) {
    const slot = (stats.next - i + QUERY_LOG_SIZE) % QUERY_LOG_SIZE;
    const entry = stats.entries[slot];
    if (entry === undefined) continue;
    if (wanted !== undefined && (entry.rcode ?? "DROPPED") !== wanted) continue;
    rows.push({
      at: new Date(stats.times[slot]!).toISOString(),
      client: entry.client,
      transport: entry.transport,
      qname: entry.qname,
      qtype: entry.qtype,
      rcode: entry.rcode,
      latencyMicros: Math.round(entry.durationMicros),
      replyBytes: entry.replyBytes,
      truncated: entry.truncated,
      note: entry.internalError ?? entry.note,
    });
  }
  return rows;
}

/** The `limit` largest counts of a name table, largest first (ties by name). */
export function toTopNames(names: ReadonlyMap<string, number>, limit: number): [string, number][] {
  return [...names].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
}

/** Replies per rcode over both transports. */
export function toRcodeTotals(stats: DnsStats): Map<string, number> {
  const totals = new Map(stats.rcodes.udp);
  for (const [rcode, count] of stats.rcodes.tcp) totals.set(rcode, (totals.get(rcode) ?? 0) + count);
  return totals;
}
