import { toSuffix } from "../enum/aus";
import { toJsonRuleTable, type LoadedBlock } from "../enum/json-path";
import { canMatchAus } from "../enum/lints";
import type { NaptrData, ZoneRecord } from "../enum/master-file";
import type { ConsoleBlock, RuleSet } from "../enum/ruleset";
import type { Result } from "../enum/result";
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
  readonly issues: readonly CompileIssue[];
  readonly stats: CompileStats;
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

  // Every digit string on the path to an active prefix is a name: a trie of them, each
  // node holding the blocks whose prefix is exactly its digits (plain, and with "+").
  const root = createTrieNode(apex);
  for (const loaded of table.blocks) {
    if (loaded.verdict.kind !== "active") continue;
    const plus = loaded.clientPrefix.startsWith("+");
    const digits = plus ? loaded.clientPrefix.slice(1) : loaded.clientPrefix;
    if (!/^[0-9]*$/.test(digits)) {
      issues.push({
        code: "prefix-not-digits",
        message: `Prefix "${loaded.block.prefix}" has characters other than digits and a leading +; DNS names hold digits only.`,
        blocks: [byIndex[loaded.ref.index]!.id],
      });
      continue;
    }
    let node = root;
    for (let i = 0; i < digits.length; i++) {
      const d = digits.charCodeAt(i) - 0x30;
      node = node.children[d] ??= createTrieNode(`${digits[i]!}.${node.domain}`);
    }
    if (plus) node.plus = loaded;
    else node.plain = loaded;
  }
  markSubtreeMaxima(root);

  const records: ZoneRecord[] = [...toApexRecords(ruleSet, apex)];
  let names = 0;
  let wildcards = 0;
  let naptrRecords = 0;
  let splitNames = 0;
  const packs = new Map<LoadedBlock, RulePack>();
  // + only variants depend on the regex alone; deployments reuse a few regexes widely.
  const variants = new Map<string, Result<string>>();
  const getPack = (loaded: LoadedBlock): RulePack => {
    let pack = packs.get(loaded);
    if (pack === undefined) {
      pack = toRulePack(loaded, byIndex[loaded.ref.index]!, variants);
      packs.set(loaded, pack);
      if (pack.issue !== null) issues.push(pack.issue);
    }
    return pack;
  };
  const emit = (owner: string, rules: readonly NaptrData[], split: boolean): void => {
    names++;
    if (split) splitNames++;
    for (const data of rules) {
      records.push({ name: owner, ttl: settings.defaultTtl, class: "IN", type: "NAPTR", line: 0, data });
      naptrRecords++;
    }
  };

  // Depth-first in digit order (the stable output order). Sprout's prefix walk, per node:
  // a plain number equal to the node's digits takes the greatest plain prefix starting
  // with them (the short-number quirk), else the longest plain prefix above; a + number
  // likewise among "+" prefixes, falling back to "+" and then the "" catch-all. Numbers
  // under the wildcard take the longest prefix at or above the node.
  const visit = (
    node: TrieNode,
    plainAbove: LoadedBlock | null,
    plusAbove: LoadedBlock | null,
    isRoot: boolean,
  ): void => {
    if (!isRoot) {
      const plain = node.maxPlain ?? plainAbove;
      const plus = node.maxPlus ?? plusAbove;
      emit(node.domain, toNameRules(plus, plain, getPack) ?? [NEVER_DATA], plus !== plain);
    }
    const plainHere = node.plain ?? plainAbove;
    const plusHere = isRoot ? (node.plus ?? node.plain) : (node.plus ?? plusAbove);
    if (node.children.some((c) => c === undefined)) {
      const rules = toNameRules(plusHere, plainHere, getPack);
      if (rules !== null) {
        wildcards++;
        emit(`*.${node.domain}`, rules, plusHere !== plainHere);
      }
    }
    for (const child of node.children) if (child !== undefined) visit(child, plainHere, plusHere, false);
  };
  visit(root, null, null, true);

  return {
    apex,
    serial: ruleSet.zoneSerial,
    ttl: settings.defaultTtl,
    records,
    issues,
    stats: { names, wildcards, naptrRecords, splitNames },
  };
}

/**
 * A block's NAPTR RDATA, built once and shared by every name that uses it: alone (the
 * same block answers `+` and plain numbers), as the `+` side of a split name (its `+`
 * only variant at order 1), or as the plain side (the `+` terminator, then its rule at
 * order 2). Extra DNS-only rules follow the block's own.
 */
interface RulePack {
  readonly identity: string;
  readonly alone: readonly NaptrData[];
  readonly plusSide: readonly NaptrData[];
  readonly plainSide: readonly NaptrData[];
  readonly issue: CompileIssue | null;
}

function toRulePack(
  loaded: LoadedBlock,
  block: ConsoleBlock,
  variants: Map<string, Result<string>>,
): RulePack {
  const main = (order: number, regexp: string): NaptrData => ({
    kind: "NAPTR",
    order,
    preference: 10,
    flags: "u",
    service: block.enumservice,
    regexp,
    replacement: ".",
  });
  const extras: NaptrData[] = block.extraRules.map((rule) => ({ kind: "NAPTR", ...rule }));
  const rule = loaded.verdict.kind === "active" ? loaded.verdict.rule : null;
  let issue: CompileIssue | null = null;
  let plusSide: NaptrData[];
  if (rule === null || !canMatchAus(rule.regex.ast, "plus")) {
    // The regex matches no + number: enum.json returns such numbers unchanged, which the
    // terminator (or no rule at all) reproduces.
    plusSide = extras;
  } else {
    let variant = variants.get(rule.raw);
    if (variant === undefined) {
      const digits = loaded.clientPrefix.replace(/^\+/, "");
      variant = toPlusOnlyRegexp(rule, [...toPlusSamples(digits), ...PLUS_SAMPLES]);
      variants.set(rule.raw, variant);
    }
    if (!variant.ok) {
      issue = { code: variant.error.code, message: variant.error.message, blocks: [block.id] };
    }
    plusSide = [main(ORDER_PLUS, variant.ok ? variant.value : block.regex), ...extras];
  }
  return {
    identity: `${block.regex}\u0000${block.enumservice}\u0000${JSON.stringify(block.extraRules)}`,
    alone: [main(ORDER_PLUS, block.regex), ...extras],
    plusSide,
    plainSide: [TERMINATOR_DATA, main(ORDER_PLAIN, block.regex), ...extras],
    issue,
  };
}

/**
 * The NAPTR rules at one name for the blocks the enum.json path picks for its `+` and
 * plain numbers; null when no rule is needed (the name need not exist).
 */
function toNameRules(
  plus: LoadedBlock | null,
  plain: LoadedBlock | null,
  getPack: (loaded: LoadedBlock) => RulePack,
): readonly NaptrData[] | null {
  if (plus === null && plain === null) return null;
  const plusPack = plus === null ? null : getPack(plus);
  const plainPack = plain === null ? null : getPack(plain);
  if (
    plusPack !== null &&
    plainPack !== null &&
    (plus === plain || plusPack.identity === plainPack.identity)
  ) {
    return plusPack.alone;
  }
  const rules = [...(plusPack?.plusSide ?? []), ...(plainPack?.plainSide ?? [])];
  return rules.length > 0 ? rules : null;
}

/** `+` numbers that query a name: its digits, and longer ones under it. */
function toPlusSamples(digits: string): string[] {
  return [
    `+${digits}`,
    `+${digits}0`,
    `+${digits}9`,
    `+${digits}${"5".repeat(Math.max(1, 11 - digits.length))}`,
    `+${digits}${"0".repeat(Math.max(1, 15 - digits.length))}`,
  ];
}

/** Assorted `+` numbers every + only variant must also rewrite exactly as its original. */
const PLUS_SAMPLES = ["+1", "+12", "+12125550270", "+16505551234", "+441234567890", "+999999999999999"];

const TERMINATOR_DATA: NaptrData = {
  kind: "NAPTR",
  order: ORDER_PLUS,
  preference: 0xffff,
  flags: "u",
  service: SIP_SERVICE,
  regexp: PLUS_TERMINATOR,
  replacement: ".",
};

const NEVER_DATA: NaptrData = {
  kind: "NAPTR",
  order: ORDER_PLUS,
  preference: 10,
  flags: "u",
  service: SIP_SERVICE,
  regexp: NEVER_MATCHES,
  replacement: ".",
};

/** A name of the zone: the digits' node, with the blocks whose prefix it is. */
interface TrieNode {
  readonly domain: string;
  readonly children: (TrieNode | undefined)[];
  plain: LoadedBlock | null;
  plus: LoadedBlock | null;
  /** The greatest (byte order) plain / + prefix in this subtree, itself included. */
  maxPlain: LoadedBlock | null;
  maxPlus: LoadedBlock | null;
}

function createTrieNode(domain: string): TrieNode {
  return {
    domain,
    children: new Array<TrieNode | undefined>(10).fill(undefined),
    plain: null,
    plus: null,
    maxPlain: null,
    maxPlus: null,
  };
}

/**
 * Fills maxPlain/maxPlus bottom-up. Every prefix under child `c` sorts after every prefix
 * under a lower digit and after the node's own, so the greatest is the highest child's.
 */
function markSubtreeMaxima(node: TrieNode): void {
  let maxPlain = node.plain;
  let maxPlus = node.plus;
  for (const child of node.children) {
    if (child === undefined) continue;
    markSubtreeMaxima(child);
    if (child.maxPlain !== null) maxPlain = child.maxPlain;
    if (child.maxPlus !== null) maxPlus = child.maxPlus;
  }
  node.maxPlain = maxPlain;
  node.maxPlus = maxPlus;
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
