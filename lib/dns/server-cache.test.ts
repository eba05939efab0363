// The reply cache behind real sockets: repeated questions are hits over UDP and TCP, the
// replies equal answerQuery's, and a zone swap is served at once.
import dgram from "node:dgram";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Zone } from "@/lib/enum/zone";
import { encodeTestQuery, readGuideBlocks, toServedZone } from "@/test/support/dns-queries";
import { answerQuery, RCODE, readHeader } from "./answer";
import { startDnsServer, toTcpFrame, type DnsServerHandle } from "./server";

const BLOCKS = readGuideBlocks();
const GUIDE = toServedZone(BLOCKS).zone;
const NO_CATCH_ALL = toServedZone(BLOCKS.filter((b) => b.prefix !== "")).zone;
const NUMBER_NAME = "9.9.9.9.9.9.9.9.9.2.e164.arpa";

const running: DnsServerHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

function queryUdp(port: number, message: Buffer, host = "127.0.0.1"): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no UDP reply"));
    }, 2000);
    socket.once("message", (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.send(message, port, host);
  });
}

/** Sends pipelined queries on one TCP connection and collects one framed reply per query. */
function queryTcp(port: number, messages: readonly Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    const replies: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      while (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        replies.push(data.subarray(2, 2 + data.readUInt16BE(0)));
        data = data.subarray(2 + data.readUInt16BE(0));
      }
      if (replies.length === messages.length) {
        socket.destroy();
        resolve(replies);
      }
    });
    socket.on("error", reject);
    socket.write(Buffer.concat(messages.map((m) => toTcpFrame(m))));
  });
}

describe("startDnsServer with the reply cache", () => {
  it("answers repeated questions from the cache over UDP and TCP, byte for byte as answerQuery", async () => {
    const server = await startDnsServer({ host: "127.0.0.1", port: 0, getZone: () => GUIDE });
    running.push(server);
    const queries = [1, 2, 3].map((id) =>
      encodeTestQuery({ id, name: NUMBER_NAME, flags: id === 2 ? 0x0100 : 0 }),
    );
    for (const query of queries) {
      expect(await queryUdp(server.port, query)).toEqual(answerQuery(query, GUIDE, { transport: "udp" }));
    }
    expect(server.cacheStats).toMatchObject({ misses: 1, hits: 2 });
    const tcpReplies = await queryTcp(server.port, queries);
    expect(tcpReplies).toEqual(queries.map((query) => answerQuery(query, GUIDE, { transport: "tcp" })));
    expect(server.cacheStats).toMatchObject({ misses: 2, hits: 4 });
  });

  it("serves a swapped zone from the next message on", async () => {
    let zone: Zone = GUIDE;
    const server = await startDnsServer({ host: "127.0.0.1", port: 0, getZone: () => zone });
    running.push(server);
    const query = encodeTestQuery({ name: NUMBER_NAME });
    expect(readHeader(await queryUdp(server.port, query))?.rcode).toBe(RCODE.NOERROR);
    expect(readHeader(await queryUdp(server.port, query))?.rcode).toBe(RCODE.NOERROR);
    zone = NO_CATCH_ALL;
    expect(readHeader(await queryUdp(server.port, query))?.rcode).toBe(RCODE.NXDOMAIN);
  });

  it("answers over IPv6 too (replies go to the client's address as received)", async () => {
    const server = await startDnsServer({ host: "::1", port: 0, getZone: () => GUIDE });
    running.push(server);
    const query = encodeTestQuery({ name: NUMBER_NAME });
    for (let i = 0; i < 2; i++) {
      expect(await queryUdp(server.port, query, "::1")).toEqual(
        answerQuery(query, GUIDE, { transport: "udp" }),
      );
    }
    expect(server.cacheStats).toMatchObject({ misses: 1, hits: 1 });
  });

  it("can run without the cache", async () => {
    const server = await startDnsServer({
      host: "127.0.0.1",
      port: 0,
      getZone: () => GUIDE,
      answerCache: { maxEntries: 0 },
    });
    running.push(server);
    const query = encodeTestQuery({ name: NUMBER_NAME });
    await queryUdp(server.port, query);
    expect(await queryUdp(server.port, query)).toEqual(answerQuery(query, GUIDE, { transport: "udp" }));
    expect(server.cacheStats).toMatchObject({ hits: 0, entries: 0 });
  });
});
