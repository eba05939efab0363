import * as dnsPacket from "dns-packet";
import { describe, expect, it } from "vitest";
import { parseDomainName, type ZoneRecord } from "@/lib/enum/master-file";
import {
  encodeName,
  MessageWriter,
  renderLabel,
  toTypeName,
  toTypeNumber,
  UnencodableError,
  writeRecord,
} from "./wire";

/** The labels of a wire name as byte arrays. */
function toLabels(bytes: Uint8Array): number[][] {
  const labels: number[][] = [];
  for (let i = 0; bytes[i] !== 0; i += bytes[i]! + 1)
    labels.push([...bytes.subarray(i + 1, i + 1 + bytes[i]!)]);
  return labels;
}

describe("encodeName (presentation -> wire, RFC 1035 §3.1, §5.1)", () => {
  it.each([
    { text: "", labels: [] },
    { text: "e164.arpa", labels: ["e164", "arpa"] },
    { text: "e164.arpa.", labels: ["e164", "arpa"] },
    { text: "a\\.b.c", labels: ["a.b", "c"] },
    { text: "a\\\\b.c", labels: ["a\\b", "c"] },
    { text: "\\065\\032x.c", labels: ["A x", "c"] },
    { text: "é.c", labels: ["é", "c"] },
  ])("$text", ({ text, labels }) => {
    const name = encodeName(text);
    expect(toLabels(name.bytes)).toEqual(labels.map((l) => [...Buffer.from(l, "utf8")]));
    expect(name.labelStarts).toHaveLength(labels.length);
  });

  it.each([
    { text: "x".repeat(64), why: /64 bytes/ },
    { text: Array(128).fill("a").join("."), why: /on the wire/ },
    { text: "a..b", why: /empty label/ },
    { text: "a\\99", why: /DDD/ },
    { text: "a\\", why: /backslash/ },
  ])("refuses $why", ({ text, why }) => {
    expect(() => encodeName(text)).toThrow(UnencodableError);
    expect(() => encodeName(text)).toThrow(why);
  });

  it("keys suffixes case-insensitively in ASCII only", () => {
    expect(encodeName("A.E164.Arpa").key).toBe(encodeName("a.e164.arpa").key);
    expect(encodeName("É.c").key).not.toBe(encodeName("é.c").key);
  });
});

describe("renderLabel (wire -> the presentation form lib/enum/master-file reads back)", () => {
  it.each([
    { bytes: [0x61, 0x42, 0x2d, 0x5f, 0x2a], text: "aB-_*" },
    { bytes: [0x61, 0x2e, 0x62], text: "a\\.b" },
    { bytes: [0x22, 0x28, 0x29, 0x3b, 0x5c], text: '\\"\\(\\)\\;\\\\' },
    { bytes: [0x20, 0x00, 0x7f, 0xff], text: "\\032\\000\\127\\255" },
    { bytes: [0xc3, 0xa9, 0x2e], text: "é\\." },
    { bytes: [0x40], text: "\\@" },
  ])("$text", ({ bytes, text }) => {
    const message = Uint8Array.from([9, ...bytes, 9]);
    expect(renderLabel(message, 1, 1 + bytes.length)).toBe(text);
    // Round trip: the zone parses the text back to the same bytes.
    const parsed = parseDomainName(`${text}.x`, "");
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(toLabels(encodeName(parsed.value).bytes)[0]).toEqual(bytes);
  });
});

describe("type numbers (RFC 3597 §5 for TYPEnnn)", () => {
  it.each([
    [35, "NAPTR"],
    [6, "SOA"],
    [255, "ANY"],
    [65280, "TYPE65280"],
  ] as const)("%i <-> %s", (value, name) => {
    expect(toTypeName(value)).toBe(name);
    expect(toTypeNumber(name)).toBe(value);
  });

  it("reads lower case and rejects unknown words", () => {
    expect(toTypeNumber("naptr")).toBe(35);
    expect(toTypeNumber("NAPRT")).toBeNull();
    expect(toTypeNumber("TYPE70000")).toBeNull();
  });
});

describe("MessageWriter and writeRecord", () => {
  const record = (data: ZoneRecord["data"], type: string = data.kind): ZoneRecord => ({
    name: "x.e164.arpa",
    ttl: 60,
    class: "IN",
    type,
    line: 0,
    data,
  });

  /** One answer record in a minimal response, decoded by dns-packet. */
  function roundTrip(r: ZoneRecord) {
    const writer = new MessageWriter();
    for (const v of [1, 0x8000, 0, 1, 0, 0]) writer.writeU16(v);
    writeRecord(writer, encodeName(r.name), r, encodeName);
    return dnsPacket.decode(writer.toBuffer()).answers?.[0];
  }

  it.each([
    { data: { kind: "A", address: "192.0.2.1" } as const, expected: "192.0.2.1" },
    { data: { kind: "AAAA", address: "2001:db8::1" } as const, expected: "2001:db8::1" },
    { data: { kind: "AAAA", address: "::ffff:192.0.2.1" } as const, expected: "::ffff:c000:201" },
    { data: { kind: "AAAA", address: "1:2:3:4:5:6:7:8" } as const, expected: "1:2:3:4:5:6:7:8" },
    {
      data: { kind: "TXT", strings: ["a", "b c"] } as const,
      expected: [Buffer.from("a"), Buffer.from("b c")],
    },
    { data: { kind: "CNAME", target: "t.example" } as const, expected: "t.example" },
    {
      data: { kind: "other", fields: ["\\#", "2", "ab", "CD"] } as const,
      type: "TYPE65280",
      expected: Buffer.from([0xab, 0xcd]),
    },
  ])("writes $data.kind $expected", ({ data, type, expected }) => {
    expect(roundTrip(record(data, type))).toMatchObject({ name: "x.e164.arpa", ttl: 60, data: expected });
  });

  it.each([
    { data: { kind: "AAAA", address: "1::2::3" } as const },
    { data: { kind: "AAAA", address: "1:2:3:4:5:6:7:8:9" } as const },
    { data: { kind: "A", address: "300.1.1.1" } as const },
    { data: { kind: "TXT", strings: ["x".repeat(256)] } as const },
    { data: { kind: "other", fields: ["10", "mx.example."] } as const, type: "MX" },
    { data: { kind: "other", fields: ["\\#", "3", "abcd"] } as const, type: "TYPE65280" },
  ])("refuses $data", ({ data, type }) => {
    expect(() => roundTrip(record(data, type))).toThrow(UnencodableError);
  });

  it("compresses a repeated suffix to a pointer, and not inside NAPTR RDATA (RFC 3597 §4)", () => {
    const writer = new MessageWriter();
    writer.writeName(encodeName("a.e164.arpa"), true);
    const second = writer.length;
    writer.writeName(encodeName("b.E164.arpa"), true);
    expect([...writer.toBuffer().subarray(second)]).toEqual([1, 0x62, 0xc0, 2]);
    const third = writer.length;
    writer.writeName(encodeName("c.e164.arpa"), false);
    expect(writer.length - third).toBe(encodeName("c.e164.arpa").bytes.length);
  });
});
