/**
 * The pure core of the embedded authoritative ENUM responder: one query message in, the
 * reply message out (or null: drop it). No sockets, no clock; lib/dns/server.ts moves the
 * bytes. Answers come from a lib/enum/zone Zone (the compiled zone the BIND export also
 * renders), so the responder and an exported zone cannot disagree.
 *
 * Decisions, in the order they are taken (RFC 1035 §4.1, RFC 1034 §4.3.2):
 * - shorter than a header, or QR set (a response) -> dropped: answering responses invites
 *   reflection loops, and without a header there is no id to echo;
 * - opcode other than QUERY -> NOTIMP (RFC 1035 §4.1.1);
 * - header counts other than QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT <= 2 -> FORMERR, checked
 *   before anything is parsed so a 12-byte header claiming 65535 records costs nothing;
 * - a question or additional record that does not parse, bytes after the last record, more
 *   than one OPT (RFC 6891 §6.1.1), or a meta-type (OPT, TKEY, TSIG) as QTYPE -> FORMERR;
 * - EDNS version other than 0 -> BADVERS (RFC 6891 §6.1.3);
 * - class other than IN -> REFUSED, class ANY included: the responder holds IN data only
 *   and is authoritative for nothing else (BIND answers REFUSED for a class it has no view
 *   for). AXFR/IXFR reaching this code -> REFUSED: transfers run over TCP only
 *   (lib/dns/transfer.ts; RFC 5936 §4.2 defines no AXFR over UDP), so what arrives here is
 *   a UDP transfer query. MAILA/MAILB -> NOTIMP (obsolete, RFC 883);
 * - a name outside the zone -> REFUSED (RFC 1034 §4.3.2 step 2 has no zone; BIND and the
 *   lookup-service seed answer REFUSED);
 * - otherwise the zone decides (RFC 1034 §4.3.2 with RFC 4592 wildcards): an answer with
 *   AA; NODATA (NOERROR, empty answer) or NXDOMAIN with the zone SOA in AUTHORITY (RFC 2308
 *   §2.1, §2.2), its TTL min(SOA TTL, SOA MINIMUM) (RFC 2308 §3); a referral below a zone
 *   cut without AA; SERVFAIL for a CNAME loop or a record that cannot be encoded.
 *   Sprout needs NXDOMAIN, never an empty NOERROR, for a number without a rule
 *   (docs/enum-semantics.md §4): the compiled zone guarantees it, this code keeps it.
 *
 * Wildcard answers take the query name as owner (RFC 4592 §3.3.1 synthesis); so do
 * ordinary answers, written as a pointer to the question. The question is echoed byte for
 * byte, so a client's 0x20 case mixing comes back unchanged. ANY (QTYPE 255) gets one
 * RRset as RFC 8482 §4.2 allows: the NAPTR set when the name has one (what ENUM clients
 * want), else the first RRset at the name, else NODATA; so ANY amplifies no more than NAPTR.
 *
 * Size (RFC 1035 §4.2.1, RFC 6891 §6.2.3-§6.2.5): over UDP a reply larger than 512 bytes
 * (no EDNS) or min(client's EDNS size, ours) is replaced by one with TC set and empty
 * answer, authority and additional sections (question and OPT kept), so the client
 * retries over TCP, which always carries the full reply (up to 65535 bytes).
 */
import type { ZoneRecord } from "@/lib/enum/master-file";
import type { Zone, ZoneAnswer } from "@/lib/enum/zone";
import {
  CLASS_IN,
  encodeName,
  MAX_MESSAGE_BYTES,
  MAX_NAME_BYTES,
  MessageWriter,
  renderLabel,
  toTypeName,
  toWireName,
  TYPE,
  UnencodableError,
  writeRecord,
  type NameEncoder,
  type WireName,
} from "./wire";

/** Response codes the responder sends (RFC 1035 §4.1.1, RFC 6891 §9 for BADVERS). */
export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  BADVERS: 16,
} as const;

const RCODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(RCODE).map(([name, value]) => [value, name]),
);

/** The mnemonic of an rcode ("NXDOMAIN", "BADVERS"), or "RCODE<n>" for one the responder never sends. */
export function toRcodeName(rcode: number): string {
  return RCODE_NAMES.get(rcode) ?? `RCODE${rcode}`;
}

/** Largest UDP reply to a client without EDNS (RFC 1035 §4.2.1). */
export const PLAIN_UDP_SIZE = 512;

/**
 * The UDP payload size the responder advertises and accepts in its OPT record: 1232 bytes
 * avoids IP fragmentation on any IPv6 path (DNS Flag Day 2020, RFC 9715 §3).
 */
export const DEFAULT_EDNS_UDP_SIZE = 1232;

/** How a reply will travel, which decides its size limit. */
export interface AnswerOptions {
  readonly transport: "udp" | "tcp";
  /** Our EDNS UDP payload size (advertised in OPT, caps UDP replies to EDNS clients). Default 1232. */
  readonly maxUdpSize?: number;
}

/** The fixed 12-byte message header (RFC 1035 §4.1.1). */
export interface DnsHeader {
  readonly id: number;
  /** The whole flags word: QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode. */
  readonly flags: number;
  readonly qr: boolean;
  readonly opcode: number;
  /** The header's 4-bit rcode (an EDNS extended rcode adds the OPT's upper 8 bits). */
  readonly rcode: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
}

/** Header length (RFC 1035 §4.1.1). */
export const HEADER_BYTES = 12;

const FLAG_QR = 0x8000;
const FLAG_AA = 0x0400;
const FLAG_TC = 0x0200;
const FLAG_RD = 0x0100;
const FLAG_CD = 0x0010;
const OPCODE_QUERY = 0;

/** Reads the header of a message, or null when it is shorter than 12 bytes. Never throws. */
export function readHeader(message: Uint8Array): DnsHeader | null {
  if (message.length < HEADER_BYTES) return null;
  const u16 = (at: number): number => (message[at]! << 8) | message[at + 1]!;
  const flags = u16(2);
  return {
    id: u16(0),
    flags,
    qr: (flags & FLAG_QR) !== 0,
    opcode: (flags >> 11) & 0x0f,
    rcode: flags & 0x0f,
    qdcount: u16(4),
    ancount: u16(6),
    nscount: u16(8),
    arcount: u16(10),
  };
}

/** What happened to one message: the reply and, for the query log, what was asked and answered. */
export interface QueryOutcome {
  /** The reply to send, or null to drop the message. */
  readonly reply: Buffer | null;
  /** The question name in presentation form as the client wrote it ("." for the root), once parsed. */
  readonly qname: string | null;
  /** The question type mnemonic ("NAPTR", "TYPE65280"), once parsed. */
  readonly qtype: string | null;
  /** The reply's full rcode (16 for BADVERS), or null when dropped. */
  readonly rcode: number | null;
  /** The UDP reply was cut down to a TC reply. */
  readonly truncated: boolean;
  /** Why the message was dropped, refused or failed (for logs), or null for a normal answer. */
  readonly note: string | null;
  /** An unexpected exception was caught and answered with SERVFAIL: a bug (the fuzz tests require null). */
  readonly internalError: string | null;
  /**
   * For an answer, the zone name that holds the records: the query name, a CNAME target, or
   * the wildcard that covered it (RRL counts wildcard answers under the wildcard, as BIND does).
   */
  readonly answerOwner?: string;
}

/**
 * Answers one DNS query message from `zone`: returns the reply bytes, or null when the
 * message must be dropped (shorter than a header, or QR set). Never throws: a malformed
 * message gets FORMERR, and anything unexpected SERVFAIL. See the module comment for
 * every rule and its RFC.
 */
export function answerQuery(request: Buffer | Uint8Array, zone: Zone, options: AnswerOptions): Buffer | null {
  return answerQueryDetailed(request, zone, options).reply;
}

/** {@link answerQuery} with what the query log needs: question, rcode, truncation and notes. */
export function answerQueryDetailed(
  request: Buffer | Uint8Array,
  zone: Zone,
  options: AnswerOptions,
): QueryOutcome {
  const message = Buffer.isBuffer(request)
    ? request
    : Buffer.from(request.buffer, request.byteOffset, request.byteLength);
  try {
    return answerMessage(message, zone, options);
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      ...toOutcome(answerWithRcode(message, RCODE.SERVFAIL), null, null, RCODE.SERVFAIL, detail),
      internalError: detail,
    };
  }
}

/**
 * A header-only reply with `rcode` (no question, no records) echoing the request's id,
 * opcode, RD and CD; null when the request has no complete header or is itself a response.
 * For callers that cannot answer at all, e.g. SERVFAIL when no zone is loaded.
 */
export function answerWithRcode(request: Buffer | Uint8Array, rcode: number): Buffer | null {
  const header = readHeader(request);
  if (header === null || header.qr) return null;
  const reply = Buffer.alloc(HEADER_BYTES);
  reply.writeUInt16BE(header.id, 0);
  reply.writeUInt16BE(toReplyFlags(header.flags, rcode, false, false), 2);
  return reply;
}

function toReplyFlags(requestFlags: number, rcode: number, aa: boolean, tc: boolean): number {
  // RFC 1035 §4.1.1: opcode and RD are copied; CD is copied as BIND does (RFC 4035 §3.1.6).
  return (
    FLAG_QR |
    (requestFlags & 0x7800) |
    (aa ? FLAG_AA : 0) |
    (tc ? FLAG_TC : 0) |
    (requestFlags & (FLAG_RD | FLAG_CD)) |
    (rcode & 0x0f)
  );
}

function toOutcome(
  reply: Buffer | null,
  qname: string | null,
  qtype: string | null,
  rcode: number | null,
  note: string | null,
  truncated = false,
): QueryOutcome {
  return { reply, qname, qtype, rcode: reply === null ? null : rcode, truncated, note, internalError: null };
}

/** The question as parsed from the wire. */
interface Question {
  /** Offset just past QCLASS. */
  readonly end: number;
  readonly name: WireName;
  /** Labels in presentation form, in the client's case. */
  readonly labels: readonly string[];
  readonly type: number;
  readonly qclass: number;
}

/** The EDNS(0) parameters of the request's OPT record (RFC 6891 §6.1.2). */
interface Edns {
  readonly udpSize: number;
  readonly version: number;
}

/** Reads the question (RFC 1035 §4.1.2); a string says why it is malformed. */
function parseQuestion(message: Buffer): Question | string {
  const labels: string[] = [];
  const starts: number[] = [];
  let offset = HEADER_BYTES;
  for (;;) {
    if (offset >= message.length) return "the question name runs past the end of the message";
    const length = message[offset]!;
    if (length === 0) {
      offset++;
      break;
    }
    // The question is the first name in the message: a pointer could only point backwards
    // into the header or into itself, so any pointer here is malformed.
    if ((length & 0xc0) === 0xc0) return "a compression pointer in the question name";
    if (length > 0x3f) return "an unknown label type in the question name (RFC 6891 §5)";
    if (offset + 1 + length > message.length) return "a question label runs past the end of the message";
    starts.push(offset - HEADER_BYTES);
    labels.push(renderLabel(message, offset + 1, offset + 1 + length));
    offset += 1 + length;
    if (offset - HEADER_BYTES + 1 > MAX_NAME_BYTES) return "the question name is over 255 bytes";
  }
  if (offset + 4 > message.length) return "the question ends before QTYPE and QCLASS";
  return {
    end: offset + 4,
    name: toWireName(message.subarray(HEADER_BYTES, offset), starts),
    labels,
    type: message.readUInt16BE(offset),
    qclass: message.readUInt16BE(offset + 2),
  };
}

/** Skips a name anywhere after the question (pointers allowed, backwards only); -1 if malformed. */
function skipName(message: Buffer, start: number): number {
  let offset = start;
  let wire = 1;
  for (;;) {
    if (offset >= message.length) return -1;
    const length = message[offset]!;
    if (length === 0) return offset + 1;
    if ((length & 0xc0) === 0xc0) {
      if (offset + 2 > message.length) return -1;
      const target = ((length & 0x3f) << 8) | message[offset + 1]!;
      // RFC 1035 §4.1.4: a pointer refers to a prior occurrence.
      return target < offset && target >= HEADER_BYTES ? offset + 2 : -1;
    }
    if (length > 0x3f) return -1;
    offset += 1 + length;
    wire += 1 + length;
    if (wire > MAX_NAME_BYTES || offset > message.length) return -1;
  }
}

/** Reads the additional section: at most one OPT (RFC 6891 §6.1.1); others (e.g. TSIG) are ignored. */
function parseAdditional(message: Buffer, start: number, count: number): { edns: Edns | null } | string {
  let offset = start;
  let edns: Edns | null = null;
  for (let i = 0; i < count; i++) {
    const nameStart = offset;
    offset = skipName(message, offset);
    if (offset < 0) return "a malformed name in the additional section";
    if (offset + 10 > message.length) return "an additional record runs past the end of the message";
    const type = message.readUInt16BE(offset);
    const rrClass = message.readUInt16BE(offset + 2);
    const ttl = message.readUInt32BE(offset + 4);
    const rdEnd = offset + 10 + message.readUInt16BE(offset + 8);
    if (rdEnd > message.length) return "an additional record's RDATA runs past the end of the message";
    if (type === TYPE.OPT) {
      if (edns !== null) return "more than one OPT record (RFC 6891 §6.1.1)";
      if (offset !== nameStart + 1) return "an OPT record not owned by the root (RFC 6891 §6.1.2)";
      // Options are {code, length, data}; they must tile the RDATA exactly (RFC 6891 §6.1.2).
      let p = offset + 10;
      while (p < rdEnd) {
        if (p + 4 > rdEnd) return "a truncated EDNS option";
        p += 4 + message.readUInt16BE(p + 2);
      }
      if (p !== rdEnd) return "an EDNS option runs past its OPT record";
      edns = { udpSize: rrClass, version: (ttl >>> 16) & 0xff };
    }
    offset = rdEnd;
  }
  if (offset !== message.length) return `${message.length - offset} bytes after the last record`;
  return { edns };
}

/**
 * One record to write, with the owner it is written under (the question's name, or a zone
 * name encoded while writing, so a name too long for the wire becomes SERVFAIL) and an
 * optional TTL override.
 */
interface OutRecord {
  readonly owner: WireName | string;
  readonly record: ZoneRecord;
  readonly ttl?: number;
}

/** The reply's rcode, AA bit and sections. */
interface Sections {
  readonly rcode: number;
  readonly aa: boolean;
  readonly answer: readonly OutRecord[];
  readonly authority: readonly OutRecord[];
  readonly additional: readonly OutRecord[];
}

/** What the reply is built from: the request, its question and OPT when they parsed. */
interface ReplyContext {
  readonly message: Buffer;
  readonly flags: number;
  readonly question: Question | null;
  readonly edns: Edns | null;
  readonly options: AnswerOptions;
  /** Encodes the zone's names (RDATA targets, owners) to wire form. */
  readonly encode: NameEncoder;
}

function toEmptySections(rcode: number, aa = false): Sections {
  return { rcode, aa, answer: [], authority: [], additional: [] };
}

function answerMessage(message: Buffer, zone: Zone, options: AnswerOptions): QueryOutcome {
  const header = readHeader(message);
  if (header === null) return toOutcome(null, null, null, null, "shorter than a DNS header");
  if (header.qr) return toOutcome(null, null, null, null, "QR set: a response, not a query");

  const bare: ReplyContext = {
    message,
    flags: header.flags,
    question: null,
    edns: null,
    options,
    encode: getNameEncoder(zone),
  };
  if (header.opcode !== OPCODE_QUERY) {
    return finishReply(bare, toEmptySections(RCODE.NOTIMP), `opcode ${header.opcode} is not QUERY`);
  }
  if (header.qdcount !== 1 || header.ancount !== 0 || header.nscount !== 0 || header.arcount > 2) {
    const counts = `QD ${header.qdcount}, AN ${header.ancount}, NS ${header.nscount}, AR ${header.arcount}`;
    return finishReply(bare, toEmptySections(RCODE.FORMERR), `header counts ${counts}`);
  }
  const question = parseQuestion(message);
  if (typeof question === "string") return finishReply(bare, toEmptySections(RCODE.FORMERR), question);

  const asked: ReplyContext = { ...bare, question };
  const additional = parseAdditional(message, question.end, header.arcount);
  if (typeof additional === "string") return finishReply(asked, toEmptySections(RCODE.FORMERR), additional);
  const context: ReplyContext = { ...asked, edns: additional.edns };
  if (additional.edns !== null && additional.edns.version !== 0) {
    return finishReply(
      context,
      toEmptySections(RCODE.BADVERS),
      `EDNS version ${additional.edns.version} (only 0 is implemented)`,
    );
  }

  const { type } = question;
  if (type === TYPE.OPT || type === TYPE.TKEY || type === TYPE.TSIG) {
    return finishReply(context, toEmptySections(RCODE.FORMERR), `${toTypeName(type)} is not a question type`);
  }
  if (question.qclass !== CLASS_IN) {
    return finishReply(context, toEmptySections(RCODE.REFUSED), `class ${question.qclass} is not IN`);
  }
  if (type === TYPE.AXFR || type === TYPE.IXFR) {
    return finishReply(
      context,
      toEmptySections(RCODE.REFUSED),
      "zone transfers run over TCP only (RFC 5936 §4.2)",
    );
  }
  if (type === TYPE.MAILA || type === TYPE.MAILB) {
    return finishReply(context, toEmptySections(RCODE.NOTIMP), `${toTypeName(type)} is obsolete`);
  }

  const qname = question.labels.join(".");
  const found = type === TYPE.ANY ? resolveAny(zone, question.labels) : zone.resolve(qname, toTypeName(type));
  const { sections, note } = toSections(found, zone, question);
  const outcome = finishReply(context, sections, note);
  return found.kind === "answer" ? { ...outcome, answerOwner: found.owner } : outcome;
}

/**
 * RFC 8482 §4.2: one RRset for ANY. A CNAME at the name is that RRset (RFC 1034 §3.6.2:
 * ANY is not chased); otherwise NAPTR first, then the first RRset the name (or the
 * wildcard covering it) owns.
 */
function resolveAny(zone: Zone, labels: readonly string[]): ZoneAnswer {
  const qname = labels.join(".");
  const naptr = zone.resolve(qname, "NAPTR");
  if (naptr.kind === "refused") return naptr;
  const alias = naptr.chain[0];
  if (alias !== undefined)
    return { kind: "answer", owner: qname, wildcard: false, records: [alias], chain: [] };
  if (naptr.kind !== "nodata") return naptr;
  const source = findRecordSource(zone, labels);
  const records = source === null ? [] : zone.getRecords(source);
  const first = records[0];
  if (source === null || first === undefined) return naptr;
  return {
    kind: "answer",
    owner: source,
    wildcard: source !== qname,
    records: records.filter((r) => r.type === first.type),
    chain: [],
  };
}

/** The name whose records answer `labels`: itself if it exists, else the wildcard at its closest encloser (RFC 4592 §3.3.1). */
function findRecordSource(zone: Zone, labels: readonly string[]): string | null {
  const name = labels.join(".");
  if (zone.hasName(name)) return name;
  for (let k = 1; k <= labels.length; k++) {
    const encloser = labels.slice(k).join(".");
    if (!zone.hasName(encloser)) continue;
    const wildcard = encloser === "" ? "*" : `*.${encloser}`;
    return zone.hasName(wildcard) ? wildcard : null;
  }
  return null;
}

/** Per zone, an encoder that encodes each of its presentation names once (zone names repeat in every reply). */
const NAME_ENCODERS = new WeakMap<Zone, NameEncoder>();

function getNameEncoder(zone: Zone): NameEncoder {
  let encoder = NAME_ENCODERS.get(zone);
  if (encoder === undefined) {
    const names = new Map<string, WireName>();
    encoder = (text) => {
      let name = names.get(text);
      if (name === undefined) {
        name = encodeName(text);
        names.set(text, name);
      }
      return name;
    };
    NAME_ENCODERS.set(zone, encoder);
  }
  return encoder;
}

/** The zone SOA for a negative answer, its TTL the smaller of its own and MINIMUM (RFC 2308 §3). */
function toNegativeAuthority(zone: Zone): OutRecord[] {
  const soa = zone.soa;
  if (soa === null) return [];
  return [{ owner: soa.name, record: soa, ttl: Math.min(soa.ttl, soa.data.minimum) }];
}

/** A and AAAA records the zone holds for NS targets (RFC 1034 §4.3.2 step 6: additional section). */
function findGlue(zone: Zone, ns: readonly ZoneRecord[]): OutRecord[] {
  const glue: OutRecord[] = [];
  for (const record of ns) {
    if (record.data.kind !== "NS") continue;
    const target = record.data.target;
    for (const type of ["A", "AAAA"])
      for (const address of zone.getRecords(target, type)) glue.push({ owner: target, record: address });
  }
  return glue;
}

/** Turns the zone's verdict into the reply's rcode, AA bit and sections. */
function toSections(
  found: ZoneAnswer,
  zone: Zone,
  question: Question,
): { sections: Sections; note: string | null } {
  const answer: OutRecord[] = [];
  // Each CNAME is owned by the name it was reached as: the query name, then each target
  // (so a CNAME synthesized from a wildcard carries the name asked, RFC 4592 §3.3.1).
  let owner: WireName | string = question.name;
  if (found.kind !== "refused") {
    for (const cname of found.chain) {
      answer.push({ owner, record: cname });
      if (cname.data.kind === "CNAME") owner = cname.data.target;
    }
  }
  switch (found.kind) {
    case "answer": {
      for (const record of found.records) answer.push({ owner, record });
      const additional = found.records[0]?.data.kind === "NS" ? findGlue(zone, found.records) : [];
      return { sections: { rcode: RCODE.NOERROR, aa: true, answer, authority: [], additional }, note: null };
    }
    case "nodata":
      return {
        sections: {
          rcode: RCODE.NOERROR,
          aa: true,
          answer,
          authority: toNegativeAuthority(zone),
          additional: [],
        },
        note: null,
      };
    case "nxdomain":
      return {
        sections: {
          rcode: RCODE.NXDOMAIN,
          aa: true,
          answer,
          authority: toNegativeAuthority(zone),
          additional: [],
        },
        note: null,
      };
    case "delegation": {
      // RFC 1034 §4.3.2 3b: a referral, not authoritative, with the child's NS and glue.
      const authority = found.ns.map((record) => ({ owner: found.cut, record }));
      return {
        sections: {
          rcode: RCODE.NOERROR,
          aa: false,
          answer,
          authority,
          additional: findGlue(zone, found.ns),
        },
        note: `referral to ${found.cut}`,
      };
    }
    case "external":
      return {
        sections: { rcode: RCODE.NOERROR, aa: true, answer, authority: [], additional: [] },
        note: `CNAME chain leaves the zone at ${found.target}`,
      };
    case "refused":
      return { sections: toEmptySections(RCODE.REFUSED), note: "name outside the zone" };
    case "failure":
      return { sections: toEmptySections(RCODE.SERVFAIL), note: found.reason };
  }
}

/** Writes the reply; over UDP cuts it to a TC reply past the size limit; SERVFAIL if a record cannot be encoded. */
function finishReply(context: ReplyContext, sections: Sections, note: string | null): QueryOutcome {
  const { question, options } = context;
  const qname = question === null ? null : question.labels.length === 0 ? "." : question.labels.join(".");
  const qtype = question === null ? null : toTypeName(question.type);
  let rcode = sections.rcode;
  let why = note;
  let reply: Buffer;
  try {
    reply = writeReply(context, sections, false);
  } catch (error) {
    if (!(error instanceof UnencodableError)) throw error;
    rcode = RCODE.SERVFAIL;
    why = `cannot encode the reply: ${error.message}`;
    reply = writeReply(context, toEmptySections(RCODE.SERVFAIL), false);
  }
  if (reply.length <= toSizeLimit(context)) return toOutcome(reply, qname, qtype, rcode, why);
  if (options.transport === "udp") {
    // RFC 2181 §9: TC means the client must retry over TCP; an emptied reply says it plainly.
    const truncated = writeReply(context, { ...sections, answer: [], authority: [], additional: [] }, true);
    return toOutcome(truncated, qname, qtype, rcode, why, true);
  }
  const failed = writeReply(context, toEmptySections(RCODE.SERVFAIL), false);
  return toOutcome(failed, qname, qtype, RCODE.SERVFAIL, `the reply is ${reply.length} bytes, over 65535`);
}

/** The largest reply this transport may carry (RFC 1035 §4.2.1, RFC 6891 §6.2.5). */
function toSizeLimit(context: ReplyContext): number {
  if (context.options.transport === "tcp") return MAX_MESSAGE_BYTES;
  if (context.edns === null) return PLAIN_UDP_SIZE;
  // A requestor size below 512 is treated as 512 (RFC 6891 §6.2.5).
  return Math.max(PLAIN_UDP_SIZE, Math.min(context.edns.udpSize, toOurUdpSize(context.options)));
}

function toOurUdpSize(options: AnswerOptions): number {
  const size = options.maxUdpSize ?? DEFAULT_EDNS_UDP_SIZE;
  return Math.min(Math.max(Math.floor(size), PLAIN_UDP_SIZE), MAX_MESSAGE_BYTES);
}

function writeReply(context: ReplyContext, sections: Sections, truncated: boolean): Buffer {
  const { message, question, edns } = context;
  const writer = new MessageWriter();
  writer.writeU16(message.readUInt16BE(0));
  writer.writeU16(toReplyFlags(context.flags, sections.rcode, sections.aa, truncated));
  writer.writeU16(question === null ? 0 : 1);
  writer.writeU16(sections.answer.length);
  writer.writeU16(sections.authority.length);
  writer.writeU16(sections.additional.length + (edns === null ? 0 : 1));
  if (question !== null) {
    // Echoed byte for byte: the client's case (0x20 mixing) and bytes come back unchanged.
    writer.writeBytes(message.subarray(HEADER_BYTES, question.end));
    writer.rememberName(question.name, HEADER_BYTES);
  }
  for (const section of [sections.answer, sections.authority, sections.additional]) {
    for (const out of section) {
      const owner = typeof out.owner === "string" ? context.encode(out.owner) : out.owner;
      writeRecord(writer, owner, out.record, context.encode, out.ttl);
    }
  }
  if (edns !== null) {
    // RFC 6891 §6.1.3: the extended rcode's upper 8 bits go in the OPT TTL, version 0,
    // DO clear (no DNSSEC here), no options; CLASS carries our UDP payload size.
    writer.writeU8(0);
    writer.writeU16(TYPE.OPT);
    writer.writeU16(toOurUdpSize(context.options));
    writer.writeU32(((sections.rcode >> 4) & 0xff) << 24);
    writer.writeU16(0);
  }
  return writer.toBuffer();
}
