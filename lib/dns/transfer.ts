/**
 * Zone transfer out (AXFR, RFC 5936) for secondaries (BIND, Knot) that follow the console
 * as a hidden primary. Pure: the server (lib/dns/server.ts) decides who may transfer and
 * writes the messages to the TCP connection one at a time, waiting for the socket to drain.
 *
 * - Only over TCP (RFC 5936 §4.2: "AXFR sessions over UDP transport are not defined"); a
 *   UDP AXFR gets REFUSED from answer.ts, as every transfer-type question does there.
 *   (BIND 9.18 answers it FORMERR, "attempted AXFR over UDP", checked with kdig +notcp;
 *   REFUSED says "not on this transport" as plainly, and is what a denied client gets.)
 *   A UDP IXFR gets REFUSED too (BIND answers it with the SOA alone, RFC 1995 §2).
 * - The response is the zone's SOA, every other record once, and the SOA again (RFC 5936
 *   §2.2), in as many messages as needed. Each message copies the query's ID, sets QR and
 *   AA (RFC 5936 §2.2.1), carries the question only in the first one (§2.2.1 allows 0 in
 *   the rest, as BIND sends), and is compressed; a message is closed once it passes 16 KiB,
 *   the reach of a compression pointer (RFC 1035 §4.1.4: 14 bits), far below 64 KiB.
 * - IXFR (RFC 1995) is answered the same way: §4 lets a server that keeps no history send
 *   the whole zone in AXFR form (first and last record the SOA), which every IXFR client
 *   accepts.
 * - Messages are produced lazily by a generator, so a 100,000-block zone (1.16M NAPTR
 *   records) is never encoded all at once.
 */
import type { ZoneRecord } from "@/lib/enum/master-file";
import type { Zone } from "@/lib/enum/zone";
import { HEADER_BYTES } from "./answer";
import {
  CLASS_IN,
  encodeName,
  MAX_MESSAGE_BYTES,
  MessageWriter,
  TYPE,
  UnencodableError,
  writeRecord,
  type WireName,
} from "./wire";

/** A message is closed once it reaches this size: compression pointers reach 16 KiB (RFC 1035 §4.1.4). */
export const TRANSFER_MESSAGE_BYTES = 16 * 1024;

const FLAG_QR = 0x8000;
const FLAG_AA = 0x0400;
const FLAG_RD = 0x0100;
const OPCODE_QUERY = 0;
const RCODE_NOTAUTH = 9;

/** A well-formed AXFR or IXFR query. */
export interface TransferQuery {
  readonly id: number;
  readonly flags: number;
  readonly kind: "AXFR" | "IXFR";
  /** The question name in presentation form, lower case, without the trailing dot. */
  readonly zoneName: string;
  /** The question's wire bytes (name, type, class), echoed in the first message. */
  readonly question: Uint8Array;
  /** The request carried an OPT record (RFC 6891 §7: the response carries one too). */
  readonly edns: boolean;
}

/**
 * Recognizes a transfer query: opcode QUERY, QR clear, one question of type AXFR or IXFR
 * in class IN, no answer records, at most one authority record (IXFR's SOA, RFC 1995 §3).
 * Anything else, malformed transfer queries included, returns null and is left to
 * answer.ts, which answers it (FORMERR, REFUSED) like any other query. Never throws.
 */
export function readTransferQuery(message: Uint8Array): TransferQuery | null {
  if (message.length < HEADER_BYTES + 5) return null;
  const u16 = (at: number): number => (message[at]! << 8) | message[at + 1]!;
  const flags = u16(2);
  if ((flags & FLAG_QR) !== 0 || ((flags >> 11) & 0x0f) !== OPCODE_QUERY) return null;
  if (u16(4) !== 1 || u16(6) !== 0 || u16(8) > 1 || u16(10) > 2) return null;
  const labels: string[] = [];
  let offset = HEADER_BYTES;
  for (;;) {
    if (offset >= message.length) return null;
    const length = message[offset]!;
    if (length === 0) break;
    if (length > 0x3f || offset + 1 + length > message.length) return null;
    labels.push(toLowerLabel(message, offset + 1, offset + 1 + length));
    offset += 1 + length;
    if (offset - HEADER_BYTES > 254) return null;
  }
  offset++;
  if (offset + 4 > message.length) return null;
  const type = u16(offset);
  const qclass = u16(offset + 2);
  if ((type !== TYPE.AXFR && type !== TYPE.IXFR) || qclass !== CLASS_IN) return null;
  return {
    id: u16(0),
    flags,
    kind: type === TYPE.AXFR ? "AXFR" : "IXFR",
    zoneName: labels.join("."),
    question: message.slice(HEADER_BYTES, offset + 4),
    edns: hasOptRecord(message, offset + 4, u16(8), u16(10)),
  };
}

/** Whether an OPT record (owner root, type 41) is among the records after the question. */
function hasOptRecord(message: Uint8Array, start: number, nscount: number, arcount: number): boolean {
  let offset = start;
  for (let i = 0; i < nscount + arcount; i++) {
    const nameStart = offset;
    // Skip the owner: labels, or a pointer that ends it.
    for (;;) {
      if (offset >= message.length) return false;
      const length = message[offset]!;
      if (length === 0) {
        offset++;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        offset += 2;
        break;
      }
      offset += 1 + length;
    }
    if (offset + 10 > message.length) return false;
    const type = (message[offset]! << 8) | message[offset + 1]!;
    if (i >= nscount && type === TYPE.OPT && offset === nameStart + 1) return true;
    offset += 10 + ((message[offset + 8]! << 8) | message[offset + 9]!);
  }
  return false;
}

function toLowerLabel(message: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) {
    const c = message[i]!;
    text += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return text;
}

/**
 * A single reply with `rcode` to a transfer query (the question echoed): NOTAUTH for a
 * zone we do not serve (RFC 5936 §2.2.1), REFUSED for a client not allowed to transfer.
 */
export function toTransferRefusal(query: TransferQuery, rcode: number): Buffer {
  const writer = new MessageWriter();
  writeHeader(writer, query, rcode, true, 0);
  writer.writeBytes(query.question);
  if (query.edns) writeOpt(writer);
  return writer.toBuffer();
}

/** The rcode for a transfer query asking for a zone other than `zone` (RFC 5936 §2.2.1). */
export const TRANSFER_NOT_AUTHORITATIVE = RCODE_NOTAUTH;

/** Whether `query` asks for `zone` (names compare case-insensitively, RFC 4343). */
export function isQueryForZone(query: TransferQuery, zone: Zone): boolean {
  return query.zoneName === zone.apex.toLowerCase().replace(/\.$/, "");
}

/**
 * The transfer's messages, lazily: SOA, every other record, SOA (RFC 5936 §2.2). Throws
 * an Error before the first message when the zone has no SOA, and UnencodableError if a
 * record cannot be written (the caller closes the connection: a partial transfer without
 * the closing SOA is discarded by the secondary, RFC 5936 §2.2).
 */
export function* generateTransferMessages(
  query: TransferQuery,
  zone: Zone,
  messageBytes: number = TRANSFER_MESSAGE_BYTES,
): Generator<Buffer, void, undefined> {
  const soa = zone.soa;
  if (soa === null) throw new Error(`zone ${zone.apex} has no SOA to transfer`);
  const names = new Map<string, WireName>();
  const encode = (text: string): WireName => {
    let name = names.get(text);
    if (name === undefined) {
      name = encodeName(text);
      names.set(text, name);
    }
    return name;
  };
  let writer = startMessage(query, true);
  let count = 0;
  const add = (record: ZoneRecord): Buffer | null => {
    writeRecord(writer, encode(record.name), record, encode);
    count++;
    if (writer.length > MAX_MESSAGE_BYTES)
      throw new UnencodableError(`a record at ${record.name} does not fit a transfer message`);
    if (writer.length < messageBytes) return null;
    return finishMessage(writer, query, count);
  };
  const reset = (): void => {
    writer = startMessage(query, false);
    count = 0;
    // The name cache only speeds up names repeated within a message's neighbourhood; keep it small.
    if (names.size > 10_000) names.clear();
  };

  const first = add(soa);
  if (first !== null) {
    yield first;
    reset();
  }
  for (const record of zone.iterateRecords()) {
    if (record === soa) continue;
    const full = add(record);
    if (full !== null) {
      yield full;
      reset();
    }
  }
  yield add(soa) ?? finishMessage(writer, query, count);
}

function startMessage(query: TransferQuery, first: boolean): MessageWriter {
  const writer = new MessageWriter();
  writeHeader(writer, query, 0, first, 0);
  if (first) writer.writeBytes(query.question);
  return writer;
}

/** Patches the answer count, appends the OPT if the query had one, and returns a copy. */
function finishMessage(writer: MessageWriter, query: TransferQuery, count: number): Buffer {
  writer.patchU16(6, count);
  if (query.edns) {
    writeOpt(writer);
    writer.patchU16(10, 1);
  }
  return Buffer.from(writer.toBuffer());
}

function writeHeader(
  writer: MessageWriter,
  query: TransferQuery,
  rcode: number,
  question: boolean,
  answers: number,
): void {
  writer.writeU16(query.id);
  // RFC 5936 §2.2.1: QR 1, opcode 0, AA set, TC 0, RD copied, rcode.
  writer.writeU16(FLAG_QR | FLAG_AA | (query.flags & FLAG_RD) | (rcode & 0x0f));
  writer.writeU16(question ? 1 : 0);
  writer.writeU16(answers);
  writer.writeU16(0);
  writer.writeU16(query.edns && rcode !== 0 ? 1 : 0);
}

/** An OPT record: root owner, our UDP size in CLASS, version 0, no options (RFC 6891 §6.1.2). */
function writeOpt(writer: MessageWriter): void {
  writer.writeU8(0);
  writer.writeU16(TYPE.OPT);
  writer.writeU16(1232);
  writer.writeU32(0);
  writer.writeU16(0);
}
