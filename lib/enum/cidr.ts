/**
 * Network prefixes (CIDR, RFC 4632 §3.1; IPv6 text per RFC 4291 §2.2-§2.3) as operators
 * type them into the responder's allow-lists: pure syntax, shared by the settings schema
 * (which runs in the browser) and the responder (lib/dns/cidr.ts builds its matcher from
 * these). A bare address is a single host: /32 for IPv4, /128 for IPv6.
 */
import { err, ok, type Result } from "./result";

/** One parsed prefix: the address bytes (4 or 16) with the host bits cleared, and its length. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The network address in presentation form, host bits cleared ("10.1.0.0", "2001:db8::"). */
  readonly network: string;
  readonly prefixLength: number;
  /** The network address bytes, host bits cleared. */
  readonly bytes: readonly number[];
}

/**
 * Parses "10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1". Host bits set under the mask
 * ("10.1.2.3/8") are refused, as BIND refuses them in an address match list, because they
 * usually mean a typo in the length.
 */
export function parseCidr(text: string): Result<Cidr> {
  const trimmed = text.trim();
  if (trimmed === "") return err("cidr-empty", "An empty entry is not a network.");
  const slash = trimmed.indexOf("/");
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const bytes = parseIpAddress(addressText);
  if (bytes === null) return err("cidr-address", `"${addressText}" is not an IPv4 or IPv6 address.`, 0);
  const family = bytes.length === 4 ? 4 : 6;
  const maxLength = bytes.length * 8;
  let prefixLength = maxLength;
  if (slash >= 0) {
    const lengthText = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > maxLength)
      return err(
        "cidr-length",
        `"/${lengthText}" is not a prefix length for IPv${family} (0-${maxLength}).`,
        slash + 1,
      );
    prefixLength = Number(lengthText);
  }
  const masked = toMaskedBytes(bytes, prefixLength);
  if (masked.some((byte, i) => byte !== bytes[i])) {
    const network = toAddressText(masked);
    return err(
      "cidr-host-bits",
      `"${trimmed}" has bits set past /${prefixLength}; did you mean ${network}/${prefixLength}?`,
      0,
    );
  }
  return ok({ family, network: toAddressText(masked), prefixLength, bytes: masked });
}

/** One entry of a list that did not parse, with its position in the list. */
export interface CidrListIssue {
  /** 0-based position of the entry in the list. */
  readonly index: number;
  readonly entry: string;
  readonly code: string;
  readonly message: string;
}

/** Parses every entry; returns all the prefixes, or every entry that is wrong (each named with why). */
export function parseCidrList(entries: readonly string[]): Result<Cidr[], CidrListIssue[]> {
  const cidrs: Cidr[] = [];
  const issues: CidrListIssue[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseCidr(entry);
    if (parsed.ok) cidrs.push(parsed.value);
    else issues.push({ index, entry, code: parsed.error.code, message: parsed.error.message });
  });
  return issues.length > 0 ? { ok: false, error: issues } : ok(cidrs);
}

/**
 * The bytes of an IPv4 (dotted quad, no leading zeros, as inet_pton) or IPv6 address
 * (RFC 4291 §2.2: "::" once, an embedded dotted quad at the end), or null. A zone index
 * ("fe80::1%eth0") is not an address here.
 */
export function parseIpAddress(text: string): number[] | null {
  if (text.includes(":")) return parseIpv6(text);
  return parseIpv4(text);
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    // inet_pton refuses leading zeros; "010" would be octal to inet_aton: refuse both readings.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (half: string): number[] | null => {
    if (half === "") return [];
    const groups: number[] = [];
    const parts = half.split(":");
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes(".")) {
        const v4 = parseIpv4(part);
        if (v4 === null) return null;
        groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return null;
        groups.push(parseInt(part, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0]!);
  const tail = halves.length === 2 ? toGroups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  // A dotted quad may only end the address.
  if (halves.length === 2 && halves[0]!.includes(".")) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The bytes with every bit past `prefixLength` cleared. */
export function toMaskedBytes(bytes: readonly number[], prefixLength: number): number[] {
  return bytes.map((byte, i) => {
    const bits = Math.min(8, Math.max(0, prefixLength - i * 8));
    return bits === 8 ? byte : byte & ((0xff << (8 - bits)) & 0xff);
  });
}

/** Presentation form: dotted quad, or RFC 5952 IPv6 (lower case, the longest zero run as "::"). */
export function toAddressText(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first if tied.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** An IP address and port, as a NOTIFY target or secondary is given. */
export interface SocketAddress {
  /** The address as written (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
}

/**
 * Parses "192.0.2.1:5300", "[2001:db8::1]:5300", or a bare address (port 53). Host names
 * are refused: the responder resolves nothing, and a secondary's address should not
 * depend on DNS.
 */
export function parseSocketAddress(text: string, defaultPort = 53): Result<SocketAddress> {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(trimmed);
  let host: string;
  let portText: string | undefined;
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((trimmed.match(/:/g) ?? []).length > 1) {
    // Two or more colons: an IPv6 address without a port.
    host = trimmed;
  } else {
    const colon = trimmed.indexOf(":");
    host = colon < 0 ? trimmed : trimmed.slice(0, colon);
    portText = colon < 0 ? undefined : trimmed.slice(colon + 1);
  }
  if (parseIpAddress(host) === null)
    return err("address-host", `"${host}" is not an IP address (host names are not resolved).`, 0);
  if (portText === undefined) return ok({ host, port: defaultPort });
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535)
    return err("address-port", `"${portText}" is not a port (1-65535).`, trimmed.length - portText.length);
  return ok({ host, port });
}
