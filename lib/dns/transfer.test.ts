import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import { afterEach, describe, expect, it } from "vitest";
import type { Zone } from "@/lib/enum/zone";
import { createNanpBlocks, BENCH_REGEXES } from "@/bench/support/blocks";
import { encodeOpt, encodeTestQuery, QTYPE, readGuideBlocks, toServedZone } from "@/test/support/dns-queries";
import { createRng } from "@/test/support/enum-patterns";
import { describeRequiring } from "@/test/support/requires";
import { DEFAULT_DNS_POLICY, type DnsPolicy } from "./policy";
import { startDnsServer, toTcpFrame, type DnsServerHandle, type QueryLogEntry } from "./server";
import { generateTransferMessages, readTransferQuery, TRANSFER_MESSAGE_BYTES } from "./transfer";

const GUIDE = toServedZone(readGuideBlocks());
const AXFR = encodeTestQuery({ id: 0x4242, name: "e164.arpa", type: QTYPE.AXFR });

type Answer = dnsPacket.Answer;

/** The records of a transfer's answer sections, in order. */
function toAnswers(messages: readonly Buffer[]): Answer[] {
  return messages.flatMap((message) => dnsPacket.decode(message).answers ?? []);
}

describe("readTransferQuery", () => {
  it("recognizes AXFR and IXFR (with its SOA in authority), lower-casing the zone", () => {
    expect(readTransferQuery(encodeTestQuery({ name: "E164.Arpa", type: QTYPE.AXFR }))).toMatchObject({
      kind: "AXFR",
      zoneName: "e164.arpa",
      edns: false,
    });
    const ixfr = dnsPacket.encode({
      type: "query",
      id: 7,
      questions: [{ name: "e164.arpa", type: "IXFR" }],
      authorities: [
        {
          name: "e164.arpa",
          type: "SOA",
          data: { mname: "a.", rname: "b.", serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 },
        },
      ],
    });
    expect(readTransferQuery(ixfr)).toMatchObject({ kind: "IXFR", id: 7 });
    const withOpt = Buffer.concat([
      encodeTestQuery({ type: QTYPE.AXFR, name: "e164.arpa", counts: { ar: 1 } }),
      encodeOpt(4096),
    ]);
    expect(readTransferQuery(withOpt)?.edns).toBe(true);
  });

  it("never throws on mutated transfer queries (100,000 of them)", () => {
    const rng = createRng(5936);
    let recognized = 0;
    for (let i = 0; i < 100_000; i++) {
      const message = Buffer.from(AXFR);
      for (let flips = 1 + rng.int(4); flips > 0; flips--) message[rng.int(message.length)] = rng.int(256);
      const cut = rng.chance(0.2) ? message.subarray(0, rng.int(message.length)) : message;
      const query = readTransferQuery(cut);
      if (query !== null) {
        recognized++;
        expect(["AXFR", "IXFR"]).toContain(query.kind);
      }
    }
    // Some mutations keep a valid transfer query (an ID or RD flip): the parser is not just refusing everything.
    expect(recognized).toBeGreaterThan(100);
  });

  it.each([
    ["a NAPTR query", encodeTestQuery({ name: "e164.arpa" })],
    ["a response", encodeTestQuery({ name: "e164.arpa", type: QTYPE.AXFR, flags: 0x8000 })],
    ["opcode NOTIFY", encodeTestQuery({ name: "e164.arpa", type: QTYPE.AXFR, flags: 4 << 11 })],
    ["class CH", encodeTestQuery({ name: "e164.arpa", type: QTYPE.AXFR, qclass: 3 })],
    ["two questions", encodeTestQuery({ name: "e164.arpa", type: QTYPE.AXFR, counts: { qd: 2 } })],
    ["a cut-off question", AXFR.subarray(0, AXFR.length - 2)],
    ["a bare header", AXFR.subarray(0, 12)],
  ])("leaves %s to answer.ts", (_, message) => {
    expect(readTransferQuery(message)).toBeNull();
  });
});

describe("generateTransferMessages (RFC 5936 §2.2)", () => {
  const query = readTransferQuery(AXFR)!;

  it("sends SOA, every record once, SOA, in one message for a small zone", () => {
    const messages = [...generateTransferMessages(query, GUIDE.zone)];
    expect(messages).toHaveLength(1);
    const decoded = dnsPacket.decode(messages[0]!);
    expect(decoded).toMatchObject({ id: 0x4242, type: "response", flag_aa: true, rcode: "NOERROR" });
    expect(decoded.questions).toEqual([{ name: "e164.arpa", type: "AXFR", class: "IN" }]);
    const answers = decoded.answers ?? [];
    expect(answers[0]?.type).toBe("SOA");
    expect(answers.at(-1)?.type).toBe("SOA");
    expect(answers.filter((a) => a.type === "SOA")).toHaveLength(2);
    expect(answers).toHaveLength(GUIDE.compiled.records.length + 1);
  });

  it("splits over messages of about the given size, the question only in the first, same ID", () => {
    const messages = [...generateTransferMessages(query, GUIDE.zone, 700)];
    expect(messages.length).toBeGreaterThan(5);
    for (const [i, message] of messages.entries()) {
      const decoded = dnsPacket.decode(message);
      expect(decoded.id).toBe(0x4242);
      expect(decoded.flag_aa).toBe(true);
      expect(decoded.questions ?? []).toHaveLength(i === 0 ? 1 : 0);
      // Closed as soon as it reaches the size: at most one record past it.
      expect(message.length).toBeLessThan(700 + 300);
    }
    const whole = toAnswers([...generateTransferMessages(query, GUIDE.zone)]);
    expect(toAnswers(messages)).toEqual(whole);
  });

  it("compresses names (a message is far smaller than its records written out)", () => {
    const [message] = [...generateTransferMessages(query, GUIDE.zone)];
    // dns-packet writes every name in full: the same message re-encoded by it.
    const uncompressed = dnsPacket.encode(dnsPacket.decode(message!));
    expect(message!.length).toBeLessThan(uncompressed.length * 0.8);
  });

  it("carries an OPT in every message when the query had one (RFC 6891 §7)", () => {
    const edns = readTransferQuery(
      Buffer.concat([
        encodeTestQuery({ type: QTYPE.AXFR, name: "e164.arpa", counts: { ar: 1 } }),
        encodeOpt(4096),
      ]),
    )!;
    for (const message of generateTransferMessages(edns, GUIDE.zone, 700)) {
      expect(dnsPacket.decode(message).additionals?.map((r) => r.type)).toEqual(["OPT"]);
    }
  });

  it("produces messages lazily", () => {
    const big = toServedZone(createNanpBlocks(createRng(7), 2000, BENCH_REGEXES)).zone;
    const iterator = generateTransferMessages(query, big);
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(first.value!.length).toBeGreaterThanOrEqual(TRANSFER_MESSAGE_BYTES);
    expect(first.value!.length).toBeLessThan(TRANSFER_MESSAGE_BYTES + 2000);
  });
});

const running: DnsServerHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function startServer(
  zone: Zone,
  policy: DnsPolicy = DEFAULT_DNS_POLICY,
  log: QueryLogEntry[] = [],
): Promise<DnsServerHandle> {
  const server = await startDnsServer({
    host: "127.0.0.1",
    port: 0,
    getZone: () => zone,
    getPolicy: () => policy,
    onQuery: (entry) => log.push(entry),
  });
  running.push(server);
  return server;
}

/** Sends one framed query over TCP and collects reply frames until `done` says stop or the server closes. */
function transferOverTcp(
  port: number,
  queries: readonly Buffer[],
  done: (replies: Buffer[]) => boolean,
): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const replies: Buffer[] = [];
    let pending = Buffer.alloc(0);
    socket.on("connect", () => socket.write(Buffer.concat(queries.map(toTcpFrame))));
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        replies.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      if (done(replies)) {
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => {
      resolve(replies);
    });
  });
}

describe("AXFR over the responder's TCP socket", () => {
  it("streams the transfer, then answers a query pipelined behind it", async () => {
    const server = await startServer(GUIDE.zone);
    const naptr = encodeTestQuery({ id: 99, name: "0.7.2.0.5.5.5.2.1.2.e164.arpa" });
    const replies = await transferOverTcp(server.port, [AXFR, naptr], (r) =>
      r.some((m) => m.readUInt16BE(0) === 99),
    );
    const ids = replies.map((m) => m.readUInt16BE(0));
    expect(ids.at(-1)).toBe(99);
    expect(toAnswers(replies.slice(0, -1))).toHaveLength(GUIDE.compiled.records.length + 1);
    expect(server.stats.transfers).toBe(1);
  });

  it("refuses a client outside allowTransfer, and counts it", async () => {
    const log: QueryLogEntry[] = [];
    const server = await startServer(
      GUIDE.zone,
      { ...DEFAULT_DNS_POLICY, allowTransfer: ["10.0.0.0/8"] },
      log,
    );
    const replies = await transferOverTcp(server.port, [AXFR], (r) => r.length > 0);
    expect(dnsPacket.decode(replies[0]!)).toMatchObject({ id: 0x4242, rcode: "REFUSED", answers: [] });
    expect(server.stats.refusedTransfers).toBe(1);
    expect(log.at(-1)).toMatchObject({ qtype: "AXFR", rcode: "REFUSED" });
    expect(log.at(-1)?.note).toMatch(/allow-transfer/);
  });

  it("answers NOTAUTH for a zone it does not serve", async () => {
    const server = await startServer(GUIDE.zone);
    const query = encodeTestQuery({ name: "example.com", type: QTYPE.AXFR });
    const replies = await transferOverTcp(server.port, [query], (r) => r.length > 0);
    expect(replies[0]!.readUInt16BE(2) & 0x0f).toBe(9);
  });
});

const DIG = "/usr/bin/dig";
const KDIG = "/usr/bin/kdig";

function run(tool: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(tool, args, { maxBuffer: 512 * 1024 * 1024 }, (_error, stdout, stderr) => {
      resolve(`${stdout}${stderr}`);
    });
  });
}

describeRequiring(
  "dig and kdig AXFR against the responder",
  existsSync(DIG) && existsSync(KDIG)
    ? null
    : `${DIG} or ${KDIG} is not installed (bind9-dnsutils, knot-dnsutils)`,
  () => {
    it("dig axfr receives the whole zone", async () => {
      const server = await startServer(GUIDE.zone);
      const out = await run(DIG, ["-p", String(server.port), "@127.0.0.1", "e164.arpa", "AXFR"]);
      expect(out).toMatch(new RegExp(`XFR size: ${GUIDE.compiled.records.length + 1} records`));
    });

    it("kdig axfr receives the whole zone; over UDP it is REFUSED", async () => {
      const server = await startServer(GUIDE.zone);
      const out = await run(KDIG, ["-p", String(server.port), "@127.0.0.1", "e164.arpa", "AXFR"]);
      expect(out).toMatch(new RegExp(`\\(\\d+ messages?, ${GUIDE.compiled.records.length + 1} records\\)`));
      const udp = await run(KDIG, ["-p", String(server.port), "@127.0.0.1", "e164.arpa", "AXFR", "+notcp"]);
      expect(udp).toMatch(/REFUSED/);
    });

    it("kdig IXFR gets the whole zone in AXFR form (RFC 1995 §4)", async () => {
      const server = await startServer(GUIDE.zone);
      const out = await run(KDIG, ["-p", String(server.port), "@127.0.0.1", "e164.arpa", "IXFR=2026112300"]);
      expect(out).toMatch(new RegExp(`\\(\\d+ messages?, ${GUIDE.compiled.records.length + 1} records\\)`));
    });

    it("dig and kdig are REFUSED outside allowTransfer", async () => {
      const server = await startServer(GUIDE.zone, {
        ...DEFAULT_DNS_POLICY,
        allowTransfer: ["192.0.2.0/24"],
      });
      expect(await run(DIG, ["-p", String(server.port), "@127.0.0.1", "e164.arpa", "AXFR"])).toMatch(
        /Transfer failed|REFUSED/,
      );
      expect(await run(KDIG, ["-p", String(server.port), "@127.0.0.1", "e164.arpa", "AXFR"])).toMatch(
        /REFUSED/,
      );
    });

    it("transfers a 5,000-block zone: dig counts exactly the zone's records", async () => {
      const big = toServedZone(createNanpBlocks(createRng(5000), 5000, BENCH_REGEXES));
      const server = await startServer(big.zone);
      const out = await run(DIG, ["+onesoa", "-p", String(server.port), "@127.0.0.1", "e164.arpa", "AXFR"]);
      const count = /XFR size: (\d+) records \(messages (\d+)/.exec(out);
      expect(count, out.slice(-500)).not.toBeNull();
      expect(Number(count![1])).toBe(big.compiled.records.length + 1);
      expect(Number(count![2])).toBeGreaterThan(10);
    });
  },
);
