import { describe, expect, it } from "vitest";
import { toEnumDomain } from "@/lib/enum/aus";
import type { Zone } from "@/lib/enum/zone";
import { toProbeNumbers } from "@/lib/export/check";
import { createRng, type Rng } from "@/test/support/enum-patterns";
import {
  encodeOpt,
  encodeTestQuery,
  QTYPE,
  readGuideBlocks,
  toMasterZone,
  toServedZone,
  type TestQuerySpec,
} from "@/test/support/dns-queries";
import { answerQueryDetailed, RCODE, readHeader, type AnswerOptions } from "./answer";
import { createAnswerCache, toCacheKey } from "./answer-cache";

const BLOCKS = readGuideBlocks();
const GUIDE = toServedZone(BLOCKS).zone;
/** The guide without its catch-all, so NXDOMAIN happens. */
const NO_CATCH_ALL = toServedZone(BLOCKS.filter((b) => b.prefix !== "")).zone;
/** Ten long NAPTRs at one name (about 900 bytes): truncated over UDP below that size. */
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
const ZONES: readonly Zone[] = [GUIDE, NO_CATCH_ALL, BIG];
const NUMBER_NAME = "0.7.2.0.5.5.5.2.1.2.e164.arpa";
const OPTIONS: readonly AnswerOptions[] = [
  { transport: "udp" },
  { transport: "tcp" },
  { transport: "udp", maxUdpSize: 512 },
  { transport: "udp", maxUdpSize: 4096 },
];

function toMixedCase(name: string, rng: Rng): string {
  return name.replace(/[a-z]/g, (c) => (rng.chance(0.3) ? c.toUpperCase() : c));
}

/** Question names: every block's probe numbers, the BIG name, the apex, names outside the zone. */
function createNames(): string[] {
  const names = new Set<string>([
    "e164.arpa",
    "7.e164.arpa",
    "example.com",
    "",
    "*.e164.arpa",
    "9.9.e164.arpa",
  ]);
  for (const block of BLOCKS)
    for (const number of toProbeNumbers(block.prefix.replace(/\D/g, ""))) names.add(toEnumDomain(number));
  return [...names];
}

/** A random query spec: case, type, flags, EDNS (size, DO, version, options) vary. */
function createSpec(rng: Rng, names: readonly string[]): TestQuerySpec {
  const types = [
    QTYPE.NAPTR,
    QTYPE.NAPTR,
    QTYPE.NAPTR,
    QTYPE.A,
    QTYPE.SOA,
    QTYPE.NS,
    QTYPE.ANY,
    QTYPE.TXT,
    65280,
  ];
  const spec: TestQuerySpec = {
    id: rng.int(0x10000),
    // The BIG zone's large RRset often, so TC replies are common.
    name: toMixedCase(rng.chance(0.2) ? "7.e164.arpa" : rng.pick(names), rng),
    type: rng.pick(types),
    qclass: rng.chance(0.97) ? 1 : rng.pick([3, 255]),
    // RD, CD, AD, AA and Z bits at random; now and then another opcode.
    flags: (rng.int(0x10000) & 0x07f0) | (rng.chance(0.03) ? rng.pick([1, 2, 4]) << 11 : 0),
  };
  if (!rng.chance(0.5)) return spec;
  const cookie = Uint8Array.from([0, 10, 0, 8, ...Array.from({ length: 8 }, () => rng.int(256))]);
  return {
    ...spec,
    edns: {
      udpSize: rng.pick([0, 100, 512, 600, 900, 1232, 4096, 65535]),
      version: rng.chance(0.95) ? 0 : 1,
      ...(rng.chance(0.3) ? { options: cookie } : {}),
    },
  };
}

/** Sets the DO bit of a query's OPT record (the last 11+ bytes) when it has one. */
function setDo(message: Buffer, spec: TestQuerySpec): Buffer {
  if (spec.edns === undefined) return message;
  const optLength = 11 + (spec.edns.options?.length ?? 0);
  const copy = Buffer.from(message);
  copy[copy.length - optLength + 7] = 0x80;
  return copy;
}

/** A query changed the way broken clients and attackers change them: the cache must not mistake it for a clean one. */
function mutate(message: Buffer, rng: Rng): Buffer {
  const bytes = Buffer.from(message);
  switch (rng.int(6)) {
    case 0:
      bytes[rng.int(bytes.length)] = rng.int(256);
      return bytes;
    case 1:
      return Buffer.from(bytes.subarray(0, rng.int(bytes.length)));
    case 2:
      return Buffer.concat([bytes, Buffer.from([rng.int(256), rng.int(256)])]);
    case 3:
      for (const at of [4, 6, 8, 10]) if (rng.chance(0.3)) bytes.writeUInt16BE(rng.pick([0, 1, 2, 3]), at);
      return bytes;
    case 4:
      return Buffer.concat([bytes, encodeOpt(1232)]);
    default:
      bytes.writeUInt16BE(rng.int(0x10000), 2);
      return bytes;
  }
}

describe("createAnswerCache", () => {
  it("answers every query byte for byte as answerQueryDetailed does, from the cache when it may", () => {
    const rng = createRng(6072026);
    const names = createNames();
    // A pool of base queries asked again and again with new IDs and RD/CD bits, so most are hits.
    const pool = Array.from({ length: 1500 }, () => {
      const spec = createSpec(rng, names);
      const message = encodeTestQuery(spec);
      return rng.chance(0.2) ? setDo(message, spec) : message;
    });
    const cache = createAnswerCache();
    const differences: string[] = [];
    let truncated = 0;
    for (let n = 0; n < 30_000; n++) {
      let message: Buffer = Buffer.from(rng.pick(pool));
      message.writeUInt16BE(rng.int(0x10000), 0);
      message[2] = (message[2]! & ~0x01) | rng.int(2);
      message[3] = (message[3]! & ~0x10) | (rng.chance(0.5) ? 0x10 : 0);
      if (rng.chance(0.1)) message = mutate(message, rng);
      const zone = ZONES[rng.int(ZONES.length)]!;
      const options = rng.pick(OPTIONS);
      const expected = answerQueryDetailed(message, zone, options);
      const actual = cache.answer(message, zone, options);
      if (expected.truncated) truncated++;
      if (
        (expected.reply === null) !== (actual.reply === null) ||
        (expected.reply !== null && !expected.reply.equals(actual.reply!)) ||
        JSON.stringify({ ...expected, reply: null }) !== JSON.stringify({ ...actual, reply: null })
      ) {
        differences.push(`${message.toString("hex")} (${JSON.stringify(options)})`);
        if (differences.length > 10) break;
      }
    }
    expect(differences).toEqual([]);
    const { hits, misses, bypassed } = cache.stats;
    // The run must really exercise hits, misses, bypasses and TC replies.
    expect(hits).toBeGreaterThan(10_000);
    expect(misses).toBeGreaterThan(1000);
    expect(bypassed).toBeGreaterThan(1000);
    expect(truncated).toBeGreaterThan(100);
  });

  it("patches the ID, RD and CD of a hit and echoes the question's case as sent", () => {
    const cache = createAnswerCache();
    const options: AnswerOptions = { transport: "udp" };
    const first = cache.answer(encodeTestQuery({ id: 1, name: NUMBER_NAME, flags: 0x0100 }), GUIDE, options);
    const second = cache.answer(
      encodeTestQuery({ id: 0xbeef, name: NUMBER_NAME, flags: 0x0010 }),
      GUIDE,
      options,
    );
    expect(cache.stats.hits).toBe(1);
    expect(readHeader(first.reply!)).toMatchObject({ id: 1, flags: 0x8500 });
    expect(readHeader(second.reply!)).toMatchObject({ id: 0xbeef, flags: 0x8410 });
    expect(second.reply!.subarray(4)).toEqual(first.reply!.subarray(4));

    const upper = NUMBER_NAME.toUpperCase();
    const mixed = cache.answer(encodeTestQuery({ id: 2, name: upper }), GUIDE, options);
    expect(cache.stats.hits).toBe(1);
    expect(mixed.reply!.includes(Buffer.from("E164"))).toBe(true);
    expect(mixed.reply).toEqual(
      answerQueryDetailed(encodeTestQuery({ id: 2, name: upper }), GUIDE, options).reply,
    );
  });

  it("never answers from another zone object's entries", () => {
    const cache = createAnswerCache();
    const options: AnswerOptions = { transport: "udp" };
    const query = encodeTestQuery({ name: "9.9.9.9.9.9.9.9.9.2.e164.arpa" });
    const before = cache.answer(query, GUIDE, options);
    expect(before.rcode).toBe(RCODE.NOERROR);
    const after = cache.answer(query, NO_CATCH_ALL, options);
    expect(after.rcode).toBe(RCODE.NXDOMAIN);
    expect(after.reply).toEqual(answerQueryDetailed(query, NO_CATCH_ALL, options).reply);
    // The old zone's entry is still its own (a server could still hold the old zone for a message in flight).
    expect(cache.answer(query, GUIDE, options).reply).toEqual(before.reply);
    expect(cache.stats.hits).toBe(1);
  });

  it("keeps replies intact across many slabs, evictions and replies larger than a slab's share", () => {
    // 3,000 distinct numbers (~150-byte replies) fill several 64 KiB slabs; the bound of
    // 2,000 evicts the oldest; a 300-NAPTR answer over TCP (~20 KiB) takes a buffer of its own.
    const huge = toMasterZone(
      [
        "@ IN SOA ns1.example.net. hostmaster.example.net. 1 3600 600 604800 300",
        "@ IN NS ns1.example.net.",
        ...Array.from(
          { length: 300 },
          (_, i) => `7 IN NAPTR 10 ${i} "u" "E2U+sip" "!^(.*)$!sip:\\\\1@host-${i}.sip.example.com!" .`,
        ),
      ].join("\n"),
    );
    const cache = createAnswerCache({ maxEntries: 2_000 });
    const options: AnswerOptions = { transport: "tcp" };
    const queries = Array.from({ length: 3_000 }, (_, i) =>
      encodeTestQuery({ id: i, name: toEnumDomain(String(2_125_550_000 + i * 7)) }),
    );
    const large = encodeTestQuery({ id: 1, name: "7.e164.arpa" });
    expect(cache.answer(large, huge, options).reply!.length).toBeGreaterThan(16 * 1024);
    for (let round = 0; round < 2; round++) for (const query of queries) cache.answer(query, GUIDE, options);
    expect(cache.stats.entries).toBe(2_000);
    expect(cache.stats.bytes).toBeGreaterThan(2 * 64 * 1024);
    for (const query of [...queries].reverse())
      expect(cache.answer(query, GUIDE, options).reply).toEqual(
        answerQueryDetailed(query, GUIDE, options).reply,
      );
    expect(cache.answer(large, huge, options).reply).toEqual(answerQueryDetailed(large, huge, options).reply);
    expect(cache.stats.hits).toBeGreaterThan(2_000);
  });

  it.each([
    ["FORMERR", encodeTestQuery({ name: NUMBER_NAME, counts: { an: 1 } }), RCODE.FORMERR],
    ["BADVERS", encodeTestQuery({ name: NUMBER_NAME, edns: { version: 1 } }), RCODE.BADVERS],
    ["NOTIMP", encodeTestQuery({ name: NUMBER_NAME, flags: 2 << 11 }), RCODE.NOTIMP],
    ["FORMERR for an OPT question", encodeTestQuery({ name: "e164.arpa", type: QTYPE.OPT }), RCODE.FORMERR],
  ])("never caches %s", (_, query, rcode) => {
    const cache = createAnswerCache();
    for (let i = 0; i < 3; i++) expect(cache.answer(query, GUIDE, { transport: "udp" }).rcode).toBe(rcode);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });

  it("keys the reply on the size limit and transport, not the raw EDNS size", () => {
    const options: AnswerOptions = { transport: "udp" };
    const query = (udpSize: number): Buffer => encodeTestQuery({ name: "7.e164.arpa", edns: { udpSize } });
    expect(toCacheKey(query(4096), options)).toBe(toCacheKey(query(1232), options));
    expect(toCacheKey(query(100), options)).toBe(toCacheKey(query(512), options));
    expect(toCacheKey(query(600), options)).not.toBe(toCacheKey(query(1232), options));
    expect(toCacheKey(query(1232), { transport: "tcp" })).not.toBe(toCacheKey(query(1232), options));
    const cache = createAnswerCache();
    expect(cache.answer(query(600), BIG, options).truncated).toBe(true);
    expect(cache.answer(query(4096), BIG, options).truncated).toBe(false);
    expect(cache.answer(query(1232), BIG, options).truncated).toBe(false);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
  });

  it("stays within its entry and byte limits, dropping the oldest entries", () => {
    const names = createNames().filter((name) => name.endsWith("e164.arpa"));
    const options: AnswerOptions = { transport: "udp" };
    const byCount = createAnswerCache({ maxEntries: 10 });
    for (const name of names) byCount.answer(encodeTestQuery({ name }), GUIDE, options);
    expect(names.length).toBeGreaterThan(50);
    expect(byCount.stats.entries).toBe(10);
    // The newest entries are kept: the last name is a hit, the first is not.
    byCount.answer(encodeTestQuery({ name: names.at(-1)! }), GUIDE, options);
    expect(byCount.stats.hits).toBe(1);
    byCount.answer(encodeTestQuery({ name: names[0]! }), GUIDE, options);
    expect(byCount.stats.hits).toBe(1);

    const byBytes = createAnswerCache({ maxBytes: 4000 });
    for (const name of names) byBytes.answer(encodeTestQuery({ name }), GUIDE, options);
    expect(byBytes.stats.bytes).toBeLessThanOrEqual(4000);
    expect(byBytes.stats.entries).toBeGreaterThan(3);

    const off = createAnswerCache({ maxEntries: 0 });
    off.answer(encodeTestQuery({ name: NUMBER_NAME }), GUIDE, options);
    expect(off.stats).toMatchObject({ hits: 0, entries: 0, bypassed: 1 });
  });
});
