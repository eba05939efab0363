import { describe, expect, it } from "vitest";
import type { QueryLogEntry } from "@/lib/dns/server";
import {
  LATENCY_BUCKETS,
  MAX_COUNTED_NAMES,
  QUERY_LOG_SIZE,
  createDnsStats,
  readQueryLog,
  recordQuery,
  toQueryCounters,
  toTopNames,
} from "./dns-stats";

function toEntry(overrides: Partial<QueryLogEntry> = {}): QueryLogEntry {
  return {
    client: "127.0.0.1",
    clientPort: 40000,
    transport: "udp",
    qname: "0.7.2.0.5.5.5.2.1.2.e164.arpa",
    qtype: "NAPTR",
    rcode: "NOERROR",
    truncated: false,
    replyBytes: 200,
    durationMicros: 30,
    note: null,
    internalError: null,
    ...overrides,
  };
}

describe("the query log ring", () => {
  it("keeps the last QUERY_LOG_SIZE messages, newest first", () => {
    const stats = createDnsStats();
    const total = QUERY_LOG_SIZE + 37;
    for (let i = 0; i < total; i++) recordQuery(stats, toEntry({ qname: `${i}.e164.arpa` }), 1_000 + i);
    const rows = readQueryLog(stats, { limit: QUERY_LOG_SIZE + 10 });
    expect(rows).toHaveLength(QUERY_LOG_SIZE);
    expect(rows[0]).toMatchObject({
      qname: `${total - 1}.e164.arpa`,
      at: new Date(1_000 + total - 1).toISOString(),
    });
    expect(rows.at(-1)?.qname).toBe(`${total - QUERY_LOG_SIZE}.e164.arpa`);
    expect(stats.total).toBe(total);
  });

  it.each([
    { rcode: "NXDOMAIN", expected: ["c.e164.arpa", "a.e164.arpa"] },
    { rcode: "nxdomain", expected: ["c.e164.arpa", "a.e164.arpa"] },
    { rcode: "DROPPED", expected: ["d.e164.arpa"] },
    { rcode: "REFUSED", expected: [] },
  ])("filters by $rcode", ({ rcode, expected }) => {
    const stats = createDnsStats();
    recordQuery(stats, toEntry({ qname: "a.e164.arpa", rcode: "NXDOMAIN" }), 1);
    recordQuery(stats, toEntry({ qname: "b.e164.arpa" }), 2);
    recordQuery(stats, toEntry({ qname: "c.e164.arpa", rcode: "NXDOMAIN" }), 3);
    recordQuery(stats, toEntry({ qname: "d.e164.arpa", rcode: null, note: "QR set" }), 4);
    expect(readQueryLog(stats, { rcode, limit: 10 }).map((row) => row.qname)).toEqual(expected);
  });
});

describe("counters", () => {
  it("counts by transport and rcode, dropped and truncated, and buckets latency", () => {
    const stats = createDnsStats();
    recordQuery(stats, toEntry({ durationMicros: 10 }), 1);
    recordQuery(stats, toEntry({ transport: "tcp", durationMicros: 400 }), 2);
    recordQuery(stats, toEntry({ rcode: "NXDOMAIN", truncated: true, durationMicros: 1e6 }), 3);
    recordQuery(stats, toEntry({ rcode: null }), 4);
    expect(toQueryCounters(stats)).toEqual({
      total: 4,
      dropped: 1,
      truncated: 1,
      byRcode: { NOERROR: 2, NXDOMAIN: 1 },
      byTransport: { udp: 3, tcp: 1 },
    });
    expect([...stats.rcodes.tcp]).toEqual([["NOERROR", 1]]);
    const counts = [...stats.latencyCounts];
    expect(counts[0]).toBe(1); // 10 µs <= 50 µs
    expect(counts[LATENCY_BUCKETS.indexOf(0.0005)]).toBe(1); // 400 µs <= 500 µs
    expect(counts[LATENCY_BUCKETS.length]).toBe(1); // 1 s: +Inf only
    expect(stats.latencySumMicros).toBe(10 + 400 + 1e6);
  });

  it("counts names up to MAX_COUNTED_NAMES, then only in a total", () => {
    const stats = createDnsStats();
    for (let i = 0; i < MAX_COUNTED_NAMES + 5; i++) {
      recordQuery(
        stats,
        toEntry({ qname: `${i}.e164.arpa`, rcode: i % 2 === 0 ? "NOERROR" : "NXDOMAIN" }),
        i,
      );
    }
    recordQuery(stats, toEntry({ qname: "0.e164.arpa" }), 0);
    expect(stats.answeredNames.size + stats.nxdomainNames.size).toBe(MAX_COUNTED_NAMES);
    expect(stats.uncountedNames).toBe(5);
    expect(stats.answeredNames.get("0.e164.arpa")).toBe(2);
  });

  it("counts only NAPTR answers as hits", () => {
    const stats = createDnsStats();
    recordQuery(stats, toEntry({ qname: "e164.arpa", qtype: "SOA" }), 1);
    recordQuery(stats, toEntry({ qname: "x.e164.arpa", qtype: "A", rcode: "NXDOMAIN" }), 2);
    expect(stats.answeredNames.size).toBe(0);
    expect(toTopNames(stats.nxdomainNames, 5)).toEqual([["x.e164.arpa", 1]]);
  });
});
