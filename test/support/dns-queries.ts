/**
 * Test helpers for the responder: DNS query messages built byte by byte (so a test can
 * send exactly the header counts, labels, OPT records and garbage it wants, which
 * dns-packet's encoder cannot express), and the zones the tests answer from.
 */
import { readFileSync } from "node:fs";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { parseMasterFile, type ZoneRecord } from "@/lib/enum/master-file";
import { DEFAULT_ZONE_SETTINGS, type ConsoleBlock, type RuleSet } from "@/lib/enum/ruleset";
import { createZone, type Zone } from "@/lib/enum/zone";
import { compileZone, type CompiledZone } from "@/lib/export/compile";

/** Everything a test query may set; defaults make a plain NAPTR query without EDNS. */
export interface TestQuerySpec {
  readonly id?: number;
  /** Presentation name; a label may not contain a dot (use `labels` for that). */
  readonly name?: string;
  /** Raw labels, e.g. ["x.y", "e164", "arpa"]; wins over `name`. */
  readonly labels?: readonly string[];
  readonly type?: number;
  readonly qclass?: number;
  /** The whole flags word (RD, CD, opcode...). */
  readonly flags?: number;
  /** Add an OPT record (RFC 6891). */
  readonly edns?: { readonly udpSize?: number; readonly version?: number; readonly options?: Uint8Array };
  /** Header counts to write instead of the real ones. */
  readonly counts?: {
    readonly qd?: number;
    readonly an?: number;
    readonly ns?: number;
    readonly ar?: number;
  };
}

/** Type numbers used by the tests. */
export const QTYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  TXT: 16,
  AAAA: 28,
  NAPTR: 35,
  OPT: 41,
  AXFR: 252,
  ANY: 255,
};

/** Encodes a query message (RFC 1035 §4.1) from a spec. */
export function encodeTestQuery(spec: TestQuerySpec = {}): Buffer {
  const labels = spec.labels ?? (spec.name ?? "").split(".").filter((l) => l !== "");
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id ?? 0x1234, 0);
  header.writeUInt16BE(spec.flags ?? 0, 2);
  header.writeUInt16BE(spec.counts?.qd ?? 1, 4);
  header.writeUInt16BE(spec.counts?.an ?? 0, 6);
  header.writeUInt16BE(spec.counts?.ns ?? 0, 8);
  header.writeUInt16BE(spec.counts?.ar ?? (spec.edns ? 1 : 0), 10);
  parts.push(header);
  for (const label of labels) {
    const bytes = Buffer.from(label, "utf8");
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(spec.type ?? QTYPE.NAPTR, 1);
  tail.writeUInt16BE(spec.qclass ?? 1, 3);
  parts.push(tail);
  if (spec.edns) parts.push(encodeOpt(spec.edns.udpSize ?? 4096, spec.edns.version ?? 0, spec.edns.options));
  return Buffer.concat(parts);
}

/** An OPT pseudo-record (RFC 6891 §6.1.2) owned by the root. */
export function encodeOpt(udpSize: number, version = 0, options: Uint8Array = new Uint8Array(0)): Buffer {
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(udpSize, 3);
  opt.writeUInt32BE(((version & 0xff) << 16) >>> 0, 5);
  opt.writeUInt16BE(options.length, 9);
  return Buffer.concat([opt, options]);
}

/** The guide's enum.json (seed 000) as console blocks, as lib/export/compile.test.ts reads it. */
export function readGuideBlocks(): ConsoleBlock[] {
  const text = readFileSync(new URL("../fixtures/guide/enum.json", import.meta.url), "utf8");
  const parsed = parseEnumJson(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.entries.map((entry, i) => ({
    ...entry.block!,
    id: `block-${i + 1}`,
    enumservice: "E2U+sip",
    extraRules: [],
    enabled: true,
  }));
}

/** A RuleSet over blocks with the default settings (zone e164.arpa, SOA minimum 300). */
export function toTestRuleSet(blocks: readonly ConsoleBlock[], zoneSerial = 2026112301): RuleSet {
  return { revision: 1, zoneSerial, settings: DEFAULT_ZONE_SETTINGS, blocks };
}

/** Compiles blocks and builds the Zone the responder serves. */
export function toServedZone(blocks: readonly ConsoleBlock[]): { compiled: CompiledZone; zone: Zone } {
  const compiled = compileZone(toTestRuleSet(blocks));
  return { compiled, zone: createZone(compiled.apex, compiled.records) };
}

/** A zone from master-file text under e164.arpa (throws on a parse error). */
export function toMasterZone(text: string, extra: readonly ZoneRecord[] = []): Zone {
  const parsed = parseMasterFile(text, { origin: "e164.arpa", defaultTtl: 3600 });
  if (!parsed.ok) throw new Error(`${parsed.error.line ?? ""}: ${parsed.error.message}`);
  return createZone("e164.arpa", [...parsed.value.records, ...extra]);
}

/** A NAPTR record for hand-made zones, bypassing the master-file parser's size checks. */
export function toNaptrRecord(
  name: string,
  regexp: string,
  fields: { readonly order?: number; readonly preference?: number; readonly replacement?: string } = {},
): ZoneRecord {
  const { order = 10, preference = 10, replacement = "." } = fields;
  return {
    name,
    ttl: 3600,
    class: "IN",
    type: "NAPTR",
    line: 0,
    data: { kind: "NAPTR", order, preference, flags: "u", service: "E2U+sip", regexp, replacement },
  };
}
