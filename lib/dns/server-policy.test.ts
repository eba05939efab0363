// The responder's policy over real sockets: a second and third loopback address
// (127.0.0.2, 127.0.0.3) stand for other clients.
import dgram from "node:dgram";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import { afterEach, describe, expect, it } from "vitest";
import { encodeTestQuery, QTYPE, readGuideBlocks, toServedZone } from "@/test/support/dns-queries";
import { RCODE } from "./answer";
import { DEFAULT_DNS_POLICY, type DnsPolicy } from "./policy";
import { startDnsServer, toTcpFrame, type DnsServerHandle, type QueryLogEntry } from "./server";

const GUIDE = toServedZone(readGuideBlocks()).zone;
const NUMBER_NAME = "0.7.2.0.5.5.5.2.1.2.e164.arpa";

const running: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

async function startServer(
  getPolicy: () => DnsPolicy,
  log: QueryLogEntry[] = [],
  now: () => number = () => 0,
): Promise<DnsServerHandle> {
  const server = await startDnsServer({
    host: "127.0.0.1",
    port: 0,
    getZone: () => GUIDE,
    getPolicy,
    now,
    onQuery: (entry) => log.push(entry),
  });
  running.push(() => server.close());
  return server;
}

/** A UDP client bound to `address`, collecting replies by ID. */
async function openClient(address: string): Promise<{
  send: (message: Buffer, port: number) => void;
  waitFor: (id: number) => Promise<Buffer>;
  replies: Buffer[];
}> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  running.push(() => socket.close());
  const replies: Buffer[] = [];
  const waiters = new Map<number, (reply: Buffer) => void>();
  socket.on("message", (reply) => {
    replies.push(reply);
    waiters.get(reply.readUInt16BE(0))?.(reply);
  });
  return {
    send: (message, port) => {
      socket.send(message, port, "127.0.0.1");
    },
    waitFor: (id) =>
      new Promise((resolve) => {
        const seen = replies.find((r) => r.readUInt16BE(0) === id);
        if (seen !== undefined) resolve(seen);
        else waiters.set(id, resolve);
      }),
    replies,
  };
}

/** One query over TCP from `address`; resolves with the reply. */
function queryTcpFrom(address: string, port: number, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress: address });
    let data = Buffer.alloc(0);
    socket.on("connect", () => socket.write(toTcpFrame(message)));
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        socket.destroy();
        resolve(data.subarray(2, 2 + data.readUInt16BE(0)));
      }
    });
    socket.on("error", reject);
  });
}

const ANY_CLIENT_RRL_OFF: DnsPolicy = {
  ...DEFAULT_DNS_POLICY,
  rrl: { ...DEFAULT_DNS_POLICY.rrl, responsesPerSecond: 0 },
};

describe("allowQuery: REFUSED for a denied source", () => {
  it.each([
    ["127.0.0.1 allowed, 127.0.0.2 refused", ["127.0.0.1/32"], "127.0.0.1", "127.0.0.2"],
    ["127.0.0.2 allowed, 127.0.0.1 refused", ["127.0.0.2"], "127.0.0.2", "127.0.0.1"],
  ])("%s (UDP and TCP)", async (_, allowQuery, allowed, denied) => {
    const log: QueryLogEntry[] = [];
    const server = await startServer(() => ({ ...ANY_CLIENT_RRL_OFF, allowQuery }), log);
    const query = encodeTestQuery({ id: 11, name: NUMBER_NAME, flags: 0x0100 });

    const good = await openClient(allowed);
    good.send(query, server.port);
    const answerBytes = await good.waitFor(11);
    expect(answerBytes.readUInt16BE(2) & 0x0f).toBe(RCODE.NOERROR);
    const answer = dnsPacket.decode(answerBytes);
    expect(answer.answers).toHaveLength(1);

    const bad = await openClient(denied);
    bad.send(query, server.port);
    const refusedBytes = await bad.waitFor(11);
    const refused = dnsPacket.decode(refusedBytes);
    // As the lookup-service seed: REFUSED, no answer section; the question echoed, RD copied.
    expect(refusedBytes.readUInt16BE(2) & 0x0f).toBe(RCODE.REFUSED);
    expect(refused).toMatchObject({ flag_qr: true, flag_rd: true, flag_aa: false, answers: [] });
    expect(refused.questions).toEqual([{ name: NUMBER_NAME, type: "NAPTR", class: "IN" }]);

    expect((await queryTcpFrom(denied, server.port, query)).readUInt16BE(2) & 0x0f).toBe(RCODE.REFUSED);
    expect((await queryTcpFrom(allowed, server.port, query)).readUInt16BE(2) & 0x0f).toBe(RCODE.NOERROR);

    expect(server.stats.refusedQueries).toBe(2);
    expect(log.filter((e) => e.client === denied).map((e) => [e.transport, e.rcode])).toEqual([
      ["udp", "REFUSED"],
      ["tcp", "REFUSED"],
    ]);
    expect(log.find((e) => e.client === denied)?.note).toMatch(/not in allow-query/);
  });

  it("applies a changed policy to the next message", async () => {
    let policy: DnsPolicy = { ...ANY_CLIENT_RRL_OFF, allowQuery: ["127.0.0.2"] };
    const server = await startServer(() => policy);
    const client = await openClient("127.0.0.1");
    client.send(encodeTestQuery({ id: 1, name: NUMBER_NAME }), server.port);
    expect((await client.waitFor(1)).readUInt16BE(2) & 0x0f).toBe(RCODE.REFUSED);
    policy = { ...policy, allowQuery: [] };
    client.send(encodeTestQuery({ id: 2, name: NUMBER_NAME }), server.port);
    expect((await client.waitFor(2)).readUInt16BE(2) & 0x0f).toBe(RCODE.NOERROR);
  });

  it("refuses everything when getPolicy throws (fail closed)", async () => {
    const server = await startServer(() => {
      throw new Error("settings unreadable");
    });
    const client = await openClient("127.0.0.1");
    client.send(encodeTestQuery({ id: 3, name: NUMBER_NAME }), server.port);
    expect((await client.waitFor(3)).readUInt16BE(2) & 0x0f).toBe(RCODE.REFUSED);
  });
});

describe("RRL over real UDP", () => {
  const rrl = (exempt: string[]): DnsPolicy => ({
    ...DEFAULT_DNS_POLICY,
    rrl: { responsesPerSecond: 2, slip: 2, exempt },
  });

  /** Sends `count` identical NAPTR queries, then an SOA query whose reply marks the end; returns the NAPTR replies. */
  async function flood(address: string, port: number, count: number): Promise<dnsPacket.DecodedPacket[]> {
    const client = await openClient(address);
    for (let id = 1; id <= count; id++) client.send(encodeTestQuery({ id, name: NUMBER_NAME }), port);
    // A fresh bucket (another type) is never limited; loopback delivers in order.
    client.send(encodeTestQuery({ id: 1000, name: "e164.arpa", type: QTYPE.SOA }), port);
    await client.waitFor(1000);
    return client.replies.filter((r) => r.readUInt16BE(0) !== 1000).map((r) => dnsPacket.decode(r));
  }

  it("from 127.0.0.3: two answers, then every second limited reply slips with TC=1, the rest dropped", async () => {
    const log: QueryLogEntry[] = [];
    // The clock stands still: no credit comes back during the test.
    const server = await startServer(() => rrl(["127.0.0.1/32"]), log);
    const replies = await flood("127.0.0.3", server.port, 8);
    const full = replies.filter((r) => !r.flag_tc);
    const slipped = replies.filter((r) => r.flag_tc);
    expect(full.map((r) => r.answers?.length)).toEqual([1, 1]);
    expect(slipped).toHaveLength(3);
    for (const reply of slipped) {
      expect(reply.answers).toEqual([]);
      expect(reply.questions).toEqual([{ name: NUMBER_NAME, type: "NAPTR", class: "IN" }]);
    }
    expect(server.stats).toMatchObject({ rrlLimited: 6, rrlSlipped: 3, rrlDropped: 3 });
    expect(log.filter((e) => e.note?.startsWith("rate limited")).map((e) => e.rcode)).toEqual([
      null,
      "NOERROR",
      null,
      "NOERROR",
      null,
      "NOERROR",
    ]);
  });

  it("counts answers from one wildcard in one bucket, whatever number was asked", async () => {
    const server = await startServer(() => rrl([]));
    const client = await openClient("127.0.0.3");
    // Six different numbers under 650555 (the guide's internal block): one wildcard answers them all.
    for (let i = 0; i < 6; i++)
      client.send(encodeTestQuery({ id: i + 1, name: `${i}.0.0.1.5.5.5.0.5.6.e164.arpa` }), server.port);
    client.send(encodeTestQuery({ id: 1000, name: "e164.arpa", type: QTYPE.SOA }), server.port);
    await client.waitFor(1000);
    const answered = client.replies.filter(
      (r) => r.readUInt16BE(0) !== 1000 && (r.readUInt16BE(2) & 0x0200) === 0,
    );
    expect(answered).toHaveLength(2);
    expect(server.stats.rrlLimited).toBe(4);
  });

  it("never limits an exempt client, nor TCP", async () => {
    const server = await startServer(() => rrl(["127.0.0.1/32"]));
    const exempt = await flood("127.0.0.1", server.port, 8);
    expect(exempt.filter((r) => !r.flag_tc)).toHaveLength(8);
    for (let i = 0; i < 6; i++) {
      const reply = dnsPacket.decode(
        await queryTcpFrom("127.0.0.3", server.port, encodeTestQuery({ name: NUMBER_NAME })),
      );
      expect(reply.answers).toHaveLength(1);
    }
    expect(server.stats.rrlLimited).toBe(0);
  });

  it("earns credit back as the clock moves", async () => {
    let now = 0;
    const server = await startServer(
      () => rrl([]),
      [],
      () => now,
    );
    expect(await flood("127.0.0.3", server.port, 3)).toHaveLength(2);
    now += 10_000;
    // Debt capped at the window (5 s x 2/s), repaid after 10 s: two answers again.
    const again = await flood("127.0.0.3", server.port, 3);
    expect(again.filter((r) => !r.flag_tc)).toHaveLength(2);
  });
});
