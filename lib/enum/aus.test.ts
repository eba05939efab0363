import { describe, expect, it } from "vitest";
import { DEFAULT_SUFFIX, parseEnumDomain, toAus, toEnumDomain, toSuffix } from "./aus";

describe("toAus: Sprout's Application Unique String (enum-semantics.md §1, RFC 3761 §2.1)", () => {
  it.each([
    // The examples of enum-semantics.md §1.
    ["+1 (650) 555-1234", "+16505551234"],
    ["214+4324", "2144324"],
    ["++12", "+12"],
    ["a+1234", "1234"],
    ["*#", ""],
    // The guide's numbers, with and without the leading +.
    ["2125550270", "2125550270"],
    ["+12125550270", "+12125550270"],
    ["12012031234", "12012031234"],
    // The lookup-service seed's MSISDNs.
    ["+447786852522", "+447786852522"],
    ["+1 339-298-6156", "+13392986156"],
    // Edge cases: nothing, a lone +, separators only, a + that is not first.
    ["", ""],
    ["+", "+"],
    [" +12", "12"],
    ["(212) 555.0270", "2125550270"],
    ["tel-1-2", "12"],
  ])("%j -> %j", (dialed, aus) => {
    expect(toAus(dialed)).toBe(aus);
  });
});

describe("toEnumDomain (RFC 6116 §2.4, the guide's and the lookup service's examples)", () => {
  it.each([
    // The guide: "12012031234 becomes 4.3.2.1.3.0.2.1.0.2.1.e164.arpa".
    ["12012031234", DEFAULT_SUFFIX, "4.3.2.1.3.0.2.1.0.2.1.e164.arpa"],
    // The lookup-service seed: "+447786852522 ... 2.2.5.2.5.8.6.8.7.7.4.4.e164.arpa".
    ["+447786852522", DEFAULT_SUFFIX, "2.2.5.2.5.8.6.8.7.7.4.4.e164.arpa"],
    // The lookup-service seed's request for +13392986156.
    ["+13392986156", DEFAULT_SUFFIX, "6.5.1.6.8.9.2.9.3.3.1.e164.arpa"],
    // The guide's zone names.
    ["2125550270", DEFAULT_SUFFIX, "0.7.2.0.5.5.5.2.1.2.e164.arpa"],
    ["+12125550270", DEFAULT_SUFFIX, "0.7.2.0.5.5.5.2.1.2.1.e164.arpa"],
    // The guide's private suffix (section "ENUM Domain Suffix").
    ["+12125550270", "e164.arpa.ngv.example.com", "0.7.2.0.5.5.5.2.1.2.1.e164.arpa.ngv.example.com"],
    // A configured suffix with dots around it or upper case is normalised.
    ["1201", "e164.arpa.", "1.0.2.1.e164.arpa"],
    ["1201", ".E164.ARPA.", "1.0.2.1.e164.arpa"],
    // Every non-digit is dropped, + included.
    ["+1 (650) 555-1234", DEFAULT_SUFFIX, "4.3.2.1.5.5.5.0.5.6.1.e164.arpa"],
    // A key without digits queries the suffix itself.
    ["+", DEFAULT_SUFFIX, "e164.arpa"],
    ["", DEFAULT_SUFFIX, "e164.arpa"],
    // An empty suffix leaves the bare digits.
    ["123", "", "3.2.1"],
  ])("%j under %j -> %j", (key, suffix, domain) => {
    expect(toEnumDomain(key, suffix)).toBe(domain);
  });

  it("uses e164.arpa when no suffix is given", () => {
    expect(toEnumDomain("12012031234")).toBe("4.3.2.1.3.0.2.1.0.2.1.e164.arpa");
  });

  it.each(["12125550270", "12125550275", "13392986156", "447786852522", "1"])(
    "+%s and %s share a name (a + cannot be in a domain name)",
    (digits) => {
      expect(toEnumDomain(`+${digits}`)).toBe(toEnumDomain(digits));
      expect(toEnumDomain(`+${digits}`, "e164.arpa.ngv.example.com")).toBe(
        toEnumDomain(digits, "e164.arpa.ngv.example.com"),
      );
    },
  );

  it.each([
    ["e164.arpa", "e164.arpa"],
    ["e164.arpa.", "e164.arpa"],
    ["..e164.arpa..", "e164.arpa"],
    ["E164.Arpa", "e164.arpa"],
    ["", ""],
  ])("toSuffix(%j) -> %j", (suffix, normalised) => {
    expect(toSuffix(suffix)).toBe(normalised);
  });
});

describe("parseEnumDomain: the responder's reverse of toEnumDomain", () => {
  it.each([
    ["12012031234", DEFAULT_SUFFIX],
    ["447786852522", DEFAULT_SUFFIX],
    ["13392986156", DEFAULT_SUFFIX],
    ["1", DEFAULT_SUFFIX],
    ["12125550270", "e164.arpa.ngv.example.com"],
    ["650555", "e164.arpa."],
  ])("round trips %j under %j", (digits, suffix) => {
    expect(parseEnumDomain(toEnumDomain(digits, suffix), suffix)).toBe(digits);
  });

  it.each<[string, string, string | null]>([
    ["4.3.2.1.3.0.2.1.0.2.1.e164.arpa", DEFAULT_SUFFIX, "12012031234"],
    // A trailing dot (absolute name) and upper case are accepted.
    ["6.5.1.6.8.9.2.9.3.3.1.e164.arpa.", DEFAULT_SUFFIX, "13392986156"],
    ["2.2.5.2.5.8.6.8.7.7.4.4.E164.ARPA", DEFAULT_SUFFIX, "447786852522"],
    ["0.7.2.0.5.5.5.2.1.2.1.e164.arpa.ngv.example.com", "e164.arpa.ngv.example.com", "12125550270"],
    ["3.2.1.e164.arpa", "e164.arpa.", "123"],
    // The apex stands for the empty number.
    ["e164.arpa", DEFAULT_SUFFIX, ""],
    ["e164.arpa.", DEFAULT_SUFFIX, ""],
    ["e164.arpa.ngv.example.com", "e164.arpa.ngv.example.com", ""],
    // Rejections: a label that is not one digit, or the wrong suffix.
    ["a.2.1.e164.arpa", DEFAULT_SUFFIX, null],
    ["*.2.1.e164.arpa", DEFAULT_SUFFIX, null],
    ["12.1.e164.arpa", DEFAULT_SUFFIX, null],
    ["3..1.e164.arpa", DEFAULT_SUFFIX, null],
    ["3.2.1.e164.org", DEFAULT_SUFFIX, null],
    ["3.2.1.xe164.arpa", DEFAULT_SUFFIX, null],
    ["3.2.1.e164.arpa", "e164.arpa.ngv.example.com", null],
    ["3.2.1.e164.arpa.ngv.example.com", DEFAULT_SUFFIX, null],
    ["example.com", DEFAULT_SUFFIX, null],
  ])("%j under %j -> %j", (domain, suffix, digits) => {
    expect(parseEnumDomain(domain, suffix)).toBe(digits);
  });
});
