// GET /api/metrics in the Prometheus text exposition format 0.0.4: the responder's
// counters, latency histogram, zone serial and reload state.
import { LATENCY_BUCKETS } from "./dns-stats";
import { getResponderMetricsState } from "./responder";

/** The Content-Type Prometheus expects for format 0.0.4. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Every rcode given its own series even at zero, so dashboards and rate() see it from the start. */
const KNOWN_RCODES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "BADVERS"] as const;

/**
 * The exposition text. Without a responder in this process (ENUM_DNS_DISABLED=1) only
 * `enum_dns_enabled 0` is given, so a scrape still succeeds and says why nothing else is there.
 */
export function renderMetrics(): string {
  const state = getResponderMetricsState();
  const out: string[] = [];
  const metric = (name: string, type: "counter" | "gauge" | "histogram", help: string): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  metric("enum_dns_enabled", "gauge", "1 when the embedded DNS responder runs in this process.");
  out.push(`enum_dns_enabled ${state === null ? 0 : 1}`);
  if (state === null) return `${out.join("\n")}\n`;
  const { stats, zone } = state;

  metric("enum_dns_listening", "gauge", "1 when the responder's UDP and TCP sockets are bound.");
  out.push(`enum_dns_listening ${state.listening ? 1 : 0}`);

  metric("enum_dns_queries_total", "counter", "Messages answered, by transport and response code.");
  for (const transport of ["udp", "tcp"] as const) {
    const counts = stats.rcodes[transport];
    const rcodes = new Set<string>([...KNOWN_RCODES, ...counts.keys()]);
    for (const rcode of [...rcodes].sort()) {
      const labels = `transport="${transport}",rcode="${escapeLabel(rcode)}"`;
      out.push(`enum_dns_queries_total{${labels}} ${counts.get(rcode) ?? 0}`);
    }
  }
  metric("enum_dns_messages_total", "counter", "Messages received (answered or dropped), by transport.");
  out.push(`enum_dns_messages_total{transport="udp"} ${stats.udp}`);
  out.push(`enum_dns_messages_total{transport="tcp"} ${stats.tcp}`);
  metric(
    "enum_dns_dropped_total",
    "counter",
    "Messages dropped without a reply (QR set, shorter than a header).",
  );
  out.push(`enum_dns_dropped_total ${stats.dropped}`);
  metric("enum_dns_truncated_total", "counter", "UDP replies sent truncated (TC set).");
  out.push(`enum_dns_truncated_total ${stats.truncated}`);

  metric(
    "enum_dns_query_duration_seconds",
    "histogram",
    "Time from receipt to the reply handed to the socket.",
  );
  let cumulative = 0;
  LATENCY_BUCKETS.forEach((bound, i) => {
    cumulative += stats.latencyCounts[i]!;
    out.push(`enum_dns_query_duration_seconds_bucket{le="${bound}"} ${cumulative}`);
  });
  cumulative += stats.latencyCounts[LATENCY_BUCKETS.length]!;
  out.push(`enum_dns_query_duration_seconds_bucket{le="+Inf"} ${cumulative}`);
  out.push(`enum_dns_query_duration_seconds_sum ${stats.latencySumMicros / 1e6}`);
  out.push(`enum_dns_query_duration_seconds_count ${cumulative}`);

  metric(
    "enum_dns_zone_serial",
    "gauge",
    "SOA serial of the zone being served (absent before the first load).",
  );
  if (zone !== null) out.push(`enum_dns_zone_serial ${zone.serial}`);
  metric("enum_dns_zone_revision", "gauge", "Rule-set revision of the zone being served.");
  if (zone !== null) out.push(`enum_dns_zone_revision ${zone.revision}`);
  metric("enum_dns_zone_names", "gauge", "Names in the served zone.");
  if (zone !== null) out.push(`enum_dns_zone_names ${zone.names}`);

  metric("enum_dns_reloads_total", "counter", "Successful zone reloads.");
  out.push(`enum_dns_reloads_total ${state.reloads}`);
  metric(
    "enum_dns_reload_failures_total",
    "counter",
    "Failed zone reloads (the previous zone kept serving).",
  );
  out.push(`enum_dns_reload_failures_total ${state.reloadFailures}`);
  metric("enum_dns_last_reload_seconds", "gauge", "Duration of the last successful reload.");
  if (state.lastTiming !== null) out.push(`enum_dns_last_reload_seconds ${state.lastTiming.totalMs / 1000}`);
  metric("enum_dns_last_reload_timestamp_seconds", "gauge", "Unix time of the last successful reload.");
  if (state.lastReloadAt !== null)
    out.push(`enum_dns_last_reload_timestamp_seconds ${state.lastReloadAt.getTime() / 1000}`);
  const { guard } = state;
  if (guard !== null) {
    metric("enum_dns_refused_total", "counter", "Queries and transfers refused by the allow-lists.");
    out.push(`enum_dns_refused_total{kind="query"} ${guard.refusedQueries}`);
    out.push(`enum_dns_refused_total{kind="transfer"} ${guard.refusedTransfers}`);
    metric("enum_dns_transfers_total", "counter", "Zone transfers (AXFR) completed.");
    out.push(`enum_dns_transfers_total ${guard.transfers}`);
    metric("enum_dns_rrl_limited_total", "counter", "UDP responses over the rate limit, by action (RRL).");
    out.push(`enum_dns_rrl_limited_total{action="slip"} ${guard.rrlSlipped}`);
    out.push(`enum_dns_rrl_limited_total{action="drop"} ${guard.rrlDropped}`);
  }
  return `${out.join("\n")}\n`;
}

/** Escapes a label value (backslash, double quote, newline), as the format requires. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
