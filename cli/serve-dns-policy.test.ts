// serve-dns's access and abuse flags: allow-lists, NOTIFY on start, RRL settings.
import dgram from "node:dgram";
import * as dnsPacket from "dns-packet";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeTestQuery } from "@/test/support/dns-queries";
import { runServeDns } from "./serve-dns";
import { captureOutput, waitFor } from "./test-support";

const GUIDE_JSON = "test/fixtures/guide/enum.json";

afterEach(() => {
  vi.restoreAllMocks();
});

function queryUdp(port: number, message: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    socket.once("message", (reply) => {
      socket.close();
      resolve(reply);
    });
    socket.send(message, port, "127.0.0.1");
  });
}

describe("enum-console serve-dns policy flags", () => {
  it("--allow-query refuses other clients; --notify tells the secondaries the serial", async () => {
    const secondary = dgram.createSocket("udp4");
    const notifies: Buffer[] = [];
    secondary.on("message", (message, remote) => {
      notifies.push(message);
      const ack = Buffer.from(message);
      ack.writeUInt16BE(message.readUInt16BE(2) | 0x8000, 2);
      secondary.send(ack, remote.port, remote.address);
    });
    await new Promise<void>((resolve) => secondary.bind(0, "127.0.0.1", resolve));
    const notifyTarget = `127.0.0.1:${secondary.address().port}`;

    const { out } = captureOutput();
    const stop = new AbortController();
    const running = runServeDns(
      [
        "--rules",
        GUIDE_JSON,
        "--port",
        "0",
        "--serial",
        "77",
        "--allow-query",
        "192.0.2.0/24",
        "--notify",
        notifyTarget,
      ],
      { signal: stop.signal },
    );
    try {
      const port = Number(
        await waitFor(() => /on 127\.0\.0\.1:(\d+) \(UDP and TCP\)/.exec(out.join(""))?.[1]),
      );
      const reply = await queryUdp(port, encodeTestQuery({ name: "0.7.2.0.5.5.5.2.1.2.e164.arpa" }));
      // REFUSED (5) in the header's low four bits.
      expect(reply.readUInt16BE(2) & 0x0f).toBe(5);
      await waitFor(() =>
        out.join("").includes(`NOTIFY serial 77 to ${notifyTarget}: acknowledged`) ? true : undefined,
      );
      const notify = dnsPacket.decode(notifies[0]!);
      expect(notify.answers?.[0]).toMatchObject({ type: "SOA", data: { serial: 77 } });
    } finally {
      stop.abort();
      await running;
      secondary.close();
    }
  });

  it.each([
    [["--allow-query", "10.0.0.0/8,10.0.0.300"], /--allow-query: entry 2 "10\.0\.0\.300"/],
    [
      ["--allow-transfer", "10.1.0.0/8"],
      /--allow-transfer: entry 1 "10\.1\.0\.0\/8".*did you mean 10\.0\.0\.0\/8/,
    ],
    [["--notify", "secondary.example.net:53"], /--notify: "secondary\.example\.net:53": .*not an IP address/],
    [["--rrl", "fast"], /--rrl must be a whole number/],
    [["--rrl-slip", "11"], /--rrl-slip must be a whole number 0-10/],
  ])("%j exits 2 with one line naming the mistake", async (flags, message) => {
    const { err } = captureOutput();
    expect(await runServeDns(["--rules", GUIDE_JSON, "--port", "0", ...flags])).toBe(2);
    expect(err.join("")).toMatch(message);
  });
});
