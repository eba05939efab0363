// A million random and mutated messages through answerQuery, in process: nothing may throw
// (no caught internal error either), every reply must be a well-formed reply to its query,
// and valid queries must get the same answers afterwards.
import * as dnsPacket from "dns-packet";
import { describe, expect, it } from "vitest";
import { toEnumDomain } from "@/lib/enum/aus";
import { toProbeNumbers } from "@/lib/export/check";
import { createRng, type Rng } from "@/test/support/enum-patterns";
import { encodeTestQuery, QTYPE, readGuideBlocks, toServedZone } from "@/test/support/dns-queries";
import { answerQueryDetailed, DEFAULT_EDNS_UDP_SIZE, readHeader, type AnswerOptions } from "./answer";

const PACKETS = 1_000_000;
/** Every this-many replies is also decoded by dns-packet. */
const DECODE_EVERY = 250;

const BLOCKS = readGuideBlocks();
/** The guide's zone, and the same without its catch-all block so that NXDOMAIN happens too. */
const ZONES = [toServedZone(BLOCKS).zone, toServedZone(BLOCKS.filter((b) => b.prefix !== "")).zone];

/** Mixed-case the way 0x20-randomizing resolvers do (draft-vixie-dnsext-dns0x20). */
function toMixedCase(name: string, rng: Rng): string {
  return name.replace(/[a-z]/g, (c) => (rng.chance(0.5) ? c.toUpperCase() : c));
}

/** Valid queries: probe numbers of every block, the apex, other zones, many types, with and without EDNS. */
function createSeeds(rng: Rng): Buffer[] {
  const names = new Set<string>(["e164.arpa", "example.com", "arpa", "", "*.e164.arpa", "1.2.e164.arpa"]);
  for (const block of BLOCKS)
    for (const number of toProbeNumbers(block.prefix.replace(/\D/g, ""))) names.add(toEnumDomain(number));
  const types = [
    QTYPE.NAPTR,
    QTYPE.NAPTR,
    QTYPE.A,
    QTYPE.SOA,
    QTYPE.NS,
    QTYPE.ANY,
    QTYPE.TXT,
    QTYPE.AAAA,
    65280,
  ];
  const seeds: Buffer[] = [];
  for (const name of names) {
    for (let i = 0; i < 3; i++) {
      seeds.push(
        encodeTestQuery({
          id: rng.int(0x10000),
          name: toMixedCase(name, rng),
          type: rng.pick(types),
          flags: rng.pick([0, 0x0100, 0x0110]),
          ...(rng.chance(0.5)
            ? { edns: { udpSize: rng.pick([0, 512, 1232, 4096, 65535]), version: rng.chance(0.9) ? 0 : 1 } }
            : {}),
        }),
      );
    }
  }
  return seeds;
}

const COUNT_CHOICES = [0, 1, 2, 3, 255, 65535];

/** One fuzz message: random bytes, or a seed flipped, truncated, extended, recounted or spliced. */
function mutate(seed: Buffer, rng: Rng): Buffer {
  const op = rng.int(10);
  switch (op) {
    case 0: {
      const bytes = Buffer.allocUnsafe(rng.int(80));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      return bytes;
    }
    case 1: {
      const bytes = Buffer.from(seed);
      for (let n = rng.between(1, 4); n > 0; n--) bytes[rng.int(bytes.length)] = rng.int(256);
      return bytes;
    }
    case 2: {
      const bytes = Buffer.from(seed);
      const at = rng.int(bytes.length);
      bytes[at] = bytes[at]! ^ (1 << rng.int(8));
      return bytes;
    }
    case 3:
      return Buffer.from(seed.subarray(0, rng.int(seed.length)));
    case 4: {
      const extra = Buffer.allocUnsafe(rng.between(1, 24));
      for (let i = 0; i < extra.length; i++) extra[i] = rng.int(256);
      return Buffer.concat([seed, extra]);
    }
    case 5: {
      const bytes = Buffer.from(seed);
      for (const at of [4, 6, 8, 10]) if (rng.chance(0.4)) bytes.writeUInt16BE(rng.pick(COUNT_CHOICES), at);
      return bytes;
    }
    case 6: {
      // Insert or delete one byte inside the message: every later field shifts.
      const at = rng.int(seed.length);
      return rng.chance(0.5)
        ? Buffer.concat([seed.subarray(0, at), Buffer.of(rng.int(256)), seed.subarray(at)])
        : Buffer.concat([seed.subarray(0, at), seed.subarray(at + 1)]);
    }
    case 7: {
      // A compression pointer anywhere, pointing anywhere.
      const bytes = Buffer.from(seed);
      const at = rng.between(12, Math.max(12, bytes.length - 2));
      if (at + 1 < bytes.length) bytes.writeUInt16BE(0xc000 | rng.int(0x4000), at);
      return bytes;
    }
    case 8: {
      // Flags: opcode, QR, TC, Z, rcode bits at random.
      const bytes = Buffer.from(seed);
      bytes.writeUInt16BE(rng.int(0x10000), 2);
      return bytes;
    }
    default:
      return seed;
  }
}

describe("answerQuery fuzz", () => {
  it(`survives ${PACKETS.toLocaleString("en")} random and mutated messages and still answers correctly`, () => {
    const rng = createRng(20261123);
    const seeds = createSeeds(rng);
    const options: readonly AnswerOptions[] = [{ transport: "udp" }, { transport: "tcp" }];
    const answerSeeds = () =>
      ZONES.flatMap((zone) => seeds.map((seed) => answerQueryDetailed(seed, zone, options[0]!).reply));
    const before = answerSeeds();
    expect(before.every((reply) => reply !== null)).toBe(true);

    const rcodes = new Map<string, number>();
    const problems: string[] = [];
    let dropped = 0;
    let decoded = 0;
    const started = performance.now();
    for (let n = 0; n < PACKETS; n++) {
      const message = mutate(rng.pick(seeds), rng);
      const transport = options[n & 1]!;
      const outcome = answerQueryDetailed(message, ZONES[(n >> 1) & 1]!, transport);
      if (outcome.internalError !== null) {
        problems.push(`internal error ${outcome.internalError} for ${message.toString("hex")}`);
        continue;
      }
      const { reply } = outcome;
      const header = readHeader(message);
      if (reply === null) {
        dropped++;
        if (header !== null && !header.qr) problems.push(`dropped a query: ${message.toString("hex")}`);
        continue;
      }
      const replyHeader = readHeader(reply);
      if (header === null || header.qr || replyHeader === null) {
        problems.push(`answered what must be dropped: ${message.toString("hex")}`);
        continue;
      }
      if (replyHeader.id !== header.id || !replyHeader.qr || replyHeader.qdcount > 1)
        problems.push(`bad reply header for ${message.toString("hex")}`);
      if (transport.transport === "udp" && reply.length > DEFAULT_EDNS_UDP_SIZE)
        problems.push(`${reply.length}-byte UDP reply for ${message.toString("hex")}`);
      const name = outcome.rcode === null ? "dropped" : String(outcome.rcode);
      rcodes.set(name, (rcodes.get(name) ?? 0) + 1);
      if (n % DECODE_EVERY === 0) {
        decoded++;
        try {
          dnsPacket.decode(reply);
        } catch (error) {
          problems.push(
            `dns-packet cannot decode our reply (${String(error)}) to ${message.toString("hex")}`,
          );
        }
      }
      if (problems.length > 20) break;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(problems).toEqual([]);

    // Stateless: every valid query gets byte-identical answers after the storm.
    expect(answerSeeds()).toEqual(before);
    // The run must exercise every outcome, not just FORMERR.
    for (const rcode of ["0", "1", "3", "4", "5", "16"]) expect(rcodes.get(rcode) ?? 0).toBeGreaterThan(100);
    expect(dropped).toBeGreaterThan(1000);
    console.log(
      `fuzz: ${PACKETS} messages in ${seconds.toFixed(1)} s (${Math.round(PACKETS / seconds)}/s), ${dropped} dropped, ` +
        `${decoded} replies decoded by dns-packet, rcodes ${JSON.stringify(Object.fromEntries(rcodes))}`,
    );
  });
});
