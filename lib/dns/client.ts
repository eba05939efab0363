/**
 * A NAPTR client for live ENUM servers that behaves like Clearwater Sprout's resolver
 * (c-ares under `enum_server`): up to three servers tried in order, a jittered per-try
 * timeout that doubles each round, failover on SERVFAIL/REFUSED/timeout, no EDNS, and a
 * TCP retry when a UDP reply is truncated. Every try is recorded so a tester can see which
 * server answered and which one timed out.
 */
import dgram from "node:dgram";
import net from "node:net";
import * as dnsPacket from "dns-packet";
import type { NaptrLookup, NaptrRule, NaptrSource, ServerAttempt } from "@/lib/enum/naptr";
import { err, ok, type Result } from "@/lib/enum/result";

/** Sprout's `enum_server` accepts at most three servers. */
export const MAX_SERVERS = 3;

/** The default DNS port (RFC 1035 §4.2). */
export const DEFAULT_DNS_PORT = 53;

/** Sprout's per-try timeout: a random value in this range, doubled each further round. */
export const DEFAULT_TIMEOUT_MS = { min: 562, max: 1000 } as const;

/** One configured server, parsed from "host:port" or "[v6]:port". */
export interface DnsServerAddress {
  /** The IP literal, without brackets. */
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
  /** Canonical text, "127.0.0.1:53" or "[::1]:53": what the trace shows. */
  readonly label: string;
}

/** Options for {@link createServerSource}. */
export interface ServerSourceOptions {
  /** Source of the timeout jitter, in [0, 1). Defaults to Math.random. */
  readonly random?: () => number;
  /** Range of the per-try timeout of the first round, in ms. Defaults to 562..1000 (Sprout). */
  readonly timeoutMs?: { readonly min: number; readonly max: number };
  /** How many times each server is tried; each further round doubles the timeout. Defaults to 1. */
  readonly rounds?: number;
  /** Query over TCP only (RFC 1035 §4.2.2) instead of UDP with a TCP retry on TC. */
  readonly tcp?: boolean;
}

/** A {@link NaptrSource} backed by live DNS servers; lookups are always asynchronous. */
export interface ServerSource extends NaptrSource {
  /** The configured servers, canonical "host:port", in the order they are tried. */
  readonly servers: readonly string[];
  lookup(name: string): Promise<NaptrLookup>;
}

/** RFC 1035 §4.1.1 rcode values (plus RFC 2136 / RFC 6895 names) for the trace. */
const RCODE_NAMES: readonly string[] = [
  "NOERROR",
  "FORMERR",
  "SERVFAIL",
  "NXDOMAIN",
  "NOTIMP",
  "REFUSED",
  "YXDOMAIN",
  "YXRRSET",
  "NXRRSET",
  "NOTAUTH",
  "NOTZONE",
];
const RCODE_NOERROR = 0;
const RCODE_NXDOMAIN = 3;

// RFC 1035 §4.1.1 header bits. dns-packet's typings lack rcode/opcode, so read the raw word.
const FLAG_QR = 0x8000;
const FLAG_TC = 0x0200;
const HEADER_BYTES = 12;
// Smallest question (root name + type + class) and smallest RR (root name + 10 fixed bytes).
const MIN_QUESTION_BYTES = 5;
const MIN_RR_BYTES = 11;
// RFC 1035 §2.3.4 size limits; dns-packet corrupts the packet silently beyond them.
const MAX_LABEL_BYTES = 63;
const MAX_NAME_BYTES = 255;

/** Returns the rcode's mnemonic ("SERVFAIL"), or "RCODE<n>" for an unassigned value. */
export function toRcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

/**
 * Parses one server: an IPv4 literal or a bracketed IPv6 literal, with an optional port
 * (default 53). Host names are refused: resolving them would send traffic to a server
 * nobody configured.
 */
export function parseServer(text: string): Result<DnsServerAddress> {
  const entry = text.trim();
  if (entry === "") return err("server-empty", "Empty server address.");

  let host: string;
  let portText: string | undefined;
  if (entry.startsWith("[")) {
    const close = entry.indexOf("]");
    if (close < 0) return err("server-address", `"${entry}": missing "]" after the IPv6 address.`);
    host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) return err("server-address", `"${entry}": expected ":port" after "]".`);
      portText = rest.slice(1);
    }
    if (!net.isIPv6(host)) return err("server-address", `"${entry}": "${host}" is not an IPv6 address.`);
  } else {
    const colons = entry.split(":").length - 1;
    if (colons > 1) {
      return err("server-address", `"${entry}": write an IPv6 server in brackets, e.g. "[::1]:53".`);
    }
    const colon = entry.indexOf(":");
    host = colon < 0 ? entry : entry.slice(0, colon);
    portText = colon < 0 ? undefined : entry.slice(colon + 1);
    if (!net.isIPv4(host)) {
      return err(
        "server-address",
        `"${entry}": "${host}" is not an IPv4 address (host names are not resolved).`,
      );
    }
  }

  let port = DEFAULT_DNS_PORT;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText)) {
      return err("server-port", `"${entry}": port "${portText}" is not a number.`);
    }
    port = Number(portText);
    if (port < 1 || port > 65535) return err("server-port", `"${entry}": port ${port} is outside 1-65535.`);
  }
  const family = net.isIPv6(host) ? 6 : 4;
  const label = family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return ok({ host, port, family, label });
}

/**
 * Parses a comma-separated server list ("10.0.0.1:53,[::1]:5353") into canonical
 * "host:port" strings. Sprout's `enum_server` takes 1 to 3 servers; the error names the
 * entry (1-based) and `at` points at it.
 */
export function parseServerList(text: string): Result<string[]> {
  const servers: string[] = [];
  let offset = 0;
  const entries = text.split(",");
  if (text.trim() === "") return err("server-list-empty", "Give at least one server, e.g. 127.0.0.1:53.");
  for (const [index, raw] of entries.entries()) {
    const at = offset + (raw.length - raw.trimStart().length);
    offset += raw.length + 1;
    const parsed = parseServer(raw);
    if (!parsed.ok) {
      const why = parsed.error.code === "server-empty" ? "is empty (stray comma?)" : parsed.error.message;
      return err(parsed.error.code, `Server ${index + 1} ${why}`, at);
    }
    servers.push(parsed.value.label);
  }
  if (servers.length > MAX_SERVERS) {
    return err(
      "server-list-too-long",
      `At most ${MAX_SERVERS} servers (Sprout's enum_server limit), got ${servers.length}.`,
    );
  }
  return ok(servers);
}

/**
 * Checks a query name against RFC 1035 §2.3.4 (labels ≤ 63 bytes, name ≤ 255 bytes on the
 * wire) before dns-packet encodes it, since dns-packet corrupts oversized names silently.
 * Returns the name without its trailing dot.
 */
export function parseQueryName(name: string): Result<string> {
  const bare = name.endsWith(".") ? name.slice(0, -1) : name;
  if (bare === "") return err("name-empty", "The query name is empty.");
  let wireBytes = 1; // the root label
  for (const [index, label] of bare.split(".").entries()) {
    const bytes = Buffer.byteLength(label, "utf8");
    if (bytes === 0) return err("name-empty-label", `"${name}": label ${index + 1} is empty.`);
    if (bytes > MAX_LABEL_BYTES) {
      return err(
        "name-label-too-long",
        `"${name}": label ${index + 1} is ${bytes} bytes (max ${MAX_LABEL_BYTES}).`,
      );
    }
    wireBytes += bytes + 1;
  }
  if (wireBytes > MAX_NAME_BYTES) {
    return err("name-too-long", `The query name is ${wireBytes} bytes on the wire (max ${MAX_NAME_BYTES}).`);
  }
  return ok(bare);
}

/**
 * Creates a NAPTR source that queries live servers the way Sprout does (docs/enum-semantics
 * §4): each round tries every server in order, each try times out after a random time in
 * `timeoutMs` (doubled each further round); SERVFAIL, REFUSED, any other error rcode, a
 * timeout or a broken reply moves on; NOERROR and NXDOMAIN end the query; a UDP reply with
 * TC set is retried over TCP to the same server. Throws on a bad server list or options
 * (callers validate user input first with {@link parseServerList}).
 */
export function createServerSource(
  servers: readonly string[],
  options: ServerSourceOptions = {},
): ServerSource {
  if (servers.length === 0) throw new Error("createServerSource: give at least one server.");
  if (servers.length > MAX_SERVERS) {
    throw new Error(
      `createServerSource: at most ${MAX_SERVERS} servers (Sprout's enum_server limit), got ${servers.length}.`,
    );
  }
  const addresses = servers.map((text, index) => {
    const parsed = parseServer(text);
    if (!parsed.ok) throw new Error(`createServerSource: server ${index + 1}: ${parsed.error.message}`);
    return parsed.value;
  });
  const { min, max } = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min <= 0 || max < min) {
    throw new Error(`createServerSource: timeoutMs needs 0 < min <= max, got ${min}..${max}.`);
  }
  const rounds = options.rounds ?? 1;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) {
    throw new Error(`createServerSource: rounds must be an integer 1-10, got ${rounds}.`);
  }
  const config: LookupConfig = {
    addresses,
    random: options.random ?? Math.random,
    min,
    max,
    rounds,
    tcpOnly: options.tcp ?? false,
  };
  return {
    servers: addresses.map((a) => a.label),
    lookup: (name) => lookupNaptr(name, config),
  };
}

interface LookupConfig {
  readonly addresses: readonly DnsServerAddress[];
  readonly random: () => number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
  readonly tcpOnly: boolean;
}

/** What the client expects back: the id it sent and the question it asked. */
interface Expectation {
  readonly id: number;
  readonly name: string;
}

/** The verdict on one received message. */
type ReplyCheck =
  | {
      readonly kind: "reply";
      readonly rcode: number;
      readonly truncated: boolean;
      readonly packet: dnsPacket.DecodedPacket;
    }
  | { readonly kind: "stray"; readonly why: string }
  | { readonly kind: "error"; readonly detail: string };

/** How one try ended. */
type TryEnd =
  | {
      readonly kind: "reply";
      readonly rcode: number;
      readonly truncated: boolean;
      readonly packet: dnsPacket.DecodedPacket;
    }
  | { readonly kind: "timeout" }
  | { readonly kind: "error"; readonly detail: string };

/** A try's end plus the stray messages skipped while waiting (for the trace). */
type TryResult = TryEnd & { readonly ignored: readonly string[] };

async function lookupNaptr(name: string, config: LookupConfig): Promise<NaptrLookup> {
  const qname = parseQueryName(name);
  if (!qname.ok) return { kind: "failure", reason: qname.error.message, attempts: [] };

  const attempts: ServerAttempt[] = [];
  let lastRcode: string | undefined;
  for (let round = 0; round < config.rounds; round++) {
    for (const server of config.addresses) {
      let transport: "udp" | "tcp" = config.tcpOnly ? "tcp" : "udp";
      let outcome = await runTry(server, transport, qname.value, drawTimeout(config, round));
      if (outcome.result.kind === "reply" && outcome.result.truncated && transport === "udp") {
        // RFC 1035 §4.2.1: a truncated UDP reply is retried over TCP (c-ares does it unless
        // ARES_FLAG_IGNTC). Sprout sends no EDNS, so anything over 512 bytes comes this way.
        attempts.push(toAttempt(server, outcome, "TC set: retrying over TCP"));
        transport = "tcp";
        outcome = await runTry(server, transport, qname.value, drawTimeout(config, round));
      }
      attempts.push(toAttempt(server, outcome));
      const { result } = outcome;
      if (result.kind !== "reply") continue;
      if (result.rcode === RCODE_NOERROR) return toNaptrLookup(result.packet, attempts);
      if (result.rcode === RCODE_NXDOMAIN) return { kind: "nxdomain", attempts };
      lastRcode = toRcodeName(result.rcode);
    }
  }
  const summary = attempts.map((a) => `${a.server}/${a.transport ?? "udp"} ${a.outcome}`).join(", ");
  const reason = `All servers failed (${summary}).`;
  return lastRcode === undefined
    ? { kind: "failure", reason, attempts }
    : { kind: "failure", reason, rcode: lastRcode, attempts };
}

/** Sprout/c-ares: a random timeout in [min, max], doubled for each further round. */
function drawTimeout(config: LookupConfig, round: number): number {
  const jitter = Math.min(Math.max(config.random(), 0), 1);
  return Math.max(1, Math.round((config.min + jitter * (config.max - config.min)) * 2 ** round));
}

interface TryOutcome {
  readonly result: TryResult;
  readonly transport: "udp" | "tcp";
  readonly elapsedMs: number;
  readonly timeoutMs: number;
}

/** Sends one query to one server and waits for its reply, a timeout or an error. */
async function runTry(
  server: DnsServerAddress,
  transport: "udp" | "tcp",
  name: string,
  timeoutMs: number,
): Promise<TryOutcome> {
  const started = performance.now();
  const id = drawQueryId();
  let result: TryResult;
  let query: Buffer;
  try {
    query = encodeQuery(id, name);
  } catch (error) {
    // parseQueryName ran first, so this is not expected; still a failed try, never a throw.
    result = { kind: "error", detail: `could not encode the query: ${describeError(error)}`, ignored: [] };
    return { result, transport, elapsedMs: 0, timeoutMs };
  }
  const expect = { id, name };
  result =
    transport === "udp"
      ? await sendUdp(server, query, expect, timeoutMs)
      : await sendTcp(server, query, expect, timeoutMs);
  return { result, transport, elapsedMs: Math.round(performance.now() - started), timeoutMs };
}

/** A fresh unpredictable 16-bit id per try, so a late or forged reply does not match. */
function drawQueryId(): number {
  return crypto.getRandomValues(new Uint16Array(1))[0]!;
}

/**
 * Encodes the NAPTR question. RD is set as c-ares sets it by default; no OPT record,
 * because Sprout's UDP queries carry no EDNS (so servers cap UDP replies at 512 bytes).
 */
function encodeQuery(id: number, name: string): Buffer {
  return dnsPacket.encode({
    type: "query",
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: "NAPTR", class: "IN", name }],
  });
}

function sendUdp(
  server: DnsServerAddress,
  query: Buffer,
  expect: Expectation,
  timeoutMs: number,
): Promise<TryResult> {
  return new Promise((resolve) => {
    // A connected socket: the kernel drops datagrams from any other address/port.
    const socket = dgram.createSocket(server.family === 6 ? "udp6" : "udp4");
    const ignored: string[] = [];
    let done = false;
    const finish = (result: TryEnd): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // Already closed (e.g. after an error): nothing left to release.
      }
      resolve({ ...result, ignored });
    };
    const timer = setTimeout(() => {
      finish({ kind: "timeout" });
    }, timeoutMs);
    // Kept for the socket's whole life: an 'error' without a listener would crash the process.
    socket.on("error", (error) => {
      finish({ kind: "error", detail: describeError(error) });
    });
    socket.on("message", (message) => {
      if (done) return;
      const check = checkReply(message, expect);
      // c-ares ignores a datagram that is not a reply to this query and keeps waiting.
      if (check.kind === "stray") ignored.push(check.why);
      else finish(check);
    });
    socket.connect(server.port, server.host, (error?: Error) => {
      if (error) {
        finish({ kind: "error", detail: describeError(error) });
        return;
      }
      if (done) return;
      socket.send(query, (sendError) => {
        if (sendError) finish({ kind: "error", detail: describeError(sendError) });
      });
    });
  });
}

function sendTcp(
  server: DnsServerAddress,
  query: Buffer,
  expect: Expectation,
  timeoutMs: number,
): Promise<TryResult> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (result: TryEnd): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, ignored: [] });
    };
    const timer = setTimeout(() => {
      finish({ kind: "timeout" });
    }, timeoutMs);
    socket.setNoDelay(true);
    socket.on("error", (error) => {
      finish({ kind: "error", detail: describeError(error) });
    });
    socket.on("connect", () => {
      socket.write(frameTcpMessage(query));
    });
    socket.on("data", (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      received += chunk.length;
      // RFC 1035 §4.2.2: each message is prefixed by a two-byte length. Reads may split the
      // prefix or the message anywhere, so wait until both are complete.
      if (received < 2) return;
      const buffered = Buffer.concat(chunks, received);
      chunks.length = 0;
      chunks.push(buffered);
      const length = buffered.readUInt16BE(0);
      if (length === 0) {
        finish({ kind: "error", detail: "TCP reply with a zero length prefix" });
        return;
      }
      if (received < 2 + length) return;
      const check = checkReply(buffered.subarray(2, 2 + length), expect);
      // One query per connection, so a mismatched message cannot be a reply to anything else.
      finish(check.kind === "stray" ? { kind: "error", detail: `TCP reply ignored: ${check.why}` } : check);
    });
    socket.on("end", () => {
      finish({ kind: "error", detail: `connection closed after ${received} bytes of the reply` });
    });
  });
}

/** Prefixes a message with its two-byte length for TCP (RFC 1035 §4.2.2). */
export function frameTcpMessage(message: Buffer): Buffer {
  const framed = Buffer.alloc(2 + message.length);
  framed.writeUInt16BE(message.length, 0);
  message.copy(framed, 2);
  return framed;
}

/**
 * Decides whether a message is the reply to our query (RFC 5452 §9.1: id, and question
 * name/type/class match), a stray to ignore, or our reply but broken.
 */
function checkReply(message: Buffer, expect: Expectation): ReplyCheck {
  if (message.length < HEADER_BYTES) return { kind: "stray", why: `${message.length}-byte message` };
  const id = message.readUInt16BE(0);
  if (id !== expect.id) return { kind: "stray", why: `wrong id ${id}` };
  const flags = message.readUInt16BE(2);
  if ((flags & FLAG_QR) === 0) return { kind: "stray", why: "QR bit clear (a query, not a reply)" };

  const qdcount = message.readUInt16BE(4);
  const rrcount = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  // dns-packet preallocates arrays from the header counts: reject impossible counts before
  // decoding so a tiny packet cannot cost milliseconds.
  if (HEADER_BYTES + qdcount * MIN_QUESTION_BYTES + rrcount * MIN_RR_BYTES > message.length) {
    return {
      kind: "error",
      detail: `reply header claims ${qdcount + rrcount} records in ${message.length} bytes`,
    };
  }
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(message);
  } catch (error) {
    return { kind: "error", detail: `unparsable reply: ${describeError(error)}` };
  }
  const question = packet.questions?.[0];
  if (packet.questions?.length !== 1 || question === undefined) {
    return { kind: "stray", why: `reply has ${packet.questions?.length ?? 0} questions` };
  }
  if (
    toAsciiLowerCase(question.name) !== toAsciiLowerCase(expect.name) ||
    question.type !== "NAPTR" ||
    (question.class ?? "IN") !== "IN"
  ) {
    return { kind: "stray", why: `reply for ${question.name} ${question.type} ${question.class ?? "IN"}` };
  }
  return { kind: "reply", rcode: flags & 0x0f, truncated: (flags & FLAG_TC) !== 0, packet };
}

/**
 * Classifies a NOERROR reply. Like c-ares' `ares_parse_naptr_reply`, every IN NAPTR in the
 * answer section counts, whatever its owner (a CNAME target included); none is NODATA.
 */
function toNaptrLookup(packet: dnsPacket.DecodedPacket, attempts: readonly ServerAttempt[]): NaptrLookup {
  const rules: NaptrRule[] = [];
  let owner: string | undefined;
  for (const answer of packet.answers ?? []) {
    if (answer.type !== "NAPTR" || (answer.class ?? "IN") !== "IN") continue;
    owner ??= answer.name;
    const { data } = answer;
    rules.push({
      order: data.order,
      preference: data.preference,
      flags: data.flags,
      service: data.services,
      regexp: data.regexp,
      replacement: data.replacement,
      ...(answer.ttl === undefined ? {} : { ttl: answer.ttl }),
    });
  }
  if (rules.length === 0) return { kind: "nodata", attempts };
  return owner === undefined
    ? { kind: "answer", rules, attempts }
    : { kind: "answer", rules, owner, attempts };
}

function toAttempt(server: DnsServerAddress, outcome: TryOutcome, note?: string): ServerAttempt {
  const { result } = outcome;
  const details: string[] = [];
  let name: string;
  if (result.kind === "reply") name = toRcodeName(result.rcode);
  else if (result.kind === "timeout") name = "TIMEOUT";
  else {
    name = "ERROR";
    details.push(result.detail);
  }
  if (note !== undefined) details.push(note);
  if (result.ignored.length > 0) {
    details.push(`ignored ${result.ignored.length} stray message(s): ${result.ignored.join("; ")}`);
  }
  const attempt: ServerAttempt = {
    server: server.label,
    outcome: name,
    elapsedMs: outcome.elapsedMs,
    timeoutMs: outcome.timeoutMs,
    transport: outcome.transport,
  };
  return details.length === 0 ? attempt : { ...attempt, detail: details.join("; ") };
}

/** DNS names compare case-insensitively in ASCII only (RFC 4343 §3). */
function toAsciiLowerCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/\.$/, "");
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code}: ${error.message}`;
  }
  return String(error);
}
