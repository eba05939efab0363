import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_DNS_QUERIES, resolveDnsAsync, resolveDnsSync, SIP_ENUMSERVICES } from "./dns-path";
import { parseMasterFile, renderCharacterString } from "./master-file";
import type { NaptrLookup, NaptrSource, SyncNaptrSource } from "./naptr";
import type { Profile } from "./profile";
import type { DnsStep, Resolution, ResolutionStatus } from "./trace";
import { createZone, type Zone } from "./zone";

const GUIDE_ZONE = readFileSync(new URL("../../test/fixtures/guide/e164.arpa.db", import.meta.url), "utf8");

/** A zone from master-file text, with the origin given as BIND's `zone` statement would. */
function toZone(text: string, apex = "e164.arpa"): Zone {
  const parsed = parseMasterFile(`$TTL 60\n${text}`, { origin: apex });
  if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.message}`);
  return createZone(apex, parsed.value.records);
}

/** One NAPTR line with its strings quoted and escaped for a master file (RFC 1035 §5.1). */
function naptr(
  owner: string,
  order: number,
  pref: number,
  flags: string,
  service: string,
  regexp: string,
): string {
  return `${owner} IN NAPTR ${order} ${pref} ${renderCharacterString(flags)} ${renderCharacterString(service)} ${renderCharacterString(regexp)} .`;
}

/** The DNS steps of a resolution. */
function getSteps(resolution: Resolution): DnsStep[] {
  return resolution.trace.steps.filter((s): s is DnsStep => s.kind === "dns-query");
}

const SPROUT = { profile: "sprout" } as const;
const TRUNK = "10.147.226.2";
const NGV = "ngv.example.com";

describe("resolveDnsSync over the guide's BIND zone (seed 000; enum-semantics.md §5)", () => {
  const parsed = parseMasterFile(GUIDE_ZONE, { origin: "e164.arpa" });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const zone = createZone("e164.arpa", parsed.value.records);

  it("holds the regexps as BIND unescapes them: `\\\\1` is `\\1`, `\\+` is a bare `+`", () => {
    const regexps = new Set(
      parsed.value.records.flatMap((r) => (r.data.kind === "NAPTR" ? [r.data.regexp] : [])),
    );
    expect(regexps).toContain("!(^.*$)!sip:\\1@10.147.226.2!");
    expect(regexps).toContain("!(+^.*$)!sip:\\1@ngv.example.com!");
    expect(regexps).toContain("!+1(^.*$)!sip:\\1@ngv.example.com!");
  });

  it.each<[string, string, ResolutionStatus, string]>([
    // [dialed, result, status, domain queried]
    // §5: the + numbers reach the trunk from the zone (their order-1 rule does not parse).
    ["+12125550270", `sip:+12125550270@${TRUNK}`, "routed", "0.7.2.0.5.5.5.2.1.2.1.e164.arpa"],
    ["+12125550275", `sip:+12125550275@${TRUNK}`, "routed", "5.7.2.0.5.5.5.2.1.2.1.e164.arpa"],
    ["+12125550280", `sip:+12125550280@${TRUNK}`, "routed", "0.8.2.0.5.5.5.2.1.2.1.e164.arpa"],
    ["+16505551234", `sip:+16505551234@${TRUNK}`, "routed", "4.3.2.1.5.5.5.0.5.6.1.e164.arpa"],
    ["+1 650 555 1234", `sip:+16505551234@${TRUNK}`, "routed", "4.3.2.1.5.5.5.0.5.6.1.e164.arpa"],
    // The numbers without +.
    ["2125550270", `sip:2125550270@${TRUNK}`, "routed", "0.7.2.0.5.5.5.2.1.2.e164.arpa"],
    ["2125550275", `sip:+12125550275@${NGV}`, "routed", "5.7.2.0.5.5.5.2.1.2.e164.arpa"],
    ["2125550280", `sip:+12125550280@${NGV}`, "routed", "0.8.2.0.5.5.5.2.1.2.e164.arpa"],
    ["6505551234", `sip:6505551234@${NGV}`, "routed", "4.3.2.1.5.5.5.0.5.6.e164.arpa"],
    // The hand-written "NANP => SIP trunk" names and the root wildcard.
    ["+12125550281", `sip:+12125550281@${TRUNK}`, "routed", "1.8.2.0.5.5.5.2.1.2.1.e164.arpa"],
    ["4155551234", `sip:4155551234@${TRUNK}`, "routed", "4.3.2.1.5.5.5.5.1.4.e164.arpa"],
    ["+14155551234", `sip:+14155551234@${TRUNK}`, "routed", "4.3.2.1.5.5.5.5.1.4.1.e164.arpa"],
    ["212", `sip:212@${TRUNK}`, "routed", "2.1.2.e164.arpa"],
    // RFC 4592: wildcards stop at existing names. 0.5.6.1 exists (an empty non-terminal on the way
    // to *.5.5.5.0.5.6.1) and has no `*` child, so +1 650 123 4567 gets NXDOMAIN.
    ["+1 650 123 4567", "", "failure", "7.6.5.4.3.2.1.0.5.6.1.e164.arpa"],
    ["6501234567", "", "failure", "7.6.5.4.3.2.1.0.5.6.e164.arpa"],
    ["21255502701", "", "failure", "1.0.7.2.0.5.5.5.2.1.2.e164.arpa"],
    // 650 names an empty non-terminal: NOERROR without NAPTR, a server failure for Sprout.
    ["650", "", "server-failure", "0.5.6.e164.arpa"],
  ])("%j -> %j (%s)", (dialed, result, status, domain) => {
    const resolution = resolveDnsSync(zone, dialed, SPROUT);
    expect(resolution.result).toBe(result);
    expect(resolution.status).toBe(status);
    expect(resolution.queries).toEqual([domain]);
    expect(resolution.trace.mode).toBe("dns");
  });

  it("differs from the guide's enum.json exactly where enum-semantics.md §5 says", () => {
    // enum.json sends these to ngv.example.com; the zone sends them to the trunk.
    for (const dialed of ["+12125550270", "+12125550275", "+12125550280"]) {
      expect(resolveDnsSync(zone, dialed, SPROUT).result).toBe(`sip:${dialed}@${TRUNK}`);
    }
  });

  it("NXDOMAIN is a clean failure, recorded in the trace", () => {
    const resolution = resolveDnsSync(zone, "+1 650 123 4567", SPROUT);
    expect(getSteps(resolution)).toMatchObject([{ outcome: "nxdomain", records: [], application: null }]);
  });

  it.each<[string, string]>([
    ["+12125550275", "*.7.2.0.5.5.5.2.1.2.1.e164.arpa"],
    ["+12125550280", "0.8.2.0.5.5.5.2.1.2.1.e164.arpa"],
    ["+16505551234", "*.5.5.5.0.5.6.1.e164.arpa"],
  ])("%j: the unparsable order-1 rule at %s is skipped with its reason", (dialed, owner) => {
    const [step] = getSteps(resolveDnsSync(zone, dialed, SPROUT));
    expect(step?.owner).toBe(owner);
    expect(step?.records.map((r) => [r.rule.order, r.verdict])).toEqual([
      [1, "skipped"],
      [2, "chosen"],
    ]);
    expect(step?.records[0]!.reason).toMatch(/does not parse/);
    expect(step?.records[1]!.rule.regexp).toBe("!(^.*$)!sip:\\1@10.147.226.2!");
    expect(step?.terminal).toBe(true);
    expect(step?.application).toMatchObject({ subject: dialed.replace(/ /g, ""), matched: true });
  });

  it("2125550275 is answered by the wildcard *.7.2.0.5.5.5.2.1.2", () => {
    const [step] = getSteps(resolveDnsSync(zone, "2125550275", SPROUT));
    expect(step).toMatchObject({
      key: "2125550275",
      domain: "5.7.2.0.5.5.5.2.1.2.e164.arpa",
      outcome: "answer",
      owner: "*.7.2.0.5.5.5.2.1.2.e164.arpa",
      terminal: true,
    });
    expect(step?.records.map((r) => r.verdict)).toEqual(["chosen"]);
  });
});

describe("resolveDnsSync: which NAPTR records Sprout uses (RFC 6116 §3.4.3, RFC 4769)", () => {
  it("accepts exactly E2U+sip, E2U+pstn:sip and E2U+pstn:tel", () => {
    expect(SIP_ENUMSERVICES).toEqual(["e2u+sip", "e2u+pstn:sip", "e2u+pstn:tel"]);
  });

  it.each<[string, boolean]>([
    ["E2U+sip", true],
    ["E2U+SIP", true],
    ["e2u+sip", true],
    ["E2U+pstn:sip", true],
    ["E2U+PSTN:SIP", true],
    ["E2U+pstn:tel", true],
    ["e2u+Pstn:Tel", true],
    ["E2U+email", false],
    ["E2U+email:mailto", false],
    ["E2U+h323", false],
    ["E2U+sip:x", false],
    ["E2U+tel", false],
    ["", false],
  ])("service %j used: %s", (service, used) => {
    const zone = toZone(naptr("4.3.2.1", 10, 10, "u", service, "!^(.*)$!sip:\\1@h!"));
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    expect(resolution.result).toBe(used ? "sip:1234@h" : "");
    expect(resolution.status).toBe(used ? "routed" : "failure");
    const record = getSteps(resolution)[0]!.records[0]!;
    expect(record.verdict).toBe(used ? "chosen" : "skipped");
    if (!used) expect(record.reason).toMatch(/enumservice/);
  });

  it("moves past a record of another service to the next one", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, "u", "E2U+email:mailto", "!^.*$!mailto:info@example.com!"),
        naptr("4.3.2.1", 20, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@h!"),
      ].join("\n"),
    );
    expect(resolveDnsSync(zone, "1234", SPROUT).result).toBe("sip:1234@h");
  });

  it.each<[string, "terminal" | "non-terminal" | "skipped"]>([
    ["u", "terminal"],
    ["U", "terminal"],
    ["", "non-terminal"],
    ["s", "skipped"],
    ["a", "skipped"],
    ["p", "skipped"],
    ["S", "skipped"],
    ["uu", "skipped"],
    ["up", "skipped"],
  ])("flags %j: %s", (flags, kind) => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, flags, "E2U+sip", "!^.*$!5678!"),
        naptr("8.7.6.5", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:second-\\1@h!"),
      ].join("\n"),
    );
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    const first = getSteps(resolution)[0]!;
    if (kind === "terminal") {
      expect(resolution).toMatchObject({ result: "5678", status: "not-uri", uri: null });
      expect(resolution.queries).toEqual(["4.3.2.1.e164.arpa"]);
      expect(first.terminal).toBe(true);
    } else if (kind === "non-terminal") {
      // The second query's rule is applied to the original AUS (1234), not to 5678.
      expect(resolution).toMatchObject({ result: "sip:second-1234@h", status: "routed" });
      expect(resolution.queries).toEqual(["4.3.2.1.e164.arpa", "8.7.6.5.e164.arpa"]);
      expect(first.terminal).toBe(false);
    } else {
      expect(resolution).toMatchObject({ result: "", status: "failure" });
      expect(first.records[0]).toMatchObject({ verdict: "skipped" });
      expect(first.records[0]!.reason).toMatch(/flags/);
    }
  });

  it("never reads the NAPTR replacement field", () => {
    const zone = toZone('4.3.2.1 IN NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\\\1@h!" sip.other.example.');
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    expect(resolution.result).toBe("sip:1234@h");
    expect(getSteps(resolution)[0]!.records[0]!.rule.replacement).toBe("sip.other.example");
  });

  it("skips a regexp that does not parse under the profile and says where", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@h!i"),
        naptr("4.3.2.1", 20, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@second!"),
      ].join("\n"),
    );
    const sprout = resolveDnsSync(zone, "1234", SPROUT);
    expect(sprout.result).toBe("sip:1234@second");
    expect(getSteps(sprout)[0]!.records[0]).toMatchObject({ verdict: "skipped" });
    expect(getSteps(sprout)[0]!.records[0]!.reason).toMatch(/does not parse at character \d+/);
    // The rfc profile reads the `i` flag.
    expect(resolveDnsSync(zone, "1234", { profile: "rfc" }).result).toBe("sip:1234@h");
  });
});

describe("resolveDnsSync: rule order (RFC 3403 §4.1 as Sprout sorts)", () => {
  it("sorts by order, then preference, keeping answer order for ties; uses the first match", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 20, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@a!"),
        naptr("4.3.2.1", 10, 20, "u", "E2U+sip", "!^(.*)$!sip:\\1@b!"),
        naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!^9!sip:c@h!"),
        naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@d!"),
        naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@e!"),
      ].join("\n"),
    );
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    expect(resolution.result).toBe("sip:1234@d");
    const records = getSteps(resolution)[0]!.records;
    expect(records.map((r) => [r.rule.regexp, r.verdict])).toEqual([
      ["!^9!sip:c@h!", "skipped"],
      ["!^(.*)$!sip:\\1@d!", "chosen"],
      ["!^(.*)$!sip:\\1@e!", "not-reached"],
      ["!^(.*)$!sip:\\1@b!", "not-reached"],
      ["!^(.*)$!sip:\\1@a!", "not-reached"],
    ]);
    expect(records[0]!.reason).toMatch(/does not match/);
  });

  it("tries the lower preference first within an order, whatever the answer order", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 50, "u", "E2U+sip", "!^(.*)$!sip:\\1@high!"),
        naptr("4.3.2.1", 10, 5, "u", "E2U+sip", "!^(.*)$!sip:\\1@low!"),
      ].join("\n"),
    );
    expect(resolveDnsSync(zone, "1234", SPROUT).result).toBe("sip:1234@low");
  });

  it("goes on to a higher order when no rule of the lower order matches", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 1, 1, "u", "E2U+sip", "!^\\+(.*)$!sip:\\1@plus!"),
        naptr("4.3.2.1", 2, 1, "u", "E2U+sip", "!^(.*)$!sip:\\1@bare!"),
      ].join("\n"),
    );
    expect(resolveDnsSync(zone, "+1234", SPROUT).result).toBe("sip:1234@plus");
    expect(resolveDnsSync(zone, "1234", SPROUT).result).toBe("sip:1234@bare");
  });

  it("a rule matches anywhere in the key (regex_search, not a full match)", () => {
    const zone = toZone(naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!3!x!"));
    expect(resolveDnsSync(zone, "1234", SPROUT)).toMatchObject({ result: "12x4", status: "not-uri" });
  });

  it("fails with an empty result when no rule matches", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!^\\+!sip:x@h!"),
        naptr("4.3.2.1", 20, 10, "u", "E2U+sip", "!^9!sip:y@h!"),
      ].join("\n"),
    );
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    expect(resolution).toMatchObject({ result: "", uri: null, status: "failure" });
    expect(getSteps(resolution)[0]!.records.map((r) => r.verdict)).toEqual(["skipped", "skipped"]);
    expect(getSteps(resolution)[0]!.application).toBeNull();
  });
});

describe("resolveDnsSync: keys, the AUS and non-terminal rules (RFC 3761 §2.1, Sprout)", () => {
  it("matches against the current key but applies the replacement to the original AUS", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, "", "E2U+sip", "!^.*$!5678!"),
        // Would match the AUS 1234, but not the key 5678: skipped.
        naptr("8.7.6.5", 10, 10, "u", "E2U+sip", "!^1!sip:wrong@h!"),
        // Matches the key 5678; applied to the AUS 1234.
        naptr("8.7.6.5", 20, 10, "u", "E2U+sip", "!^(5|1)(.*)$!sip:\\2@h!"),
      ].join("\n"),
    );
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    expect(resolution.result).toBe("sip:234@h");
    const [first, second] = getSteps(resolution);
    expect(first).toMatchObject({ key: "1234", terminal: false });
    expect(second).toMatchObject({ key: "5678", terminal: true });
    expect(second!.application).toMatchObject({ subject: "1234", output: "sip:234@h" });
    expect(second!.records.map((r) => r.verdict)).toEqual(["skipped", "chosen"]);
  });

  it("a rule that matches the key but not the AUS returns the AUS (global replace leaves it)", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, "", "E2U+sip", "!^.*$!5678!"),
        naptr("8.7.6.5", 10, 10, "u", "E2U+sip", "!^5678$!sip:key@h!"),
      ].join("\n"),
    );
    expect(resolveDnsSync(zone, "1234", SPROUT)).toMatchObject({ result: "1234", status: "not-uri" });
  });

  it("follows a chain of two non-terminal rules, stripping non-digits for each domain", () => {
    const zone = toZone(
      [
        naptr("4.3.2.1", 10, 10, "", "E2U+sip", "!^.*$!+56-78!"),
        // Matches the key +56-78 and, applied to the AUS +1234, gives tel:9999.
        naptr("8.7.6.5", 10, 10, "", "E2U+pstn:sip", "!^\\+(.*)$!tel:9999!"),
        naptr("9.9.9.9", 10, 10, "U", "E2U+sip", "!^\\+?(.*)$!sip:\\1@final!"),
      ].join("\n"),
    );
    const resolution = resolveDnsSync(zone, "+1234", SPROUT);
    expect(resolution.queries).toEqual(["4.3.2.1.e164.arpa", "8.7.6.5.e164.arpa", "9.9.9.9.e164.arpa"]);
    expect(getSteps(resolution).map((s) => s.key)).toEqual(["+1234", "+56-78", "tel:9999"]);
    // Sprout's boost rule keeps the + in group 1.
    expect(resolution).toMatchObject({ result: "sip:+1234@final", status: "routed" });
  });

  it(`fails a loop after exactly ${MAX_DNS_QUERIES} queries`, () => {
    const zone = toZone(naptr("4.3.2.1", 10, 10, "", "E2U+sip", "!^.*$!1234!"));
    const resolution = resolveDnsSync(zone, "1234", SPROUT);
    expect(MAX_DNS_QUERIES).toBe(5);
    expect(resolution.queries).toEqual(Array(5).fill("4.3.2.1.e164.arpa"));
    expect(resolution).toMatchObject({ result: "", uri: null, status: "failure" });
    expect(getSteps(resolution)).toHaveLength(5);
  });

  it("a chain that ends on its fifth query still succeeds", () => {
    const zone = toZone(
      [
        naptr("1", 10, 10, "", "E2U+sip", "!^.*$!2!"),
        naptr("2", 10, 10, "", "E2U+sip", "!^.*$!3!"),
        naptr("3", 10, 10, "", "E2U+sip", "!^.*$!4!"),
        naptr("4", 10, 10, "", "E2U+sip", "!^.*$!5!"),
        naptr("5", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@h!"),
      ].join("\n"),
    );
    const resolution = resolveDnsSync(zone, "1", SPROUT);
    expect(resolution.queries).toHaveLength(5);
    expect(resolution).toMatchObject({ result: "sip:1@h", status: "routed" });
  });

  it.each(["", "*#"])("%j has an empty AUS: no query at all", (dialed) => {
    const resolution = resolveDnsSync(toZone(""), dialed, SPROUT);
    expect(resolution).toMatchObject({ aus: "", result: "", status: "no-route", queries: [] });
  });

  it("queries under a configured suffix", () => {
    const zone = toZone(
      naptr("4.3.2.1", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@h!"),
      "e164.arpa.ngv.example.com",
    );
    const resolution = resolveDnsSync(zone, "+1234", {
      profile: "sprout",
      suffix: "e164.arpa.ngv.example.com",
    });
    expect(resolution.queries).toEqual(["4.3.2.1.e164.arpa.ngv.example.com"]);
    expect(resolution.result).toBe("sip:+1234@h");
  });

  it.each<[Profile, string]>([
    ["sprout", "sip:+14155550100@example.com"],
    ["rfc", "sip:14155550100@example.com"],
  ])("applies the %s profile's regex rules", (profile, result) => {
    const zone = toZone(naptr("*", 10, 10, "u", "E2U+sip", "!^\\+?(.*)$!sip:\\1@example.com!"));
    expect(resolveDnsSync(zone, "+14155550100", { profile }).result).toBe(result);
  });
});

describe("resolveDnsSync: failures (c-ares status as Sprout classifies it)", () => {
  const zone = toZone(
    [
      naptr("4.3.2.1", 10, 10, "", "E2U+sip", "!^.*$!5678!"),
      naptr("1.1", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@h!"),
      '2.2 IN TXT "no naptr here"',
    ].join("\n"),
  );

  it.each<[string, string, ResolutionStatus, DnsStep["outcome"], number]>([
    // [why, dialed, status, last outcome, queries]
    ["NXDOMAIN", "99", "failure", "nxdomain", 1],
    ["NXDOMAIN on the second query", "1234", "failure", "nxdomain", 2],
    ["NOERROR without NAPTR (other type)", "22", "server-failure", "nodata", 1],
    ["NOERROR without NAPTR (empty non-terminal)", "1", "server-failure", "nodata", 1],
  ])("%s -> %s", (_why, dialed, status, outcome, queries) => {
    const resolution = resolveDnsSync(zone, dialed, SPROUT);
    expect(resolution).toMatchObject({ result: "", uri: null, status });
    expect(resolution.queries).toHaveLength(queries);
    expect(getSteps(resolution).at(-1)?.outcome).toBe(outcome);
  });

  it("a source failure (SERVFAIL, REFUSED, timeout) is a server failure", () => {
    const source: SyncNaptrSource = {
      lookup: () => ({ kind: "failure", reason: "SERVFAIL from 192.0.2.1:53", rcode: "SERVFAIL" }),
    };
    const resolution = resolveDnsSync(source, "+12125550270", SPROUT);
    expect(resolution).toMatchObject({ result: "", status: "server-failure" });
    expect(getSteps(resolution)).toMatchObject([
      { outcome: "failure", reason: "SERVFAIL from 192.0.2.1:53", rcode: "SERVFAIL", records: [] },
    ]);
  });
});

describe("the number lookup service's answer (seed 004)", () => {
  // The record as dig prints it (the seed's markdown doubles the backslashes).
  const zone = toZone(
    '6.5.1.6.8.9.2.9.3.3.1.e164.arpa. 3 IN NAPTR 10 50 "u" "E2U+pstn:tel" "!^(.*)$!tel:\\\\1\\;mcc=310\\;mnc=012!" .',
  );

  it("holds the regexp `!^(.*)$!tel:\\1;mcc=310;mnc=012!`", () => {
    const answer = zone.lookup("6.5.1.6.8.9.2.9.3.3.1.e164.arpa");
    expect(answer.kind === "answer" && answer.rules.map((r) => [r.regexp, r.ttl])).toEqual([
      ["!^(.*)$!tel:\\1;mcc=310;mnc=012!", 3],
    ]);
  });

  it("+13392986156 -> tel:+13392986156;mcc=310;mnc=012", () => {
    const resolution = resolveDnsSync(zone, "+13392986156", SPROUT);
    expect(resolution).toMatchObject({
      aus: "+13392986156",
      result: "tel:+13392986156;mcc=310;mnc=012",
      uri: "tel:+13392986156;mcc=310;mnc=012",
      status: "routed",
      queries: ["6.5.1.6.8.9.2.9.3.3.1.e164.arpa"],
    });
  });
});

describe("resolveDnsAsync gives the same Resolution as resolveDnsSync", () => {
  const parsed = parseMasterFile(GUIDE_ZONE, { origin: "e164.arpa" });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const guide = createZone("e164.arpa", parsed.value.records);
  const chain = toZone(
    [
      naptr("4.3.2.1", 10, 10, "", "E2U+sip", "!^.*$!5678!"),
      naptr("8.7.6.5", 10, 10, "u", "E2U+sip", "!^(.*)$!sip:\\1@h!"),
    ].join("\n"),
  );

  /** The same answers, later: each lookup resolves on a timer. */
  function toAsync(source: SyncNaptrSource): NaptrSource & { names: string[] } {
    const names: string[] = [];
    return {
      names,
      lookup: (name) =>
        new Promise<NaptrLookup>((resolve) => {
          names.push(name);
          setTimeout(() => {
            resolve(source.lookup(name));
          }, 1);
        }),
    };
  }

  it.each<[string, Zone, string]>([
    ["guide", guide, "+12125550275"],
    ["guide", guide, "2125550275"],
    ["guide", guide, "+1 650 123 4567"],
    ["guide", guide, "650"],
    ["chain", chain, "1234"],
    ["chain", chain, ""],
  ])("%s zone, %j", async (_zone, zone, dialed) => {
    const source = toAsync(zone);
    const asyncResolution = await resolveDnsAsync(source, dialed, SPROUT);
    const syncResolution = resolveDnsSync(zone, dialed, SPROUT);
    expect(asyncResolution).toEqual(syncResolution);
    expect(source.names).toEqual(syncResolution.queries);
  });
});
