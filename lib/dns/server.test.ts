import { execFile } from "node:child_process";
import dgram from "node:dgram";
import { existsSync } from "node:fs";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import { afterEach, describe, expect, it } from "vitest";
import { toEnumDomain } from "@/lib/enum/aus";
import { resolveDnsAsync } from "@/lib/enum/dns-path";
import { resolveJson, toJsonRuleTable } from "@/lib/enum/json-path";
import type { Zone } from "@/lib/enum/zone";
import { toOutcome, toProbeNumbers } from "@/lib/export/check";
import { createRng } from "@/test/support/enum-patterns";
import { describeRequiring } from "@/test/support/requires";
import {
  encodeTestQuery,
  QTYPE,
  readGuideBlocks,
  toMasterZone,
  toServedZone,
  type TestQuerySpec,
} from "@/test/support/dns-queries";
import { createServerSource } from "./client";
import { RCODE, readHeader } from "./answer";
import {
  startDnsServer,
  toTcpFrame,
  type DnsServerHandle,
  type DnsServerOptions,
  type QueryLogEntry,
} from "./server";

const DIG = "/usr/bin/dig";
const GUIDE_BLOCKS = readGuideBlocks();
const GUIDE = toServedZone(GUIDE_BLOCKS).zone;
const NUMBER_NAME = "0.7.2.0.5.5.5.2.1.2.e164.arpa";

/** Ten NAPTRs with long regexps at one name: about 900 bytes, over 512. */
const BIG = toMasterZone(
  [
    "@ IN SOA ns1.example.net. hostmaster.example.net. 1 3600 600 604800 300",
    "@ IN NS ns1.example.net.",
    ...Array.from(
      { length: 10 },
      (_, i) =>
        `7 IN NAPTR 10 ${i} "u" "E2U+sip" "!^\\\\+?(.*)$!sip:\\\\1@deliberately-long-host-${i}.sip.example.com!" .`,
    ),
  ].join("\n"),
);

const running: DnsServerHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function startServer(
  zone: Zone | (() => Zone),
  options: Partial<DnsServerOptions> = {},
): Promise<DnsServerHandle> {
  const getZone = typeof zone === "function" ? zone : () => zone;
  const server = await startDnsServer({ host: "127.0.0.1", port: 0, getZone, ...options });
  running.push(server);
  return server;
}

/** Sends one datagram and waits for one reply (null on timeout). */
function queryUdp(port: number, message: Buffer, timeoutMs = 2000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, timeoutMs);
    socket.once("message", (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(message, port, "127.0.0.1");
  });
}

/** A TCP connection that collects framed replies. */
async function connectTcp(port: number) {
  const socket = net.createConnection({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.setNoDelay(true);
  const replies: Buffer[] = [];
  const waiters: (() => void)[] = [];
  let pending = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => {
    socket.once("close", () => {
      resolve();
    });
  });
  socket.on("error", () => undefined);
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      replies.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
      pending = pending.subarray(2 + pending.readUInt16BE(0));
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = async (count: number, timeoutMs = 3000): Promise<Buffer[]> => {
    const deadline = Date.now() + timeoutMs;
    while (replies.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return replies.slice(0, count);
  };
  return { socket, replies, waitFor, closed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function decode(reply: Buffer | null | undefined) {
  expect(reply).toBeTruthy();
  return dnsPacket.decode(reply!);
}

describe("startDnsServer over UDP and TCP", () => {
  it("answers the same query over UDP and TCP on one reported port", async () => {
    const server = await startServer(GUIDE);
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
    const query = encodeTestQuery({ name: NUMBER_NAME, id: 7 });
    const udp = decode(await queryUdp(server.port, query));
    const tcp = await connectTcp(server.port);
    tcp.socket.write(toTcpFrame(query));
    const [tcpReply] = await tcp.waitFor(1);
    expect(decode(tcpReply)).toEqual(udp);
    expect(udp.answers).toHaveLength(1);
    tcp.socket.destroy();
  });

  it("serves lib/dns/client.ts (Sprout's client) over UDP and TCP", async () => {
    const server = await startServer(GUIDE);
    for (const tcp of [false, true]) {
      const source = createServerSource([server.address], { tcp, timeoutMs: { min: 2000, max: 2000 } });
      const found = await source.lookup("5.7.2.0.5.5.5.2.1.2.1.e164.arpa");
      expect(found.kind).toBe("answer");
      if (found.kind === "answer") expect(found.rules).toHaveLength(3);
    }
  });

  it("routes every probe number over the live responder exactly as the enum.json path does", async () => {
    const server = await startServer(GUIDE);
    const source = createServerSource([server.address], { timeoutMs: { min: 2000, max: 2000 } });
    const table = toJsonRuleTable(GUIDE_BLOCKS, "sprout");
    const numbers = [...new Set(GUIDE_BLOCKS.flatMap((b) => toProbeNumbers(b.prefix.replace(/\D/g, ""))))];
    expect(numbers.length).toBeGreaterThan(100);
    const differences: string[] = [];
    for (const number of numbers) {
      const dns = await resolveDnsAsync(source, number, { profile: "sprout", suffix: "e164.arpa" });
      const json = resolveJson(table, number);
      if (toOutcome(dns) !== toOutcome(json))
        differences.push(`${number}: ${toOutcome(dns)} vs ${toOutcome(json)}`);
    }
    expect(differences).toEqual([]);
  });

  it("answers NXDOMAIN over the socket, and Sprout's client reads it as a clean failure", async () => {
    const server = await startServer(toServedZone(GUIDE_BLOCKS.filter((b) => b.prefix !== "")).zone);
    const source = createServerSource([server.address], { timeoutMs: { min: 2000, max: 2000 } });
    expect((await source.lookup(toEnumDomain("4455"))).kind).toBe("nxdomain");
  });

  it("falls back to TCP after TC for Sprout's client (no EDNS, 512 bytes)", async () => {
    const server = await startServer(BIG);
    const udpOnly = decode(await queryUdp(server.port, encodeTestQuery({ name: "7.e164.arpa" })));
    expect(udpOnly.flag_tc).toBe(true);
    const source = createServerSource([server.address], { timeoutMs: { min: 2000, max: 2000 } });
    const found = await source.lookup("7.e164.arpa");
    expect(found.kind === "answer" && found.rules.length).toBe(10);
    expect(found.attempts?.map((a) => a.transport)).toEqual(["udp", "tcp"]);
  });

  it("answers three queries pipelined in one TCP write, in order", async () => {
    const server = await startServer(GUIDE);
    const tcp = await connectTcp(server.port);
    const specs: TestQuerySpec[] = [
      { id: 1, name: NUMBER_NAME },
      { id: 2, name: "e164.arpa", type: QTYPE.SOA },
      { id: 3, name: "example.com" },
    ];
    tcp.socket.write(Buffer.concat(specs.map((spec) => toTcpFrame(encodeTestQuery(spec)))));
    const replies = await tcp.waitFor(3);
    expect(replies.map((r) => readHeader(r))).toMatchObject([
      { id: 1, rcode: RCODE.NOERROR, ancount: 1 },
      { id: 2, rcode: RCODE.NOERROR, ancount: 1 },
      { id: 3, rcode: RCODE.REFUSED },
    ]);
    tcp.socket.destroy();
  });

  it("reassembles queries split across TCP reads, even inside the length prefix", async () => {
    const server = await startServer(GUIDE);
    const tcp = await connectTcp(server.port);
    const first = toTcpFrame(encodeTestQuery({ id: 11, name: NUMBER_NAME }));
    const second = toTcpFrame(encodeTestQuery({ id: 12, name: "e164.arpa", type: QTYPE.NS }));
    const stream = Buffer.concat([first, second]);
    // Cut points: inside the first prefix, the first question, at the boundary plus one
    // (the second prefix split), and the rest.
    const cuts = [1, 2, 9, first.length + 1, stream.length];
    let from = 0;
    for (const cut of cuts) {
      tcp.socket.write(stream.subarray(from, cut));
      from = cut;
      await sleep(15);
    }
    const replies = await tcp.waitFor(2);
    expect(replies.map((r) => readHeader(r)?.id)).toEqual([11, 12]);
    expect(decode(replies[1]).answers).toEqual([expect.objectContaining({ type: "NS" })]);
    tcp.socket.destroy();
  });

  it("sends the full 900-byte answer over TCP", async () => {
    const server = await startServer(BIG);
    const tcp = await connectTcp(server.port);
    tcp.socket.write(toTcpFrame(encodeTestQuery({ name: "7.e164.arpa" })));
    const [reply] = await tcp.waitFor(1);
    expect(reply!.length).toBeGreaterThan(512);
    expect(decode(reply).answers).toHaveLength(10);
    tcp.socket.destroy();
  });

  it("closes idle TCP connections after tcpIdleMs", async () => {
    const server = await startServer(GUIDE, { tcpIdleMs: 150 });
    const tcp = await connectTcp(server.port);
    const opened = Date.now();
    await tcp.closed;
    expect(Date.now() - opened).toBeGreaterThanOrEqual(100);
    expect(Date.now() - opened).toBeLessThan(2000);
  });

  it("refuses TCP connections beyond maxTcpConnections", async () => {
    const server = await startServer(GUIDE, { maxTcpConnections: 2 });
    const kept = [await connectTcp(server.port), await connectTcp(server.port)];
    const third = await connectTcp(server.port);
    await third.closed;
    for (const tcp of kept) {
      tcp.socket.write(toTcpFrame(encodeTestQuery({ name: NUMBER_NAME })));
      expect(await tcp.waitFor(1)).toHaveLength(1);
      tcp.socket.destroy();
    }
  });

  it("closes a TCP connection announcing a query longer than maxTcpQueryBytes", async () => {
    const server = await startServer(GUIDE, { maxTcpQueryBytes: 512 });
    const tcp = await connectTcp(server.port);
    tcp.socket.write(Buffer.from([0x02, 0x01]));
    await tcp.closed;
    const other = await connectTcp(server.port);
    other.socket.write(toTcpFrame(encodeTestQuery({ name: NUMBER_NAME })));
    expect(await other.waitFor(1)).toHaveLength(1);
    other.socket.destroy();
  });

  it("close() closes both sockets and every open TCP connection", async () => {
    const server = await startServer(GUIDE);
    const tcp = await connectTcp(server.port);
    await sleep(20);
    expect(server.tcpConnections).toBe(1);
    await server.close();
    await tcp.closed;
    await server.close();
    // The port is free again: a new server can take it.
    const again = await startDnsServer({ host: "127.0.0.1", port: server.port, getZone: () => GUIDE });
    running.push(again);
    expect(again.port).toBe(server.port);
  });

  it("rejects a busy port, a host name and a bad port with a clear message", async () => {
    const server = await startServer(GUIDE);
    await expect(
      startDnsServer({ host: "127.0.0.1", port: server.port, getZone: () => GUIDE }),
    ).rejects.toThrow(
      new RegExp(
        `cannot listen on 127\\.0\\.0\\.1:${server.port} \\(UDP\\): the address is already in use \\(EADDRINUSE\\)`,
      ),
    );
    await expect(startDnsServer({ host: "localhost", port: 0, getZone: () => GUIDE })).rejects.toThrow(
      /IP address/,
    );
    await expect(startDnsServer({ host: "127.0.0.1", port: 70000, getZone: () => GUIDE })).rejects.toThrow(
      /0-65535/,
    );
    await expect(startDnsServer({ host: "192.0.2.1", port: 0, getZone: () => GUIDE })).rejects.toThrow(
      /EADDRNOTAVAIL/,
    );
  });

  it("reads getZone() per query: a swapped zone answers at once, never a mix", async () => {
    const other = toServedZone(GUIDE_BLOCKS.filter((b) => b.prefix !== "")).zone;
    let current = GUIDE;
    const server = await startServer(() => current);
    const ask = async () =>
      readHeader((await queryUdp(server.port, encodeTestQuery({ name: toEnumDomain("4455") })))!)?.rcode;
    expect(await ask()).toBe(RCODE.NOERROR);
    current = other;
    expect(await ask()).toBe(RCODE.NXDOMAIN);
    current = GUIDE;
    expect(await ask()).toBe(RCODE.NOERROR);
  });

  it("answers SERVFAIL when getZone() throws, and ignores a throwing onQuery", async () => {
    const server = await startServer(
      () => {
        throw new Error("no rules loaded");
      },
      {
        onQuery: () => {
          throw new Error("log full");
        },
      },
    );
    const reply = await queryUdp(server.port, encodeTestQuery({ name: NUMBER_NAME, id: 99 }));
    expect(readHeader(reply!)).toMatchObject({ id: 99, rcode: RCODE.SERVFAIL });
  });

  it("reports every message to onQuery: client, question, rcode, transport, duration", async () => {
    const entries: QueryLogEntry[] = [];
    const server = await startServer(GUIDE, { onQuery: (entry) => entries.push(entry) });
    await queryUdp(server.port, encodeTestQuery({ name: NUMBER_NAME.toUpperCase() }));
    const tcp = await connectTcp(server.port);
    tcp.socket.write(toTcpFrame(encodeTestQuery({ name: "example.com", type: QTYPE.A })));
    await tcp.waitFor(1);
    tcp.socket.destroy();
    await queryUdp(server.port, encodeTestQuery({ name: NUMBER_NAME, flags: 0x8000 }), 200);
    expect(entries).toMatchObject([
      {
        client: "127.0.0.1",
        transport: "udp",
        qname: NUMBER_NAME.toUpperCase(),
        qtype: "NAPTR",
        rcode: "NOERROR",
        truncated: false,
        internalError: null,
      },
      { transport: "tcp", qname: "example.com", qtype: "A", rcode: "REFUSED", note: "name outside the zone" },
      { transport: "udp", qname: null, rcode: null, replyBytes: 0, note: "QR set: a response, not a query" },
    ]);
    expect(entries[0]!.clientPort).toBeGreaterThan(0);
    expect(entries[0]!.durationMicros).toBeGreaterThan(0);
    expect(entries[0]!.durationMicros).toBeLessThan(1_000_000);
  });
});

describe("startDnsServer under garbage", () => {
  it("survives thousands of random and mutated datagrams and TCP frames, then answers correctly", async () => {
    const entries: QueryLogEntry[] = [];
    const server = await startServer(GUIDE, { onQuery: (entry) => entries.push(entry) });
    const rng = createRng(53);
    const seed = encodeTestQuery({ name: NUMBER_NAME, edns: {} });
    const client = dgram.createSocket("udp4");
    let replies = 0;
    client.on("message", () => replies++);
    await new Promise<void>((resolve) => client.bind(0, "127.0.0.1", resolve));
    const total = 4000;
    for (let n = 0; n < total; n++) {
      let message: Buffer;
      if (n % 3 === 0) {
        message = Buffer.alloc(rng.int(100));
        for (let i = 0; i < message.length; i++) message[i] = rng.int(256);
      } else {
        message = Buffer.from(seed);
        for (let k = rng.between(1, 3); k > 0; k--) message[rng.int(message.length)] = rng.int(256);
        if (n % 3 === 2) message = message.subarray(0, rng.int(message.length + 1));
      }
      client.send(message, server.port, "127.0.0.1");
      // Client and server share this event loop: let the server catch up every few
      // datagrams, or the kernel drops what does not fit in the socket buffer.
      if (n % 25 === 24) {
        const deadline = Date.now() + 50;
        while (entries.length <= n && Date.now() < deadline) await sleep(1);
      }
    }
    await sleep(100);
    client.close();
    expect(entries.length).toBeGreaterThan(total * 0.95);
    expect(entries.filter((e) => e.internalError !== null)).toEqual([]);
    expect(replies).toBeGreaterThan(total / 2);

    // Random bytes over TCP, zero-length frames and a frame that never completes.
    for (let c = 0; c < 5; c++) {
      const tcp = await connectTcp(server.port);
      const junk = Buffer.alloc(2000);
      for (let i = 0; i < junk.length; i++) junk[i] = rng.int(256);
      tcp.socket.write(Buffer.concat([Buffer.from([0, 0, 0, 0]), junk, Buffer.from([0xff, 0xff, 1, 2, 3])]));
      await sleep(20);
      tcp.socket.destroy();
    }

    // Still correct, over both transports.
    const udp = decode(await queryUdp(server.port, encodeTestQuery({ name: NUMBER_NAME })));
    expect(udp.answers).toHaveLength(1);
    const tcp = await connectTcp(server.port);
    tcp.socket.write(toTcpFrame(encodeTestQuery({ name: NUMBER_NAME })));
    expect(decode((await tcp.waitFor(1))[0]).answers).toEqual(udp.answers);
    tcp.socket.destroy();
  });
});

/** Runs dig against the responder. */
function runDig(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      DIG,
      ["+norec", "+time=2", "+tries=1", "-p", String(port), "@127.0.0.1", ...args],
      (error, stdout) => {
        if (error) reject(new Error(`dig failed: ${error.message}`));
        else resolve(stdout);
      },
    );
  });
}

describeRequiring(
  "dig against the live responder",
  existsSync(DIG) ? null : `${DIG} is not installed (bind9-dnsutils)`,
  () => {
    it("UDP: NAPTR with aa, EDNS udp 1232, the query name's case", async () => {
      const server = await startServer(GUIDE);
      const out = await runDig(server.port, ["0.7.2.0.5.5.5.2.1.2.E164.arpa", "NAPTR"]);
      expect(out).toMatch(/status: NOERROR/);
      expect(out).toMatch(/flags: qr aa;/);
      expect(out).toMatch(/EDNS: version: 0, flags:; udp: 1232/);
      expect(out).toMatch(
        /^0\.7\.2\.0\.5\.5\.5\.2\.1\.2\.E164\.arpa\.\s+3600\s+IN\s+NAPTR\s+10 10 "u" "E2U\+sip" "!\(\^\.\*\$\)!sip:\\\\1@10\.147\.226\.2!" \.$/m,
      );
    });

    it("TCP: the wildcard answer under the query name", async () => {
      const server = await startServer(GUIDE);
      const out = await runDig(server.port, ["+tcp", "5.7.2.0.5.5.5.2.1.2.1.e164.arpa", "NAPTR"]);
      expect(out).toMatch(/\(TCP\)/);
      expect(out.match(/^5\.7\.2\.0\.5\.5\.5\.2\.1\.2\.1\.e164\.arpa\.\s+3600\s+IN\s+NAPTR/gm)).toHaveLength(
        3,
      );
    });

    it("NXDOMAIN and NODATA with the SOA, REFUSED outside, BADVERS", async () => {
      const server = await startServer(toServedZone(GUIDE_BLOCKS.filter((b) => b.prefix !== "")).zone);
      const nx = await runDig(server.port, ["4.4.e164.arpa", "NAPTR"]);
      expect(nx).toMatch(/status: NXDOMAIN/);
      expect(nx).toMatch(
        /AUTHORITY SECTION:\ne164\.arpa\.\s+300\s+IN\s+SOA\s+localhost\. hostmaster\.e164\.arpa\./,
      );
      const nodata = await runDig(server.port, [NUMBER_NAME, "A"]);
      expect(nodata).toMatch(/status: NOERROR/);
      expect(nodata).toMatch(/ANSWER: 0, AUTHORITY: 1/);
      expect(await runDig(server.port, ["example.com", "NAPTR"])).toMatch(/status: REFUSED/);
      const badvers = await runDig(server.port, ["+edns=1", "+noednsnegotiation", "e164.arpa", "SOA"]);
      expect(badvers).toMatch(/status: BADVERS/);
    });

    it("TC over UDP without EDNS past 512 bytes (+noedns +ignore), the full answer with +tcp", async () => {
      const server = await startServer(BIG);
      const truncated = await runDig(server.port, [
        "+bufsize=0",
        "+noedns",
        "+ignore",
        "7.e164.arpa",
        "NAPTR",
      ]);
      expect(truncated).toMatch(/flags: qr aa tc;/);
      expect(truncated).toMatch(/ANSWER: 0/);
      const full = await runDig(server.port, ["+tcp", "7.e164.arpa", "NAPTR"]);
      expect(full).toMatch(/ANSWER: 10,/);
      const edns = await runDig(server.port, ["+bufsize=1232", "7.e164.arpa", "NAPTR"]);
      expect(edns).toMatch(/ANSWER: 10,/);
      expect(edns).toMatch(/\(UDP\)/);
    });

    it("NOTIMP for opcode STATUS, SOA and NS at the apex", async () => {
      const server = await startServer(GUIDE);
      expect(await runDig(server.port, ["+opcode=status", "+noedns", "e164.arpa", "SOA"])).toMatch(
        /status: NOTIMP/,
      );
      expect(await runDig(server.port, ["e164.arpa", "SOA"])).toMatch(
        /^e164\.arpa\.\s+3600\s+IN\s+SOA\s+localhost\./m,
      );
      expect(await runDig(server.port, ["e164.arpa", "NS"])).toMatch(
        /^e164\.arpa\.\s+3600\s+IN\s+NS\s+localhost\.$/m,
      );
    });
  },
);
