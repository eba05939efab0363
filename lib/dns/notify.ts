/**
 * DNS NOTIFY (RFC 1996) from the console, the primary, to its secondaries: "the zone
 * changed, its serial is now N", so they ask for the SOA and transfer at once instead of
 * waiting for the SOA refresh timer.
 *
 * - The message (RFC 1996 §3.1-§3.7): opcode NOTIFY (4), AA set, one question (zone, SOA,
 *   IN), and the SOA with the new serial in the answer section as a hint (§3.7: the
 *   secondary may use it to skip a refresh for a serial it already has).
 * - Over UDP, retransmitted until the secondary acknowledges (§3.6: a response with the
 *   same ID and opcode NOTIFY, QR set) or the retries run out (§3.6 suggests an interval
 *   of 60 s for servers; a console change wants seconds, so the default here is 2 s x 4).
 * - The acknowledgement must come from the address we sent to, so a spoofed packet from
 *   elsewhere cannot end the retries early.
 */
import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import net from "node:net";
import { parseSocketAddress, type SocketAddress } from "@/lib/enum/cidr";
import type { SoaRecord } from "@/lib/enum/zone";
import { readHeader, toRcodeName } from "./answer";
import { CLASS_IN, encodeName, MessageWriter, TYPE, writeRecord } from "./wire";

/** RFC 1996 §3.1. */
export const OPCODE_NOTIFY = 4;

const FLAG_AA = 0x0400;

/** What became of one secondary's NOTIFY. */
export interface NotifyResult {
  /** The target as given ("127.0.0.1:5300"). */
  readonly target: string;
  /**
   * acked: the secondary answered NOERROR; rcode: it answered with another rcode (e.g.
   * NOTAUTH: it is not a secondary for this zone, or REFUSED: not allowed to notify);
   * timeout: no acknowledgement after every retry; error: the target is not usable or the
   * socket failed.
   */
  readonly status: "acked" | "rcode" | "timeout" | "error";
  /** The acknowledgement's rcode mnemonic, when one arrived. */
  readonly rcode?: string;
  /** Messages sent. */
  readonly attempts: number;
  /** Why it failed, for the log. */
  readonly message?: string;
}

/** Options for {@link sendNotify}. */
export interface NotifyOptions {
  /** How long to wait for an acknowledgement before retransmitting. Default 2000 ms. */
  readonly timeoutMs?: number;
  /** Retransmissions after the first message. Default 3. */
  readonly retries?: number;
  /** Stops waiting; pending targets report "error" with the abort reason. */
  readonly signal?: AbortSignal;
  /** The zone's SOA for the answer section; without it an SOA with this serial and root names is sent. */
  readonly soa?: SoaRecord;
}

/** A NOTIFY target: an IP literal and a port ("192.0.2.1:53", "[2001:db8::1]:5300", "192.0.2.1" = port 53), or why not. */
export function parseNotifyTarget(target: string): SocketAddress | string {
  const parsed = parseSocketAddress(target);
  return parsed.ok ? parsed.value : `"${target}": ${parsed.error.message}`;
}

/** Encodes a NOTIFY message for `zoneName` announcing `serial` (RFC 1996 §3.1-§3.7). */
export function encodeNotify(id: number, zoneName: string, serial: number, soa?: SoaRecord): Buffer {
  const record: SoaRecord = soa ?? {
    name: zoneName,
    ttl: 0,
    class: "IN",
    type: "SOA",
    line: 0,
    data: { kind: "SOA", mname: "", rname: "", serial, refresh: 0, retry: 0, expire: 0, minimum: 0 },
  };
  const announced: SoaRecord = { ...record, data: { ...record.data, serial } };
  const writer = new MessageWriter();
  const apex = encodeName(zoneName);
  writer.writeU16(id);
  writer.writeU16((OPCODE_NOTIFY << 11) | FLAG_AA);
  writer.writeU16(1);
  writer.writeU16(1);
  writer.writeU16(0);
  writer.writeU16(0);
  writer.writeName(apex, true);
  writer.writeU16(TYPE.SOA);
  writer.writeU16(CLASS_IN);
  writeRecord(writer, apex, announced, encodeName);
  return Buffer.from(writer.toBuffer());
}

/**
 * Sends NOTIFY for `zoneName` at `serial` to every target at once and resolves with one
 * result per target, in the order given. Never rejects.
 */
export async function sendNotify(
  targets: readonly string[],
  zoneName: string,
  serial: number,
  options: NotifyOptions = {},
): Promise<NotifyResult[]> {
  return Promise.all(targets.map((target) => notifyOne(target, zoneName, serial, options)));
}

async function notifyOne(
  target: string,
  zoneName: string,
  serial: number,
  options: NotifyOptions,
): Promise<NotifyResult> {
  const parsed = parseNotifyTarget(target);
  if (typeof parsed === "string") return { target, status: "error", attempts: 0, message: parsed };
  const timeoutMs = options.timeoutMs ?? 2000;
  const retries = options.retries ?? 3;
  const { signal } = options;
  if (signal?.aborted) return { target, status: "error", attempts: 0, message: "aborted" };

  const id = randomInt(0, 0x10000);
  let message: Buffer;
  try {
    message = encodeNotify(id, zoneName, serial, options.soa);
  } catch (error) {
    return { target, status: "error", attempts: 0, message: String(error) };
  }
  const socket = dgram.createSocket(net.isIPv6(parsed.host) ? "udp6" : "udp4");
  let attempts = 0;
  return new Promise<NotifyResult>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (result: Omit<NotifyResult, "target" | "attempts">): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      try {
        socket.close();
      } catch {
        // Already closed.
      }
      resolve({ target, attempts, ...result });
    };
    const onAbort = (): void => {
      finish({ status: "error", message: "aborted" });
    };
    const send = (): void => {
      if (attempts > retries) {
        finish({ status: "timeout", message: `no acknowledgement after ${attempts} attempts` });
        return;
      }
      attempts++;
      socket.send(message, parsed.port, parsed.host, (error) => {
        if (error) finish({ status: "error", message: error.message });
      });
      timer = setTimeout(send, timeoutMs);
    };
    socket.on("error", (error) => {
      finish({ status: "error", message: error.message });
    });
    socket.on("message", (reply, remote) => {
      if (remote.port !== parsed.port || !isSameAddress(remote.address, parsed.host)) return;
      const header = readHeader(reply);
      // RFC 1996 §4.7: the response echoes the ID and opcode, with QR set.
      if (header === null || !header.qr || header.id !== id || header.opcode !== OPCODE_NOTIFY) return;
      if (header.rcode === 0) finish({ status: "acked", rcode: "NOERROR" });
      else finish({ status: "rcode", rcode: toRcodeName(header.rcode) });
    });
    signal?.addEventListener("abort", onAbort);
    send();
  });
}

function isSameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (address: string): string => address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, "");
  return strip(a) === strip(b);
}
