/**
 * A scripted DNS server for tests: UDP and TCP on the same 127.0.0.1 port, where a function
 * decides what happens to each query (answer with NAPTR rules, an rcode, silence, a
 * truncated reply, garbage, a wrong id...). Used by the client tests and, later, by the
 * preview and failover tests.
 */
import dgram from "node:dgram";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import type { NaptrRule } from "@/lib/enum/naptr";

/** Rcode mnemonics the scripted server can send (RFC 1035 §4.1.1). */
export const RCODES = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

/** An rcode by name or number. */
export type TestRcode = keyof typeof RCODES | number;

/** One query as the scripted server received it. */
export interface TestQuery {
  readonly transport: "udp" | "tcp";
  readonly id: number;
  /** The question name as sent (no trailing dot). */
  readonly name: string;
  readonly type: string;
  /** Raw header flags word of the query (RD, opcode...). */
  readonly flags: number;
  readonly packet: dnsPacket.DecodedPacket;
  readonly raw: Buffer;
  /** 0-based position of this query among all queries this server received. */
  readonly index: number;
}

/** What the server does with one query. */
export type TestReply =
  /** NOERROR (or `rcode`) with these NAPTR rules (owner defaults to the question name). */
  | {
      readonly kind: "answer";
      readonly rules?: readonly NaptrRule[];
      readonly owner?: string;
      readonly rcode?: TestRcode;
      /** Extra records appended to the answer section (a CNAME, an A...). */
      readonly extraAnswers?: readonly dnsPacket.Answer[];
    }
  /** An empty reply with this rcode (question echoed). */
  | { readonly kind: "rcode"; readonly rcode: TestRcode }
  /** No reply at all: the client times out. On TCP the connection stays open. */
  | { readonly kind: "drop" }
  /** An empty NOERROR reply with TC set (whatever the transport). */
  | { readonly kind: "truncate" }
  /** A reply with the query's id and QR set, whose body cannot be decoded. */
  | { readonly kind: "garbage" }
  /** These exact bytes (framed automatically over TCP). */
  | { readonly kind: "raw"; readonly bytes: Buffer }
  /** The given reply (default: an empty NOERROR), but with a different id. */
  | { readonly kind: "wrong-id"; readonly reply?: TestReply }
  /** The given reply after a delay. */
  | { readonly kind: "delay"; readonly ms: number; readonly reply: TestReply }
  /** TCP: close the connection without replying (UDP: like drop). */
  | { readonly kind: "close" };

/** Decides the reply (or replies, sent in order) to one query. */
export type TestHandler = (query: TestQuery) => TestReply | readonly TestReply[];

/** Options for {@link startDnsTestServer}. */
export interface DnsTestServerOptions {
  /**
   * A UDP reply larger than this is replaced by an empty TC reply, as a real server does
   * for a client without EDNS (RFC 1035 §4.2.1: 512 bytes). Default 512.
   */
  readonly udpLimit?: number;
  /** Write each TCP reply in pieces of this many bytes, to exercise the client's reassembly. */
  readonly tcpChunkBytes?: number;
}

/** A running scripted server. */
export interface DnsTestServer {
  readonly port: number;
  /** "127.0.0.1:<port>", as the client takes it. */
  readonly address: string;
  /** Every query received, in order. */
  readonly queries: readonly TestQuery[];
  /** Problems inside the server (undecodable queries, handler errors); tests may assert none. */
  readonly errors: readonly Error[];
  /** Replaces the handler for subsequent queries. */
  setHandler(handler: TestHandler): void;
  /** Closes both sockets, open TCP connections and pending delayed replies. */
  close(): Promise<void>;
}

const FLAG_QR = 0x8000;
const FLAG_AA = 0x0400;
const FLAG_TC = 0x0200;

/** Starts a scripted server on 127.0.0.1, UDP and TCP on one ephemeral port. */
export async function startDnsTestServer(
  handler: TestHandler,
  options: DnsTestServerOptions = {},
): Promise<DnsTestServer> {
  const udpLimit = options.udpLimit ?? 512;
  const queries: TestQuery[] = [];
  const errors: Error[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const connections = new Set<net.Socket>();
  let current = handler;
  let closed = false;

  const { udp, tcp, port } = await bindBothSockets();

  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) action();
    }, ms);
    timers.add(timer);
  };

  /** Runs the handler and turns its replies into messages, calling `send` for each. */
  const respond = (
    raw: Buffer,
    transport: "udp" | "tcp",
    send: (message: Buffer | "close") => void,
  ): void => {
    let packet: dnsPacket.DecodedPacket;
    try {
      packet = dnsPacket.decode(raw);
    } catch (error) {
      errors.push(new Error(`undecodable query: ${String(error)}`));
      return;
    }
    const question = packet.questions?.[0];
    const query: TestQuery = {
      transport,
      id: packet.id ?? 0,
      name: question?.name ?? "",
      type: question?.type ?? "",
      flags: raw.readUInt16BE(2),
      packet,
      raw,
      index: queries.length,
    };
    queries.push(query);
    let replies: readonly TestReply[];
    try {
      const decided = current(query);
      replies = isReplyList(decided) ? decided : [decided];
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const emit = (reply: TestReply): void => {
      if (reply.kind === "drop") return;
      if (reply.kind === "delay") {
        later(reply.ms, () => {
          emit(reply.reply);
        });
        return;
      }
      if (reply.kind === "close") {
        send("close");
        return;
      }
      try {
        let message = encodeReply(query, reply);
        if (transport === "udp" && message.length > udpLimit)
          message = encodeReply(query, { kind: "truncate" });
        send(message);
      } catch (error) {
        errors.push(error instanceof Error ? error : new Error(String(error)));
      }
    };
    replies.forEach(emit);
  };

  udp.on("message", (raw, rinfo) => {
    respond(raw, "udp", (message) => {
      if (message === "close" || closed) return;
      udp.send(message, rinfo.port, rinfo.address);
    });
  });
  udp.on("error", (error) => errors.push(error));

  tcp.on("connection", (socket) => {
    connections.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => connections.delete(socket));
    socket.on("error", () => {
      // The client hangs up whenever it likes (after a timeout, say): not a server problem.
    });
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // RFC 1035 §4.2.2: two-byte length prefix; a read may hold part of a message or several.
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const raw = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        respond(raw, "tcp", (message) => {
          if (socket.destroyed) return;
          if (message === "close") {
            socket.end();
            return;
          }
          writeInChunks(socket, frame(message), options.tcpChunkBytes, later);
        });
      }
    });
  });

  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    errors,
    setHandler(next) {
      current = next;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of connections) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => {
          udp.close(() => {
            resolve();
          });
        }),
        new Promise<void>((resolve) => {
          tcp.close(() => {
            resolve();
          });
        }),
      ]);
    },
  };
}

/** Builds NAPTR answer records for `owner` from rules (ttl defaults to 300). */
export function toNaptrAnswers(owner: string, rules: readonly NaptrRule[]): dnsPacket.Answer[] {
  return rules.map((rule) => ({
    type: "NAPTR",
    class: "IN",
    name: owner,
    ttl: rule.ttl ?? 300,
    data: {
      order: rule.order,
      preference: rule.preference,
      flags: rule.flags,
      services: rule.service,
      regexp: rule.regexp,
      replacement: rule.replacement,
    },
  }));
}

/** Encodes the message for one reply (never for drop/delay/close, which send nothing now). */
function encodeReply(query: TestQuery, reply: TestReply): Buffer {
  const questions = query.packet.questions ?? [];
  const base = { type: "response" as const, id: query.id, questions };
  switch (reply.kind) {
    case "answer": {
      const answers = [
        ...toNaptrAnswers(reply.owner ?? query.name, reply.rules ?? []),
        ...(reply.extraAnswers ?? []),
      ];
      checkNaptrSizes(answers);
      return dnsPacket.encode({ ...base, flags: FLAG_AA | toRcode(reply.rcode ?? "NOERROR"), answers });
    }
    case "rcode":
      return dnsPacket.encode({ ...base, flags: FLAG_AA | toRcode(reply.rcode) });
    case "truncate":
      return dnsPacket.encode({ ...base, flags: FLAG_AA | FLAG_TC });
    case "garbage": {
      // A header that claims one question and one answer, then bytes no decoder accepts
      // (0xff starts a compression pointer forward into nowhere).
      const message = Buffer.alloc(12 + 24, 0xff);
      message.writeUInt16BE(query.id, 0);
      message.writeUInt16BE(FLAG_QR, 2);
      message.writeUInt16BE(1, 4);
      message.writeUInt16BE(1, 6);
      message.writeUInt16BE(0, 8);
      message.writeUInt16BE(0, 10);
      return message;
    }
    case "raw":
      return reply.bytes;
    case "wrong-id": {
      const message = Buffer.from(encodeReply(query, reply.reply ?? { kind: "rcode", rcode: "NOERROR" }));
      message.writeUInt16BE((query.id + 1) & 0xffff, 0);
      return message;
    }
    case "drop":
    case "delay":
    case "close":
      throw new Error(`encodeReply: ${reply.kind} has no message`);
  }
}

/** dns-packet corrupts character-strings over 255 bytes silently; a test must not rely on that. */
function checkNaptrSizes(answers: readonly dnsPacket.Answer[]): void {
  for (const answer of answers) {
    if (answer.type !== "NAPTR") continue;
    for (const field of [answer.data.flags, answer.data.services, answer.data.regexp]) {
      if (Buffer.byteLength(field) > 255)
        throw new Error(`NAPTR field over 255 bytes: ${field.slice(0, 40)}...`);
    }
  }
}

function toRcode(rcode: TestRcode): number {
  return typeof rcode === "number" ? rcode & 0x0f : RCODES[rcode];
}

function isReplyList(value: TestReply | readonly TestReply[]): value is readonly TestReply[] {
  return Array.isArray(value);
}

function frame(message: Buffer): Buffer {
  const framed = Buffer.alloc(2 + message.length);
  framed.writeUInt16BE(message.length, 0);
  message.copy(framed, 2);
  return framed;
}

/** Writes in pieces a few ms apart, so the client sees the reply split across reads. */
function writeInChunks(
  socket: net.Socket,
  data: Buffer,
  chunkBytes: number | undefined,
  later: (ms: number, action: () => void) => void,
): void {
  if (chunkBytes === undefined || chunkBytes >= data.length) {
    socket.write(data);
    return;
  }
  socket.write(data.subarray(0, chunkBytes));
  later(1, () => {
    if (!socket.destroyed) writeInChunks(socket, data.subarray(chunkBytes), chunkBytes, later);
  });
}

/** Binds UDP to 127.0.0.1:0, then TCP to the same port (retrying if TCP's is taken). */
async function bindBothSockets(): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(0, "127.0.0.1", () => {
        udp.off("error", reject);
        resolve();
      });
    });
    const { port } = udp.address();
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(port, "127.0.0.1", () => {
          tcp.off("error", reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (error) {
      lastError = error;
      udp.close();
    }
  }
  throw new Error(`could not bind UDP and TCP on one port: ${String(lastError)}`);
}
