import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveDnsSync } from "./dns-path";
import { createDnsmasqSource, parseDnsmasqConfig } from "./dnsmasq-config";

const GUIDE = readFileSync(new URL("../../test/fixtures/guide/enum.dnsmasq", import.meta.url), "utf8");

function parse(text: string) {
  const parsed = parseDnsmasqConfig(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("parseDnsmasqConfig", () => {
  it("reads every naptr-record line of the guide's dnsmasq example (seed 000)", () => {
    const config = parse(GUIDE);
    expect(config.records).toHaveLength(11);
    expect(config.records[0]).toEqual({
      name: "0.7.2.0.5.5.5.2.1.2.e164.arpa",
      rule: {
        order: 1,
        preference: 1,
        flags: "U",
        service: "E2U+SIP",
        regexp: "!(^.*$)!sip:\\\\1@10.147.226.2!",
        replacement: ".",
      },
      line: 2,
    });
    // The guide's "NANP => SIP trunk" line sits at the apex.
    expect(config.records.at(-1)?.name).toBe("e164.arpa");
  });

  it.each([
    [
      "unquoted backslashes stay as they are",
      "naptr-record=1.e164.arpa,1,1,U,E2U+SIP,!(.*)!sip:\\\\1@h!",
      "!(.*)!sip:\\\\1@h!",
    ],
    [
      "quotes unescape \\\\ to one backslash",
      'naptr-record=1.e164.arpa,1,1,U,E2U+SIP,"!(.*)!sip:\\\\1@h!"',
      "!(.*)!sip:\\1@h!",
    ],
    [
      "a comma inside quotes is kept",
      'naptr-record=1.e164.arpa,1,1,U,E2U+SIP,"!^(.*)$!tel:\\\\1;a=1,2!"',
      "!^(.*)$!tel:\\1;a=1,2!",
    ],
    [
      "a # after white space starts a comment",
      "naptr-record=1.e164.arpa,1,1,U,E2U+SIP,!(.*)!sip:x@h! # note",
      "!(.*)!sip:x@h!",
    ],
    [
      "a # inside a value is kept",
      "naptr-record=1.e164.arpa,1,1,U,E2U+SIP,!(.*)!sip:x#y@h!",
      "!(.*)!sip:x#y@h!",
    ],
  ])("%s", (_name, line, regexp) => {
    expect(parse(`${line}\n`).records[0]?.rule.regexp).toBe(regexp);
  });

  it.each([
    ["too few fields", "naptr-record=1.e164.arpa,1,1,U", 1],
    ["order out of range", "\nnaptr-record=1.e164.arpa,70000,1,U,E2U+SIP,!a!b!", 2],
    ["unclosed quote", 'naptr-record=1.e164.arpa,1,1,U,E2U+SIP,"!a!b!', 1],
  ])("rejects %s with the line number", (_name, text, line) => {
    const parsed = parseDnsmasqConfig(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.line).toBe(line);
  });

  it("keeps other options by name", () => {
    expect(parse("local=/e164.arpa/\nport=5353\n").otherOptions).toEqual([
      { option: "local", line: 1 },
      { option: "port", line: 2 },
    ]);
  });
});

describe("the guide's dnsmasq lines, resolved the way Sprout would (enum-semantics.md §5)", () => {
  const source = createDnsmasqSource(parse(GUIDE).records);

  it.each([
    // Unquoted \\1 reaches the wire as two backslashes; boost's format turns "\\" into "\"
    // and leaves "1": Sprout gets a string with a backslash, which is not a usable URI.
    ["2125550270", "sip:\\1@10.147.226.2", "not-uri"],
    ["+12125550280", "sip:\\1@10.147.226.2", "not-uri"],
    // dnsmasq has no wildcards: numbers inside a range are not listed, so NXDOMAIN.
    ["2125550275", "", "failure"],
    ["+16505551234", "", "failure"],
    ["4155551234", "", "failure"],
  ])("%s -> %j (%s)", (number, result, status) => {
    const resolution = resolveDnsSync(source, number, { profile: "sprout" });
    expect(resolution.result).toBe(result);
    expect(resolution.status).toBe(status);
  });

  it("the +1212555027 name answers with the order-2 trunk rule for an exact 10-digit name", () => {
    // 7.2.0.5.5.5.2.1.2.1 is listed: the order-1 rule's `(\+^.*$)` never matches, order 2 does.
    const resolution = resolveDnsSync(source, "+1212555027", { profile: "sprout" });
    expect(resolution.queries).toEqual(["7.2.0.5.5.5.2.1.2.1.e164.arpa"]);
    expect(resolution.result).toBe("sip:\\1@10.147.226.2");
    const step = resolution.trace.steps[0];
    expect(step?.kind === "dns-query" ? step.records.map((r) => r.verdict) : []).toEqual([
      "skipped",
      "chosen",
    ]);
  });
});
