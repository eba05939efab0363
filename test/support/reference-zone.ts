// The zone lookup as it was before lib/enum/zone.ts shared records between owners: one
// node per owner with its own records, a Map per type and a Set of existing names. Kept
// only as the oracle of the differential test (lib/enum/zone-differential.test.ts), so any
// change to the compact zone's answers shows up as a difference from this one.
import type { NaptrLookup, NaptrRule } from "@/lib/enum/naptr";
import { parseDomainName, type ZoneRecord } from "@/lib/enum/master-file";
import { MAX_CNAME_HOPS, type SoaRecord, type Zone, type ZoneAnswer } from "@/lib/enum/zone";

interface Node {
  /** The owner as the records wrote it. */
  readonly name: string;
  readonly all: ZoneRecord[];
  readonly byType: Map<string, ZoneRecord[]>;
}

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

/** createZone as it was: every owner keeps its own records and an index per type. */
export function createReferenceZone(apex: string, records: readonly ZoneRecord[]): Zone {
  const parsedApex = parseDomainName(apex, "");
  if (!parsedApex.ok)
    throw new Error(`zone apex '${apex}' is not a domain name: ${parsedApex.error.message}`);
  const apexName = parsedApex.value;
  const apexKey = toKey(apexName);
  const apexLabels = findLabelStarts(apexKey).length;

  const nodes = new Map<string, Node>();
  const existing = new Set<string>([apexKey]);
  const cuts = new Set<string>();
  const outOfZone: ZoneRecord[] = [];
  let soa: SoaRecord | null = null;

  /** Label starts of `key` and how many labels lie below the apex, or null if `key` is outside the zone. */
  const splitInZone = (key: string): { starts: number[]; depth: number } | null => {
    const starts = findLabelStarts(key);
    const depth = starts.length - apexLabels;
    if (depth < 0) return null;
    const suffix = depth === starts.length ? "" : key.slice(starts[depth]);
    return suffix === apexKey ? { starts, depth } : null;
  };

  for (const record of records) {
    const key = toKey(record.name);
    const split = splitInZone(key);
    if (split === null) {
      outOfZone.push(record);
      continue;
    }
    const type = record.type.toUpperCase();
    let node = nodes.get(key);
    if (node === undefined) {
      node = { name: record.name, all: [], byType: new Map() };
      nodes.set(key, node);
    }
    const rrset = node.byType.get(type);
    if (rrset === undefined) {
      node.byType.set(type, [record]);
    } else {
      // Most RRsets hold one record, so the identity keys are only built once a second arrives.
      const dataKey = toDataKey(record);
      if (rrset.some((r) => toDataKey(r) === dataKey)) continue;
      rrset.push(record);
    }
    node.all.push(record);

    if (type === "NS" && key !== apexKey) cuts.add(key);
    if (type === "SOA" && key === apexKey && soa === null && record.data.kind === "SOA")
      soa = record as SoaRecord;
    // The owner and every ancestor up to the apex exist (ancestors as empty non-terminals).
    for (let k = 0; k < split.depth; k++) {
      const ancestor = key.slice(split.starts[k]);
      if (existing.has(ancestor)) break;
      existing.add(ancestor);
    }
  }

  const getNode = (name: string): Node | undefined => {
    const parsed = parseDomainName(name, "");
    return parsed.ok ? nodes.get(toKey(parsed.value)) : undefined;
  };

  const resolve = (name: string, type: string): ZoneAnswer => {
    const qtype = type.toUpperCase();
    const chain: ZoneRecord[] = [];
    const parsed = parseDomainName(name, "");
    if (!parsed.ok)
      return { kind: "failure", reason: `'${name}' is not a domain name: ${parsed.error.message}`, chain };
    let current = parsed.value;
    for (;;) {
      const key = toKey(current);
      const split = splitInZone(key);
      if (split === null)
        return chain.length === 0 ? { kind: "refused" } : { kind: "external", target: current, chain };
      const { starts, depth } = split;

      // A zone cut at or above the name (below the apex) hands it to the child (RFC 1034 §4.3.2 3b).
      if (cuts.size > 0) {
        for (let k = depth - 1; k >= 0; k--) {
          const suffix = key.slice(starts[k]);
          if (cuts.has(suffix)) {
            const cutNode = nodes.get(suffix)!;
            return { kind: "delegation", cut: cutNode.name, ns: cutNode.byType.get("NS")!, chain };
          }
        }
      }

      let node: Node | undefined;
      let wildcard = false;
      if (existing.has(key)) {
        node = nodes.get(key);
      } else {
        // The closest encloser is the longest existing ancestor; only its `*` child may
        // synthesize (RFC 4592 §3.3.1), so a wildcard never reaches past an existing name.
        let encloser = apexKey;
        for (let k = 1; k < depth; k++) {
          const suffix = key.slice(starts[k]);
          if (existing.has(suffix)) {
            encloser = suffix;
            break;
          }
        }
        const source = encloser === "" ? "*" : `*.${encloser}`;
        if (!existing.has(source)) return { kind: "nxdomain", chain };
        node = nodes.get(source);
        wildcard = true;
      }
      if (node === undefined) return { kind: "nodata", chain };

      const cname = node.byType.get("CNAME")?.[0];
      if (cname !== undefined && qtype !== "CNAME" && cname.data.kind === "CNAME") {
        if (chain.length >= MAX_CNAME_HOPS) {
          return {
            kind: "failure",
            reason: `more than ${MAX_CNAME_HOPS} CNAMEs in a row (a loop?) at ${current}`,
            chain,
          };
        }
        chain.push(cname);
        current = cname.data.target;
        continue;
      }
      const rrset = node.byType.get(qtype);
      if (rrset === undefined) return { kind: "nodata", chain };
      return { kind: "answer", owner: node.name, wildcard, records: rrset, chain };
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
      const parsed = parseDomainName(name, "");
      return parsed.ok && existing.has(toKey(parsed.value));
    },
    getRecords: (name, type) => {
      const node = getNode(name);
      if (node === undefined) return [];
      return type === undefined ? node.all : (node.byType.get(type.toUpperCase()) ?? []);
    },
    resolve,
    lookup,
    *iterateRecords() {
      for (const node of nodes.values()) for (const rrset of node.byType.values()) yield* rrset;
    },
  };
}
