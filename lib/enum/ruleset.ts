import type { NaptrRule } from "./naptr";
import type { NumberBlock } from "./number-block";
import type { Profile } from "./profile";

/** Zone settings: what the exports and the responder put around the rules. */
export interface ZoneSettings {
  readonly zoneSuffix: string;
  readonly defaultTtl: number;
  readonly soaPrimaryNs: string;
  readonly soaAdminMailbox: string;
  readonly soaRefresh: number;
  readonly soaRetry: number;
  readonly soaExpire: number;
  readonly soaMinimum: number;
  readonly nsNames: readonly string[];
  readonly profile: Profile;
}

/** The settings a new console starts with. */
export const DEFAULT_ZONE_SETTINGS: ZoneSettings = {
  zoneSuffix: "e164.arpa",
  defaultTtl: 3600,
  soaPrimaryNs: "localhost",
  soaAdminMailbox: "hostmaster.e164.arpa",
  soaRefresh: 3600,
  soaRetry: 600,
  soaExpire: 604800,
  soaMinimum: 300,
  nsNames: ["localhost"],
  profile: "sprout",
};

/** Enumservice a block gets unless told otherwise (RFC 3764). */
export const DEFAULT_ENUMSERVICE = "E2U+sip";

/** An extra DNS-only NAPTR rule on a block (e.g. an `E2U+pstn:tel` answer with mcc/mnc). */
export type ExtraNaptrRule = Omit<NaptrRule, "ttl">;

/** A number block as the console keeps it. */
export interface ConsoleBlock extends NumberBlock {
  readonly id: string;
  readonly enumservice: string;
  readonly extraRules: readonly ExtraNaptrRule[];
  readonly enabled: boolean;
}

/**
 * An immutable snapshot of everything that decides routing: the blocks (in prefix number
 * order), the settings, the revision it was read at and the zone serial.
 */
export interface RuleSet {
  readonly revision: number;
  readonly zoneSerial: number;
  readonly settings: ZoneSettings;
  readonly blocks: readonly ConsoleBlock[];
}

/**
 * The key that sorts prefixes in number order: the digits, then `+` for an international
 * prefix, so `1212` and `+1212` sit together and `2` comes before `21` before `3`.
 */
export function toPrefixSortKey(prefix: string): string {
  return prefix.startsWith("+") ? `${prefix.slice(1)}+` : prefix;
}
