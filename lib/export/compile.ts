import { toEnumDomain, toSuffix } from "../enum/aus";
import { findBlockForAus, toJsonRuleTable, type LoadedBlock } from "../enum/json-path";
import { canMatchAus } from "../enum/lints";
import type { ZoneRecord } from "../enum/master-file";
import type { NaptrRule } from "../enum/naptr";
import type { ConsoleBlock, RuleSet } from "../enum/ruleset";
import { toPlusOnlyRegexp } from "./plus-only";

/** Something the compiler could not express exactly, with the blocks concerned. */
export interface CompileIssue {
  readonly code: string;
  readonly message: string;
  readonly blocks: readonly string[];
  /** The zone name concerned, when there is one. */
  readonly name?: string;
}

/** Counts for the exports page and the benchmark. */
export interface CompileStats {
  readonly names: number;
  readonly wildcards: number;
  readonly naptrRecords: number;
  readonly splitNames: number;
}

/**
 * The zone every DNS consumer reads (BIND and dnsmasq renderers, the responder, the
 * equivalence check): apex SOA and NS, then NAPTR RRsets per name in a stable order.
 * Immutable once built.
 */
export interface CompiledZone {
  readonly apex: string;
  readonly serial: number;
  readonly ttl: number;
  readonly records: readonly ZoneRecord[];
  /** Which block(s) each NAPTR owner name answers for, for comments and the check. */
  readonly origins: ReadonlyMap<string, NameOrigin>;
  readonly issues: readonly CompileIssue[];
  readonly stats: CompileStats;
}

/** Why a name has the rules it has: the blocks the enum.json path picks for its numbers. */
export interface NameOrigin {
  readonly digits: string;
  readonly wildcard: boolean;
  readonly plusBlock: string | null;
  readonly plainBlock: string | null;
}

/** Service for the rules the compiler makes up (fallbacks). */
const SIP_SERVICE = "E2U+sip";
/**
 * The last order-1 rule at a split name: it matches every `+` number, so a `+` number
 * whose block regex does not match never falls through to the plain rule, and it returns
 * the number unchanged, exactly what Sprout's enum.json path returns then.
 */
const PLUS_TERMINATOR = "!^\\+!+!";
/** A rule that parses but matches no number: an existing name with no route (not NODATA). */
const NEVER_MATCHES = "!^$!sip:no-route@invalid!";

const ORDER_PLUS = 10;
const ORDER_PLAIN = 20;

/**
 * Compiles a RuleSet into the zone that makes Sprout's DNS path route every number
 * exactly as its enum.json path does:
 * - every name on the path to a prefix exists with its own rules, and gets a wildcard
 *   carrying the rule of the longest covering prefix (RFC 4592 §2.2.1: a wildcard does
 *   not cover names below an existing name);
 * - each name's rules are those of the block Sprout's prefix walk picks for the numbers
 *   that query it (the short-number quirk included), separately for `+` and plain numbers;
 * - where those differ, an order-1 `+`-only variant of the `+` block's rule and a `+`
 *   terminator come before the plain block's order-2 rule.
 * Blocks whose regex Sprout drops are left out, as Sprout leaves them out.
 */
export function compileZone(ruleSet: RuleSet): CompiledZone {
  const { settings } = ruleSet;
  const apex = toSuffix(settings.zoneSuffix);
  const enabled = ruleSet.blocks.filter((b) => b.enabled);
  const table = toJsonRuleTable(enabled, "sprout");
  const issues: CompileIssue[] = [];
  // LoadedBlock.ref.index points into this list.
  const byIndex = enabled;

  // Every digit string on the path to an active prefix is a name.
  const nodes = new Map<string, Set<string>>([["", new Set()]]);
  for (const loaded of table.blocks) {
    if (loaded.verdict.kind !== "active") continue;
    const digits = loaded.clientPrefix.replace(/^\+/, "");
    if (!/^[0-9]*$/.test(digits)) {
      issues.push({
        code: "prefix-not-digits",
        message: `Prefix "${loaded.block.prefix}" has characters other than digits and a leading +; DNS names hold digits only.`,
        blocks: [byIndex[loaded.ref.index]!.id],
      });
      continue;
    }
    for (let len = 1; len <= digits.length; len++) {
      const parent = digits.slice(0, len - 1);
      const self = digits.slice(0, len);
      nodes.get(parent)?.add(digits[len - 1]!);
      if (!nodes.has(self)) nodes.set(self, new Set());
    }
  }

  const records: ZoneRecord[] = [...toApexRecords(ruleSet, apex)];
  const origins = new Map<string, NameOrigin>();
  let wildcards = 0;
  let naptrRecords = 0;
  let splitNames = 0;
  const emit = (owner: string, rules: readonly NaptrRule[], origin: NameOrigin): void => {
    origins.set(owner, origin);
    for (const rule of rules) {
      records.push({
        name: owner,
        ttl: settings.defaultTtl,
        class: "IN",
        type: "NAPTR",
        line: 0,
        data: { kind: "NAPTR", ...rule },
      });
      naptrRecords++;
    }
  };

  for (const digits of [...nodes.keys()].sort(compareDigits)) {
    const children = nodes.get(digits)!;
    const domain = toEnumDomain(digits, apex);
    if (digits !== "") {
      const plus = findBlockForAus(table, `+${digits}`).block;
      const plain = findBlockForAus(table, digits).block;
      const rules = toNameRules(plus, plain, digits, domain, byIndex, issues) ?? [toNeverRule()];
      if (plus !== plain) splitNames++;
      emit(domain, rules, toOrigin(digits, false, plus, plain, byIndex));
    }
    const free = "0123456789".split("").find((d) => !children.has(d));
    if (free === undefined) continue;
    const plus = findBlockForAus(table, `+${digits}${free}`).block;
    const plain = findBlockForAus(table, `${digits}${free}`).block;
    const wildcard = `*.${domain}`;
    const rules = toNameRules(plus, plain, `${digits}${free}`, wildcard, byIndex, issues);
    if (rules === null) continue;
    if (plus !== plain) splitNames++;
    wildcards++;
    emit(wildcard, rules, toOrigin(digits, true, plus, plain, byIndex));
  }

  return {
    apex,
    serial: ruleSet.zoneSerial,
    ttl: settings.defaultTtl,
    records,
    origins,
    issues,
    stats: { names: origins.size, wildcards, naptrRecords, splitNames },
  };
}

/**
 * The NAPTR rules at one name for the blocks the enum.json path picks for its `+` and
 * plain numbers; null when neither has a block (the name need not exist).
 */
function toNameRules(
  plus: LoadedBlock | null,
  plain: LoadedBlock | null,
  digits: string,
  owner: string,
  blocks: readonly ConsoleBlock[],
  issues: CompileIssue[],
): NaptrRule[] | null {
  if (plus === null && plain === null) return null;
  if (plus === plain || (plus !== null && plain !== null && isSameRule(plus, plain, blocks))) {
    const block = (plus ?? plain)!;
    return [toBlockRule(block, blocks, ORDER_PLUS), ...toExtraRules(block, blocks)];
  }
  const rules: NaptrRule[] = [];
  const plusRule = plus?.verdict.kind === "active" ? plus.verdict.rule : null;
  if (plus !== null && plusRule !== null && !canMatchAus(plusRule.regex.ast, "plus")) {
    // The + block's regex matches no + number: enum.json returns such numbers unchanged,
    // which the terminator below (or no rule at all) reproduces.
    rules.push(...toExtraRules(plus, blocks));
  } else if (plus !== null) {
    const rule = plusRule;
    const variant = rule === null ? null : toPlusOnlyRegexp(rule, toPlusSamples(digits));
    if (variant !== null && !variant.ok) {
      issues.push({
        code: variant.error.code,
        message: variant.error.message,
        blocks: [blocks[plus.ref.index]!.id],
        name: owner,
      });
    }
    const base = toBlockRule(plus, blocks, ORDER_PLUS);
    rules.push({ ...base, regexp: variant?.ok ? variant.value : base.regexp }, ...toExtraRules(plus, blocks));
  }
  if (plain !== null) {
    rules.push({ ...toRule(PLUS_TERMINATOR), preference: 0xffff });
    rules.push(toBlockRule(plain, blocks, ORDER_PLAIN), ...toExtraRules(plain, blocks));
  }
  return rules.length > 0 ? rules : null;
}

/** `+` numbers that query a name: its digits, and longer ones under it. */
function toPlusSamples(digits: string): string[] {
  const samples = new Set([`+${digits}`, `+${digits}0`, `+${digits}9`]);
  samples.add(`+${digits}${"5".repeat(Math.max(1, 11 - digits.length))}`);
  samples.add(`+${digits}${"0".repeat(Math.max(1, 15 - digits.length))}`);
  return [...samples];
}

function isSameRule(a: LoadedBlock, b: LoadedBlock, blocks: readonly ConsoleBlock[]): boolean {
  const x = blocks[a.ref.index]!;
  const y = blocks[b.ref.index]!;
  return (
    x.regex === y.regex &&
    x.enumservice === y.enumservice &&
    JSON.stringify(x.extraRules) === JSON.stringify(y.extraRules)
  );
}

function toBlockRule(loaded: LoadedBlock, blocks: readonly ConsoleBlock[], order: number): NaptrRule {
  const block = blocks[loaded.ref.index]!;
  return {
    order,
    preference: 10,
    flags: "u",
    service: block.enumservice,
    regexp: block.regex,
    replacement: ".",
  };
}

function toExtraRules(loaded: LoadedBlock, blocks: readonly ConsoleBlock[]): NaptrRule[] {
  return blocks[loaded.ref.index]!.extraRules.map((rule) => ({ ...rule }));
}

function toRule(regexp: string): NaptrRule {
  return { order: ORDER_PLUS, preference: 10, flags: "u", service: SIP_SERVICE, regexp, replacement: "." };
}

function toNeverRule(): NaptrRule {
  return toRule(NEVER_MATCHES);
}

function toOrigin(
  digits: string,
  wildcard: boolean,
  plus: LoadedBlock | null,
  plain: LoadedBlock | null,
  blocks: readonly ConsoleBlock[],
): NameOrigin {
  return {
    digits,
    wildcard,
    plusBlock: plus === null ? null : blocks[plus.ref.index]!.id,
    plainBlock: plain === null ? null : blocks[plain.ref.index]!.id,
  };
}

/** SOA and NS at the apex (RFC 1035 §3.3.13, RFC 2308 §4 for the negative TTL). */
function toApexRecords(ruleSet: RuleSet, apex: string): ZoneRecord[] {
  const s = ruleSet.settings;
  const ttl = s.defaultTtl;
  const soa: ZoneRecord = {
    name: apex,
    ttl,
    class: "IN",
    type: "SOA",
    line: 0,
    data: {
      kind: "SOA",
      mname: stripDot(s.soaPrimaryNs),
      rname: toMailboxName(s.soaAdminMailbox),
      serial: ruleSet.zoneSerial,
      refresh: s.soaRefresh,
      retry: s.soaRetry,
      expire: s.soaExpire,
      minimum: s.soaMinimum,
    },
  };
  const ns = s.nsNames.map((host): ZoneRecord => ({
    name: apex,
    ttl,
    class: "IN",
    type: "NS",
    line: 0,
    data: { kind: "NS", target: stripDot(host) },
  }));
  return [soa, ...ns];
}

/** `hostmaster@example.com` -> `hostmaster.example.com` (RFC 1035 §8: the first dot is the @). */
export function toMailboxName(mailbox: string): string {
  const at = mailbox.indexOf("@");
  const local = at < 0 ? mailbox : `${mailbox.slice(0, at).replaceAll(".", "\\.")}.${mailbox.slice(at + 1)}`;
  return stripDot(local);
}

function stripDot(name: string): string {
  return name.replace(/\.$/, "");
}

/** Digit strings in number order: shorter prefixes before the names below them. */
function compareDigits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
