import { describe, expect, it } from "vitest";
import { parseCidr, parseCidrList, parseIpAddress, toAddressText } from "./cidr";

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/8", 4, "10.0.0.0", 8],
    ["192.0.2.7", 4, "192.0.2.7", 32],
    ["0.0.0.0/0", 4, "0.0.0.0", 0],
    [" 127.0.0.0/8 ", 4, "127.0.0.0", 8],
    ["::1", 6, "::1", 128],
    ["::/0", 6, "::", 0],
    ["2001:DB8::/32", 6, "2001:db8::", 32],
    ["2001:db8:0:0:1:0:0:1/128", 6, "2001:db8::1:0:0:1", 128],
    ["::ffff:192.0.2.0/120", 6, "::ffff:c000:200", 120],
    ["fe80::/10", 6, "fe80::", 10],
  ])("%s -> %s family, %s/%s", (text, family, network, prefixLength) => {
    const parsed = parseCidr(text);
    expect(parsed.ok && [parsed.value.family, parsed.value.network, parsed.value.prefixLength]).toEqual([
      family,
      network,
      prefixLength,
    ]);
  });

  it.each([
    ["", "cidr-empty"],
    ["10.0.0", "cidr-address"],
    ["10.0.0.256", "cidr-address"],
    ["010.0.0.1", "cidr-address"],
    ["example.net", "cidr-address"],
    ["1:2:3:4:5:6:7:8:9", "cidr-address"],
    ["1::2::3", "cidr-address"],
    ["fe80::1%eth0", "cidr-address"],
    ["10.0.0.0/33", "cidr-length"],
    ["10.0.0.0/", "cidr-length"],
    ["10.0.0.0/-1", "cidr-length"],
    ["::/129", "cidr-length"],
    ["10.1.2.3/8", "cidr-host-bits"],
    ["2001:db8::1/32", "cidr-host-bits"],
  ])("refuses %j (%s)", (text, code) => {
    const parsed = parseCidr(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it("suggests the network when host bits are set", () => {
    const parsed = parseCidr("10.1.2.3/8");
    expect(parsed.ok ? "" : parsed.error.message).toContain("10.0.0.0/8");
  });
});

describe("parseCidrList", () => {
  it("names every bad entry with its position", () => {
    const parsed = parseCidrList(["10.0.0.0/8", "nope", "::1", "1.2.3.4/40"]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((issue) => [issue.index, issue.entry, issue.code])).toEqual([
      [1, "nope", "cidr-address"],
      [3, "1.2.3.4/40", "cidr-length"],
    ]);
  });

  it("returns every prefix of a good list", () => {
    const parsed = parseCidrList(["10.0.0.0/8", "::1"]);
    expect(parsed.ok && parsed.value.map((c) => `${c.network}/${c.prefixLength}`)).toEqual([
      "10.0.0.0/8",
      "::1/128",
    ]);
  });
});

describe("IPv6 text (RFC 4291 §2.2, RFC 5952)", () => {
  it.each([
    ["::", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["::192.0.2.1", "::c000:201"],
  ])("%s round-trips as %s", (text, expected) => {
    const bytes = parseIpAddress(text);
    expect(bytes).not.toBeNull();
    expect(toAddressText(bytes!)).toBe(expected);
  });
});
