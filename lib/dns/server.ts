/**
 * The embedded DNS responder's sockets: UDP and TCP on one address and port, every
 * message answered by lib/dns/answer.ts from the zone `getZone()` returns at that moment.
 *
 * - The zone is read once per message, so a caller swaps rules atomically by returning a
 *   new immutable Zone: a message is answered wholly from the old zone or wholly from the
 *   new one.
 * - TCP (RFC 1035 §4.2.2, RFC 7766): our own two-byte length framing (dns-packet's
 *   streamDecode is unsafe for reassembly), several pipelined queries answered in order,
 *   messages split across reads reassembled, idle connections closed (RFC 7766 §6.2.3),
 *   a cap on open connections, and reading paused while a client does not read its replies.
 * - Nothing throws out of a socket handler: a bad packet is dropped or gets FORMERR (see
 *   answer.ts), a failing `getZone()` gets SERVFAIL, a throwing `onQuery` is ignored.
 */
import dgram from "node:dgram";
import net from "node:net";
import type { Zone } from "@/lib/enum/zone";
import { answerWithRcode, RCODE, toRcodeName, type AnswerOptions, type QueryOutcome } from "./answer";
import { createAnswerCache, type AnswerCacheOptions, type AnswerCacheStats } from "./answer-cache";
import { createGuard, OPEN_DNS_POLICY, toRefusedReply, toSlipReply, type GuardStats } from "./guard";
import type { DnsPolicy } from "./policy";
import { serveTransfer } from "./serve-transfer";
import { readTransferQuery, type TransferQuery } from "./transfer";

/** RFC 7766 §6.2.3 leaves the idle timeout to the server; BIND's tcp-idle-timeout is 30 s, ours is shorter. */
export const DEFAULT_TCP_IDLE_MS = 10_000;

/** Open TCP connections accepted at once; more are closed at once (BIND's tcp-clients is 150). */
export const DEFAULT_MAX_TCP_CONNECTIONS = 512;

/**
 * The longest TCP query frame accepted. A query is a header, one question and at most two
 * additional records (OPT, TSIG): a few hundred bytes, 468 with RFC 8467 padding. A longer
 * length prefix closes the connection instead of buffering up to 64 KiB per client.
 */
export const DEFAULT_MAX_TCP_QUERY_BYTES = 4096;

/** Bytes of unsent replies a TCP client may leave unread before the server stops reading its queries. */
const MAX_TCP_BACKLOG_BYTES = 256 * 1024;

/**
 * SO_RCVBUF of the UDP socket. Linux's default (~208 KiB) holds only a few hundred
 * datagrams, so a burst from many clients is dropped while a reply is built (each drop is a
 * client timeout and retry); 4 MiB absorbs it. The kernel caps it at net.core.rmem_max.
 */
const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** One answered (or dropped) message, for the query log and metrics. */
export interface QueryLogEntry {
  /** The client's IP address. */
  readonly client: string;
  readonly clientPort: number;
  readonly transport: "udp" | "tcp";
  /** Question name as the client wrote it, or null when the message did not parse that far. */
  readonly qname: string | null;
  /** Question type mnemonic ("NAPTR"), or null. */
  readonly qtype: string | null;
  /** Reply rcode mnemonic ("NOERROR", "NXDOMAIN", "BADVERS"), or null when the message was dropped. */
  readonly rcode: string | null;
  readonly truncated: boolean;
  readonly replyBytes: number;
  /** Time spent answering, from receipt to the reply handed to the socket. */
  readonly durationMicros: number;
  /** Why it was dropped, refused or failed, when it was. */
  readonly note: string | null;
  /** An exception answer.ts caught and answered with SERVFAIL (a bug worth alerting on), or null. */
  readonly internalError: string | null;
}

/** Options for {@link startDnsServer}. */
export interface DnsServerOptions {
  /** An IP literal ("127.0.0.1", "::1", "0.0.0.0"); host names are refused. */
  readonly host: string;
  /** 0 picks a free port (the same for UDP and TCP); the handle reports it. */
  readonly port: number;
  /** The zone to answer from, read once per message. */
  readonly getZone: () => Zone;
  /** Close a TCP connection idle this long. Default 10 s. */
  readonly tcpIdleMs?: number;
  /** Open TCP connections allowed at once. Default 512. */
  readonly maxTcpConnections?: number;
  /** A TCP query frame longer than this closes the connection. Default 4096. */
  readonly maxTcpQueryBytes?: number;
  /** Our EDNS UDP payload size (answer.ts, default 1232). */
  readonly maxUdpSize?: number;
  /**
   * The access and abuse policy (allow-lists, RRL), read once per message like the zone.
   * Return the same object until it changes: it is compiled once per object. Without it
   * every client may query, loopback may transfer, and nothing is rate limited. A
   * throwing `getPolicy` refuses the message (fail closed).
   */
  readonly getPolicy?: () => DnsPolicy;
  /** The clock RRL counts with, in milliseconds. Default performance.now. */
  readonly now?: () => number;
  /** Limits of the reply cache (answer-cache.ts); `{ maxEntries: 0 }` turns it off. */
  readonly answerCache?: AnswerCacheOptions;
  /** Called after every message; exceptions it throws are ignored. */
  readonly onQuery?: (entry: QueryLogEntry) => void;
  /** Socket errors after start (a UDP socket error, a failed TCP transfer); exceptions it throws are ignored. UDP sends are not watched. */
  readonly onError?: (error: Error) => void;
}

/** A running responder. */
export interface DnsServerHandle {
  readonly host: string;
  /** The bound port, for UDP and TCP alike. */
  readonly port: number;
  /** "127.0.0.1:5353" or "[::1]:5353". */
  readonly address: string;
  /** TCP connections open now. */
  readonly tcpConnections: number;
  /** Refusals, transfers and rate-limited replies since start, for metrics. */
  readonly stats: GuardStats;
  /** Reply cache hits, misses and size, for metrics. */
  readonly cacheStats: AnswerCacheStats;
  /** Closes both sockets and every TCP connection; resolves when all are closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the responder on `host:port` over UDP and TCP. Rejects with a message that names
 * the address, transport and cause when a socket cannot be bound (EADDRINUSE, EACCES for
 * ports below 1024 without CAP_NET_BIND_SERVICE, an address not on this machine); nothing
 * is left open then.
 */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServerHandle> {
  const { host, getZone, onQuery, onError } = options;
  const family = net.isIP(host);
  if (family === 0) throw new Error(`cannot listen on "${host}": give an IP address, not a host name`);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw new Error(`cannot listen on port ${options.port}: a port is an integer 0-65535`);
  const tcpIdleMs = options.tcpIdleMs ?? DEFAULT_TCP_IDLE_MS;
  const maxTcpConnections = options.maxTcpConnections ?? DEFAULT_MAX_TCP_CONNECTIONS;
  const maxTcpQueryBytes = options.maxTcpQueryBytes ?? DEFAULT_MAX_TCP_QUERY_BYTES;
  const maxUdpSize = options.maxUdpSize;
  // Built once: the hot path allocates no options object per message.
  const udpOptions: AnswerOptions =
    maxUdpSize === undefined ? { transport: "udp" } : { transport: "udp", maxUdpSize };
  const tcpOptions: AnswerOptions =
    maxUdpSize === undefined ? { transport: "tcp" } : { transport: "tcp", maxUdpSize };
  const cache = createAnswerCache(options.answerCache);
  const getPolicy = options.getPolicy ?? (() => OPEN_DNS_POLICY);
  const guard = createGuard(options.now ?? (() => performance.now()));

  const { udp, tcp, port } = await bindSockets(host, family === 6 ? 6 : 4, options.port);
  const address = family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  const connections = new Set<net.Socket>();
  let closing: Promise<void> | null = null;

  const report = (error: unknown): void => {
    if (onError === undefined) return;
    try {
      onError(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error reporter must not take the responder down.
    }
  };

  /** The policy for one message; null (refuse) when getPolicy throws. */
  const readPolicy = (): DnsPolicy | null => {
    try {
      return getPolicy();
    } catch (error) {
      report(error);
      return null;
    }
  };

  /** RRL's verdict applied to a UDP outcome: sent, slipped (TC=1) or dropped. */
  const applyRrl = (policy: DnsPolicy, outcome: QueryOutcome, client: string, apex: string): QueryOutcome => {
    const verdict = guard.limit(policy, {
      client,
      rcode: outcome.rcode ?? 0,
      name: outcome.answerOwner ?? outcome.qname,
      qtype: outcome.qtype,
      zone: apex,
    });
    if (verdict === "send" || outcome.reply === null) return outcome;
    if (verdict === "drop")
      return { ...outcome, reply: null, rcode: null, note: "rate limited (RRL): dropped" };
    return {
      ...outcome,
      reply: toSlipReply(outcome.reply),
      truncated: true,
      note: "rate limited (RRL): slipped with TC=1",
    };
  };

  /** Answers one message; never throws. */
  const answer = (
    message: Buffer,
    transport: "udp" | "tcp",
    client: string,
    clientPort: number,
  ): Buffer | null => {
    const started = onQuery === undefined ? 0 : performance.now();
    let outcome: QueryOutcome;
    const policy = readPolicy();
    try {
      if (policy === null || !guard.admitQuery(policy, client)) {
        // As the lookup-service seed answers an unauthorized source: REFUSED, no records.
        const why =
          policy === null ? "no policy to apply" : (guard.describeError(policy) ?? "not in allow-query");
        outcome = toRefusedOutcome(message, `client ${client} refused: ${why}`);
      } else {
        const zone = getZone();
        // The one call site of the reply cache: policy checks in front, RRL behind.
        outcome = cache.answer(message, zone, transport === "udp" ? udpOptions : tcpOptions);
        // RFC 7766 §1 and BIND's RRL: TCP cannot be spoofed, so only UDP replies are limited.
        if (transport === "udp" && outcome.reply !== null)
          outcome = applyRrl(policy, outcome, client, zone.apex);
      }
    } catch (error) {
      // Only getZone() can throw here (answerQueryDetailed never does): no zone, SERVFAIL.
      const reply = answerWithRcode(message, RCODE.SERVFAIL);
      const note = `no zone to answer from: ${error instanceof Error ? error.message : String(error)}`;
      outcome = {
        reply,
        qname: null,
        qtype: null,
        rcode: reply === null ? null : RCODE.SERVFAIL,
        truncated: false,
        note,
        internalError: null,
      };
    }
    if (onQuery !== undefined) {
      try {
        onQuery({
          client,
          clientPort,
          transport,
          qname: outcome.qname,
          qtype: outcome.qtype,
          rcode: outcome.rcode === null ? null : toRcodeName(outcome.rcode),
          truncated: outcome.truncated,
          replyBytes: outcome.reply?.length ?? 0,
          durationMicros: Math.round((performance.now() - started) * 1000),
          note: outcome.note,
          internalError: outcome.internalError,
        });
      } catch {
        // The log is an observer: its failure must not change the answer.
      }
    }
    return outcome.reply;
  };

  udp.on("message", (message, remote) => {
    // Port 0 cannot be answered; a closing server answers nothing more.
    if (closing !== null || remote.port === 0) return;
    try {
      // Answered synchronously in the handler: no queue, no extra tick before the send.
      const reply = answer(message, "udp", remote.address, remote.port);
      if (reply === null) return;
      // No completion callback: with one, Node defers it with process.nextTick after every
      // send (~10% of a cached answer's cost). A UDP send that fails is a lost datagram
      // either way; the client retries (RFC 1035 §4.2.1) as it does for any loss.
      udp.send(reply, remote.port, remote.address);
    } catch (error) {
      report(error);
    }
  });
  // Kept for the socket's whole life: an 'error' event without a listener crashes the process.
  udp.on("error", report);

  tcp.on("connection", (socket) => {
    socket.on("error", () => {
      // Clients reset connections whenever they like; that is not a server problem.
    });
    if (closing !== null || connections.size >= maxTcpConnections) {
      socket.destroy();
      return;
    }
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    socket.setNoDelay(true);
    socket.setTimeout(tcpIdleMs, () => socket.destroy());
    const client = socket.remoteAddress ?? "";
    const clientPort = socket.remotePort ?? 0;
    let pending: Buffer | null = null;
    // While a zone transfer streams, later queries wait in `pending` (answered in order after it).
    let transferring = false;
    const answerPending = (): void => {
      const data = pending;
      if (data === null) return;
      const replies: Buffer[] = [];
      let offset = 0;
      let transfer: TransferQuery | null = null;
      // RFC 1035 §4.2.2: each message is prefixed by its two-byte length; a read may hold
      // part of one message or several (pipelining, RFC 7766 §6.2.1.1). Answer each in order.
      while (data.length - offset >= 2) {
        const length = data.readUInt16BE(offset);
        if (length > maxTcpQueryBytes) {
          // Not a query we could answer; waiting for it would only hold memory.
          socket.destroy();
          return;
        }
        if (data.length - offset - 2 < length) break;
        const frame = data.subarray(offset + 2, offset + 2 + length);
        offset += 2 + length;
        transfer = readTransferQuery(frame);
        if (transfer !== null) break;
        const reply = answer(frame, "tcp", client, clientPort);
        if (reply !== null) replies.push(toTcpFrame(reply));
      }
      // Copy the remainder so one large read is not kept alive by a few leftover bytes.
      pending = offset === data.length ? null : Buffer.from(data.subarray(offset));
      if (replies.length > 0) socket.write(replies.length === 1 ? replies[0]! : Buffer.concat(replies));
      if (transfer !== null) {
        transferring = true;
        socket.pause();
        void serveTransfer({
          socket,
          query: transfer,
          client,
          clientPort,
          getZone,
          readPolicy,
          guard,
          onQuery,
        })
          .catch(report)
          .finally(() => {
            transferring = false;
            if (socket.destroyed) return;
            socket.resume();
            try {
              answerPending();
            } catch (error) {
              report(error);
              socket.destroy();
            }
          });
        return;
      }
      if (socket.writableLength > MAX_TCP_BACKLOG_BYTES) {
        // The client is not reading its replies: stop reading its queries until it does.
        socket.pause();
        socket.once("drain", () => {
          if (!transferring) socket.resume();
        });
      }
    };
    socket.on("data", (chunk: Buffer) => {
      try {
        pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
        if (!transferring) answerPending();
      } catch (error) {
        report(error);
        socket.destroy();
      }
    });
  });
  tcp.on("error", report);

  return {
    host,
    port,
    address,
    get tcpConnections() {
      return connections.size;
    },
    get stats() {
      return guard.stats;
    },
    get cacheStats() {
      return cache.stats;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        connections.clear();
        let open = 2;
        const done = (): void => {
          open--;
          if (open === 0) resolve();
        };
        tcp.close(done);
        try {
          udp.close(done);
        } catch {
          done();
        }
      });
      return closing;
    },
  };
}

/** The outcome for a refused client: REFUSED with the question echoed (or dropped if not a query). */
function toRefusedOutcome(message: Buffer, note: string): QueryOutcome {
  const reply = toRefusedReply(message);
  return {
    reply,
    qname: null,
    qtype: null,
    rcode: reply === null ? null : RCODE.REFUSED,
    truncated: false,
    note,
    internalError: null,
  };
}

/** Prefixes a message with its two-byte length (RFC 1035 §4.2.2). */
export function toTcpFrame(message: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafe(2 + message.length);
  framed.writeUInt16BE(message.length, 0);
  framed.set(message, 2);
  return framed;
}

/** How many ephemeral ports to try when TCP's twin of the UDP port is taken. */
const EPHEMERAL_ATTEMPTS = 20;

/** Binds UDP, then TCP on the same port (for port 0, retrying until both are free). */
async function bindSockets(
  host: string,
  family: 4 | 6,
  port: number,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  const label = (p: number): string => (family === 6 ? `[${host}]:${p}` : `${host}:${p}`);
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket({
      type: family === 6 ? "udp6" : "udp4",
      lookup: toLiteralLookup(family),
      recvBufferSize: UDP_RECEIVE_BUFFER_BYTES,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once("error", reject);
        udp.bind(port, host, () => {
          udp.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      closeQuietly(udp);
      throw new Error(`cannot listen on ${label(port)} (UDP): ${describeListenError(error)}`, {
        cause: error,
      });
    }
    const bound = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen({ port: bound, host }, () => {
          tcp.off("error", reject);
          resolve();
        });
      });
      return { udp, tcp, port: bound };
    } catch (error) {
      closeQuietly(udp);
      const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      // An ephemeral UDP port whose TCP twin is taken: try another.
      if (port === 0 && inUse && attempt < EPHEMERAL_ATTEMPTS) continue;
      throw new Error(`cannot listen on ${label(bound)} (TCP): ${describeListenError(error)}`, {
        cause: error,
      });
    }
  }
}

/**
 * The socket's "lookup": every address it sees is an IP literal (the listen address, checked
 * by net.isIP, and each client's address as received), so it is passed straight through.
 * Node's default dns.lookup answers a literal on the next tick, which would cost each reply
 * a deferred send.
 */
function toLiteralLookup(
  family: 4 | 6,
): (
  address: string,
  options: unknown,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
) => void {
  return (address, _options, callback) => {
    callback(null, address, family);
  };
}

function closeQuietly(udp: dgram.Socket): void {
  try {
    udp.close();
  } catch {
    // Never bound: nothing to close.
  }
}

/** A listen error in words an operator can act on. */
function describeListenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EADDRINUSE":
      return "the address is already in use (EADDRINUSE): another server holds this port";
    case "EACCES":
      return "permission denied (EACCES): ports below 1024 need root or CAP_NET_BIND_SERVICE";
    case "EADDRNOTAVAIL":
      return "the address is not available on this machine (EADDRNOTAVAIL)";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
