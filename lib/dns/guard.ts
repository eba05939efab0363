/**
 * The responder's access and abuse policy applied per message (lib/dns/policy.ts): the
 * query allow-list (others get REFUSED, as the lookup-service seed does: "Source IP is
 * unauthorized"), the transfer allow-list, and response rate limiting (lib/dns/rrl.ts)
 * for UDP replies. server.ts asks; this module keeps the compiled policy and the counters.
 */
import { HEADER_BYTES } from "./answer";
import { createCidrMatcher, type CidrMatcher } from "./cidr";
import { DEFAULT_DNS_POLICY, type DnsPolicy } from "./policy";
import { createRateLimiter, type RateLimiter, type RrlResponse, type RrlVerdict } from "./rrl";

/** Counters since the server started, for metrics and the status page. */
export interface GuardStats {
  /** Queries refused because the client is outside allowQuery. */
  readonly refusedQueries: number;
  /** Transfers refused because the client is outside allowTransfer. */
  readonly refusedTransfers: number;
  /** Transfers completed. */
  readonly transfers: number;
  /** UDP responses over the rate limit (slipped + dropped). */
  readonly rrlLimited: number;
  /** Limited responses sent as an empty TC=1 reply. */
  readonly rrlSlipped: number;
  /** Limited responses not sent. */
  readonly rrlDropped: number;
}

/** One policy, compiled for matching. */
interface CompiledPolicy {
  readonly source: DnsPolicy;
  /** JSON of the policy, to reuse the compiled form when a caller returns an equal new object. */
  readonly key: string;
  readonly allowQuery: CidrMatcher | null;
  readonly allowTransfer: CidrMatcher | null;
  readonly limiter: RateLimiter | null;
  /** Why the policy could not be compiled; everything is refused then (fail closed). */
  readonly error: string | null;
}

/** Applies the current policy; see {@link createGuard}. */
export interface Guard {
  /** Whether `client` may query under `policy`; counts a refusal. */
  admitQuery(policy: DnsPolicy, client: string): boolean;
  /** Whether `client` may transfer the zone under `policy`; counts a refusal. */
  admitTransfer(policy: DnsPolicy, client: string): boolean;
  /** Counts a finished transfer. */
  countTransfer(): void;
  /** RRL's verdict on one UDP response; counts limited responses. */
  limit(policy: DnsPolicy, response: RrlResponse): RrlVerdict;
  /** The error that made `policy` refuse everything, or null. */
  describeError(policy: DnsPolicy): string | null;
  readonly stats: GuardStats;
}

/**
 * A guard over policies returned per message by `getPolicy()`. A policy is compiled once
 * per object (or per distinct content, when a caller builds equal objects); the rate
 * limiter's buckets start afresh when the RRL settings change. A policy whose CIDRs do not
 * parse (validated on the way in, so a bug) refuses every query and transfer.
 */
export function createGuard(now: () => number): Guard {
  let current: CompiledPolicy | null = null;
  let refusedQueries = 0;
  let refusedTransfers = 0;
  let transfers = 0;
  let rrlLimited = 0;
  let rrlSlipped = 0;
  let rrlDropped = 0;

  const compile = (policy: DnsPolicy): CompiledPolicy => {
    if (current !== null && current.source === policy) return current;
    const key = JSON.stringify(policy);
    if (current !== null && current.key === key) {
      current = { ...current, source: policy };
      return current;
    }
    const previous = current;
    try {
      const rrlKey = JSON.stringify(policy.rrl);
      const limiter =
        policy.rrl.responsesPerSecond <= 0
          ? null
          : previous?.limiter !== null && previous !== null && JSON.stringify(previous.source.rrl) === rrlKey
            ? previous.limiter
            : createRateLimiter(policy.rrl, { now });
      current = {
        source: policy,
        key,
        allowQuery: policy.allowQuery.length === 0 ? null : createCidrMatcher(policy.allowQuery),
        allowTransfer: createCidrMatcher(policy.allowTransfer),
        limiter,
        error: null,
      };
    } catch (error) {
      current = {
        source: policy,
        key,
        allowQuery: null,
        allowTransfer: null,
        limiter: null,
        error: `invalid responder policy, refusing everything: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    return current;
  };

  return {
    admitQuery(policy, client) {
      const compiled = compile(policy);
      const allowed = compiled.error === null && (compiled.allowQuery?.contains(client) ?? true);
      if (!allowed) refusedQueries++;
      return allowed;
    },
    admitTransfer(policy, client) {
      const compiled = compile(policy);
      const allowed = compiled.error === null && (compiled.allowTransfer?.contains(client) ?? false);
      if (!allowed) refusedTransfers++;
      return allowed;
    },
    countTransfer() {
      transfers++;
    },
    limit(policy, response) {
      const limiter = compile(policy).limiter;
      if (limiter === null) return "send";
      const verdict = limiter.check(response);
      if (verdict !== "send") {
        rrlLimited++;
        if (verdict === "slip") rrlSlipped++;
        else rrlDropped++;
      }
      return verdict;
    },
    describeError(policy) {
      return compile(policy).error;
    },
    get stats() {
      return { refusedQueries, refusedTransfers, transfers, rrlLimited, rrlSlipped, rrlDropped };
    },
  };
}

/** The policy a server without `getPolicy` applies: no allow-list, transfers from loopback, RRL off. */
export const OPEN_DNS_POLICY: DnsPolicy = {
  ...DEFAULT_DNS_POLICY,
  rrl: { ...DEFAULT_DNS_POLICY.rrl, responsesPerSecond: 0 },
};

/** Where the question ends in `message` (one question, no pointers), or -1. */
function findQuestionEnd(message: Uint8Array): number {
  if (message.length < HEADER_BYTES) return -1;
  if (((message[4]! << 8) | message[5]!) !== 1) return -1;
  let offset = HEADER_BYTES;
  for (;;) {
    if (offset >= message.length) return -1;
    const length = message[offset]!;
    if (length === 0) break;
    if (length > 0x3f) return -1;
    offset += 1 + length;
  }
  offset += 5;
  return offset <= message.length ? offset : -1;
}

/**
 * The header and question of `message` alone, with `flags` as given and every other count
 * zero (the question dropped too if it does not parse).
 */
function toQuestionOnly(message: Uint8Array, flags: number): Buffer {
  const end = findQuestionEnd(message);
  const reply = Buffer.alloc(end < 0 ? HEADER_BYTES : end);
  reply.set(message.subarray(0, reply.length));
  reply.writeUInt16BE(flags, 2);
  reply.writeUInt16BE(end < 0 ? 0 : 1, 4);
  reply.writeUInt16BE(0, 6);
  reply.writeUInt16BE(0, 8);
  reply.writeUInt16BE(0, 10);
  return reply;
}

const FLAG_QR = 0x8000;
const FLAG_TC = 0x0200;
const RCODE_REFUSED = 5;

/**
 * REFUSED for a client outside the allow-list: the question echoed, no records, opcode
 * and RD/CD copied (RFC 1035 §4.1.1). Null for a message that is not a query (shorter
 * than a header, or QR set): dropped, like every response we receive.
 */
export function toRefusedReply(request: Uint8Array): Buffer | null {
  if (request.length < HEADER_BYTES || (request[2]! & 0x80) !== 0) return null;
  const flags = (request[2]! << 8) | request[3]!;
  return toQuestionOnly(request, FLAG_QR | (flags & 0x7800) | (flags & 0x0110) | RCODE_REFUSED);
}

/**
 * RRL's slipped reply (BIND's `slip`): the reply cut to its header and question with TC
 * set, so a real client retries over TCP and a spoofed victim receives a tiny packet.
 */
export function toSlipReply(reply: Uint8Array): Buffer {
  const flags = (reply[2]! << 8) | reply[3]!;
  return toQuestionOnly(reply, flags | FLAG_TC);
}
