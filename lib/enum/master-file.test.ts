import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDomainName, parseMasterFile, renderCharacterString, type ZoneRecord } from "./master-file";

const GUIDE_ZONE = readFileSync(new URL("../../test/fixtures/guide/e164.arpa.db", import.meta.url), "utf8");

/** Parses and returns the records, failing the test with the issue if the text does not parse. */
function parseRecords(
  text: string,
  options?: { origin?: string; defaultTtl?: number },
): readonly ZoneRecord[] {
  const result = parseMasterFile(text, options);
  if (!result.ok) throw new Error(`${result.error.code} line ${result.error.line}: ${result.error.message}`);
  return result.value.records;
}

const NAPTR_DATA = {
  kind: "NAPTR",
  order: 1,
  preference: 1,
  flags: "u",
  service: "E2U+sip",
  regexp: "!^.*$!sip:x@y!",
  replacement: ".",
};
const RULE = '1 1 "u" "E2U+sip" "!^.*$!sip:x@y!" .';

describe("parseMasterFile: names (RFC 1035 §5.1)", () => {
  it.each([
    [
      "$ORIGIN makes names absolute",
      `$ORIGIN e164.arpa.\n$TTL 60\n4.3.2.1 NAPTR ${RULE}`,
      {},
      "4.3.2.1.e164.arpa",
    ],
    ["the origin option", `$TTL 60\n4.3.2.1 NAPTR ${RULE}`, { origin: "e164.arpa" }, "4.3.2.1.e164.arpa"],
    [
      "the origin option with a trailing dot",
      `$TTL 60\n1 NAPTR ${RULE}`,
      { origin: "e164.arpa." },
      "1.e164.arpa",
    ],
    [
      "an absolute name ignores the origin",
      `$TTL 60\n1.example. NAPTR ${RULE}`,
      { origin: "e164.arpa" },
      "1.example",
    ],
    [
      "an absolute name needs no origin",
      `$TTL 60\n4.3.2.1.e164.arpa. NAPTR ${RULE}`,
      {},
      "4.3.2.1.e164.arpa",
    ],
    ["@ is the origin", `$ORIGIN e164.arpa.\n$TTL 60\n@ NAPTR ${RULE}`, {}, "e164.arpa"],
    [
      "a wildcard",
      `$TTL 60\n*.5.5.5.0.5.6 NAPTR ${RULE}`,
      { origin: "e164.arpa" },
      "*.5.5.5.0.5.6.e164.arpa",
    ],
    ["the apex wildcard", `$TTL 60\n* NAPTR ${RULE}`, { origin: "e164.arpa" }, "*.e164.arpa"],
    [
      "$ORIGIN relative to the previous one",
      `$ORIGIN e164.arpa.\n$ORIGIN 1\n$TTL 60\n2 NAPTR ${RULE}`,
      {},
      "2.1.e164.arpa",
    ],
    ["case is kept", `$TTL 60\nHost.Example. NAPTR ${RULE}`, {}, "Host.Example"],
    ["an escaped dot stays inside its label", `$TTL 60\na\\.b.example. NAPTR ${RULE}`, {}, "a\\.b.example"],
    ["\\DDD letters are shown as letters", `$TTL 60\n\\065bc.example. NAPTR ${RULE}`, {}, "Abc.example"],
    ["\\X is X", `$TTL 60\n\\a\\b.example. NAPTR ${RULE}`, {}, "ab.example"],
    [
      "a space inside a label is shown as \\032",
      `$TTL 60\na\\ b.example. NAPTR ${RULE}`,
      {},
      "a\\032b.example",
    ],
    ["a root origin", `$ORIGIN .\n$TTL 60\narpa NAPTR ${RULE}`, {}, "arpa"],
    ["the root itself", `$TTL 60\n. NAPTR ${RULE}`, {}, ""],
  ])("%s", (_label, text, options, name) => {
    const records = parseRecords(text, options);
    expect(records).toHaveLength(1);
    expect(records[0]!.name).toBe(name);
  });

  it("a blank owner repeats the previous owner, even across comments and blank lines", () => {
    const text = `$TTL 60\n$ORIGIN e164.arpa.\n1 NAPTR ${RULE}\n\n; comment\n  NAPTR ${RULE}\n\tTXT "x"\n2 A 192.0.2.1`;
    expect(parseRecords(text).map((r) => [r.name, r.type, r.line])).toEqual([
      ["1.e164.arpa", "NAPTR", 3],
      ["1.e164.arpa", "NAPTR", 6],
      ["1.e164.arpa", "TXT", 7],
      ["2.e164.arpa", "A", 8],
    ]);
  });

  it.each([
    ["4.3.2.1", "e164.arpa", "4.3.2.1.e164.arpa"],
    ["4.3.2.1.e164.arpa.", "e164.arpa", "4.3.2.1.e164.arpa"],
    ["4.3.2.1.e164.arpa", "", "4.3.2.1.e164.arpa"],
    ["@", "e164.arpa.", "e164.arpa"],
    [".", null, ""],
    ["E164.Arpa.", null, "E164.Arpa"],
  ])("parseDomainName(%j, %j) is %j", (text, origin, expected) => {
    expect(parseDomainName(text, origin)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["4.3.2.1", null, "missing-origin"],
    ["a..b.", null, "empty-label"],
    [`${"a".repeat(64)}.`, null, "label-too-long"],
  ])("parseDomainName(%j, %j) fails with %s", (text, origin, code) => {
    const result = parseDomainName(text, origin);
    expect(result.ok ? null : result.error.code).toBe(code);
  });
});

describe("parseMasterFile: TTL and class (RFC 1035 §5.1, RFC 2308 §4)", () => {
  it.each([
    ["$TTL in seconds", "$TTL 300\na.example. A 192.0.2.1", 300],
    ["$TTL 1h", "$TTL 1h\na.example. A 192.0.2.1", 3600],
    ["$TTL 1d", "$TTL 1d\na.example. A 192.0.2.1", 86400],
    ["$TTL 1w", "$TTL 1w\na.example. A 192.0.2.1", 604800],
    ["$TTL 30m", "$TTL 30m\na.example. A 192.0.2.1", 1800],
    ["$TTL 1h30m", "$TTL 1h30m\na.example. A 192.0.2.1", 5400],
    ["$TTL 45s", "$TTL 45s\na.example. A 192.0.2.1", 45],
    ["$TTL with upper-case units", "$TTL 1H30M\na.example. A 192.0.2.1", 5400],
    ["TTL then class", "$TTL 1h\na.example. 300 IN A 192.0.2.1", 300],
    ["class then TTL", "$TTL 1h\na.example. IN 300 A 192.0.2.1", 300],
    ["TTL without class", "$TTL 1h\na.example. 2h A 192.0.2.1", 7200],
    ["class without TTL", "$TTL 1h\na.example. in A 192.0.2.1", 3600],
    ["CLASS1 is IN (RFC 3597 §5)", "$TTL 1h\na.example. CLASS1 A 192.0.2.1", 3600],
    ["blank owner with TTL and class", "$TTL 1h\na.example. A 192.0.2.1\n 60 IN A 192.0.2.2", 60],
    ["the largest TTL", "a.example. 2147483647 A 192.0.2.1", 2147483647],
  ])("%s", (_label, text, ttl) => {
    const records = parseRecords(text);
    expect(records[records.length - 1]!.ttl).toBe(ttl);
    expect(records[records.length - 1]!.class).toBe("IN");
  });

  it("without $TTL a record takes the last TTL written (RFC 1035 §5.1)", () => {
    const text =
      "a.example. 120 A 192.0.2.1\nb.example. A 192.0.2.2\nc.example. 60 A 192.0.2.3\nd.example. A 192.0.2.4";
    expect(parseRecords(text).map((r) => r.ttl)).toEqual([120, 120, 60, 60]);
  });

  it("with $TTL an explicit TTL applies to its own record only", () => {
    const text = "$TTL 300\na.example. 120 A 192.0.2.1\nb.example. A 192.0.2.2";
    expect(parseRecords(text).map((r) => r.ttl)).toEqual([120, 300]);
  });

  it("without any TTL an SOA's minimum becomes the default, as BIND does", () => {
    const text = "example. SOA ns.example. admin.example. 1 3600 600 86400 900\nexample. NS ns.example.";
    expect(parseRecords(text).map((r) => r.ttl)).toEqual([900, 900]);
  });

  it("the defaultTtl option acts as a $TTL before the file", () => {
    expect(parseRecords("a.example. A 192.0.2.1", { defaultTtl: 42 })[0]!.ttl).toBe(42);
    expect(parseRecords("$TTL 7\na.example. A 192.0.2.1", { defaultTtl: 42 })[0]!.ttl).toBe(7);
  });
});

describe("parseMasterFile: character-strings (RFC 1035 §5.1)", () => {
  it.each([
    ["a plain quoted string", '"E2U+sip"', "E2U+sip"],
    ["\\\\ is a backslash", '"!^(.*)$!sip:\\\\1@h!"', "!^(.*)$!sip:\\1@h!"],
    ['\\" is a quote', '"say \\"hi\\""', 'say "hi"'],
    ["\\DDD is a decimal byte", '"\\065\\066"', "AB"],
    ["\\X is X for any other character", '"\\+\\a\\;"', "+a;"],
    ["\\DDD bytes are read as UTF-8", '"caf\\195\\169"', "café"],
    ["non-ASCII text is kept", '"café"', "café"],
    ["a semicolon inside quotes is not a comment", '"a;b"', "a;b"],
    ["parentheses inside quotes are text", '"(a)"', "(a)"],
    ["an empty string", '""', ""],
    ["an unquoted string", "E2U+sip", "E2U+sip"],
    ["an unquoted string with escapes", "!^.*$!sip:\\\\1@h!", "!^.*$!sip:\\1@h!"],
    ["an unquoted escaped blank", "a\\ b", "a b"],
    ["an unquoted escaped semicolon", "a\\;b", "a;b"],
    ["an unquoted escaped quote", 'a\\"b', 'a"b'],
    ["255 bytes", `"${"x".repeat(255)}"`, "x".repeat(255)],
  ])("%s", (_label, field, value) => {
    const records = parseRecords(`$TTL 60\na.example. TXT ${field}`);
    expect(records[0]!.data).toEqual({ kind: "TXT", strings: [value] });
  });

  it("TXT keeps several strings", () => {
    expect(parseRecords('$TTL 60\na.example. TXT "one" two "th ree"')[0]!.data).toEqual({
      kind: "TXT",
      strings: ["one", "two", "th ree"],
    });
  });

  it.each([
    ["plain", '"plain"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
    ["!(^.*$)!sip:\\1@10.147.226.2!", '"!(^.*$)!sip:\\\\1@10.147.226.2!"'],
    ["café", '"caf\\195\\169"'],
    ["tab\there", '"tab\\009here"'],
    ["\u007f", '"\\127"'],
    ["; ( ) $ @", '"; ( ) $ @"'],
    ["", '""'],
    ["😀", '"\\240\\159\\152\\128"'],
  ])("renderCharacterString(%j) is %s and reads back", (value, rendered) => {
    expect(renderCharacterString(value)).toBe(rendered);
    expect(parseRecords(`$TTL 60\na.example. TXT ${rendered}`)[0]!.data).toEqual({
      kind: "TXT",
      strings: [value],
    });
  });
});

describe("parseMasterFile: layout (RFC 1035 §5.1)", () => {
  it("parentheses join lines, comments inside them are skipped", () => {
    const text = [
      "$TTL 60",
      "example. IN SOA ns.example. admin.example. ( ; start",
      "   2024010101 ; serial",
      "   1h         ; refresh",
      "   15m        ; retry",
      "   1w         ; expire",
      "   5m )       ; minimum",
      "example. NS ns.example.",
    ].join("\n");
    const records = parseRecords(text);
    expect(records.map((r) => [r.type, r.line])).toEqual([
      ["SOA", 2],
      ["NS", 8],
    ]);
    expect(records[0]!.data).toEqual({
      kind: "SOA",
      mname: "ns.example",
      rname: "admin.example",
      serial: 2024010101,
      refresh: 3600,
      retry: 900,
      expire: 604800,
      minimum: 300,
    });
  });

  it("a NAPTR can span lines", () => {
    const text = `$TTL 60\n1.e164.arpa. NAPTR (\n 1 1\n "u" "E2U+sip"\n "!^.*$!sip:x@y!"\n .\n)`;
    expect(parseRecords(text)[0]!.data).toEqual(NAPTR_DATA);
  });

  it("CRLF line ends read like LF", () => {
    const text = `$ORIGIN e164.arpa.\r\n$TTL 60\r\n1 NAPTR ${RULE} ; c\r\n  NAPTR ${RULE}\r\n\r\n2 A 192.0.2.1\r\n`;
    expect(parseRecords(text).map((r) => [r.name, r.type, r.line])).toEqual([
      ["1.e164.arpa", "NAPTR", 3],
      ["1.e164.arpa", "NAPTR", 4],
      ["2.e164.arpa", "A", 6],
    ]);
  });

  it("a byte-order mark is skipped", () => {
    expect(parseRecords("\ufeff$TTL 60\na.example. A 192.0.2.1")).toHaveLength(1);
  });

  it("an empty file and a comment-only file have no records", () => {
    expect(parseRecords("")).toEqual([]);
    expect(parseRecords("; nothing\n\n   ; here\n")).toEqual([]);
  });

  it("reports the origin it was given, else the first $ORIGIN", () => {
    const withOption = parseMasterFile("$ORIGIN other.\n", { origin: "e164.arpa" });
    const withDirective = parseMasterFile("$ORIGIN e164.arpa.\n$ORIGIN 1\n");
    const without = parseMasterFile("");
    expect(withOption.ok && withOption.value.origin).toBe("e164.arpa");
    expect(withDirective.ok && withDirective.value.origin).toBe("e164.arpa");
    expect(without.ok && without.value.origin).toBe(null);
  });
});

describe("parseMasterFile: record types", () => {
  it.each<[string, string, string, unknown]>([
    ["NAPTR (RFC 3403 §4.1)", `NAPTR ${RULE}`, "NAPTR", NAPTR_DATA],
    [
      "NAPTR with unquoted fields and a relative replacement",
      "NAPTR 10 65535 U E2U+sip !^.*$!sip:x@y! sip",
      "NAPTR",
      { ...NAPTR_DATA, order: 10, preference: 65535, flags: "U", replacement: "sip.e164.arpa" },
    ],
    [
      "NAPTR with order 0",
      'NAPTR 0 0 "" "E2U+sip" "!^.*$!sip:x@y!" .',
      "NAPTR",
      { ...NAPTR_DATA, order: 0, preference: 0, flags: "" },
    ],
    ["TYPE35 is NAPTR (RFC 3597 §5)", `TYPE35 ${RULE}`, "NAPTR", NAPTR_DATA],
    ["lower-case type", `naptr ${RULE}`, "NAPTR", NAPTR_DATA],
    ["NS", "NS ns1", "NS", { kind: "NS", target: "ns1.e164.arpa" }],
    ["CNAME", "CNAME 2.1.e164.arpa.", "CNAME", { kind: "CNAME", target: "2.1.e164.arpa" }],
    ["PTR", "PTR host.example.", "PTR", { kind: "PTR", target: "host.example" }],
    ["A", "A 10.147.226.2", "A", { kind: "A", address: "10.147.226.2" }],
    ["AAAA", "AAAA 2001:DB8::1", "AAAA", { kind: "AAAA", address: "2001:db8::1" }],
    ["AAAA full", "AAAA 2001:db8:0:0:0:0:0:1", "AAAA", { kind: "AAAA", address: "2001:db8:0:0:0:0:0:1" }],
    ["AAAA with IPv4 tail", "AAAA ::ffff:192.0.2.1", "AAAA", { kind: "AAAA", address: "::ffff:192.0.2.1" }],
    ["AAAA ::", "AAAA ::", "AAAA", { kind: "AAAA", address: "::" }],
    ["MX is kept raw", "MX 10 mail", "MX", { kind: "other", fields: ["10", "mail"] }],
    [
      "SRV is kept raw",
      "SRV 0 5 5060 sip.example.",
      "SRV",
      { kind: "other", fields: ["0", "5", "5060", "sip.example."] },
    ],
    [
      "CAA keeps quotes",
      'CAA 0 issue "ca.example"',
      "CAA",
      { kind: "other", fields: ["0", "issue", '"ca.example"'] },
    ],
    [
      "RFC 3597 unknown type",
      "TYPE65280 \\# 4 0A00 0001",
      "TYPE65280",
      { kind: "other", fields: ["\\#", "4", "0A00", "0001"] },
    ],
    ["RFC 3597 empty RDATA", "TYPE65280 \\# 0", "TYPE65280", { kind: "other", fields: ["\\#", "0"] }],
  ])("%s", (_label, rr, type, data) => {
    const records = parseRecords(`$ORIGIN e164.arpa.\n$TTL 60\n1 ${rr}`);
    expect(records[0]!.type).toBe(type);
    expect(records[0]!.data).toEqual(data);
  });
});

describe("parseMasterFile: invalid input is located", () => {
  it.each([
    ["$INCLUDE", "$TTL 60\n$INCLUDE other.db\n", "unsupported-directive", 2, 0],
    ["$GENERATE", "$TTL 60\n\n$GENERATE 1-9 $ A 192.0.2.$\n", "unsupported-directive", 3, 0],
    ["an unknown directive", "$TTL 60\n$FOO bar\n", "unknown-directive", 2, 0],
    ["$ORIGIN without a name", "$ORIGIN\n", "missing-field", 1, 0],
    ["$TTL with two values", "$TTL 60 70\n", "extra-field", 1, 8],
    [
      "a relative name without origin",
      "$TTL 60\n4.3.2.1 NAPTR 1 1 u E2U+sip !x!y! .\n",
      "missing-origin",
      2,
      0,
    ],
    ["@ without origin", "$TTL 60\n@ A 192.0.2.1\n", "missing-origin", 2, 0],
    [
      "a relative replacement without origin",
      "$TTL 60\na. NAPTR 1 1 u E2U+sip !x!y! b\n",
      "missing-origin",
      2,
      29,
    ],
    ["a relative $ORIGIN without origin", "$ORIGIN e164\n", "missing-origin", 1, 8],
    ["an unterminated string", '$TTL 60\na. TXT "abc\nb. TXT "x"\n', "unterminated-string", 2, 7],
    ["an escaped line end in a string", '$TTL 60\na. TXT "abc\\\nb. TXT "x"\n', "unterminated-string", 2, 7],
    ["an unclosed parenthesis", "$TTL 60\na. SOA ns. admin. (\n1 2 3 4 5\n", "unbalanced-parenthesis", 2, 18],
    ["a stray closing parenthesis", "$TTL 60\na. A 192.0.2.1 )\n", "unbalanced-parenthesis", 2, 15],
    ["\\DDD with two digits", '$TTL 60\na. TXT "sip:\\1@h"\n', "bad-escape", 2, 12],
    ["\\DDD above 255", '$TTL 60\na. TXT "\\256"\n', "bad-escape", 2, 8],
    ["a backslash at the end of a line", "$TTL 60\na. TXT abc\\\n", "bad-escape", 2, 10],
    ["a string over 255 bytes", `$TTL 60\na. TXT "${"x".repeat(256)}"\n`, "string-too-long", 2, 8],
    ["a string over 255 UTF-8 bytes", `$TTL 60\na. TXT "${"é".repeat(128)}"\n`, "string-too-long", 2, 8],
    ["invalid UTF-8", '$TTL 60\na. TXT "\\255"\n', "invalid-utf8", 2, 8],
    ["a 64-byte label", `$TTL 60\n${"a".repeat(64)}.example. A 192.0.2.1\n`, "label-too-long", 2, 0],
    ["a 64-byte escaped label", `$TTL 60\nx.${"\\097".repeat(64)}. A 192.0.2.1\n`, "label-too-long", 2, 2],
    ["a name over 255 bytes", `$TTL 60\n${"a.".repeat(128)} A 192.0.2.1\n`, "name-too-long", 2, 0],
    [
      "a name over 255 bytes with the origin",
      `$ORIGIN ${"b.".repeat(100)}\n$TTL 60\n${"a.".repeat(28)}a A 192.0.2.1\n`,
      "name-too-long",
      3,
      0,
    ],
    ["an empty label", "$TTL 60\na..example. A 192.0.2.1\n", "empty-label", 2, 2],
    ["a bad $TTL unit", "$TTL 1x\n", "bad-ttl", 1, 5],
    ["a unit-less tail", "$TTL 1h30\n", "bad-ttl", 1, 5],
    ["a TTL above 2^31-1", "a. 2147483648 A 192.0.2.1\n", "bad-ttl", 1, 3],
    ["two TTLs", "a. 60 70 A 192.0.2.1\n", "duplicate-ttl", 1, 6],
    ["two classes", "$TTL 60\na. IN 60 IN A 192.0.2.1\n", "duplicate-class", 2, 9],
    ["class CH", "$TTL 60\na. CH TXT x\n", "unsupported-class", 2, 3],
    ["an unknown type", "$TTL 60\na. IN NAPRT 1 1 u E2U+sip !x!y! .\n", "unknown-type", 2, 6],
    ["an indented owner", "$TTL 60\nb. A 192.0.2.1\n  a. A 192.0.2.1\n", "unknown-type", 3, 2],
    ["a missing type", "$TTL 60\na. 60 IN\n", "missing-type", 2, 6],
    ["a blank owner first", "$TTL 60\n  A 192.0.2.1\n", "no-owner", 2, 0],
    ["no TTL at all", "a. A 192.0.2.1\n", "no-ttl", 1, 3],
    ["NAPTR order above 65535", "$TTL 60\na. NAPTR 65536 1 u E2U+sip !x!y! .\n", "bad-number", 2, 9],
    ["NAPTR negative preference", "$TTL 60\na. NAPTR 1 -1 u E2U+sip !x!y! .\n", "bad-number", 2, 11],
    ["NAPTR quoted order", '$TTL 60\na. NAPTR "1" 1 u E2U+sip !x!y! .\n', "bad-number", 2, 9],
    ["NAPTR without replacement", '$TTL 60\na. NAPTR 1 1 "u" "E2U+sip" "!x!y!"\n', "missing-field", 2, 27],
    ["NAPTR with an extra field", '$TTL 60\na. NAPTR 1 1 "u" "E2U+sip" "!x!y!" . x\n', "extra-field", 2, 37],
    ["NAPTR quoted replacement", '$TTL 60\na. NAPTR 1 1 "u" "E2U+sip" "!x!y!" "."\n', "bad-name", 2, 35],
    ["NAPTR in generic form", "$TTL 60\na. NAPTR \\# 2 0001\n", "unsupported-generic-rdata", 2, 9],
    [
      "a bad error line inside parentheses",
      "$TTL 60\na. NAPTR (\n 1\n 70000\n u E2U+sip !x!y! . )\n",
      "bad-number",
      4,
      1,
    ],
    ["SOA serial above 2^32-1", "$TTL 60\na. SOA ns. ad. 4294967296 1 2 3 4\n", "bad-number", 2, 15],
    ["SOA timer with a bad unit", "$TTL 60\na. SOA ns. ad. 1 1y 2 3 4\n", "bad-number", 2, 17],
    ["SOA with six fields", "$TTL 60\na. SOA ns. ad. 1 2 3 4\n", "missing-field", 2, 21],
    ["A with a bad octet", "$TTL 60\na. A 192.0.2.256\n", "bad-address", 2, 5],
    ["A with a leading zero", "$TTL 60\na. A 192.0.2.01\n", "bad-address", 2, 5],
    ["AAAA with two gaps", "$TTL 60\na. AAAA 1::2::3\n", "bad-address", 2, 8],
    ["AAAA with nine groups", "$TTL 60\na. AAAA 1:2:3:4:5:6:7:8:9\n", "bad-address", 2, 8],
    ["A with two addresses", "$TTL 60\na. A 192.0.2.1 192.0.2.2\n", "extra-field", 2, 15],
    ["TXT without strings", "$TTL 60\na. TXT\n", "missing-field", 2, 3],
    ["CNAME to a quoted name", '$TTL 60\na. CNAME "b."\n', "bad-name", 2, 9],
    ["generic RDATA of the wrong length", "$TTL 60\na. TYPE65280 \\# 3 0A00\n", "bad-generic-rdata", 2, 16],
    ["generic RDATA that is not hex", "$TTL 60\na. TYPE65280 \\# 1 zz\n", "bad-generic-rdata", 2, 18],
    ["a bad origin option", "", "bad-origin", undefined, undefined],
  ])("%s", (_label, text, code, line, at) => {
    const options = code === "bad-origin" ? { origin: "a..b" } : {};
    const result = parseMasterFile(text, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ code: result.error.code, line: result.error.line, at: result.error.at }).toEqual({
      code,
      line,
      at,
    });
    expect(result.error.message.length).toBeGreaterThan(10);
  });
});

describe("parseMasterFile: the guide's BIND zone (seed 000, e164.arpa.db)", () => {
  const parsed = parseMasterFile(GUIDE_ZONE, { origin: "e164.arpa" });
  const records = parsed.ok ? parsed.value.records : [];

  it("parses: SOA, NS, A and 62 NAPTR records", () => {
    expect(parsed.ok).toBe(true);
    expect(records).toHaveLength(65);
    expect(records.filter((r) => r.type === "NAPTR")).toHaveLength(62);
    expect(records.every((r) => r.ttl === 3600 && r.class === "IN")).toBe(true);
  });

  it("reads the header the way BIND does (relative SOA names get the origin)", () => {
    expect(records.slice(0, 3)).toEqual([
      {
        name: "e164.arpa",
        ttl: 3600,
        class: "IN",
        type: "SOA",
        line: 2,
        data: {
          kind: "SOA",
          mname: "e164.arpa.e164.arpa",
          rname: "ngv-admin@example.com.e164.arpa",
          serial: 2009010910,
          refresh: 3600,
          retry: 3600,
          expire: 3600,
          minimum: 3600,
        },
      },
      {
        name: "e164.arpa",
        ttl: 3600,
        class: "IN",
        type: "NS",
        line: 9,
        data: { kind: "NS", target: "e164.arpa" },
      },
      {
        name: "e164.arpa",
        ttl: 3600,
        class: "IN",
        type: "A",
        line: 10,
        data: { kind: "A", address: "127.0.0.1" },
      },
    ]);
  });

  it.each([
    ["0.7.2.0.5.5.5.2.1.2.e164.arpa", 1, "!(^.*$)!sip:\\1@10.147.226.2!"],
    ["*.7.2.0.5.5.5.2.1.2.e164.arpa", 1, "!(^.*$)!sip:+1\\1@ngv.example.com!"],
    ["*.7.2.0.5.5.5.2.1.2.1.e164.arpa", 1, "!(+^.*$)!sip:\\1@ngv.example.com!"],
    ["*.7.2.0.5.5.5.2.1.2.1.e164.arpa", 2, "!(^.*$)!sip:\\1@10.147.226.2!"],
    ["*.5.5.5.0.5.6.1.e164.arpa", 1, "!+1(^.*$)!sip:\\1@ngv.example.com!"],
    ["*.e164.arpa", 1, "!(^.*$)!sip:\\1@10.147.226.2!"],
  ])("%s order %i has the regexp BIND unescapes: %s", (name, order, regexp) => {
    const rule = records.find((r) => r.name === name && r.data.kind === "NAPTR" && r.data.order === order);
    expect(rule?.data).toEqual({
      kind: "NAPTR",
      order,
      preference: 1,
      flags: "u",
      service: "E2U+sip",
      regexp,
      replacement: ".",
    });
  });
});
