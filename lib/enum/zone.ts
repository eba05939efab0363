/**
 * An in-memory authoritative zone answering the way BIND answers from the same records:
 * RFC 1034 §4.3.2 lookup with RFC 4592 wildcards (a wildcard covers only names that do not
 * exist, and existence includes empty non-terminals), CNAME chains followed inside the
 * zone, delegations below zone cuts. Names compare case-insensitively (RFC 4343).
 */
import type { NaptrLookup, NaptrRule, SyncNaptrSource } from "./naptr";
import { parseDomainName, type SoaData, type ZoneRecord } from "./master-file";

/** How many CNAMEs a lookup follows inside the zone before it fails, so loops and runaway chains end. */
export const MAX_CNAME_HOPS = 8;

/** An SOA record (RFC 1035 §3.3.13). */
export type SoaRecord = ZoneRecord & { readonly data: SoaData };

/**
 * What the zone holds for one (name, type) question, as an authoritative server decides
 * it (RFC 1034 §4.3.2, RFC 4592 §3.3). `chain` lists the CNAME records followed on the way,
 * in order (a synthesized CNAME appears as the wildcard record that produced it).
 */
export type ZoneAnswer =
  | {
      readonly kind: "answer";
      /** The name that holds `records`: the query name, a CNAME target, or the wildcard ("*.…") that covered it. */
      readonly owner: string;
      /** The answer came from a wildcard (RFC 4592 §3.3.1). */
      readonly wildcard: boolean;
      readonly records: readonly ZoneRecord[];
      readonly chain: readonly ZoneRecord[];
    }
  /** The name exists (possibly as an empty non-terminal, or through a wildcard) without that type. */
  | { readonly kind: "nodata"; readonly chain: readonly ZoneRecord[] }
  | { readonly kind: "nxdomain"; readonly chain: readonly ZoneRecord[] }
  /** The name is at or below a zone cut: the zone can only refer to the child's servers (RFC 1034 §4.3.2 3b). */
  | {
      readonly kind: "delegation";
      readonly cut: string;
      readonly ns: readonly ZoneRecord[];
      readonly chain: readonly ZoneRecord[];
    }
  /** A CNAME chain left the zone at `target`; an authoritative server returns the chain so far. */
  | { readonly kind: "external"; readonly target: string; readonly chain: readonly ZoneRecord[] }
  /** The query name is not in this zone (BIND answers REFUSED). */
  | { readonly kind: "refused" }
  /** The question cannot be answered: a CNAME loop or an overlong chain, or a name that does not parse. */
  | { readonly kind: "failure"; readonly reason: string; readonly chain: readonly ZoneRecord[] };

/**
 * An immutable authoritative zone. `lookup` is the NAPTR view the DNS-path resolver uses
 * (SyncNaptrSource); `resolve`, `getRecords` and `hasName` are what a DNS responder needs.
 * Every `name` argument is absolute (a trailing dot is allowed) and case-insensitive.
 */
export interface Zone extends SyncNaptrSource {
  /** The zone's apex (origin), absolute without the trailing dot. */
  readonly apex: string;
  /** The first SOA at the apex, or null if the records have none. */
  readonly soa: SoaRecord | null;
  /** Records given to createZone whose owner is outside the apex; BIND ignores them too. */
  readonly outOfZone: readonly ZoneRecord[];
  /** Whether `name` exists: it owns records or is an empty non-terminal (RFC 4592 §2.2.2). */
  hasName(name: string): boolean;
  /**
   * The records owned by exactly `name` (no wildcard), of one type if given, in file order.
   * Here and in every answer a record carries the owner's name, but its `line` is that of
   * the first record with the same content: owners with the same records share them.
   */
  getRecords(name: string, type?: string): readonly ZoneRecord[];
  /** Answers one question for `type` ("NAPTR", "A", "CNAME"...) as an authoritative server would. */
  resolve(name: string, type: string): ZoneAnswer;
  /** The NAPTR answer for `name`, classified for the ENUM resolver (RFC 3761 §2.4, RFC 4592). */
  lookup(name: string): NaptrLookup;
  /**
   * Every record in the zone once, lazily, for a zone transfer (RFC 5936 §2.2 leaves the
   * order free): owners in the order first given, each RRset contiguous; records outside
   * the apex and repeated records left out.
   */
  iterateRecords(): IterableIterator<ZoneRecord>;
}

/**
 * The records of one owner. Zones repeat the same records under many owners (100,000
 * ENUM blocks compile to ~400,000 names but a dozen distinct NAPTR sets), so createZone
 * keeps one group per distinct content and every owner with that content points at it.
 * The records in a group carry the name of the owner that first held them; they are
 * handed out under the asking owner's name (see {@link toOwnedRecords}).
 */
interface RecordGroup {
  /** The name every record in the group carries. */
  readonly owner: string;
  /** The records in file order. */
  readonly all: readonly ZoneRecord[];
  /** Types in order of first appearance; `rrsets[i]` holds the records of `types[i]` (arrays beat a Map at one or two types). */
  readonly types: readonly string[];
  readonly rrsets: readonly (readonly ZoneRecord[])[];
}

/** An owner being filled while the records are read. */
interface GroupBuilder {
  readonly key: string;
  readonly owner: string;
  readonly all: ZoneRecord[];
  readonly types: string[];
  readonly rrsets: ZoneRecord[][];
}

/** What an empty non-terminal holds (RFC 4592 §2.2.2): it exists, with no records. */
const EMPTY_GROUP: RecordGroup = { owner: "", all: [], types: [], rrsets: [] };

const NO_RECORDS: readonly ZoneRecord[] = [];

/** DNS compares names ignoring ASCII case only (RFC 4343 §3). */
function toKey(name: string): string {
  if (!/[A-Z]/.test(name)) return name;
  return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Offsets where each label of a presentation-form name starts; an escaped dot is not a separator. */
function findLabelStarts(name: string): number[] {
  if (name === "") return [];
  const starts = [0];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x2e) starts.push(i + 1);
  }
  return starts;
}

const MAX_LABEL_CHARS = 63;
/** A plain name of n characters takes n + 2 bytes on the wire; at most 255 (RFC 1035 §2.3.4). */
const MAX_PLAIN_NAME_CHARS = 253;

/**
 * `name` without its trailing dot when it is a plain name (letters, digits, `-`, `_`, `*`,
 * non-empty labels of at most 63 characters, 255 bytes in all): exactly what
 * parseDomainName returns for it, without its regular expression and label array. Null
 * for anything else (escapes, the root, "@"), which goes through parseDomainName.
 * Every query a responder answers is a plain name, so this is the cold path's parser.
 */
function toPlainName(name: string): string | null {
  const length = name.charCodeAt(name.length - 1) === 0x2e ? name.length - 1 : name.length;
  if (length === 0 || length > MAX_PLAIN_NAME_CHARS) return null;
  let labelStart = 0;
  for (let i = 0; i < length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      if (i === labelStart || i - labelStart > MAX_LABEL_CHARS) return null;
      labelStart = i + 1;
    } else if (!(
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      c === 0x2d ||
      c === 0x5f ||
      c === 0x2a
    )) {
      return null;
    }
  }
  if (length - labelStart > MAX_LABEL_CHARS) return null;
  return length === name.length ? name : name.slice(0, length);
}

/** `name` parsed as an absolute domain name (canonical presentation form), or why it is not one. */
function parseName(name: string): { ok: true; value: string } | { ok: false; message: string } {
  const plain = toPlainName(name);
  if (plain !== null) return { ok: true, value: plain };
  const parsed = parseDomainName(name, "");
  return parsed.ok ? parsed : { ok: false, message: parsed.error.message };
}

/** Identifies RDATA so a repeated record joins its RRset once (an RRset is a set, RFC 2181 §5). */
function toDataKey(record: ZoneRecord): string {
  const d = record.data;
  // Domain names inside RDATA compare case-insensitively as well.
  switch (d.kind) {
    case "NAPTR":
      return JSON.stringify([d.order, d.preference, d.flags, d.service, d.regexp, toKey(d.replacement)]);
    case "NS":
    case "CNAME":
    case "PTR":
      return toKey(d.target);
    default:
      return JSON.stringify(d);
  }
}

/**
 * Identifies a record's content exactly (type, TTL, class, RDATA as written; not its owner
 * or line), so owners whose records are the same share one RecordGroup.
 */
function toContentKey(record: ZoneRecord): string {
  const d = record.data;
  const data =
    d.kind === "NAPTR"
      ? `${d.order}\0${d.preference}\0${d.flags}\0${d.service}\0${d.regexp}\0${d.replacement}`
      : JSON.stringify(d);
  return `${record.type}\0${record.ttl}\0${record.class}\0${data}`;
}

/**
 * `records` of a group under `owner`'s name: the group's own array when the group came
 * from that owner (no allocation), else copies renamed. A record's `line` is that of the
 * first record with the same content.
 */
function toOwnedRecords(
  group: RecordGroup,
  records: readonly ZoneRecord[],
  owner: string,
): readonly ZoneRecord[] {
  if (group.owner === owner || records.length === 0) return records;
  const owned = new Array<ZoneRecord>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    owned[i] = { name: owner, ttl: r.ttl, class: r.class, type: r.type, line: r.line, data: r.data };
  }
  return owned;
}

/** The records of `type` in `group` (the group's own array), or undefined. */
function findRrset(group: RecordGroup, type: string): readonly ZoneRecord[] | undefined {
  const { types } = group;
  for (let i = 0; i < types.length; i++) if (types[i] === type) return group.rrsets[i];
  return undefined;
}

/** Turns a NAPTR record into the rule the resolver reads (RFC 3403 §4.1). */
function toNaptrRule(record: ZoneRecord): NaptrRule {
  const d = record.data;
  if (d.kind !== "NAPTR") throw new Error(`record at ${record.name} is ${record.type}, not NAPTR`);
  return {
    order: d.order,
    preference: d.preference,
    flags: d.flags,
    service: d.service,
    regexp: d.regexp,
    replacement: d.replacement,
    ttl: record.ttl,
  };
}

/**
 * Builds a zone from master-file records (from parseMasterFile) under `apex`. Identical
 * records are kept once; records outside the apex are set aside in `outOfZone`. Throws if
 * `apex` is not a domain name (check it with parseDomainName first).
 *
 * The zone keeps no reference to `records` (only to the SOA, the records outside the apex
 * and one record per distinct content), so a caller that drops its array frees it.
 */
export function createZone(apex: string, records: readonly ZoneRecord[]): Zone {
  const parsedApex = parseDomainName(apex, "");
  if (!parsedApex.ok)
    throw new Error(`zone apex '${apex}' is not a domain name: ${parsedApex.error.message}`);
  const apexName = parsedApex.value;
  const apexKey = toKey(apexName);
  const apexLabels = findLabelStarts(apexKey).length;

  // Every name that exists, owners and empty non-terminals alike, in one Map: one lookup
  // answers both "does it exist" and "what does it hold". Owners iterate in the order
  // their first record was given (AXFR's order).
  const nodes = new Map<string, RecordGroup>([[apexKey, EMPTY_GROUP]]);
  // The owner name as written, only where it differs from its key (mixed case is rare).
  const writtenNames = new Map<string, string>();
  const cuts = new Set<string>();
  const outOfZone: ZoneRecord[] = [];
  let soa: SoaRecord | null = null;

  /** How many labels `key` (with label starts `starts`) has below the apex, or -1 if it is outside the zone. */
  const toDepth = (key: string, starts: readonly number[]): number => {
    const depth = starts.length - apexLabels;
    if (depth < 0) return -1;
    const suffix = depth === starts.length ? "" : key.slice(starts[depth]);
    return suffix === apexKey ? depth : -1;
  };

  // Build: one owner at a time (a zone file lists an owner's records together, so a
  // group is finished, and shared, as soon as the next owner starts).
  const groups = new Map<string, RecordGroup>();
  let builder: GroupBuilder | null = null;

  const finishGroup = (b: GroupBuilder): void => {
    const contentKey = b.all.map(toContentKey).join("\n");
    let group = groups.get(contentKey);
    if (group === undefined) {
      // An owner reopened after another started holds records named after both: rename them.
      const all = b.all.every((r) => r.name === b.owner)
        ? b.all
        : b.all.map((r) => ({ ...r, name: b.owner }));
      const rrsets = b.types.map((type) => all.filter((r) => r.type.toUpperCase() === type));
      group = { owner: b.owner, all, types: b.types, rrsets };
      groups.set(contentKey, group);
    }
    nodes.set(b.key, group);
  };

  const openGroup = (key: string, owner: string, depth: number, starts: readonly number[]): GroupBuilder => {
    const previous = nodes.get(key);
    if (previous === undefined || previous === EMPTY_GROUP) {
      // Moved to the end: the owner's place in AXFR order is where its first record came.
      if (previous === EMPTY_GROUP) nodes.delete(key);
      // Every ancestor up to the apex exists (as an empty non-terminal if it owns nothing).
      if (previous === undefined) {
        for (let k = 1; k < depth; k++) {
          const ancestor = key.slice(starts[k]);
          if (nodes.has(ancestor)) break;
          nodes.set(ancestor, EMPTY_GROUP);
        }
      }
      if (owner !== key) writtenNames.set(key, owner);
      return { key, owner, all: [], types: [], rrsets: [] };
    }
    // Records for an owner met before: carry on from what it holds.
    return {
      key,
      owner: writtenNames.get(key) ?? key,
      all: [...previous.all],
      types: [...previous.types],
      rrsets: previous.rrsets.map((rrset) => [...rrset]),
    };
  };

  for (const record of records) {
    const key = toKey(record.name);
    const starts = findLabelStarts(key);
    const depth = toDepth(key, starts);
    if (depth < 0) {
      outOfZone.push(record);
      continue;
    }
    const type = record.type.toUpperCase();
    if (builder === null || builder.key !== key) {
      if (builder !== null) finishGroup(builder);
      builder = openGroup(key, record.name, depth, starts);
    }
    const index = builder.types.indexOf(type);
    if (index < 0) {
      builder.types.push(type);
      builder.rrsets.push([record]);
    } else {
      // Most RRsets hold one record, so the identity keys are only built once a second arrives.
      const rrset = builder.rrsets[index]!;
      const dataKey = toDataKey(record);
      if (rrset.some((r) => toDataKey(r) === dataKey)) continue;
      rrset.push(record);
    }
    builder.all.push(record);

    if (type === "NS" && key !== apexKey) cuts.add(key);
    if (type === "SOA" && key === apexKey && soa === null && record.data.kind === "SOA")
      soa = record as SoaRecord;
  }
  if (builder !== null) finishGroup(builder);
  groups.clear();

  /** The owner's name as its records wrote it. */
  const toOwner = (key: string): string => (writtenNames.size === 0 ? key : (writtenNames.get(key) ?? key));

  const resolve = (name: string, type: string): ZoneAnswer => {
    const qtype = type.toUpperCase();
    const chain: ZoneRecord[] = [];
    const parsed = parseName(name);
    if (!parsed.ok)
      return { kind: "failure", reason: `'${name}' is not a domain name: ${parsed.message}`, chain };
    let current = parsed.value;
    for (;;) {
      const key = toKey(current);
      const starts = findLabelStarts(key);
      const depth = toDepth(key, starts);
      if (depth < 0)
        return chain.length === 0 ? { kind: "refused" } : { kind: "external", target: current, chain };

      // A zone cut at or above the name (below the apex) hands it to the child (RFC 1034 §4.3.2 3b).
      if (cuts.size > 0) {
        for (let k = depth - 1; k >= 0; k--) {
          const suffix = key.slice(starts[k]);
          if (cuts.has(suffix)) {
            const cut = toOwner(suffix);
            const group = nodes.get(suffix)!;
            return {
              kind: "delegation",
              cut,
              ns: toOwnedRecords(group, findRrset(group, "NS")!, cut),
              chain,
            };
          }
        }
      }

      let ownerKey = key;
      let group = nodes.get(key);
      let wildcard = false;
      if (group === undefined) {
        // The closest encloser is the longest existing ancestor; only its `*` child may
        // synthesize (RFC 4592 §3.3.1), so a wildcard never reaches past an existing name.
        // Every ancestor of an existing name exists, so existence along the ancestors is
        // monotonic and a binary search finds the encloser in log2(depth) lookups.
        let lo = 1;
        let hi = depth;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (nodes.has(key.slice(starts[mid]))) hi = mid;
          else lo = mid + 1;
        }
        const encloser = lo === depth ? apexKey : key.slice(starts[lo]);
        ownerKey = encloser === "" ? "*" : `*.${encloser}`;
        group = nodes.get(ownerKey);
        if (group === undefined) return { kind: "nxdomain", chain };
        wildcard = true;
      }

      const cnames = findRrset(group, "CNAME");
      const cname = cnames?.[0];
      if (cname !== undefined && qtype !== "CNAME" && cname.data.kind === "CNAME") {
        if (chain.length >= MAX_CNAME_HOPS) {
          return {
            kind: "failure",
            reason: `more than ${MAX_CNAME_HOPS} CNAMEs in a row (a loop?) at ${current}`,
            chain,
          };
        }
        chain.push(toOwnedRecords(group, cnames!, toOwner(ownerKey))[0]!);
        current = cname.data.target;
        continue;
      }
      const rrset = findRrset(group, qtype);
      if (rrset === undefined) return { kind: "nodata", chain };
      const owner = toOwner(ownerKey);
      return { kind: "answer", owner, wildcard, records: toOwnedRecords(group, rrset, owner), chain };
    }
  };

  const lookup = (name: string): NaptrLookup => {
    const answer = resolve(name, "NAPTR");
    switch (answer.kind) {
      case "answer":
        return { kind: "answer", rules: answer.records.map(toNaptrRule), owner: answer.owner };
      case "nodata":
        return { kind: "nodata" };
      case "nxdomain":
        return { kind: "nxdomain" };
      case "refused":
        return {
          kind: "failure",
          reason: `${name === "" ? "." : name} is not in zone ${apexName === "" ? "." : apexName}`,
          rcode: "REFUSED",
        };
      case "delegation":
        return {
          kind: "failure",
          reason: `${name} is delegated to a child zone at ${answer.cut}; this zone only holds a referral for it`,
        };
      case "external":
        return {
          kind: "failure",
          reason: `${name} is an alias (CNAME) of ${answer.target}, which is not in zone ${apexName}`,
        };
      case "failure":
        return { kind: "failure", reason: answer.reason };
    }
  };

  return {
    apex: apexName,
    soa,
    outOfZone,
    hasName: (name) => {
      const parsed = parseName(name);
      return parsed.ok && nodes.has(toKey(parsed.value));
    },
    getRecords: (name, type) => {
      const parsed = parseName(name);
      if (!parsed.ok) return NO_RECORDS;
      const key = toKey(parsed.value);
      const group = nodes.get(key);
      if (group === undefined) return NO_RECORDS;
      const records = type === undefined ? group.all : findRrset(group, type.toUpperCase());
      return records === undefined ? NO_RECORDS : toOwnedRecords(group, records, toOwner(key));
    },
    resolve,
    lookup,
    *iterateRecords() {
      for (const [key, group] of nodes) {
        if (group === EMPTY_GROUP) continue;
        const owner = toOwner(key);
        for (const rrset of group.rrsets) yield* toOwnedRecords(group, rrset, owner);
      }
    },
  };
}
