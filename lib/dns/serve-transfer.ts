/**
 * Streams one zone transfer (lib/dns/transfer.ts) down a TCP connection: the policy
 * decides first (allowTransfer, RFC 5936 §6 leaves access control to the operator; others
 * get REFUSED), then the messages are written one by one, waiting for the socket to drain
 * when the client reads slowly and yielding to the event loop between messages, so a
 * 1.16M-record transfer neither buffers the zone nor stalls UDP answers.
 */
import type net from "node:net";
import type { Zone } from "@/lib/enum/zone";
import { RCODE, toRcodeName } from "./answer";
import type { Guard } from "./guard";
import type { DnsPolicy } from "./policy";
import type { QueryLogEntry } from "./server";
import {
  generateTransferMessages,
  isQueryForZone,
  toTransferRefusal,
  TRANSFER_NOT_AUTHORITATIVE,
  type TransferQuery,
} from "./transfer";

/** What {@link serveTransfer} needs from the server. */
export interface TransferContext {
  readonly socket: net.Socket;
  readonly query: TransferQuery;
  readonly client: string;
  readonly clientPort: number;
  readonly getZone: () => Zone;
  readonly readPolicy: () => DnsPolicy | null;
  readonly guard: Guard;
  readonly onQuery: ((entry: QueryLogEntry) => void) | undefined;
}

/**
 * Answers one AXFR/IXFR query on `socket`. Resolves when the last message is handed to the
 * socket or the connection closed; never rejects for client behaviour. A record that
 * cannot be encoded ends the connection mid-transfer (the secondary discards a transfer
 * without its closing SOA, RFC 5936 §2.2) and is reported in the log entry.
 */
export async function serveTransfer(context: TransferContext): Promise<void> {
  const { socket, query, client, guard } = context;
  const started = process.hrtime.bigint();
  let bytes = 0;
  let messages = 0;
  const log = (rcode: number | null, note: string): void => {
    if (context.onQuery === undefined) return;
    try {
      context.onQuery({
        client,
        clientPort: context.clientPort,
        transport: "tcp",
        qname: query.zoneName,
        qtype: query.kind,
        rcode: rcode === null ? null : toRcodeText(rcode),
        truncated: false,
        replyBytes: bytes,
        durationMicros: Number(process.hrtime.bigint() - started) / 1000,
        note,
        internalError: null,
      });
    } catch {
      // The log is an observer.
    }
  };
  const refuse = (rcode: number, note: string): void => {
    const reply = toTransferRefusal(query, rcode);
    bytes = reply.length;
    socket.write(toFrame(reply));
    log(rcode, note);
  };

  const policy = context.readPolicy();
  if (policy === null || !guard.admitQuery(policy, client) || !guard.admitTransfer(policy, client)) {
    refuse(RCODE.REFUSED, `${query.kind} refused: client ${client} is not in allow-transfer`);
    return;
  }
  let zone: Zone;
  try {
    zone = context.getZone();
  } catch (error) {
    refuse(RCODE.SERVFAIL, `no zone to transfer: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!isQueryForZone(query, zone) || zone.soa === null) {
    refuse(TRANSFER_NOT_AUTHORITATIVE, `${query.kind} for ${query.zoneName || "."}: not our zone`);
    return;
  }

  try {
    for (const message of generateTransferMessages(query, zone)) {
      if (socket.destroyed) {
        log(null, `${query.kind} abandoned by the client after ${messages} messages`);
        return;
      }
      bytes += message.length;
      messages++;
      if (!socket.write(toFrame(message))) await waitForDrain(socket);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    socket.destroy();
    log(RCODE.SERVFAIL, `${query.kind} failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  guard.countTransfer();
  log(RCODE.NOERROR, `${query.kind} serial ${zone.soa.data.serial}: ${messages} messages`);
}

function toFrame(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(2 + message.length);
  framed.writeUInt16BE(message.length, 0);
  message.copy(framed, 2);
  return framed;
}

/** Resolves when the socket drains or closes, whichever comes first. */
function waitForDrain(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}

function toRcodeText(rcode: number): string {
  return rcode === TRANSFER_NOT_AUTHORITATIVE ? "NOTAUTH" : toRcodeName(rcode);
}
