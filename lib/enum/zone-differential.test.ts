import { describe, expect, it } from "vitest";
import { BENCH_REGEXES, createNanpBlocks, toRandomDigits } from "@/bench/support/blocks";
import { createReferenceZone } from "@/test/support/reference-zone";
import { createRng, type Rng } from "@/test/support/enum-patterns";
import { compileZone } from "../export/compile";
import { toEnumDomain } from "./aus";
import { parseMasterFile, type ZoneRecord } from "./master-file";
import { DEFAULT_ZONE_SETTINGS } from "./ruleset";
import { createZone, type Zone } from "./zone";

// The compact zone (owners share their records) against the zone as it was before
// (test/support/reference-zone.ts), over random zones and random questions. The one
// intended difference: a returned record's `line` is that of the first record with the
// same content, so records are compared without it.

/** A record as the comparison sees it: everything but `line`. */
function toComparable(record: ZoneRecord): Omit<ZoneRecord, "line"> {
  const { line: _line, ...rest } = record;
  return rest;
}

/** The answer with every record stripped of `line`. */
function toComparableValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComparableValue);
  if (value !== null && typeof value === "object") {
    if ("data" in value && "ttl" in value && "line" in value) return toComparable(value as ZoneRecord);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toComparableValue(v)]));
  }
  return value;
}

const LABELS = ["0", "1", "2", "3", "*", "a", "B"];
const TYPES = ["NAPTR", "A", "CNAME", "NS", "TXT", "SOA", "AAAA", "MX", "PTR"];
const NAPTR_DATA = [
  '1 1 "u" "E2U+sip" "!^.*$!sip:a@b!" .',
  '1 1 "u" "E2U+sip" "!^(.*)$!sip:\\\\1@ngv.example.com!" .',
  '2 5 "u" "E2U+sip" "!^.*$!sip:c@d!" .',
];

/** `depth` random labels (possibly a wildcard label anywhere, as zone files may hold). */
function toRandomLabels(rng: Rng, depth: number): string {
  const labels: string[] = [];
  for (let i = 0; i < depth; i++) labels.push(rng.pick(LABELS));
  return labels.join(".");
}

/**
 * A random zone file under `apex`: owners in a small name space (so wildcards, empty
 * non-terminals and exact names collide), an owner's records sometimes far apart,
 * repeated records, CNAMEs inside and outside the zone, delegations, mixed-case owners.
 */
function createRandomZoneText(rng: Rng, apex: string): string {
  const owners: string[] = [];
  for (let i = 0; i < 12 + rng.int(40); i++) {
    const relative = toRandomLabels(rng, 1 + rng.int(5));
    // One spelling per owner: the reference kept each record's own spelling.
    owners.push(`${rng.chance(0.2) ? relative.toUpperCase() : relative}.${apex}.`);
  }
  const lines = [
    `${apex}. 3600 IN SOA ns.${apex}. hostmaster.${apex}. 1 3600 600 86400 60`,
    `${apex}. 3600 IN NS ns.${apex}.`,
  ];
  for (let i = 0; i < 30 + rng.int(120); i++) {
    const owner = rng.pick(owners);
    const ttl = rng.pick([60, 300]);
    const roll = rng.next();
    if (roll < 0.6) lines.push(`${owner} ${ttl} IN NAPTR ${rng.pick(NAPTR_DATA)}`);
    else if (roll < 0.72) lines.push(`${owner} ${ttl} IN A 192.0.2.${rng.int(3)}`);
    else if (roll < 0.8) lines.push(`${owner} ${ttl} IN TXT "t${rng.int(2)}"`);
    else if (roll < 0.9)
      lines.push(`${owner} ${ttl} IN CNAME ${rng.chance(0.8) ? rng.pick(owners) : "elsewhere.example."}`);
    else if (roll < 0.95) lines.push(`${owner} ${ttl} IN NS ns${rng.int(2)}.example.`);
    else lines.push(`other.example. ${ttl} IN A 192.0.2.9`);
    // Now and then the same record again (an RRset is a set) or another owner in between.
    if (rng.chance(0.1)) lines.push(lines[lines.length - 1]!);
  }
  return `${lines.join("\n")}\n`;
}

/** A random question name: in the zone's name space, outside it, or not a name at all. */
function toRandomQueryName(rng: Rng, apex: string): string {
  const roll = rng.next();
  if (roll < 0.03) return "";
  if (roll < 0.06) return "1\\.2.e164.arpa";
  if (roll < 0.08) return "other.example";
  const relative = toRandomLabels(rng, rng.int(8));
  const name = relative === "" ? apex : `${relative}.${apex}`;
  const cased = rng.chance(0.2) ? name.toUpperCase() : name;
  return rng.chance(0.1) ? `${cased}.` : cased;
}

/** Asserts that `zone` and `reference` answer every kind of question alike for `name`. */
function expectSameAnswers(zone: Zone, reference: Zone, name: string, type: string): void {
  const context = `${name} ${type}`;
  expect(toComparableValue(zone.resolve(name, type)), context).toEqual(
    toComparableValue(reference.resolve(name, type)),
  );
  expect(zone.lookup(name), context).toEqual(reference.lookup(name));
  expect(zone.hasName(name), context).toBe(reference.hasName(name));
  expect(toComparableValue(zone.getRecords(name)), context).toEqual(
    toComparableValue(reference.getRecords(name)),
  );
  expect(toComparableValue(zone.getRecords(name, type)), context).toEqual(
    toComparableValue(reference.getRecords(name, type)),
  );
}

describe("createZone answers as the per-owner zone did (differential)", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("random zone %i: every question, the transfer and the SOA", (seed) => {
    const rng = createRng(seed);
    const apex = seed % 2 === 0 ? "e164.arpa" : "Example";
    const parsed = parseMasterFile(createRandomZoneText(rng, apex), { origin: apex });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const records = parsed.value.records;
    const zone = createZone(apex, records);
    const reference = createReferenceZone(apex, records);

    expect(zone.apex).toBe(reference.apex);
    expect(zone.soa).toEqual(reference.soa);
    expect(zone.outOfZone).toEqual(reference.outOfZone);
    expect(toComparableValue([...zone.iterateRecords()])).toEqual(
      toComparableValue([...reference.iterateRecords()]),
    );
    for (let i = 0; i < 2_000; i++)
      expectSameAnswers(zone, reference, toRandomQueryName(rng, apex), rng.pick(TYPES));
  });

  it("answers bench-shaped ENUM queries over a compiled zone of 2,000 blocks alike", () => {
    const rng = createRng(11);
    const blocks = createNanpBlocks(rng, 2_001, BENCH_REGEXES);
    const compiled = compileZone({ revision: 1, zoneSerial: 1, settings: DEFAULT_ZONE_SETTINGS, blocks });
    const zone = createZone(compiled.apex, compiled.records);
    const reference = createReferenceZone(compiled.apex, compiled.records);
    expect(toComparableValue([...zone.iterateRecords()])).toEqual(
      toComparableValue([...reference.iterateRecords()]),
    );
    let answers = 0;
    for (let i = 0; i < 20_000; i++) {
      const prefix = rng.pick(blocks).prefix.replace(/\D/g, "");
      const digits = rng.chance(0.9) ? prefix + toRandomDigits(rng, rng.int(6)) : toRandomDigits(rng, 10);
      const name = toEnumDomain(digits);
      if (zone.resolve(name, "NAPTR").kind === "answer") answers++;
      expectSameAnswers(zone, reference, name, "NAPTR");
    }
    // Not a vacuous comparison: most questions reach records, exact or through wildcards.
    expect(answers).toBeGreaterThan(10_000);
  });
});

describe("createZone shares identical records between owners", () => {
  const text = [
    "e164.arpa. 60 IN SOA ns.e164.arpa. h.e164.arpa. 1 3600 600 86400 60",
    '1.2.e164.arpa. 60 IN NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:a@b!" .',
    '*.1.2.e164.arpa. 60 IN NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:a@b!" .',
    '3.2.e164.arpa. 60 IN NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:c@d!" .',
    '1.2.e164.arpa. 60 IN TXT "late"',
  ].join("\n");
  const parsed = parseMasterFile(text, { origin: "e164.arpa" });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const zone = createZone("e164.arpa", parsed.value.records);

  it("hands out each owner's records under its own name, from one shared RDATA", () => {
    const exact = zone.getRecords("*.1.2.e164.arpa", "NAPTR");
    const other = zone.getRecords("3.2.e164.arpa", "NAPTR");
    const wildcard = zone.resolve("9.1.2.e164.arpa", "NAPTR");
    expect(exact.map((r) => r.name)).toEqual(["*.1.2.e164.arpa"]);
    expect(wildcard.kind === "answer" && wildcard.records.map((r) => r.name)).toEqual(["*.1.2.e164.arpa"]);
    expect(wildcard.kind === "answer" && wildcard.records[0]!.data).toBe(exact[0]!.data);
    expect(other[0]!.data).not.toBe(exact[0]!.data);
  });

  it("keeps an owner's records given apart (1.2 gets its TXT after other owners)", () => {
    expect(zone.getRecords("1.2.e164.arpa").map((r) => r.type)).toEqual(["NAPTR", "TXT"]);
    expect([...zone.iterateRecords()].map((r) => `${r.name} ${r.type}`)).toEqual([
      "e164.arpa SOA",
      "1.2.e164.arpa NAPTR",
      "1.2.e164.arpa TXT",
      "*.1.2.e164.arpa NAPTR",
      "3.2.e164.arpa NAPTR",
    ]);
  });
});
