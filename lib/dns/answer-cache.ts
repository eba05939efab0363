/**
 * A cache of encoded replies in front of lib/dns/answer.ts: a repeated query is answered by
 * copying the reply built for its first occurrence and patching the ID, RD and CD bits,
 * instead of parsing, looking up and encoding again. The reply is byte for byte what
 * answerQueryDetailed would write (the differential test checks it over thousands of
 * random queries).
 *
 * Entries live per Zone object (a WeakMap), so a zone swap starts from an empty cache and
 * no query ever sees an answer from the old rules; the old entries go with the old zone.
 *
 * The key is exactly what the reply depends on apart from ID, RD and CD:
 * - the question bytes as sent (the reply echoes them, 0x20 case mixing included);
 * - whether the query has an OPT record (the reply then carries ours), its DO bit, and the
 *   size limit the reply must fit: 512 without EDNS, max(512, min(client's size, ours)) with
 *   it (RFC 6891 §6.2.5), 65535 over TCP; our advertised size too.
 * Only plain queries take the cache: QR clear, opcode QUERY, QDCOUNT 1, no answer or
 * authority records, no additional record or exactly one well-formed OPT of version 0 at
 * the end of the message (anything after it is FORMERR, checked by answer.ts when it is
 * not cached). Other header bits (AA, TC, Z, AD in a query) do not reach the reply. Only
 * NOERROR (answers, NODATA, TC replies), NXDOMAIN and REFUSED replies are kept; FORMERR,
 * SERVFAIL, NOTIMP and BADVERS are always built afresh. Zone transfer questions never
 * come through here.
 *
 * Bounded by entries and bytes; when full, the oldest entry goes (insertion order: a
 * Map iterates in it, so eviction is O(1) and a hit costs no bookkeeping).
 * Pure apart from Buffer: no sockets, no clock.
 */
import type { Zone } from "@/lib/enum/zone";
import {
  answerQueryDetailed,
  DEFAULT_EDNS_UDP_SIZE,
  HEADER_BYTES,
  PLAIN_UDP_SIZE,
  RCODE,
  type AnswerOptions,
  type QueryOutcome,
} from "./answer";
import { MAX_MESSAGE_BYTES, TYPE } from "./wire";

/** Entries kept per zone by default: a few hundred thousand distinct numbers dialled. */
export const DEFAULT_CACHE_ENTRIES = 200_000;

/** Bytes of replies and keys kept per zone by default. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * What an entry costs besides its reply and key bytes: the Map slot, the entry object and
 * the reply's Buffer object (measured on Node 20: ~510 bytes per entry in all for ~180
 * bytes of reply and key), so `maxBytes` bounds the heap the cache really takes.
 */
const ENTRY_OVERHEAD_BYTES = 330;

/** Limits of an {@link AnswerCache}. */
export interface AnswerCacheOptions {
  /** Entries kept per zone. Default 200,000; 0 turns the cache off. */
  readonly maxEntries?: number;
  /** Reply and key bytes kept per zone (plus a fixed overhead per entry). Default 64 MiB. */
  readonly maxBytes?: number;
}

/** Counters since the cache was made, for metrics. */
export interface AnswerCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Queries that could not take the cache (not a plain query, or a reply never cached). */
  readonly bypassed: number;
  /** Entries and bytes held for the zone answered last. */
  readonly entries: number;
  readonly bytes: number;
}

/** A reply cache shared by every transport of one server (its answers depend on the server's EDNS size). */
export interface AnswerCache {
  /**
   * Answers `request` from `zone` exactly as answerQueryDetailed does, from the cache when
   * the same question was answered before from this zone object. Never throws.
   */
  answer(request: Buffer, zone: Zone, options: AnswerOptions): QueryOutcome;
  readonly stats: AnswerCacheStats;
}

/**
 * Cached replies are copied into slabs of this size, which only the cache references.
 * Buffer.from(reply) would take a slice of Node's shared 8 KiB pool, and each slice keeps
 * its whole pool chunk alive, garbage of every other buffer included: 100,000 entries held
 * ~120 MB outside the heap for ~15 MB of replies. Entries leave in insertion order, so a
 * slab is freed once its last entry goes.
 */
const SLAB_BYTES = 64 * 1024;

/** A cached reply and the outcome fields that go with it. */
interface Entry {
  /** The reply's bytes: `slab[offset, offset + length)`. */
  readonly slab: Buffer;
  readonly offset: number;
  readonly length: number;
  readonly qname: string | null;
  readonly qtype: string | null;
  readonly rcode: number | null;
  readonly truncated: boolean;
  readonly note: string | null;
  readonly answerOwner: string | undefined;
  readonly cost: number;
}

/** One zone's entries. */
interface Store {
  readonly entries: Map<string, Entry>;
  bytes: number;
}

const FLAG_QR_BYTE = 0x80;
const OPCODE_BITS_BYTE = 0x78;
const RD_BYTE = 0x01;
const CD_BYTE = 0x10;
const DO_BIT = 0x8000;

/** Creates a cache; see the module comment for what is cached and how it is keyed. */
export function createAnswerCache(options: AnswerCacheOptions = {}): AnswerCache {
  const maxEntries = Math.max(0, Math.floor(options.maxEntries ?? DEFAULT_CACHE_ENTRIES));
  const maxBytes = Math.max(0, Math.floor(options.maxBytes ?? DEFAULT_CACHE_BYTES));
  const stores = new WeakMap<Zone, Store>();
  let last: Store | null = null;
  let hits = 0;
  let misses = 0;
  let bypassed = 0;
  let slab = Buffer.allocUnsafeSlow(0);
  let slabUsed = 0;

  /** Copies `reply` into the current slab (a new one when it is full); returns the slab and offset. */
  const storeReply = (reply: Buffer): { slab: Buffer; offset: number } => {
    const length = reply.length;
    if (length > SLAB_BYTES / 4) {
      const own = Buffer.allocUnsafeSlow(length);
      reply.copy(own, 0, 0, length);
      return { slab: own, offset: 0 };
    }
    if (slabUsed + length > slab.length) {
      slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      slabUsed = 0;
    }
    const offset = slabUsed;
    reply.copy(slab, offset, 0, length);
    slabUsed += length;
    return { slab, offset };
  };

  const answer = (request: Buffer, zone: Zone, answerOptions: AnswerOptions): QueryOutcome => {
    const key = maxEntries === 0 ? null : toCacheKey(request, answerOptions);
    if (key === null) {
      bypassed++;
      return answerQueryDetailed(request, zone, answerOptions);
    }
    let store = stores.get(zone);
    if (store === undefined) {
      store = { entries: new Map(), bytes: 0 };
      stores.set(zone, store);
    }
    last = store;
    const entry = store.entries.get(key);
    if (entry !== undefined) {
      hits++;
      return toHitOutcome(entry, request);
    }
    const outcome = answerQueryDetailed(request, zone, answerOptions);
    if (!isCacheable(outcome)) {
      bypassed++;
      return outcome;
    }
    misses++;
    const reply = outcome.reply!;
    const cost = reply.length + key.length + ENTRY_OVERHEAD_BYTES;
    if (cost > maxBytes) return outcome;
    while (store.entries.size >= maxEntries || store.bytes + cost > maxBytes) {
      const oldest = store.entries.keys().next();
      if (oldest.done === true) break;
      store.bytes -= store.entries.get(oldest.value)!.cost;
      store.entries.delete(oldest.value);
    }
    // A copy: the writer's buffer may be larger than the reply, and the caller may keep or change its own.
    const stored = storeReply(reply);
    store.entries.set(key, {
      slab: stored.slab,
      offset: stored.offset,
      length: reply.length,
      qname: outcome.qname,
      qtype: outcome.qtype,
      rcode: outcome.rcode,
      truncated: outcome.truncated,
      note: outcome.note,
      answerOwner: outcome.answerOwner,
      cost,
    });
    store.bytes += cost;
    return outcome;
  };

  return {
    answer,
    get stats(): AnswerCacheStats {
      return { hits, misses, bypassed, entries: last?.entries.size ?? 0, bytes: last?.bytes ?? 0 };
    },
  };
}

/** Replies worth keeping: the clean standard answers, never errors or internal failures. */
function isCacheable(outcome: QueryOutcome): boolean {
  if (outcome.reply === null || outcome.internalError !== null) return false;
  const rcode = outcome.rcode;
  return rcode === RCODE.NOERROR || rcode === RCODE.NXDOMAIN || rcode === RCODE.REFUSED;
}

/** The cached reply with the request's ID, RD and CD (RFC 1035 §4.1.1: copied from the query). */
function toHitOutcome(entry: Entry, request: Buffer): QueryOutcome {
  const { slab, offset, length } = entry;
  const reply = Buffer.allocUnsafe(length);
  slab.copy(reply, 0, offset, offset + length);
  reply[0] = request[0]!;
  reply[1] = request[1]!;
  reply[2] = (reply[2]! & ~RD_BYTE) | (request[2]! & RD_BYTE);
  reply[3] = (reply[3]! & ~CD_BYTE) | (request[3]! & CD_BYTE);
  return {
    reply,
    qname: entry.qname,
    qtype: entry.qtype,
    rcode: entry.rcode,
    truncated: entry.truncated,
    note: entry.note,
    internalError: null,
    answerOwner: entry.answerOwner,
  };
}

/**
 * The cache key of a plain query (see the module comment), or null when the message must
 * be answered without the cache. Reads the header, walks the question's labels and checks
 * an OPT record the way answer.ts parses them, so a message with a key is one answer.ts
 * parses without error and whose reply depends only on the key, ID, RD and CD.
 */
export function toCacheKey(message: Buffer, options: AnswerOptions): string | null {
  const length = message.length;
  if (length < HEADER_BYTES) return null;
  // QR clear and opcode QUERY (RFC 1035 §4.1.1); other opcodes get NOTIMP, never cached.
  if ((message[2]! & (FLAG_QR_BYTE | OPCODE_BITS_BYTE)) !== 0) return null;
  // QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT 0 or 1.
  if (message[4] !== 0 || message[5] !== 1) return null;
  if (message[6] !== 0 || message[7] !== 0 || message[8] !== 0 || message[9] !== 0) return null;
  if (message[10] !== 0 || message[11]! > 1) return null;
  const arcount = message[11]!;

  // The question name: plain labels only (answer.ts refuses pointers and label types here).
  let offset = HEADER_BYTES;
  for (;;) {
    if (offset >= length) return null;
    const label = message[offset]!;
    if (label === 0) break;
    if (label > 0x3f) return null;
    offset += 1 + label;
    if (offset - HEADER_BYTES + 1 > 255) return null;
  }
  const questionEnd = offset + 5;
  if (questionEnd > length) return null;
  const qtype = (message[offset + 1]! << 8) | message[offset + 2]!;
  if (qtype === TYPE.AXFR || qtype === TYPE.IXFR) return null;

  const ourSize = toOurUdpSize(options);
  let limit: number;
  let edns: string;
  if (arcount === 0) {
    if (questionEnd !== length) return null;
    limit = options.transport === "tcp" ? MAX_MESSAGE_BYTES : PLAIN_UDP_SIZE;
    edns = "-";
  } else {
    // One OPT owned by the root, version 0, its options tiling its RDATA up to the end of
    // the message (RFC 6891 §6.1.2); anything else is answered without the cache.
    const fixed = questionEnd + 1;
    if (fixed + 10 > length || message[questionEnd] !== 0) return null;
    if (message.readUInt16BE(fixed) !== TYPE.OPT) return null;
    const udpSize = message.readUInt16BE(fixed + 2);
    if (message[fixed + 5] !== 0) return null;
    const flags = message.readUInt16BE(fixed + 6);
    const rdEnd = fixed + 10 + message.readUInt16BE(fixed + 8);
    if (rdEnd !== length) return null;
    let p = fixed + 10;
    while (p < rdEnd) {
      if (p + 4 > rdEnd) return null;
      p += 4 + message.readUInt16BE(p + 2);
    }
    if (p !== rdEnd) return null;
    limit =
      options.transport === "tcp" ? MAX_MESSAGE_BYTES : Math.max(PLAIN_UDP_SIZE, Math.min(udpSize, ourSize));
    edns = (flags & DO_BIT) !== 0 ? "D" : "E";
  }
  // latin1 maps each byte to one char: the key holds the question bytes exactly.
  const transport = options.transport === "tcp" ? "T" : "U";
  return `${message.toString("latin1", HEADER_BYTES, questionEnd)}${transport}${edns}${limit}/${ourSize}`;
}

/** Our EDNS payload size as answer.ts computes it (RFC 6891 §6.2.5). */
function toOurUdpSize(options: AnswerOptions): number {
  const size = options.maxUdpSize ?? DEFAULT_EDNS_UDP_SIZE;
  return Math.min(Math.max(Math.floor(size), PLAIN_UDP_SIZE), MAX_MESSAGE_BYTES);
}
