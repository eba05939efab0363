import { afterEach, describe, expect, it } from "vitest";
import * as dnsPacket from "dns-packet";
import type { NaptrLookup, NaptrRule } from "@/lib/enum/naptr";
import {
  createServerSource,
  parseQueryName,
  parseServer,
  parseServerList,
  type ServerSourceOptions,
} from "@/lib/dns/client";
import {
  startDnsTestServer,
  type DnsTestServer,
  type TestHandler,
  type TestReply,
} from "@/test/support/dns-test-server";

const NAME = "0.7.2.0.5.5.5.2.1.2.1.e164.arpa";
/** Short timeouts for tests that wait for one: fast, yet far above localhost round trips. */
const FAST: ServerSourceOptions = { timeoutMs: { min: 200, max: 200 } };

function toRule(regexp: string, extra: Partial<NaptrRule> = {}): NaptrRule {
  return {
    order: 10,
    preference: 100,
    flags: "u",
    service: "E2U+sip",
    regexp,
    replacement: ".",
    ttl: 300,
    ...extra,
  };
}

const RULES: readonly NaptrRule[] = [
  toRule("!^(.*)$!sip:\\1@example.com!"),
  toRule("!^(.*)$!tel:\\1!", { order: 20, preference: 10, service: "E2U+pstn:tel", flags: "", ttl: 60 }),
];

/** Ten rules with long regexps: well over 512 bytes, so UDP must truncate. */
const BIG_RULES: readonly NaptrRule[] = Array.from({ length: 10 }, (_, i) =>
  toRule(`!^\\+?(.*)$!sip:\\1@a-deliberately-long-host-name-number-${i}.sip.example.com;user=phone!`, {
    preference: i,
  }),
);

const running: DnsTestServer[] = [];
afterEach(async () => {
  const servers = running.splice(0);
  await Promise.all(servers.map((server) => server.close()));
  for (const server of servers) expect(server.errors).toEqual([]);
});

async function startServers(...handlers: TestHandler[]): Promise<DnsTestServer[]> {
  const servers = await Promise.all(handlers.map((handler) => startDnsTestServer(handler)));
  running.push(...servers);
  return servers;
}

const always =
  (reply: TestReply | readonly TestReply[]): TestHandler =>
  () =>
    reply;

function outcomes(result: NaptrLookup): string[] {
  return (result.attempts ?? []).map((a) => `${a.transport ?? "?"} ${a.outcome}`);
}

describe("createServerSource: answers", () => {
  it("maps a NOERROR answer to NaptrRules with owner, ttl and one attempt", async () => {
    const [server] = await startServers(always({ kind: "answer", rules: RULES }));
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result).toMatchObject({ kind: "answer", rules: RULES, owner: NAME });
    expect(result.attempts).toEqual([
      expect.objectContaining({ server: server!.address, outcome: "NOERROR", transport: "udp" }),
    ]);
  });

  it("delivers a regexp with backslashes byte-exact", async () => {
    const regexp = "!^(.*)$!sip:\\1@x!";
    expect(regexp).toHaveLength(17); // one real backslash, not two
    const [server] = await startServers(always({ kind: "answer", rules: [toRule(regexp)] }));
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result.kind === "answer" && result.rules[0]?.regexp).toBe(regexp);
  });

  it("sends one NAPTR IN question without EDNS, RD set, a fresh id per try", async () => {
    const [first, second] = await startServers(
      always({ kind: "rcode", rcode: "SERVFAIL" }),
      always({ kind: "answer" }),
    );
    await createServerSource([first!.address, second!.address]).lookup(`${NAME}.`);
    const queries = [...first!.queries, ...second!.queries];
    expect(queries).toHaveLength(2);
    for (const query of queries) {
      expect(query.packet.questions).toEqual([{ name: NAME, type: "NAPTR", class: "IN" }]);
      expect(query.packet.additionals ?? []).toEqual([]); // no OPT record
      expect(query.flags & dnsPacket.RECURSION_DESIRED).toBe(dnsPacket.RECURSION_DESIRED);
    }
    expect(queries[0]!.id).not.toBe(queries[1]!.id);
  });

  it.each<[string, TestReply]>([
    ["no records", { kind: "answer" }],
    [
      "only a CNAME",
      {
        kind: "answer",
        extraAnswers: [{ type: "CNAME", class: "IN", name: NAME, ttl: 60, data: "elsewhere.example" }],
      },
    ],
  ])("NOERROR with %s is nodata", async (_label, reply) => {
    const [server] = await startServers(always(reply));
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result.kind).toBe("nodata");
    expect(outcomes(result)).toEqual(["udp NOERROR"]);
  });

  it("NXDOMAIN ends the query without trying server 2", async () => {
    const [first, second] = await startServers(
      always({ kind: "rcode", rcode: "NXDOMAIN" }),
      always({ kind: "answer", rules: RULES }),
    );
    const result = await createServerSource([first!.address, second!.address]).lookup(NAME);
    expect(result.kind).toBe("nxdomain");
    expect(outcomes(result)).toEqual(["udp NXDOMAIN"]);
    expect(second!.queries).toHaveLength(0);
  });
});

describe("createServerSource: failover", () => {
  it.each<[string, TestReply, string]>([
    ["SERVFAIL", { kind: "rcode", rcode: "SERVFAIL" }, "udp SERVFAIL"],
    ["REFUSED", { kind: "rcode", rcode: "REFUSED" }, "udp REFUSED"],
    ["FORMERR", { kind: "rcode", rcode: "FORMERR" }, "udp FORMERR"],
    ["NOTIMP", { kind: "rcode", rcode: "NOTIMP" }, "udp NOTIMP"],
    ["an unassigned rcode", { kind: "rcode", rcode: 11 }, "udp RCODE11"],
    ["silence (timeout)", { kind: "drop" }, "udp TIMEOUT"],
    ["an undecodable reply", { kind: "garbage" }, "udp ERROR"],
    ["only a wrong-id reply", { kind: "wrong-id", reply: { kind: "answer", rules: RULES } }, "udp TIMEOUT"],
  ])("%s on server 1 moves on to server 2", async (_label, reply, first) => {
    const [bad, good] = await startServers(always(reply), always({ kind: "answer", rules: RULES }));
    const result = await createServerSource([bad!.address, good!.address], FAST).lookup(NAME);
    expect(result).toMatchObject({ kind: "answer", rules: RULES });
    expect(outcomes(result)).toEqual([first, "udp NOERROR"]);
    expect(result.attempts?.map((a) => a.server)).toEqual([bad!.address, good!.address]);
  });

  it("records a timeout with its elapsed time and the timeout used", async () => {
    const [bad, good] = await startServers(
      always({ kind: "drop" }),
      always({ kind: "answer", rules: RULES }),
    );
    const result = await createServerSource([bad!.address, good!.address], FAST).lookup(NAME);
    const [timedOut, answered] = result.attempts ?? [];
    expect(timedOut).toMatchObject({ outcome: "TIMEOUT", timeoutMs: 200 });
    expect(timedOut!.elapsedMs).toBeGreaterThanOrEqual(190);
    expect(answered!.elapsedMs).toBeLessThan(200);
  });

  it("fails with every attempt and the last rcode when all three servers fail", async () => {
    const servers = await startServers(
      always({ kind: "rcode", rcode: "SERVFAIL" }),
      always({ kind: "rcode", rcode: "REFUSED" }),
      always({ kind: "drop" }),
    );
    const result = await createServerSource(
      servers.map((s) => s.address),
      FAST,
    ).lookup(NAME);
    expect(result).toMatchObject({ kind: "failure", rcode: "REFUSED" });
    expect(outcomes(result)).toEqual(["udp SERVFAIL", "udp REFUSED", "udp TIMEOUT"]);
    expect(result.kind === "failure" && result.reason).toContain(servers[2]!.address);
  });

  it("omits rcode when no server replied at all", async () => {
    const [server] = await startServers(always({ kind: "drop" }));
    const result = await createServerSource([server!.address], FAST).lookup(NAME);
    expect(result.kind).toBe("failure");
    expect(result).not.toHaveProperty("rcode");
  });

  it("draws each timeout from the range and doubles it each round", async () => {
    const [server] = await startServers((query) =>
      query.index < 2 ? { kind: "drop" } : { kind: "answer", rules: RULES },
    );
    const result = await createServerSource([server!.address], {
      timeoutMs: { min: 100, max: 200 },
      random: () => 0.5,
      rounds: 3,
    }).lookup(NAME);
    expect(result.kind).toBe("answer");
    expect(result.attempts?.map((a) => [a.outcome, a.timeoutMs])).toEqual([
      ["TIMEOUT", 150],
      ["TIMEOUT", 300],
      ["NOERROR", 600],
    ]);
  });

  it("tries the servers in order within each round", async () => {
    const servers = await startServers(
      always({ kind: "drop" }),
      always({ kind: "rcode", rcode: "SERVFAIL" }),
    );
    const result = await createServerSource(
      servers.map((s) => s.address),
      { ...FAST, rounds: 2 },
    ).lookup(NAME);
    expect(result.attempts?.map((a) => `${a.server} ${a.outcome} ${a.timeoutMs}`)).toEqual([
      `${servers[0]!.address} TIMEOUT 200`,
      `${servers[1]!.address} SERVFAIL 200`,
      `${servers[0]!.address} TIMEOUT 400`,
      `${servers[1]!.address} SERVFAIL 400`,
    ]);
  });

  it("moves on when a server's port is closed", async () => {
    const [gone, good] = await startServers(
      always({ kind: "drop" }),
      always({ kind: "answer", rules: RULES }),
    );
    await gone!.close();
    const result = await createServerSource([gone!.address, good!.address], FAST).lookup(NAME);
    expect(result.kind).toBe("answer");
    // Linux reports the ICMP port-unreachable on the connected socket; elsewhere it times out.
    expect(["udp ERROR", "udp TIMEOUT"]).toContain(outcomes(result)[0]);
  });
});

describe("createServerSource: TCP", () => {
  it("retries a truncated UDP reply over TCP and gets the full answer", async () => {
    const [server] = await startServers(always({ kind: "answer", rules: BIG_RULES }));
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result).toMatchObject({ kind: "answer", rules: BIG_RULES });
    expect(outcomes(result)).toEqual(["udp NOERROR", "tcp NOERROR"]);
    expect(result.attempts?.[0]?.detail).toContain("TC");
    expect(server!.queries.map((q) => q.transport)).toEqual(["udp", "tcp"]);
  });

  it.each<[number, readonly NaptrRule[]]>([
    [1, RULES], // the length prefix itself arrives in two reads
    [61, BIG_RULES],
  ])("reassembles a TCP reply written %i bytes at a time", async (tcpChunkBytes, rules) => {
    const server = await startDnsTestServer(always({ kind: "answer", rules }), { tcpChunkBytes });
    running.push(server);
    const result = await createServerSource([server.address], {
      tcp: true,
      timeoutMs: { min: 5000, max: 5000 },
    }).lookup(NAME);
    expect(result).toMatchObject({ kind: "answer", rules });
    expect(outcomes(result)).toEqual(["tcp NOERROR"]);
  });

  it("forces TCP with tcp: true", async () => {
    const [server] = await startServers(always({ kind: "answer", rules: RULES }));
    const result = await createServerSource([server!.address], { tcp: true }).lookup(NAME);
    expect(result.kind).toBe("answer");
    expect(server!.queries.map((q) => q.transport)).toEqual(["tcp"]);
  });

  it.each<[string, TestReply, string]>([
    ["silence", { kind: "drop" }, "tcp TIMEOUT"],
    ["a closed connection", { kind: "close" }, "tcp ERROR"],
    ["garbage", { kind: "garbage" }, "tcp ERROR"],
    ["a wrong id", { kind: "wrong-id", reply: { kind: "answer", rules: RULES } }, "tcp ERROR"],
  ])("a TCP retry that meets %s moves on to server 2", async (_label, tcpReply, expected) => {
    const [bad, good] = await startServers(
      (query) => (query.transport === "udp" ? { kind: "truncate" } : tcpReply),
      always({ kind: "answer", rules: RULES }),
    );
    const result = await createServerSource([bad!.address, good!.address], FAST).lookup(NAME);
    expect(result.kind).toBe("answer");
    expect(outcomes(result)).toEqual(["udp NOERROR", expected, "udp NOERROR"]);
  });
});

describe("createServerSource: stray and broken replies", () => {
  it("ignores a wrong-id datagram and keeps waiting for the real reply", async () => {
    const [server] = await startServers(
      always([
        { kind: "wrong-id", reply: { kind: "rcode", rcode: "NXDOMAIN" } },
        { kind: "answer", rules: RULES },
      ]),
    );
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result.kind).toBe("answer");
    expect(result.attempts?.[0]?.detail).toMatch(/ignored 1 stray message.*wrong id/);
  });

  it.each<[string, (query: { id: number }) => Buffer]>([
    ["a short datagram", () => Buffer.from("hello")],
    ["a query echoed back (QR clear)", (query) => encodeFor(query.id, "query", NAME)],
    ["a reply for another name", (query) => encodeFor(query.id, "response", "9.9.9.e164.arpa")],
  ])("ignores %s", async (_label, toBytes) => {
    const [server] = await startServers((query) => [
      { kind: "raw", bytes: toBytes(query) },
      { kind: "answer", rules: RULES },
    ]);
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result.kind).toBe("answer");
    expect(result.attempts?.[0]?.detail).toContain("ignored 1 stray");
  });

  it("rejects a header claiming 65535 records without decoding it", async () => {
    const [server] = await startServers((query) => {
      const bytes = Buffer.alloc(12);
      bytes.writeUInt16BE(query.id, 0);
      bytes.writeUInt16BE(0x8000, 2);
      bytes.writeUInt16BE(1, 4);
      bytes.writeUInt16BE(0xffff, 6);
      return { kind: "raw", bytes };
    });
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result).toMatchObject({ kind: "failure" });
    expect(result.attempts?.[0]?.outcome).toBe("ERROR");
    expect(result.attempts?.[0]?.detail).toContain("claims 65536 records");
  });

  it("compares the question name case-insensitively", async () => {
    const [server] = await startServers((query) => ({
      kind: "raw",
      bytes: encodeFor(query.id, "response", NAME.toUpperCase(), RULES),
    }));
    const result = await createServerSource([server!.address]).lookup(NAME);
    expect(result).toMatchObject({ kind: "answer", rules: RULES });
  });
});

describe("createServerSource: query names", () => {
  it.each([
    ["a 64-byte label", `${"a".repeat(64)}.e164.arpa`],
    ["a name over 255 bytes", `${"1.".repeat(130)}e164.arpa`],
    ["an empty label", "1..e164.arpa"],
    ["an empty name", ""],
  ])("fails on %s without sending anything", async (_label, name) => {
    const [server] = await startServers(always({ kind: "answer", rules: RULES }));
    const result = await createServerSource([server!.address]).lookup(name);
    expect(result).toMatchObject({ kind: "failure", attempts: [] });
    expect(server!.queries).toHaveLength(0);
  });

  it.each([
    [`${"a".repeat(63)}.e164.arpa`, true],
    [`${"1.".repeat(120)}e164.arpa`, true], // 251 bytes on the wire
    [`${"1.".repeat(122)}e164.arpa`, true], // exactly 255
    [`${"1.".repeat(123)}e164.arpa`, false], // 257
    ["4.3.2.1.e164.arpa.", true],
  ])("parseQueryName(%s) ok=%s", (name, valid) => {
    expect(parseQueryName(name).ok).toBe(valid);
  });
});

describe("createServerSource: construction", () => {
  it.each<[string, readonly string[], ServerSourceOptions, RegExp]>([
    ["no servers", [], {}, /at least one/],
    ["four servers", ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"], {}, /at most 3 servers.*got 4/],
    ["a host name", ["localhost:53"], {}, /server 1.*not an IPv4 address/],
    ["a bad timeout range", ["127.0.0.1"], { timeoutMs: { min: 500, max: 100 } }, /timeoutMs/],
    ["zero rounds", ["127.0.0.1"], { rounds: 0 }, /rounds/],
  ])("throws on %s", (_label, servers, options, message) => {
    expect(() => createServerSource(servers, options)).toThrow(message);
  });

  it("lists its servers canonically", () => {
    expect(createServerSource(["127.0.0.1", "[::1]:5353"]).servers).toEqual(["127.0.0.1:53", "[::1]:5353"]);
  });
});

describe("parseServerList", () => {
  it.each<[string, string[]]>([
    ["127.0.0.1:5300", ["127.0.0.1:5300"]],
    ["10.0.0.1", ["10.0.0.1:53"]],
    ["10.0.0.1:53, 10.0.0.2:5353 ,[::1]:53", ["10.0.0.1:53", "10.0.0.2:5353", "[::1]:53"]],
    ["[2001:db8::1]", ["[2001:db8::1]:53"]],
  ])("accepts %j", (text, expected) => {
    expect(parseServerList(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string, RegExp, number?]>([
    ["", "server-list-empty", /at least one/],
    ["127.0.0.1,", "server-empty", /Server 2 is empty/, 10],
    ["127.0.0.1,dns.example:53", "server-address", /Server 2 .*not an IPv4 address/, 10],
    ["127.0.0.1:0", "server-port", /outside 1-65535/, 0],
    ["127.0.0.1:65536", "server-port", /outside 1-65535/, 0],
    ["127.0.0.1:abc", "server-port", /not a number/, 0],
    ["::1", "server-address", /brackets/, 0],
    ["[::1", "server-address", /missing "\]"/, 0],
    ["[::1]53", "server-address", /expected ":port"/, 0],
    ["[127.0.0.1]:53", "server-address", /not an IPv6 address/, 0],
    ["256.1.1.1", "server-address", /not an IPv4 address/, 0],
    ["1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4", "server-list-too-long", /At most 3 servers/],
  ])("rejects %j (%s)", (text, code, message, at) => {
    const result = parseServerList(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    if (at !== undefined) expect(result.error.at).toBe(at);
  });

  it("parseServer gives host, port and family", () => {
    expect(parseServer("[::1]:5353")).toEqual({
      ok: true,
      value: { host: "::1", port: 5353, family: 6, label: "[::1]:5353" },
    });
  });
});

describe("createServerSource: resources", () => {
  it("leaves no socket or timer behind after lookups of every kind", async () => {
    // Closed handles linger in the list for a tick: let the previous tests' sockets go first.
    await waitFor(() => Object.keys(countHandles()).every((kind) => kind === "Timeout"));
    const before = countHandles();
    const [big, nx, dropper] = await startServers(
      always({ kind: "answer", rules: BIG_RULES }),
      always({ kind: "rcode", rcode: "NXDOMAIN" }),
      always({ kind: "drop" }),
    );
    const results = await Promise.all([
      createServerSource([dropper!.address, big!.address], FAST).lookup(NAME),
      createServerSource([big!.address], { tcp: true }).lookup(NAME),
      createServerSource([nx!.address]).lookup(NAME),
      createServerSource([dropper!.address], { ...FAST, tcp: true }).lookup(NAME),
    ]);
    expect(results.map((r) => r.kind)).toEqual(["answer", "answer", "nxdomain", "failure"]);
    await Promise.all(running.splice(0).map((s) => s.close()));
    await waitFor(() => isSettled(countHandles(), before));
    const after = countHandles();
    expect(Object.keys(after).filter((kind) => kind !== "Timeout")).toEqual([]);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
  });
});

/** Encodes a reply (or a query) for `name` with the given id, for raw-byte scripts. */
function encodeFor(
  id: number,
  type: "query" | "response",
  name: string,
  rules: readonly NaptrRule[] = [],
): Buffer {
  return dnsPacket.encode({
    type,
    id,
    flags: 0,
    questions: [{ type: "NAPTR", class: "IN", name }],
    answers: rules.map((rule) => ({
      type: "NAPTR",
      class: "IN",
      name,
      ttl: rule.ttl ?? 300,
      data: { ...rule, services: rule.service },
    })),
  });
}

/** Counts live sockets and timers by kind (process.getActiveResourcesInfo, Node ≥ 17). */
function countHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/UDP|TCP|Timeout/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** No sockets left, and no more timers than before (vitest keeps a timer of its own at times). */
function isSettled(now: Record<string, number>, before: Record<string, number>): boolean {
  return Object.keys(now).every((kind) => kind === "Timeout") && (now.Timeout ?? 0) <= (before.Timeout ?? 0);
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
