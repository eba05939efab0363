/**
 * DNS wire format for the responder (RFC 1035 §3, §4.1): names between presentation and
 * wire form, type numbers, and a reply writer with name compression (RFC 1035 §4.1.4).
 * Pure: no sockets, no clock.
 *
 * The writer exists because dns-packet 5.6.1 neither compresses names nor validates sizes
 * (a character-string over 255 bytes or a label over 63 bytes corrupts the packet
 * silently). Here every size is checked as it is written, and a record that cannot be
 * written raises {@link UnencodableError}, which the responder turns into SERVFAIL.
 */
import type { RecordData, ZoneRecord } from "@/lib/enum/master-file";

/** The longest label (RFC 1035 §2.3.4). */
export const MAX_LABEL_BYTES = 63;
/** The longest name on the wire, root byte included (RFC 1035 §2.3.4). */
export const MAX_NAME_BYTES = 255;
/** The longest character-string body (RFC 1035 §3.3). */
export const MAX_STRING_BYTES = 255;
/** The largest DNS message: TCP frames carry a 16-bit length (RFC 1035 §4.2.2). */
export const MAX_MESSAGE_BYTES = 65535;

/** Type mnemonics and numbers (IANA "Resource Record (RR) TYPEs"), as lib/enum/master-file names them. */
const TYPE_NUMBERS: ReadonlyMap<string, number> = new Map<string, number>(
  (
    "A 1 NS 2 MD 3 MF 4 CNAME 5 SOA 6 MB 7 MG 8 MR 9 NULL 10 WKS 11 PTR 12 HINFO 13 MINFO 14 MX 15 " +
    "TXT 16 RP 17 AFSDB 18 X25 19 ISDN 20 RT 21 NSAP 22 NSAP-PTR 23 SIG 24 KEY 25 PX 26 GPOS 27 " +
    "AAAA 28 LOC 29 NXT 30 EID 31 NIMLOC 32 SRV 33 ATMA 34 NAPTR 35 KX 36 CERT 37 A6 38 DNAME 39 " +
    "SINK 40 OPT 41 APL 42 DS 43 SSHFP 44 IPSECKEY 45 RRSIG 46 NSEC 47 DNSKEY 48 DHCID 49 NSEC3 50 " +
    "NSEC3PARAM 51 TLSA 52 SMIMEA 53 HIP 55 NINFO 56 RKEY 57 TALINK 58 CDS 59 CDNSKEY 60 " +
    "OPENPGPKEY 61 CSYNC 62 ZONEMD 63 SVCB 64 HTTPS 65 SPF 99 UINFO 100 UID 101 GID 102 UNSPEC 103 " +
    "NID 104 L32 105 L64 106 LP 107 EUI48 108 EUI64 109 TKEY 249 TSIG 250 IXFR 251 AXFR 252 " +
    "MAILB 253 MAILA 254 ANY 255 URI 256 CAA 257 AVC 258 DOA 259 AMTRELAY 260 RESINFO 261 " +
    "WALLET 262 TA 32768 DLV 32769"
  )
    .split(" ")
    .flatMap((word, i, words) => (i % 2 === 0 ? [[word, Number(words[i + 1])] as const] : [])),
);

const TYPE_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, value] of TYPE_NUMBERS) names[value] = name;
  return names;
})();

/** Well-known numbers the responder branches on (RFC 1035 §3.2.2, RFC 6891 §6.1.1). */
export const TYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  NAPTR: 35,
  OPT: 41,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
} as const;

/** Class IN (RFC 1035 §3.2.4). */
export const CLASS_IN = 1;

/** The mnemonic of a type number, or `TYPEnnn` for one without a name (RFC 3597 §5). */
export function toTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `TYPE${type}`;
}

/** The number of a type mnemonic ("NAPTR", "TYPE65280"), or null for an unknown word. */
export function toTypeNumber(name: string): number | null {
  const known = TYPE_NUMBERS.get(name) ?? TYPE_NUMBERS.get(name.toUpperCase());
  if (known !== undefined) return known;
  const generic = /^TYPE(\d{1,5})$/i.exec(name);
  if (generic === null) return null;
  const value = Number(generic[1]);
  return value <= 0xffff ? value : null;
}

/** A record or name the writer refused: too long, out of range, or a form it cannot encode. */
export class UnencodableError extends Error {
  override readonly name = "UnencodableError";
}

/**
 * A domain name in uncompressed wire form, with where each label starts and a key that
 * identifies each suffix case-insensitively (RFC 4343 §3: ASCII letters only).
 */
export interface WireName {
  /** Length-prefixed labels ending with the root's zero byte. */
  readonly bytes: Uint8Array;
  /** Offset of each label's length byte in `bytes`. */
  readonly labelStarts: readonly number[];
  /** `bytes` as latin1 text with A-Z lowered: `key.slice(labelStarts[i])` names the suffix from label i. */
  readonly key: string;
}

/** The root name: one zero byte. */
export const ROOT_NAME: WireName = { bytes: Uint8Array.of(0), labelStarts: [], key: "\u0000" };

/** Lowers ASCII letters only (RFC 4343 §3); length bytes never fall in A-Z since labels are <= 63 bytes. */
function toAsciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text;
}

/** Builds a WireName from its wire bytes and label starts. */
export function toWireName(bytes: Uint8Array, labelStarts: readonly number[]): WireName {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  return { bytes, labelStarts, key: toAsciiLower(latin1) };
}

const UTF8 = new TextEncoder();

/**
 * Encodes a presentation-form name as lib/enum/master-file writes it (absolute, without the
 * trailing dot, "" for the root; `\.`, `\\` and `\DDD` escapes; non-ASCII as UTF-8) into
 * wire form. Throws UnencodableError for a label over 63 bytes, an empty label, a bad
 * escape or a name over 255 bytes (RFC 1035 §2.3.4).
 */
export function encodeName(text: string): WireName {
  const name = text.endsWith(".") && !text.endsWith("\\.") ? text.slice(0, -1) : text;
  if (name === "" || name === ".") return ROOT_NAME;
  const out: number[] = [];
  const labelStarts: number[] = [];
  let labelStart = 0;
  out.push(0);
  const closeLabel = (): void => {
    const length = out.length - labelStart - 1;
    if (length === 0) throw new UnencodableError(`name "${text}" has an empty label`);
    if (length > MAX_LABEL_BYTES)
      throw new UnencodableError(`name "${text}" has a label of ${length} bytes (max ${MAX_LABEL_BYTES})`);
    out[labelStart] = length;
    labelStarts.push(labelStart);
  };
  let i = 0;
  while (i < name.length) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      closeLabel();
      labelStart = out.length;
      out.push(0);
      i++;
    } else if (c === 0x5c) {
      const d = name.charCodeAt(i + 1);
      if (d >= 0x30 && d <= 0x39) {
        const digits = name.slice(i + 1, i + 4);
        const value = Number(digits);
        if (!/^\d{3}$/.test(digits) || value > 255)
          throw new UnencodableError(`name "${text}" has a bad \\DDD escape`);
        out.push(value);
        i += 4;
      } else if (Number.isNaN(d)) {
        throw new UnencodableError(`name "${text}" ends with a backslash`);
      } else {
        const cp = name.codePointAt(i + 1)!;
        for (const b of UTF8.encode(String.fromCodePoint(cp))) out.push(b);
        i += cp > 0xffff ? 3 : 2;
      }
    } else if (c < 0x80) {
      out.push(c);
      i++;
    } else {
      const cp = name.codePointAt(i)!;
      for (const b of UTF8.encode(String.fromCodePoint(cp))) out.push(b);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  closeLabel();
  out.push(0);
  if (out.length > MAX_NAME_BYTES)
    throw new UnencodableError(`name "${text}" is ${out.length} bytes on the wire (max ${MAX_NAME_BYTES})`);
  return toWireName(Uint8Array.from(out), labelStarts);
}

/** Characters escaped in a label's presentation form, as lib/enum/master-file does (RFC 1035 §5.1). */
const NAME_SPECIALS: ReadonlySet<number> = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b]);

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function escapeNameByte(b: number): string {
  if (b <= 0x20 || b >= 0x7f) return "\\" + String(b).padStart(3, "0");
  if (NAME_SPECIALS.has(b)) return "\\" + String.fromCharCode(b);
  return String.fromCharCode(b);
}

/**
 * Renders one label from the wire in the canonical presentation form of
 * lib/enum/master-file (so the zone finds it): printable ASCII as is, specials and
 * control bytes escaped, valid UTF-8 kept readable, other bytes as `\DDD`. A label that
 * is exactly "@" is escaped, since a bare "@" means the origin in master-file syntax.
 */
export function renderLabel(message: Uint8Array, start: number, end: number): string {
  let plain = true;
  let high = false;
  for (let i = start; i < end; i++) {
    const b = message[i]!;
    if (b <= 0x20 || b >= 0x7f || NAME_SPECIALS.has(b)) plain = false;
    if (b >= 0x80) high = true;
  }
  if (plain) {
    const text = Buffer.from(message.buffer, message.byteOffset + start, end - start).toString("latin1");
    return text === "@" ? "\\@" : text;
  }
  if (high) {
    let decoded: string | null;
    try {
      decoded = STRICT_UTF8.decode(message.subarray(start, end));
    } catch {
      decoded = null;
    }
    if (decoded !== null) {
      let out = "";
      for (const ch of decoded) {
        const cp = ch.codePointAt(0)!;
        out += cp >= 0x80 ? ch : escapeNameByte(cp);
      }
      return out;
    }
  }
  let out = "";
  for (let i = start; i < end; i++) out += escapeNameByte(message[i]!);
  return out;
}

/** Bytes a reply writer starts with: most replies fit a UDP datagram. */
const INITIAL_CAPACITY = 1024;

/**
 * Writes one DNS message. Names are compressed against every name already written
 * (RFC 1035 §4.1.4) unless told not to; pointers reach only the first 16 KiB (14 bits).
 */
export class MessageWriter {
  private buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private used = 0;
  /** Suffix key -> offset of a place it was written. */
  private readonly names = new Map<string, number>();

  /** Bytes written so far. */
  get length(): number {
    return this.used;
  }

  /** The message written so far (a view over the writer's buffer). */
  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  private reserve(bytes: number): void {
    const needed = this.used + bytes;
    if (needed <= this.buffer.length) return;
    // A reply over 64 KiB cannot be sent at all; the caller checks the final length.
    const next = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }

  /** Appends one byte. */
  writeU8(value: number): void {
    this.reserve(1);
    this.buffer[this.used++] = value & 0xff;
  }

  /** Appends a 16-bit big-endian value (network order, RFC 1035 §2.3.2). */
  writeU16(value: number): void {
    this.reserve(2);
    this.buffer.writeUInt16BE(value & 0xffff, this.used);
    this.used += 2;
  }

  /** Appends a 32-bit big-endian value. */
  writeU32(value: number): void {
    this.reserve(4);
    this.buffer.writeUInt32BE(value >>> 0, this.used);
    this.used += 4;
  }

  /** Overwrites a 16-bit field written earlier (counts, RDLENGTH). */
  patchU16(offset: number, value: number): void {
    this.buffer.writeUInt16BE(value & 0xffff, offset);
  }

  /** Appends bytes as they are. */
  writeBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Makes every suffix of `name`, written verbatim at `offset`, a compression target. */
  rememberName(name: WireName, offset: number): void {
    this.rememberLabels(name, offset, name.labelStarts.length);
  }

  /** Registers the suffixes starting at the first `count` labels of `name`, written at `offset`. */
  private rememberLabels(name: WireName, offset: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const start = name.labelStarts[i]!;
      const at = offset + start;
      // A pointer holds 14 bits of offset.
      if (at > 0x3fff) break;
      const suffix = name.key.slice(start);
      if (!this.names.has(suffix)) this.names.set(suffix, at);
    }
  }

  /**
   * Writes a name, ending in a pointer to the longest suffix already written when
   * `compress` is set (RFC 1035 §4.1.4). Names inside RDATA of types other than the
   * RFC 1035 ones are written with `compress` false (RFC 3597 §4, RFC 3403 §4.1).
   */
  writeName(name: WireName, compress: boolean): void {
    const { labelStarts } = name;
    let cut = labelStarts.length;
    let pointer = -1;
    if (compress) {
      for (let i = 0; i < labelStarts.length; i++) {
        const found = this.names.get(name.key.slice(labelStarts[i]));
        if (found !== undefined) {
          cut = i;
          pointer = found;
          break;
        }
      }
    }
    const start = this.used;
    if (pointer < 0) {
      this.writeBytes(name.bytes);
    } else {
      this.writeBytes(name.bytes.subarray(0, labelStarts[cut]));
      this.writeU16(0xc000 | pointer);
    }
    if (compress) this.rememberLabels(name, start, cut);
  }

  /** Writes a character-string (RFC 1035 §3.3): a length byte, then at most 255 bytes of UTF-8. */
  writeCharacterString(text: string, what: string): void {
    const bytes = UTF8.encode(text);
    if (bytes.length > MAX_STRING_BYTES) {
      throw new UnencodableError(
        `${what} is ${bytes.length} bytes (max ${MAX_STRING_BYTES} in a character-string)`,
      );
    }
    this.writeU8(bytes.length);
    this.writeBytes(bytes);
  }
}

/** Resolves presentation names to wire names, remembering them (names in a zone repeat a lot). */
export type NameEncoder = (text: string) => WireName;

function checkUint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new UnencodableError(`${what} ${value} is outside 0-${max}`);
  return value;
}

/**
 * Encoded RDATA of records whose RDATA holds no compressible name, per RDATA object: the
 * compiler shares one RDATA object among the names that carry the same block's rule, so a
 * rule is encoded once, not once per name.
 */
const STATIC_RDATA = new WeakMap<RecordData, Uint8Array>();

/**
 * The same encodings by content: a 100,000-block zone has ~620,000 NAPTR records, one RDATA
 * object per block, but only a handful of distinct RDATA (blocks share their regexes), so
 * each distinct RDATA is encoded once and its bytes shared. Bounded: cleared when full.
 */
const RDATA_BY_CONTENT = new Map<string, Uint8Array>();
const MAX_RDATA_BY_CONTENT = 65_536;

/** Largest TTL (RFC 2181 §8). */
const MAX_TTL = 0x7fffffff;

/**
 * Writes one resource record (RFC 1035 §4.1.3): `owner` is a WireName, compressed. The
 * TTL may be overridden (the negative-caching SOA, RFC 2308 §3). Throws UnencodableError
 * for data that does not fit the wire format.
 */
export function writeRecord(
  writer: MessageWriter,
  owner: WireName,
  record: ZoneRecord,
  encode: NameEncoder,
  ttl: number = record.ttl,
): void {
  const type = toTypeNumber(record.type);
  if (type === null) throw new UnencodableError(`record type "${record.type}" has no number`);
  // Zone records spell the class and type in upper case: test that first, without allocating.
  if (record.class !== "IN" && record.class.toUpperCase() !== "IN")
    throw new UnencodableError(`record class ${record.class} is not IN`);
  writer.writeName(owner, true);
  writer.writeU16(type);
  writer.writeU16(CLASS_IN);
  writer.writeU32(checkUint(ttl, MAX_TTL, "TTL"));
  const lengthAt = writer.length;
  writer.writeU16(0);
  const data = record.data;
  if (data.kind === "NAPTR" || data.kind === "A" || data.kind === "AAAA" || data.kind === "TXT") {
    // No compressible names inside: encode once per RDATA object (zone records are immutable).
    let rdata = STATIC_RDATA.get(data);
    if (rdata === undefined) {
      const content = JSON.stringify(data);
      rdata = RDATA_BY_CONTENT.get(content);
      if (rdata === undefined) {
        const scratch = new MessageWriter();
        writeRdata(scratch, data, record.type, encode);
        rdata = Uint8Array.from(scratch.toBuffer());
        if (RDATA_BY_CONTENT.size >= MAX_RDATA_BY_CONTENT) RDATA_BY_CONTENT.clear();
        RDATA_BY_CONTENT.set(content, rdata);
      }
      STATIC_RDATA.set(data, rdata);
    }
    writer.writeBytes(rdata);
  } else {
    writeRdata(writer, data, record.type, encode);
  }
  const rdlength = writer.length - lengthAt - 2;
  if (rdlength > 0xffff) throw new UnencodableError(`RDATA of ${rdlength} bytes (max 65535)`);
  writer.patchU16(lengthAt, rdlength);
}

function writeRdata(writer: MessageWriter, data: RecordData, type: string, encode: NameEncoder): void {
  switch (data.kind) {
    case "NAPTR":
      // RFC 3403 §4.1; the replacement is never compressed (RFC 3597 §4: not an RFC 1035 type).
      writer.writeU16(checkUint(data.order, 0xffff, "NAPTR order"));
      writer.writeU16(checkUint(data.preference, 0xffff, "NAPTR preference"));
      writer.writeCharacterString(data.flags, "NAPTR flags");
      writer.writeCharacterString(data.service, "NAPTR service");
      writer.writeCharacterString(data.regexp, "NAPTR regexp");
      writer.writeName(encode(data.replacement), false);
      return;
    case "SOA":
      // RFC 1035 §3.3.13: names compressible (an RFC 1035 type).
      writer.writeName(encode(data.mname), true);
      writer.writeName(encode(data.rname), true);
      writer.writeU32(checkUint(data.serial, 0xffffffff, "SOA serial"));
      writer.writeU32(checkUint(data.refresh, 0xffffffff, "SOA refresh"));
      writer.writeU32(checkUint(data.retry, 0xffffffff, "SOA retry"));
      writer.writeU32(checkUint(data.expire, 0xffffffff, "SOA expire"));
      writer.writeU32(checkUint(data.minimum, 0xffffffff, "SOA minimum"));
      return;
    case "NS":
    case "CNAME":
    case "PTR":
      writer.writeName(encode(data.target), true);
      return;
    case "A":
      writer.writeBytes(parseIpv4(data.address));
      return;
    case "AAAA":
      writer.writeBytes(parseIpv6(data.address));
      return;
    case "TXT":
      // RFC 1035 §3.3.14: one or more strings.
      if (data.strings.length === 0) writer.writeU8(0);
      for (const s of data.strings) writer.writeCharacterString(s, "TXT string");
      return;
    case "other":
      writer.writeBytes(parseGenericRdata(data.fields, type));
      return;
  }
}

/** RFC 3597 §5 generic RDATA: `\# <length> <hex>...`; any other text form of an undecoded type cannot be sent. */
function parseGenericRdata(fields: readonly string[], type: string): Uint8Array {
  if (fields[0] !== "\\#") throw new UnencodableError(`${type} RDATA in text form cannot be encoded`);
  const length = Number(fields[1]);
  const hex = fields.slice(2).join("");
  if (!Number.isInteger(length) || !/^(?:[0-9a-f]{2})*$/i.test(hex) || hex.length !== length * 2)
    throw new UnencodableError(`${type} generic RDATA does not match its length`);
  return Buffer.from(hex, "hex");
}

function parseIpv4(text: string): Uint8Array {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    throw new UnencodableError(`"${text}" is not an IPv4 address`);
  return Uint8Array.from(parts.map(Number));
}

/** Parses RFC 4291 §2.2 text: eight groups, at most one `::`, an optional embedded IPv4 tail. */
function parseIpv6(text: string): Uint8Array {
  const fail = (): never => {
    throw new UnencodableError(`"${text}" is not an IPv6 address`);
  };
  let body = text;
  const lastColon = body.lastIndexOf(":");
  if (lastColon >= 0 && body.slice(lastColon + 1).includes(".")) {
    // The IPv4 tail stands for the last two groups.
    const v4 = parseIpv4(body.slice(lastColon + 1));
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
    body = `${body.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const toGroups = (part: string): number[] =>
    part === "" ? [] : part.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : fail()));
  const gap = body.indexOf("::");
  let groups: number[];
  if (gap < 0) {
    groups = toGroups(body);
    if (groups.length !== 8) fail();
  } else {
    if (body.indexOf("::", gap + 1) >= 0) fail();
    const head = toGroups(body.slice(0, gap));
    const rest = toGroups(body.slice(gap + 2));
    if (head.length + rest.length > 7) fail();
    groups = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}
