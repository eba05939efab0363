/**
 * Address matching for the responder's allow-lists and RRL exemptions: CIDR lists parsed
 * by lib/enum/cidr.ts (the same syntax the settings form checks) turned into a node:net
 * BlockList, which matches an address in O(prefixes).
 */
import net from "node:net";
import { parseCidrList, parseIpAddress, toAddressText, toMaskedBytes, type Cidr } from "@/lib/enum/cidr";

/** Matches client addresses against a list of prefixes. */
export interface CidrMatcher {
  /** The prefixes as given, normalized ("10.0.0.0/8", "::1/128"). */
  readonly prefixes: readonly string[];
  /** Whether the list holds no prefix at all. */
  readonly isEmpty: boolean;
  /** Whether `address` (as a socket reports it, IPv4-mapped IPv6 included) lies in one of the prefixes. */
  contains(address: string): boolean;
}

/**
 * Builds a matcher from CIDR texts; throws an Error naming every bad entry and why (lists
 * from the database were validated on the way in, so a bad one is a broken invariant;
 * command-line input should be checked with {@link parseCidrMatcher}).
 */
export function createCidrMatcher(entries: readonly string[]): CidrMatcher {
  const parsed = parseCidrMatcher(entries);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

/** Builds a matcher, or returns a message naming every bad entry ("entry 2 "10.0.0.300": ..."). */
export function parseCidrMatcher(entries: readonly string[]): CidrMatcher | string {
  const parsed = parseCidrList(entries);
  if (!parsed.ok)
    return parsed.error
      .map((issue) => `entry ${issue.index + 1} "${issue.entry}": ${issue.message}`)
      .join("; ");
  return toMatcher(parsed.value);
}

function toMatcher(cidrs: readonly Cidr[]): CidrMatcher {
  const list = new net.BlockList();
  for (const cidr of cidrs)
    list.addSubnet(cidr.network, cidr.prefixLength, cidr.family === 4 ? "ipv4" : "ipv6");
  const prefixes = cidrs.map((cidr) => `${cidr.network}/${cidr.prefixLength}`);
  // BlockList.check builds a native SocketAddress per call; a responder asks about the same
  // few clients over and over (every UDP reply goes through RRL's exemption), so the last
  // answer is kept.
  let lastAddress: string | null = null;
  let lastContains = false;
  const check = (address: string): boolean => {
    const v4 = toIpv4(address);
    if (v4 !== null) return list.check(v4, "ipv4");
    if (net.isIPv6(address)) return list.check(address, "ipv6");
    return false;
  };
  return {
    prefixes,
    isEmpty: cidrs.length === 0,
    contains(address) {
      if (cidrs.length === 0) return false;
      if (address !== lastAddress) {
        lastContains = check(address);
        lastAddress = address;
      }
      return lastContains;
    },
  };
}

/** "::ffff:192.0.2.1" (a dual-stack socket's IPv4 client) -> "192.0.2.1"; an IPv4 literal as is; else null. */
function toIpv4(address: string): string | null {
  if (net.isIPv4(address)) return address;
  const lower = address.toLowerCase();
  if (lower.startsWith("::ffff:") && net.isIPv4(lower.slice(7))) return lower.slice(7);
  return null;
}

/**
 * The client's network as RRL groups clients (BIND's ipv4-prefix-length 24 and
 * ipv6-prefix-length 56 defaults): "192.0.2.0/24", "2001:db8:0:100::/56". An address that
 * does not parse is its own group.
 */
export function toClientPrefix(address: string, ipv4Length = 24, ipv6Length = 56): string {
  const v4 = toIpv4(address);
  if (v4 !== null) {
    // The hot path: a dotted quad's /24 is its text up to the last dot.
    if (ipv4Length === 24) return `${v4.slice(0, v4.lastIndexOf("."))}.0/24`;
    const bytes = parseIpAddress(v4)!;
    return `${toAddressText(toMaskedBytes(bytes, ipv4Length))}/${ipv4Length}`;
  }
  const bytes = parseIpAddress(address);
  if (bytes === null) return address;
  return `${toAddressText(toMaskedBytes(bytes, ipv6Length))}/${ipv6Length}`;
}
