import { describe, expect, it } from "vitest";
import { createCidrMatcher, parseCidrMatcher, toClientPrefix } from "./cidr";

describe("createCidrMatcher", () => {
  const matcher = createCidrMatcher(["127.0.0.0/8", "192.0.2.0/24", "2001:db8::/32", "::1"]);

  it.each([
    ["127.0.0.1", true],
    ["127.255.1.2", true],
    ["192.0.2.200", true],
    ["192.0.3.1", false],
    ["10.0.0.1", false],
    ["::ffff:127.0.0.2", true],
    ["::FFFF:192.0.2.9", true],
    ["::ffff:10.0.0.1", false],
    ["::1", true],
    ["::2", false],
    ["2001:db8:1::5", true],
    ["2001:db9::5", false],
    ["not an address", false],
  ])("%s -> %s", (address, expected) => {
    expect(matcher.contains(address)).toBe(expected);
  });

  it("answers repeated and alternating addresses alike (the last answer is remembered)", () => {
    const addresses = ["127.0.0.1", "127.0.0.1", "10.0.0.1", "10.0.0.1", "127.0.0.1", "::1", "::2", "::1"];
    expect(addresses.map((address) => matcher.contains(address))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it("normalizes bare addresses to host prefixes", () => {
    expect(matcher.prefixes).toEqual(["127.0.0.0/8", "192.0.2.0/24", "2001:db8::/32", "::1/128"]);
  });

  it("matches nothing when empty", () => {
    const empty = createCidrMatcher([]);
    expect(empty.isEmpty).toBe(true);
    expect(empty.contains("127.0.0.1")).toBe(false);
  });

  it("throws naming each bad entry", () => {
    expect(() => createCidrMatcher(["10.0.0.0/8", "10.0.0.300"])).toThrow(/entry 2 "10\.0\.0\.300"/);
    expect(parseCidrMatcher(["x", "1.2.3.4/99"])).toMatch(/entry 1 "x".*; entry 2 "1\.2\.3\.4\/99"/);
  });
});

describe("toClientPrefix (BIND RRL's /24 and /56)", () => {
  it.each([
    ["192.0.2.77", "192.0.2.0/24"],
    ["::ffff:192.0.2.77", "192.0.2.0/24"],
    ["2001:db8:aa:bbcc:1::1", "2001:db8:aa:bb00::/56"],
    ["::1", "::/56"],
    ["junk", "junk"],
  ])("%s -> %s", (address, prefix) => {
    expect(toClientPrefix(address)).toBe(prefix);
  });

  it("takes other prefix lengths", () => {
    expect(toClientPrefix("192.0.2.77", 16)).toBe("192.0.0.0/16");
  });
});
