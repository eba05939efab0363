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
import { answerQueryDetailed, answerWithRcode, RCODE, toRcodeName, type QueryOutcome } from "./answer";

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
  /** Called after every message; exceptions it throws are ignored. */
  readonly onQuery?: (entry: QueryLogEntry) => void;
  /** Socket errors after start (a failed send, a UDP socket error); exceptions it throws are ignored. */
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

  /** Answers one message; never throws. */
  const answer = (
    message: Buffer,
    transport: "udp" | "tcp",
    client: string,
    clientPort: number,
  ): Buffer | null => {
    const started = onQuery === undefined ? 0n : process.hrtime.bigint();
    let outcome: QueryOutcome;
    try {
      outcome = answerQueryDetailed(
        message,
        getZone(),
        maxUdpSize === undefined ? { transport } : { transport, maxUdpSize },
      );
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
          durationMicros: Number(process.hrtime.bigint() - started) / 1000,
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
      const reply = answer(message, "udp", remote.address, remote.port);
      if (reply === null) return;
      udp.send(reply, remote.port, remote.address, (error) => {
        if (error) report(error);
      });
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
    socket.on("data", (chunk: Buffer) => {
      try {
        const data = pending === null ? chunk : Buffer.concat([pending, chunk]);
        const replies: Buffer[] = [];
        let offset = 0;
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
          const reply = answer(data.subarray(offset + 2, offset + 2 + length), "tcp", client, clientPort);
          offset += 2 + length;
          if (reply !== null) replies.push(toTcpFrame(reply));
        }
        // Copy the remainder so one large read is not kept alive by a few leftover bytes.
        pending = offset === data.length ? null : Buffer.from(data.subarray(offset));
        if (replies.length > 0) socket.write(replies.length === 1 ? replies[0]! : Buffer.concat(replies));
        if (socket.writableLength > MAX_TCP_BACKLOG_BYTES) {
          // The client is not reading its replies: stop reading its queries until it does.
          socket.pause();
          socket.once("drain", () => socket.resume());
        }
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
    const udp = dgram.createSocket(family === 6 ? "udp6" : "udp4");
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
