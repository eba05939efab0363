import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMasterFile, type ZoneRecord } from "./master-file";
import { createZone, MAX_CNAME_HOPS } from "./zone";

/** Parses a zone text that is expected to be valid. */
function parseRecords(text: string, origin: string): readonly ZoneRecord[] {
  const result = parseMasterFile(text, { origin });
  if (!result.ok) throw new Error(`${result.error.code} line ${result.error.line}: ${result.error.message}`);
  return result.value.records;
}

const TRUNK = "!(^.*$)!sip:\\1@10.147.226.2!";
const NGV = "!(^.*$)!sip:\\1@ngv.example.com!";
const NGV_PLUS1 = "!(^.*$)!sip:+1\\1@ngv.example.com!";

describe("createZone over the guide's BIND zone (seed 000) — answers checked against BIND 9", () => {
  const zone = createZone(
    "e164.arpa",
    parseRecords(
      readFileSync(new URL("../../test/fixtures/guide/e164.arpa.db", import.meta.url), "utf8"),
      "e164.arpa",
    ),
  );

  it.each<[string, string, string | null, readonly string[]]>([
    // Exact names.
    ["0.7.2.0.5.5.5.2.1.2.1.e164.arpa", "answer", "0.7.2.0.5.5.5.2.1.2.1.e164.arpa", [TRUNK]],
    ["0.7.2.0.5.5.5.2.1.2.e164.arpa", "answer", "0.7.2.0.5.5.5.2.1.2.e164.arpa", [TRUNK]],
    ["0.8.2.0.5.5.5.2.1.2.e164.arpa", "answer", "0.8.2.0.5.5.5.2.1.2.e164.arpa", [NGV_PLUS1]],
    ["7.2.0.5.5.5.2.1.2.e164.arpa", "answer", "7.2.0.5.5.5.2.1.2.e164.arpa", [TRUNK]],
    // Wildcards below the closest encloser (RFC 4592 §3.3.1); the owner is the wildcard.
    [
      "5.7.2.0.5.5.5.2.1.2.1.e164.arpa",
      "answer",
      "*.7.2.0.5.5.5.2.1.2.1.e164.arpa",
      ["!(+^.*$)!sip:\\1@ngv.example.com!", TRUNK],
    ],
    ["5.7.2.0.5.5.5.2.1.2.e164.arpa", "answer", "*.7.2.0.5.5.5.2.1.2.e164.arpa", [NGV_PLUS1]],
    [
      "4.3.2.1.5.5.5.0.5.6.1.e164.arpa",
      "answer",
      "*.5.5.5.0.5.6.1.e164.arpa",
      ["!+1(^.*$)!sip:\\1@ngv.example.com!", TRUNK],
    ],
    ["4.3.2.1.5.5.5.0.5.6.e164.arpa", "answer", "*.5.5.5.0.5.6.e164.arpa", [NGV]],
    ["0.0.0.0.0.0.0.0.0.6.e164.arpa", "answer", "*.6.e164.arpa", [TRUNK]],
    ["1.1.1.1.1.1.1.5.6.e164.arpa", "answer", "*.5.6.e164.arpa", [TRUNK]],
    ["8.8.8.8.2.1.2.e164.arpa", "answer", "*.2.1.2.e164.arpa", [TRUNK]],
    ["1.0.8.2.0.5.5.5.2.1.2.1.e164.arpa", "answer", "*.0.8.2.0.5.5.5.2.1.2.1.e164.arpa", [TRUNK]],
    ["3.e164.arpa", "answer", "*.e164.arpa", [TRUNK]],
    // Wildcards stop at existing names (RFC 4592 §2.2.1): 0.5.6 exists (because 5.0.5.6 does),
    // 6.1 exists (because *.5.5.5.0.5.6.1 does), and none of them has a `*` child.
    ["1.1.1.1.1.1.0.5.6.e164.arpa", "nxdomain", null, []],
    ["9.6.1.e164.arpa", "nxdomain", null, []],
    ["1.0.8.2.0.5.5.5.2.1.2.e164.arpa", "nxdomain", null, []],
    ["1.0.7.2.0.5.5.5.2.1.2.e164.arpa", "nxdomain", null, []],
    // Empty non-terminals and names without NAPTR exist: NOERROR without data.
    ["0.5.6.e164.arpa", "nodata", null, []],
    ["0.5.6.1.e164.arpa", "nodata", null, []],
    ["e164.arpa", "nodata", null, []],
  ])("%s -> %s %s", (name, kind, owner, regexps) => {
    const result = zone.lookup(name);
    expect(result.kind).toBe(kind);
    if (result.kind !== "answer") return;
    expect(result.owner).toBe(owner);
    expect(result.rules.map((r) => r.regexp)).toEqual(regexps);
    expect(result.rules.map((r) => [r.order, r.ttl])).toEqual(regexps.map((_, k) => [k + 1, 3600]));
  });

  it.each([["example.com"], ["arpa"], ["4.3.2.1.e164.arpa.example"], [""]])(
    "%j is refused: not in zone",
    (name) => {
      expect(zone.lookup(name)).toEqual({
        kind: "failure",
        reason: `${name === "" ? "." : name} is not in zone e164.arpa`,
        rcode: "REFUSED",
      });
    },
  );

  it.each([["0.7.2.0.5.5.5.2.1.2.1.E164.ARPA"], ["0.7.2.0.5.5.5.2.1.2.1.e164.arpa."]])(
    "%s is the same name",
    (name) => {
      const result = zone.lookup(name);
      expect(result.kind === "answer" && result.owner).toBe("0.7.2.0.5.5.5.2.1.2.1.e164.arpa");
    },
  );

  it("exposes the SOA, names and RRsets for a responder", () => {
    expect(zone.apex).toBe("e164.arpa");
    expect(zone.soa?.data.serial).toBe(2009010910);
    expect(zone.hasName("0.5.6.e164.arpa")).toBe(true);
    expect(zone.hasName("1.0.5.6.e164.arpa")).toBe(false);
    expect(zone.getRecords("e164.arpa").map((r) => r.type)).toEqual(["SOA", "NS", "A"]);
    expect(zone.getRecords("E164.arpa", "a")).toHaveLength(1);
    expect(zone.getRecords("0.5.6.e164.arpa")).toEqual([]);
    expect(zone.outOfZone).toEqual([]);
  });
});

/** RFC 4592 §2.2.1's example zone, with real RDATA where the RFC elides it. */
const RFC4592_ZONE = `$ORIGIN example.
example.                 3600 IN  SOA   ns.example.com. admin.example.com. 1 3600 600 86400 300
example.                 3600     NS    ns.example.com.
example.                 3600     NS    ns.example.net.
*.example.               3600     TXT   "this is a wildcard"
*.example.               3600     MX    10 host1.example.
sub.*.example.           3600     TXT   "this is not a wildcard"
host1.example.           3600     A     192.0.2.1
_ssh._tcp.host1.example. 3600     SRV   0 0 22 host1.example.
_ssh._tcp.host2.example. 3600     SRV   0 0 22 host2.example.
subdel.example.          3600     NS    ns.example.com.
subdel.example.          3600     NS    ns.example.net.
`;

describe("RFC 4592 §2.2.1 examples — answers checked against BIND 9", () => {
  const zone = createZone("example", parseRecords(RFC4592_ZONE, "example"));

  it.each<[string, string, string, string | null]>([
    // "The following responses would be synthesized from one of the wildcards".
    ["host3.example", "MX", "answer", "*.example"],
    ["host3.example", "A", "nodata", null],
    ["foo.bar.example", "TXT", "answer", "*.example"],
    // "The following responses would not be synthesized".
    ["host1.example", "MX", "nodata", null],
    ["sub.*.example", "MX", "nodata", null],
    ["_telnet._tcp.host1.example", "SRV", "nxdomain", null],
    ["host.subdel.example", "A", "delegation", "subdel.example"],
    ["ghost.*.example", "MX", "nxdomain", null],
    // Further cases from the same zone.
    ["sub.*.example", "TXT", "answer", "sub.*.example"],
    ["*.example", "TXT", "answer", "*.example"],
    ["_tcp.host1.example", "SRV", "nodata", null],
    ["host2.example", "A", "nodata", null],
    ["subdel.example", "A", "delegation", "subdel.example"],
    ["host1.example", "A", "answer", "host1.example"],
  ])("%s %s -> %s %s", (name, type, kind, owner) => {
    const answer = zone.resolve(name, type);
    expect(answer.kind).toBe(kind);
    if (answer.kind === "answer") {
      expect(answer.owner).toBe(owner);
      expect(answer.wildcard).toBe(owner !== name);
      expect(answer.records.every((r) => r.type === type)).toBe(true);
    }
    if (answer.kind === "delegation") {
      expect(answer.cut).toBe(owner);
      expect(answer.ns.map((r) => r.data)).toEqual([
        { kind: "NS", target: "ns.example.com" },
        { kind: "NS", target: "ns.example.net" },
      ]);
    }
  });

  // The same zone with NAPTR in place of TXT, through the resolver's view.
  const naptrZone = createZone(
    "example",
    parseRecords(
      RFC4592_ZONE.replace(
        /TXT {3}"this is a wildcard"/,
        'NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:wild@example!" .',
      ).replace(/TXT {3}"this is not a wildcard"/, 'NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:sub@example!" .'),
      "example",
    ),
  );

  it.each<[string, string, string | null]>([
    ["host3.example", "answer", "*.example"],
    ["foo.bar.example", "answer", "*.example"],
    ["host1.example", "nodata", null],
    ["sub.*.example", "answer", "sub.*.example"],
    ["_telnet._tcp.host1.example", "nxdomain", null],
    ["host.subdel.example", "failure", null],
    ["ghost.*.example", "nxdomain", null],
    ["_tcp.host1.example", "nodata", null],
    ["host2.example", "nodata", null],
    ["example", "nodata", null],
  ])("NAPTR %s -> %s %s", (name, kind, owner) => {
    const result = naptrZone.lookup(name);
    expect(result.kind).toBe(kind);
    if (result.kind === "answer") expect(result.owner).toBe(owner);
    if (result.kind === "failure") expect(result.reason).toContain("delegated");
  });
});

describe("createZone: wildcards, CNAMEs and odd inputs", () => {
  const zone = createZone(
    "e164.arpa",
    parseRecords(
      `$TTL 60
@        SOA ns admin 1 1h 1h 1w 5m
@        NS  ns
ns       A   192.0.2.53
; A wildcard that is only an empty non-terminal: *.9 exists because a.*.9 does.
a.*.9    TXT "x"
; CNAMEs: one hop, a wildcard alias, a chain leaving the zone, a loop.
1        NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:one@x!" .
2        CNAME 1
*.3      CNAME 2
4        CNAME elsewhere.example.
5        CNAME 6
6        CNAME 5
7        CNAME 1.e164.arpa.
7.7      CNAME 7
8        CNAME 404
; The same rule twice is one rule (an RRset is a set).
10       NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:ten@x!" .
10       NAPTR 1 1 "u" "E2U+sip" "!^.*$!sip:ten@x!" .
10       NAPTR 2 1 "u" "E2U+sip" "!^.*$!sip:ten2@x!" .
; Out of zone data is set aside.
other.example. A 192.0.2.1
`,
      "e164.arpa",
    ),
  );

  it.each<[string, string, string | null, readonly string[]]>([
    ["5.4.3.2.1.9.e164.arpa", "nodata", null, []],
    ["1.e164.arpa", "answer", "1.e164.arpa", ["!^.*$!sip:one@x!"]],
    ["2.e164.arpa", "answer", "1.e164.arpa", ["!^.*$!sip:one@x!"]],
    ["0.3.e164.arpa", "answer", "1.e164.arpa", ["!^.*$!sip:one@x!"]],
    ["7.7.e164.arpa", "answer", "1.e164.arpa", ["!^.*$!sip:one@x!"]],
    ["8.e164.arpa", "nxdomain", null, []],
    ["10.e164.arpa", "answer", "10.e164.arpa", ["!^.*$!sip:ten@x!", "!^.*$!sip:ten2@x!"]],
  ])("%s -> %s %s", (name, kind, owner, regexps) => {
    const result = zone.lookup(name);
    expect(result.kind).toBe(kind);
    if (result.kind === "answer") {
      expect(result.owner).toBe(owner);
      expect(result.rules.map((r) => r.regexp)).toEqual(regexps);
    }
  });

  it.each([
    ["4.e164.arpa", "not in zone e164.arpa"],
    ["5.e164.arpa", `more than ${MAX_CNAME_HOPS} CNAMEs`],
  ])("%s fails: %s", (name, reason) => {
    const result = zone.lookup(name);
    expect(result.kind).toBe("failure");
    expect(result.kind === "failure" && result.reason).toContain(reason);
  });

  it("reports the chain it followed and answers a CNAME question without following", () => {
    const answer = zone.resolve("0.3.e164.arpa", "NAPTR");
    expect(answer.kind === "answer" && answer.chain.map((r) => r.name)).toEqual([
      "*.3.e164.arpa",
      "2.e164.arpa",
    ]);
    const cname = zone.resolve("2.e164.arpa", "CNAME");
    expect(cname.kind === "answer" && cname.records.map((r) => r.data)).toEqual([
      { kind: "CNAME", target: "1.e164.arpa" },
    ]);
    expect(zone.resolve("4.e164.arpa", "A")).toMatchObject({ kind: "external", target: "elsewhere.example" });
  });

  it("sets aside out-of-zone records and rejects a bad apex", () => {
    expect(zone.outOfZone.map((r) => r.name)).toEqual(["other.example"]);
    expect(() => createZone("a..b", [])).toThrow(/not a domain name/);
  });

  it("does not take a name with an escaped dot for a name in the zone", () => {
    expect(zone.lookup("1\\.e164.arpa").kind).toBe("failure");
  });
});

describe("createZone at scale", () => {
  it("builds 100,000 names and answers 100,000 lookups quickly", () => {
    const records: ZoneRecord[] = [];
    for (let n = 0; n < 100_000; n++) {
      const name = `${String(n).padStart(6, "0").split("").reverse().join(".")}.5.5.5.0.5.6.1.e164.arpa`;
      const data = {
        kind: "NAPTR",
        order: 1,
        preference: 1,
        flags: "u",
        service: "E2U+sip",
        regexp: "!^.*$!sip:a@b!",
        replacement: ".",
      } as const;
      records.push({ name, ttl: 60, class: "IN", type: "NAPTR", line: n + 1, data });
      records.push({ name: `*.${name}`, ttl: 60, class: "IN", type: "NAPTR", line: n + 1, data });
    }
    const zone = createZone("e164.arpa", records);
    let answers = 0;
    for (let n = 0; n < 100_000; n++) {
      const result = zone.lookup(
        `9.9.${String(n).padStart(6, "0").split("").reverse().join(".")}.5.5.5.0.5.6.1.e164.arpa`,
      );
      if (result.kind === "answer") answers++;
    }
    expect(answers).toBe(100_000);
    expect(zone.lookup("1.5.5.5.0.5.6.1.e164.arpa").kind).toBe("nxdomain");
  });
});
