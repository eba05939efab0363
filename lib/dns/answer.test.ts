import * as dnsPacket from "dns-packet";
import { describe, expect, it } from "vitest";
import type { Zone } from "@/lib/enum/zone";
import {
  encodeOpt,
  encodeTestQuery,
  QTYPE,
  readGuideBlocks,
  toMasterZone,
  toNaptrRecord,
  toServedZone,
  type TestQuerySpec,
} from "@/test/support/dns-queries";
import {
  answerQuery,
  answerQueryDetailed,
  answerWithRcode,
  DEFAULT_EDNS_UDP_SIZE,
  RCODE,
  readHeader,
  toRcodeName,
  type AnswerOptions,
} from "./answer";

const UDP: AnswerOptions = { transport: "udp" };
const TCP: AnswerOptions = { transport: "tcp" };

const GUIDE_BLOCKS = readGuideBlocks();
const GUIDE = toServedZone(GUIDE_BLOCKS).zone;
/** The guide without its "" catch-all (NANP trunk): numbers under no prefix are NXDOMAIN. */
const NO_CATCH_ALL = toServedZone(GUIDE_BLOCKS.filter((b) => b.prefix !== "")).zone;

/** A hand-written zone for what the compiled zones never hold: ENTs, CNAMEs, cuts, odd labels. */
const HAND = toMasterZone(
  [
    "$TTL 3600",
    "@ IN SOA ns1.example.net. hostmaster.example.net. 5 3600 600 604800 60",
    "@ IN NS ns1.example.net.",
    'a.b.c IN NAPTR 10 10 "u" "E2U+sip" "!^.*$!sip:abc@example.com!" .',
    '*.w IN NAPTR 10 10 "u" "E2U+sip" "!^.*$!sip:wild@example.com!" .',
    '*.w IN TXT "wild"',
    "alias IN CNAME a.b.c",
    'x\\.y IN TXT "one label with a dot"',
    "sub IN NS ns.sub",
    "ns.sub IN A 192.0.2.53",
    "ns.sub IN AAAA 2001:db8::53",
    "loop1 IN CNAME loop2",
    "loop2 IN CNAME loop1",
    "out IN CNAME elsewhere.example.org.",
  ].join("\n"),
  [
    // Sizes no master file can hold: dns-packet would corrupt the packet silently.
    toNaptrRecord("long.e164.arpa", `!^.*$!sip:${"x".repeat(300)}@example.com!`),
    toNaptrRecord("label.e164.arpa", "!^.*$!x!", { replacement: `${"r".repeat(70)}.example.com` }),
  ],
);

/** Many NAPTRs at two names: one reply between 512 and 1232 bytes, one above 1232. */
const LONG_REGEXP = (i: number): string => `!^\\+?(.*)$!sip:\\1@deliberately-long-host-${i}.sip.example.com!`;
const BIG = toMasterZone(
  [
    "@ IN SOA ns1.example.net. hostmaster.example.net. 1 3600 600 604800 300",
    "@ IN NS ns1.example.net.",
    ...Array.from(
      { length: 8 },
      (_, i) => `7 IN NAPTR 10 ${i} "u" "E2U+sip" "${LONG_REGEXP(i).replaceAll("\\", "\\\\")}" .`,
    ),
    ...Array.from(
      { length: 30 },
      (_, i) => `3.2.1 IN NAPTR 10 ${i} "u" "E2U+sip" "${LONG_REGEXP(i).replaceAll("\\", "\\\\")}" .`,
    ),
  ].join("\n"),
);

/** The reply decoded by dns-packet (an independent decoder), with its full rcode. */
function decodeReply(reply: Buffer | null) {
  expect(reply).not.toBeNull();
  const packet = dnsPacket.decode(reply!);
  const flags = reply!.readUInt16BE(2);
  const opt = packet.additionals?.find((a) => a.type === "OPT") as
    { udpPayloadSize: number; extendedRcode: number; ednsVersion: number; flags: number } | undefined;
  return {
    packet,
    flags,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rcode: ((opt?.extendedRcode ?? 0) << 4) | (flags & 0x0f),
    opt,
    answers: packet.answers ?? [],
    authorities: packet.authorities ?? [],
    additionals: (packet.additionals ?? []).filter((a) => a.type !== "OPT"),
  };
}

function ask(zone: Zone, spec: TestQuerySpec, options: AnswerOptions = UDP) {
  return decodeReply(answerQuery(encodeTestQuery(spec), zone, options));
}

describe("answerQuery on the compiled guide zone (seed 000)", () => {
  it("answers NAPTR at an existing name with AA and the name's records", () => {
    const r = ask(GUIDE, { name: "0.7.2.0.5.5.5.2.1.2.e164.arpa" });
    expect(r.rcode).toBe(RCODE.NOERROR);
    expect(r.aa).toBe(true);
    expect(r.answers).toEqual([
      expect.objectContaining({
        name: "0.7.2.0.5.5.5.2.1.2.e164.arpa",
        type: "NAPTR",
        ttl: 3600,
        data: {
          order: 10,
          preference: 10,
          flags: "u",
          services: "E2U+sip",
          regexp: "!(^.*$)!sip:\\1@10.147.226.2!",
          replacement: ".",
        },
      }),
    ]);
    expect(r.authorities).toEqual([]);
  });

  it("synthesizes wildcard answers under the query name, never '*' (RFC 4592 §3.3.1)", () => {
    const r = ask(GUIDE, { name: "5.7.2.0.5.5.5.2.1.2.1.e164.arpa" });
    expect(r.rcode).toBe(RCODE.NOERROR);
    expect(r.aa).toBe(true);
    expect(r.answers.map((a) => a.name)).toEqual(Array(3).fill("5.7.2.0.5.5.5.2.1.2.1.e164.arpa"));
    expect(r.answers.map((a) => (a.type === "NAPTR" ? a.data.regexp : null))).toEqual([
      "!(^\\+.*$)!sip:\\1@ngv.example.com!",
      "!^\\+!+!",
      "!(^.*$)!sip:\\1@10.147.226.2!",
    ]);
  });

  const soa: unknown = expect.objectContaining({ name: "e164.arpa", type: "SOA", ttl: 300 });
  it.each([
    { what: "A at a NAPTR name", name: "0.7.2.0.5.5.5.2.1.2.e164.arpa", type: QTYPE.A },
    { what: "TXT at a wildcard-covered name", name: "9.9.9.e164.arpa", type: QTYPE.TXT },
    { what: "NAPTR at the apex", name: "e164.arpa", type: QTYPE.NAPTR },
    { what: "AAAA at the apex", name: "e164.arpa", type: QTYPE.AAAA },
  ])(
    "NODATA for $what: NOERROR, AA, empty answer, SOA (TTL = minimum) in AUTHORITY (RFC 2308 §2.2)",
    ({ name, type }) => {
      const r = ask(GUIDE, { name, type });
      expect(r.rcode).toBe(RCODE.NOERROR);
      expect(r.aa).toBe(true);
      expect(r.answers).toEqual([]);
      expect(r.authorities).toEqual([soa]);
    },
  );

  it("NXDOMAIN with the SOA in AUTHORITY for a number no block serves (RFC 2308 §2.1, Sprout needs it)", () => {
    const r = ask(NO_CATCH_ALL, { name: "4.4.e164.arpa" });
    expect(r.rcode).toBe(RCODE.NXDOMAIN);
    expect(r.aa).toBe(true);
    expect(r.answers).toEqual([]);
    expect(r.authorities).toEqual([soa]);
  });

  it.each([
    { what: "another zone", name: "example.com" },
    { what: "the parent", name: "arpa" },
    { what: "the root", name: "" },
    { what: "a sibling that shares a suffix", name: "1.xe164.arpa" },
  ])("REFUSED for $what (RFC 1034 §4.3.2, as BIND and the lookup-service seed)", ({ name }) => {
    const r = ask(GUIDE, { name });
    expect(r.rcode).toBe(RCODE.REFUSED);
    expect(r.aa).toBe(false);
    expect(r.answers).toEqual([]);
  });

  it("answers SOA and NS at the apex", () => {
    const soaReply = ask(GUIDE, { name: "e164.arpa", type: QTYPE.SOA });
    expect(soaReply.aa).toBe(true);
    expect(soaReply.answers).toEqual([
      expect.objectContaining({
        name: "e164.arpa",
        type: "SOA",
        ttl: 3600,
        data: expect.objectContaining({
          mname: "localhost",
          rname: "hostmaster.e164.arpa",
          serial: 2026112301,
        }) as unknown,
      }),
    ]);
    const nsReply = ask(GUIDE, { name: "e164.arpa", type: QTYPE.NS });
    expect(nsReply.answers).toEqual([expect.objectContaining({ type: "NS", data: "localhost" })]);
  });

  it("answers ANY with one RRset (RFC 8482 §4.2): NAPTR at a number, SOA at the apex", () => {
    const atNumber = ask(GUIDE, { name: "5.7.2.0.5.5.5.2.1.2.1.e164.arpa", type: QTYPE.ANY });
    expect(atNumber.answers.map((a) => a.type)).toEqual(["NAPTR", "NAPTR", "NAPTR"]);
    const atApex = ask(GUIDE, { name: "e164.arpa", type: QTYPE.ANY });
    expect(atApex.answers.map((a) => a.type)).toEqual(["SOA"]);
  });

  it("echoes the question with the client's case (0x20) and answers case-insensitively", () => {
    const name = "0.7.2.0.5.5.5.2.1.2.E164.ArPa";
    const request = encodeTestQuery({ name, id: 0xbeef });
    const reply = answerQuery(request, GUIDE, UDP)!;
    // The question section is the request's bytes exactly.
    const questionEnd = request.length;
    expect(reply.subarray(12, questionEnd)).toEqual(request.subarray(12, questionEnd));
    const r = decodeReply(reply);
    expect(r.packet.id).toBe(0xbeef);
    expect(r.packet.questions).toEqual([{ name, type: "NAPTR", class: "IN" }]);
    expect(r.answers).toHaveLength(1);
  });

  it("compresses names: the owner points at the question, the SOA at the question's suffix", () => {
    const answer = answerQuery(encodeTestQuery({ name: "0.7.2.0.5.5.5.2.1.2.e164.arpa" }), GUIDE, UDP)!;
    const questionEnd = 12 + "0.7.2.0.5.5.5.2.1.2.e164.arpa".length + 2 + 4;
    // RFC 1035 §4.1.4: the answer's owner is a pointer to offset 12.
    expect([...answer.subarray(questionEnd, questionEnd + 2)]).toEqual([0xc0, 0x0c]);

    const nodata = answerQuery(
      encodeTestQuery({ name: "0.7.2.0.5.5.5.2.1.2.e164.arpa", type: QTYPE.A }),
      GUIDE,
      UDP,
    )!;
    // The SOA owner "e164.arpa" is the question's suffix at 12 + 20.
    expect([...nodata.subarray(questionEnd, questionEnd + 2)]).toEqual([0xc0, 12 + 20]);
    // Its RNAME hostmaster.e164.arpa ends in a pointer too: no second "e164" label on the wire.
    expect(nodata.indexOf(Buffer.from("\u0004e164\u0004arpa"), questionEnd)).toBe(-1);
    expect(decodeReply(nodata).authorities).toEqual([soa]);
  });

  it("copies RD and CD, never sets RA", () => {
    const r = ask(GUIDE, { name: "e164.arpa", type: QTYPE.SOA, flags: 0x0100 | 0x0010 });
    expect(r.flags & 0x0100).toBe(0x0100);
    expect(r.flags & 0x0010).toBe(0x0010);
    expect(r.flags & 0x0080).toBe(0);
  });
});

describe("answerQuery on a hand-written zone", () => {
  it("NODATA at an empty non-terminal (RFC 4592 §2.2.2), SOA TTL = min(TTL, minimum)", () => {
    const r = ask(HAND, { name: "b.c.e164.arpa" });
    expect(r.rcode).toBe(RCODE.NOERROR);
    expect(r.answers).toEqual([]);
    expect(r.authorities).toEqual([expect.objectContaining({ type: "SOA", ttl: 60 })]);
  });

  it("answers NAPTR and TXT from a wildcard, NODATA for other types there", () => {
    expect(ask(HAND, { name: "q.w.e164.arpa" }).answers).toEqual([
      expect.objectContaining({ name: "q.w.e164.arpa", type: "NAPTR" }),
    ]);
    expect(ask(HAND, { name: "q.w.e164.arpa", type: QTYPE.TXT }).answers).toEqual([
      expect.objectContaining({ name: "q.w.e164.arpa", type: "TXT" }),
    ]);
    expect(ask(HAND, { name: "q.w.e164.arpa", type: QTYPE.A }).authorities).toHaveLength(1);
  });

  it("follows a CNAME inside the zone: alias then the target's NAPTR, each under its own owner", () => {
    const r = ask(HAND, { name: "alias.e164.arpa" });
    expect(r.answers.map((a) => [a.name, a.type])).toEqual([
      ["alias.e164.arpa", "CNAME"],
      ["a.b.c.e164.arpa", "NAPTR"],
    ]);
    expect(ask(HAND, { name: "alias.e164.arpa", type: QTYPE.ANY }).answers.map((a) => a.type)).toEqual([
      "CNAME",
    ]);
  });

  it("SERVFAIL for a CNAME loop; the chain leaving the zone ends the answer", () => {
    expect(ask(HAND, { name: "loop1.e164.arpa" }).rcode).toBe(RCODE.SERVFAIL);
    const out = ask(HAND, { name: "out.e164.arpa" });
    expect(out.rcode).toBe(RCODE.NOERROR);
    expect(out.answers).toEqual([expect.objectContaining({ type: "CNAME", data: "elsewhere.example.org" })]);
  });

  it("refers below a zone cut without AA, with the child's NS and glue (RFC 1034 §4.3.2 3b)", () => {
    const r = ask(HAND, { name: "1.sub.e164.arpa" });
    expect(r.rcode).toBe(RCODE.NOERROR);
    expect(r.aa).toBe(false);
    expect(r.answers).toEqual([]);
    expect(r.authorities).toEqual([
      expect.objectContaining({ name: "sub.e164.arpa", type: "NS", data: "ns.sub.e164.arpa" }),
    ]);
    expect(r.additionals).toEqual([
      expect.objectContaining({ name: "ns.sub.e164.arpa", type: "A", data: "192.0.2.53" }),
      expect.objectContaining({ name: "ns.sub.e164.arpa", type: "AAAA", data: "2001:db8::53" }),
    ]);
  });

  it("keeps a dot inside a label apart from a label boundary", () => {
    expect(ask(HAND, { labels: ["x.y", "e164", "arpa"], type: QTYPE.TXT }).answers).toEqual([
      expect.objectContaining({ type: "TXT" }),
    ]);
    expect(ask(HAND, { labels: ["x", "y", "e164", "arpa"], type: QTYPE.TXT }).rcode).toBe(RCODE.NXDOMAIN);
  });

  it.each([
    { what: "a character-string over 255 bytes", name: "long.e164.arpa" },
    { what: "a label over 63 bytes", name: "label.e164.arpa" },
  ])("SERVFAIL, not a corrupt packet, for $what", ({ name }) => {
    const outcome = answerQueryDetailed(encodeTestQuery({ name }), HAND, TCP);
    expect(outcome.internalError).toBeNull();
    expect(outcome.note).toMatch(/cannot encode/);
    const r = decodeReply(outcome.reply);
    expect(r.rcode).toBe(RCODE.SERVFAIL);
    expect(r.answers).toEqual([]);
  });
});

describe("answerQuery on malformed and unusual messages", () => {
  const valid = encodeTestQuery({ name: "e164.arpa", type: QTYPE.SOA, id: 0x4242 });

  it.each([
    { what: "an empty message", bytes: Buffer.alloc(0) },
    { what: "11 bytes", bytes: valid.subarray(0, 11) },
    { what: "a response (QR set)", bytes: encodeTestQuery({ name: "e164.arpa", flags: 0x8000 }) },
    {
      what: "a response with garbage after the header",
      bytes: Buffer.concat([encodeTestQuery({ flags: 0x8400 }).subarray(0, 12), Buffer.alloc(40, 0xff)]),
    },
  ])("drops $what", ({ bytes }) => {
    const outcome = answerQueryDetailed(bytes, GUIDE, UDP);
    expect(outcome.reply).toBeNull();
    expect(outcome.rcode).toBeNull();
  });

  const withTrailing = Buffer.concat([valid, Buffer.from([0])]);
  const pointerInQuestion = Buffer.concat([valid.subarray(0, 12), Buffer.from([0xc0, 0x0c, 0, 6, 0, 1])]);
  const badLabelType = Buffer.concat([valid.subarray(0, 12), Buffer.from([0x41, 0, 0, 6, 0, 1])]);
  const twoOpts = Buffer.concat([
    encodeTestQuery({ name: "e164.arpa", counts: { ar: 2 } }),
    encodeOpt(4096),
    encodeOpt(4096),
  ]);
  const namedOpt = Buffer.concat([
    encodeTestQuery({ name: "e164.arpa", counts: { ar: 1 } }),
    Buffer.from([1, 0x61]),
    encodeOpt(4096).subarray(0),
  ]);
  const badOption = encodeTestQuery({
    name: "e164.arpa",
    edns: { options: Uint8Array.of(0, 10, 0, 8, 1, 2) },
  });
  it.each([
    { what: "QDCOUNT 0", bytes: encodeTestQuery({ counts: { qd: 0 } }) },
    { what: "QDCOUNT 2", bytes: encodeTestQuery({ name: "e164.arpa", counts: { qd: 2 } }) },
    { what: "ANCOUNT 1", bytes: encodeTestQuery({ name: "e164.arpa", counts: { an: 1 } }) },
    { what: "NSCOUNT 1", bytes: encodeTestQuery({ name: "e164.arpa", counts: { ns: 1 } }) },
    { what: "ARCOUNT 3", bytes: encodeTestQuery({ name: "e164.arpa", counts: { ar: 3 } }) },
    {
      what: "a header claiming 65535 of everything",
      bytes: Buffer.from([0x42, 0x42, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]),
    },
    { what: "a truncated question", bytes: valid.subarray(0, valid.length - 1) },
    { what: "a header alone", bytes: valid.subarray(0, 12) },
    { what: "trailing bytes", bytes: withTrailing },
    { what: "a compression pointer in the question", bytes: pointerInQuestion },
    { what: "an unknown label type", bytes: badLabelType },
    { what: "an ARCOUNT with no record", bytes: encodeTestQuery({ name: "e164.arpa", counts: { ar: 1 } }) },
    { what: "two OPT records (RFC 6891 §6.1.1)", bytes: twoOpts },
    { what: "an OPT not owned by the root", bytes: namedOpt },
    { what: "an EDNS option running past its OPT", bytes: badOption },
    { what: "QTYPE OPT", bytes: encodeTestQuery({ name: "e164.arpa", type: QTYPE.OPT }) },
    {
      what: "random bytes after a plausible header",
      bytes: Buffer.concat([valid.subarray(0, 12), Buffer.from("deadbeefcafebabe0123456789", "hex")]),
    },
  ])("FORMERR for $what, echoing the id", ({ bytes }) => {
    const outcome = answerQueryDetailed(bytes, GUIDE, UDP);
    expect(outcome.internalError).toBeNull();
    expect(readHeader(outcome.reply!)).toMatchObject({
      id: readHeader(bytes)!.id,
      qr: true,
      rcode: RCODE.FORMERR,
    });
    expect(outcome.reply!.readUInt16BE(6)).toBe(0);
  });

  it.each([
    { opcode: 1, name: "IQUERY" },
    { opcode: 2, name: "STATUS" },
    { opcode: 4, name: "NOTIFY" },
    { opcode: 5, name: "UPDATE" },
  ])("NOTIMP for opcode $opcode ($name), with the opcode echoed", ({ opcode }) => {
    const reply = answerQuery(
      encodeTestQuery({ name: "e164.arpa", flags: opcode << 11, counts: { an: 1 } }),
      GUIDE,
      UDP,
    );
    expect(readHeader(reply!)).toMatchObject({ qr: true, opcode, rcode: RCODE.NOTIMP });
  });

  it.each([
    { what: "class CH", spec: { name: "e164.arpa", qclass: 3 }, rcode: RCODE.REFUSED },
    { what: "class ANY", spec: { name: "e164.arpa", qclass: 255 }, rcode: RCODE.REFUSED },
    { what: "AXFR", spec: { name: "e164.arpa", type: QTYPE.AXFR }, rcode: RCODE.REFUSED },
    { what: "MAILA", spec: { name: "e164.arpa", type: 254 }, rcode: RCODE.NOTIMP },
    { what: "an unknown type at a name", spec: { name: "e164.arpa", type: 65280 }, rcode: RCODE.NOERROR },
  ])("$what -> $rcode", ({ spec, rcode }) => {
    const r = ask(GUIDE, spec);
    expect(r.rcode).toBe(rcode);
    expect(r.packet.questions).toHaveLength(1);
  });

  it("names the question in the outcome for the query log", () => {
    const outcome = answerQueryDetailed(encodeTestQuery({ name: "E164.arpa", type: 65280 }), GUIDE, UDP);
    expect(outcome).toMatchObject({ qname: "E164.arpa", qtype: "TYPE65280", rcode: 0, truncated: false });
    expect(answerQueryDetailed(encodeTestQuery({ name: "" }), GUIDE, UDP).qname).toBe(".");
  });

  it("answers SERVFAIL instead of throwing when the zone itself fails", () => {
    const broken = {
      ...GUIDE,
      resolve: () => {
        throw new Error("zone exploded");
      },
    } as Zone;
    const outcome = answerQueryDetailed(valid, broken, UDP);
    expect(outcome.internalError).toMatch(/zone exploded/);
    expect(readHeader(outcome.reply!)).toMatchObject({ id: 0x4242, rcode: RCODE.SERVFAIL });
  });

  it("answerWithRcode builds a header-only reply, or null without a header", () => {
    expect(readHeader(answerWithRcode(valid, RCODE.SERVFAIL)!)).toMatchObject({
      id: 0x4242,
      qr: true,
      rcode: 2,
      qdcount: 0,
    });
    expect(answerWithRcode(valid.subarray(0, 5), RCODE.SERVFAIL)).toBeNull();
  });

  it("names rcodes", () => {
    expect([0, 3, 5, 16, 9].map(toRcodeName)).toEqual([
      "NOERROR",
      "NXDOMAIN",
      "REFUSED",
      "BADVERS",
      "RCODE9",
    ]);
  });
});

describe("answerQuery with EDNS(0) (RFC 6891)", () => {
  it("answers an OPT with an OPT: version 0, our UDP size, DO clear", () => {
    const r = ask(GUIDE, { name: "e164.arpa", type: QTYPE.SOA, edns: { udpSize: 4096 } });
    expect(r.opt).toMatchObject({
      udpPayloadSize: DEFAULT_EDNS_UDP_SIZE,
      ednsVersion: 0,
      extendedRcode: 0,
      flags: 0,
    });
    expect(r.answers).toHaveLength(1);
    const own = decodeReply(
      answerQuery(encodeTestQuery({ name: "e164.arpa", edns: {} }), GUIDE, {
        transport: "udp",
        maxUdpSize: 4000,
      }),
    );
    expect(own.opt?.udpPayloadSize).toBe(4000);
  });

  it("no OPT in the reply to a query without one", () => {
    expect(ask(GUIDE, { name: "e164.arpa" }).opt).toBeUndefined();
  });

  it("BADVERS (16) for version 1: upper bits in the OPT, low bits in the header (RFC 6891 §6.1.3)", () => {
    const reply = answerQuery(encodeTestQuery({ name: "e164.arpa", edns: { version: 1 } }), GUIDE, UDP)!;
    expect(reply.readUInt16BE(2) & 0x0f).toBe(0);
    const r = decodeReply(reply);
    expect(r.rcode).toBe(RCODE.BADVERS);
    expect(r.opt).toMatchObject({ extendedRcode: 1, ednsVersion: 0 });
    expect(r.answers).toEqual([]);
    expect(r.packet.questions).toHaveLength(1);
  });

  it("accepts EDNS options (e.g. a cookie) and ignores them", () => {
    const cookie = Uint8Array.of(0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8);
    const r = ask(GUIDE, { name: "e164.arpa", type: QTYPE.SOA, edns: { options: cookie } });
    expect(r.rcode).toBe(RCODE.NOERROR);
    expect(r.answers).toHaveLength(1);
  });
});

describe("answerQuery truncation (RFC 1035 §4.2.1, RFC 6891 §6.2.5)", () => {
  const medium = { name: "7.e164.arpa" };
  const large = { name: "3.2.1.e164.arpa" };

  it("sets TC and empties the answer over UDP without EDNS past 512 bytes, keeping the question", () => {
    const full = answerQuery(encodeTestQuery(medium), BIG, TCP)!;
    expect(full.length).toBeGreaterThan(512);
    expect(full.length).toBeLessThan(DEFAULT_EDNS_UDP_SIZE);
    const outcome = answerQueryDetailed(encodeTestQuery(medium), BIG, UDP);
    expect(outcome.truncated).toBe(true);
    expect(outcome.reply!.length).toBeLessThanOrEqual(512);
    const r = decodeReply(outcome.reply);
    expect(r.tc).toBe(true);
    expect(r.aa).toBe(true);
    expect(r.answers).toEqual([]);
    expect(r.packet.questions).toEqual([{ name: "7.e164.arpa", type: "NAPTR", class: "IN" }]);
  });

  it("fits the same reply under EDNS, and treats a size below 512 as 512", () => {
    const r = ask(BIG, { ...medium, edns: { udpSize: 4096 } });
    expect(r.tc).toBe(false);
    expect(r.answers).toHaveLength(8);
    expect(ask(BIG, { ...medium, edns: { udpSize: 100 } }).tc).toBe(true);
    expect(ask(GUIDE, { name: "e164.arpa", type: QTYPE.SOA, edns: { udpSize: 100 } }).tc).toBe(false);
  });

  it("truncates past min(client size, ours) with EDNS, keeping the OPT", () => {
    const outcome = answerQueryDetailed(encodeTestQuery({ ...large, edns: { udpSize: 65000 } }), BIG, UDP);
    expect(outcome.reply!.length).toBeLessThanOrEqual(DEFAULT_EDNS_UDP_SIZE);
    const r = decodeReply(outcome.reply);
    expect(r.tc).toBe(true);
    expect(r.answers).toEqual([]);
    expect(r.opt?.udpPayloadSize).toBe(DEFAULT_EDNS_UDP_SIZE);
    const bigger = decodeReply(
      answerQuery(encodeTestQuery({ ...large, edns: { udpSize: 65000 } }), BIG, {
        transport: "udp",
        maxUdpSize: 8192,
      }),
    );
    expect(bigger.tc).toBe(false);
  });

  it("SERVFAIL over TCP when even the full reply cannot fit 65535 bytes", () => {
    const huge = toMasterZone("@ IN SOA ns1.example.net. hostmaster.example.net. 1 3600 600 604800 300", [
      ...Array.from({ length: 400 }, (_, i) =>
        toNaptrRecord("9.e164.arpa", `!^(.*)$!sip:\\1@${"h".repeat(180)}.example.com!`, { preference: i }),
      ),
    ]);
    const outcome = answerQueryDetailed(encodeTestQuery({ name: "9.e164.arpa" }), huge, TCP);
    expect(outcome.note).toMatch(/over 65535/);
    expect(decodeReply(outcome.reply).rcode).toBe(RCODE.SERVFAIL);
    expect(outcome.internalError).toBeNull();
  });

  it("sends the full answer over TCP", () => {
    const reply = answerQuery(encodeTestQuery(large), BIG, TCP)!;
    expect(reply.length).toBeGreaterThan(2000);
    const r = decodeReply(reply);
    expect(r.tc).toBe(false);
    expect(r.answers).toHaveLength(30);
    expect(r.answers.every((a) => a.name === "3.2.1.e164.arpa")).toBe(true);
    // 30 owners compressed to 2-byte pointers.
    expect(reply.length).toBeLessThan(12 + 21 + 30 * (2 + 10 + 2 + 2 + 2 + 8 + 60 + 1) + 30 * 4);
  });
});
