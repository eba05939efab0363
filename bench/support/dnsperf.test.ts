import { describe, expect, it } from "vitest";
import { parseDnsperfOutput } from "./dnsperf";

/** dnsperf 2.10.0 -v against `enum-console serve-dns` over the guide's rules (latencies made distinct). */
const VERBOSE = `DNS Performance Testing Tool
Version 2.10.0

[Status] Command line: dnsperf -s 127.0.0.1 -p 53531 -d /tmp/q.txt -n 1 -v
[Status] Sending queries (to 127.0.0.1:53531)
[Status] Started at: Mon Nov 23 04:11:57 2026
[Status] Stopping after 1 run through file
> NOERROR 0.7.2.0.5.5.5.2.1.2.e164.arpa NAPTR 0.000300
> NOERROR 1.2.3.e164.arpa NAPTR 0.000100
> REFUSED example.com A 0.002000
> NXDOMAIN 9.9.e164.arpa NAPTR 0.000200
[Status] Testing complete (end of file)

Statistics:

  Queries sent:         4
  Queries completed:    4 (100.00%)
  Queries lost:         0 (0.00%)

  Response codes:       NOERROR 2 (50.00%), NXDOMAIN 1 (25.00%), REFUSED 1 (25.00%)
  Average packet size:  request 36, response 73
  Run time (s):         0.030571
  Queries per second:   130.842629

  Average Latency (s):  0.000650 (min 0.000100, max 0.002000)
  Latency StdDev (s):   0.000784
`;

describe("parseDnsperfOutput", () => {
  it("reads the summary, the response codes and percentiles of the per-query latencies", () => {
    expect(parseDnsperfOutput(VERBOSE)).toEqual({
      sent: 4,
      completed: 4,
      lost: 0,
      queriesPerSecond: 130.842629,
      p50Ms: 0.2,
      p99Ms: 2,
      maxMs: 2,
      rcodes: { NOERROR: 2, NXDOMAIN: 1, REFUSED: 1 },
    });
  });

  it("has no percentiles without -v and fails loudly on output it does not know", () => {
    const quiet = VERBOSE.split("\n")
      .filter((line) => !line.startsWith("> "))
      .join("\n");
    expect(parseDnsperfOutput(quiet)).toMatchObject({ completed: 4, p50Ms: null, p99Ms: null, maxMs: null });
    expect(() => parseDnsperfOutput("dnsperf: invalid option")).toThrow(/Queries sent/);
  });
});
