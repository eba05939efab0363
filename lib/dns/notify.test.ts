import dgram from "node:dgram";
import * as dnsPacket from "dns-packet";
import { afterEach, describe, expect, it } from "vitest";
import type { SoaRecord } from "@/lib/enum/zone";
import { encodeNotify, OPCODE_NOTIFY, parseNotifyTarget, sendNotify } from "./notify";

describe("encodeNotify (RFC 1996 §3)", () => {
  it("is opcode NOTIFY with AA, an SOA question, and the SOA with the serial in the answer", () => {
    const message = encodeNotify(0x1234, "e164.arpa", 2026112305);
    expect((message.readUInt16BE(2) >> 11) & 0x0f).toBe(OPCODE_NOTIFY);
    const decoded = dnsPacket.decode(message);
    expect(decoded).toMatchObject({ id: 0x1234, type: "query", flag_aa: true });
    expect(decoded.questions).toEqual([{ name: "e164.arpa", type: "SOA", class: "IN" }]);
    expect(decoded.answers).toHaveLength(1);
    expect(decoded.answers?.[0]).toMatchObject({
      name: "e164.arpa",
      type: "SOA",
      data: { serial: 2026112305 },
    });
  });

  it("puts the zone's own SOA fields in when given, with the announced serial", () => {
    const soa: SoaRecord = {
      name: "e164.arpa",
      ttl: 3600,
      class: "IN",
      type: "SOA",
      line: 1,
      data: {
        kind: "SOA",
        mname: "ns1.example.net",
        rname: "hostmaster.example.net",
        serial: 1,
        refresh: 3600,
        retry: 600,
        expire: 604800,
        minimum: 300,
      },
    };
    const decoded = dnsPacket.decode(encodeNotify(1, "e164.arpa", 7, soa));
    expect(decoded.answers?.[0]).toMatchObject({
      ttl: 3600,
      data: { mname: "ns1.example.net", rname: "hostmaster.example.net", serial: 7, minimum: 300 },
    });
  });
});

describe("parseNotifyTarget", () => {
  it.each([
    ["127.0.0.1:5300", { host: "127.0.0.1", port: 5300 }],
    ["192.0.2.1", { host: "192.0.2.1", port: 53 }],
    ["[::1]:5300", { host: "::1", port: 5300 }],
    ["::1", { host: "::1", port: 53 }],
  ])("%s", (text, expected) => {
    expect(parseNotifyTarget(text)).toEqual(expected);
  });

  it.each(["ns1.example.net:53", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", ""])(
    "refuses %j",
    (text) => {
      expect(typeof parseNotifyTarget(text)).toBe("string");
    },
  );
});

/** A fake secondary: answers the Nth NOTIFY it receives (1-based) with `rcode`, or never. */
async function startSecondary(
  answerOn: number | null,
  rcode = 0,
  tamper?: (reply: Buffer) => Buffer,
): Promise<{ port: number; received: Buffer[]; close: () => void }> {
  const socket = dgram.createSocket("udp4");
  const received: Buffer[] = [];
  socket.on("message", (message, remote) => {
    received.push(message);
    if (answerOn === null || received.length < answerOn) return;
    const reply = Buffer.from(message);
    // QR set, opcode kept, rcode as asked; the records echoed as BIND does.
    reply.writeUInt16BE((message.readUInt16BE(2) & 0xfff0) | 0x8000 | rcode, 2);
    socket.send(tamper ? tamper(reply) : reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: socket.address().port, received, close: () => socket.close() };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("sendNotify over UDP", () => {
  it("is acked on the first try", async () => {
    const secondary = await startSecondary(1);
    cleanups.push(secondary.close);
    const [result] = await sendNotify([`127.0.0.1:${secondary.port}`], "e164.arpa", 42, { timeoutMs: 300 });
    expect(result).toEqual({
      target: `127.0.0.1:${secondary.port}`,
      status: "acked",
      rcode: "NOERROR",
      attempts: 1,
    });
  });

  it("retries until the acknowledgement arrives, with the same ID", async () => {
    const secondary = await startSecondary(3);
    cleanups.push(secondary.close);
    const [result] = await sendNotify([`127.0.0.1:${secondary.port}`], "e164.arpa", 42, {
      timeoutMs: 100,
      retries: 5,
    });
    expect(result).toMatchObject({ status: "acked", attempts: 3 });
    expect(new Set(secondary.received.map((m) => m.readUInt16BE(0))).size).toBe(1);
  });

  it("times out after the retries, and reports a refusing secondary's rcode", async () => {
    const silent = await startSecondary(null);
    const refusing = await startSecondary(1, 5);
    cleanups.push(silent.close, refusing.close);
    const results = await sendNotify(
      [`127.0.0.1:${silent.port}`, `127.0.0.1:${refusing.port}`, "not-an-ip:53"],
      "e164.arpa",
      42,
      { timeoutMs: 50, retries: 2 },
    );
    expect(results.map((r) => [r.status, r.attempts])).toEqual([
      ["timeout", 3],
      ["rcode", 1],
      ["error", 0],
    ]);
    expect(results[1]?.rcode).toBe("REFUSED");
    expect(silent.received).toHaveLength(3);
  });

  it("ignores replies with another ID or without QR", async () => {
    const wrongId = await startSecondary(1, 0, (reply) => {
      reply.writeUInt16BE((reply.readUInt16BE(0) + 1) & 0xffff, 0);
      return reply;
    });
    const noQr = await startSecondary(1, 0, (reply) => {
      reply.writeUInt16BE(reply.readUInt16BE(2) & 0x7fff, 2);
      return reply;
    });
    cleanups.push(wrongId.close, noQr.close);
    const results = await sendNotify(
      [`127.0.0.1:${wrongId.port}`, `127.0.0.1:${noQr.port}`],
      "e164.arpa",
      1,
      {
        timeoutMs: 50,
        retries: 1,
      },
    );
    expect(results.map((r) => r.status)).toEqual(["timeout", "timeout"]);
  });

  it("stops when aborted", async () => {
    const silent = await startSecondary(null);
    cleanups.push(silent.close);
    const controller = new AbortController();
    const pending = sendNotify([`127.0.0.1:${silent.port}`], "e164.arpa", 1, {
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    controller.abort();
    expect((await pending)[0]).toMatchObject({ status: "error", message: "aborted" });
  });
});
