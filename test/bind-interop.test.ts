// Our live-server client against real BIND: master-file NAPTR records (escapes, a wildcard)
// must come back the way Sprout would read them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createServerSource } from "@/lib/dns/client";
import type { NaptrRule } from "@/lib/enum/naptr";
import { describeWithBind, startBind, type BindServer } from "@/test/support/bind";

const ZONE = String.raw`$TTL 300
@       IN SOA  ns.example.test. hostmaster.example.test. 1 3600 600 86400 60
@       IN NS   ns.example.test.
; +1 212 555 0270: two rules, master-file escapes ("\\1" is one backslash on the wire)
0.7.2.0.5.5.5.2.1.2.1   IN NAPTR 10 100 "u" "E2U+sip"      "!^(.*)$!sip:\\1@exact.example!" .
0.7.2.0.5.5.5.2.1.2.1   IN NAPTR 20 100 "u" "E2U+pstn:tel" "!^(.*)$!tel:\\1!" .
; +1 212 555 99xx: a wildcard (RFC 4592)
*.9.9.5.5.5.2.1.2.1     IN NAPTR 10 100 "u" "E2U+sip"      "!^\\+?(.*)$!sip:\\1@wild.example!" .
; +1 212 555 1111: the name exists, but without NAPTR
1.1.1.1.5.5.5.2.1.2.1   IN TXT   "no naptr here"
`;

/** A name with enough NAPTRs that BIND must truncate over UDP (no EDNS: 512 bytes). */
const BIG_OWNER = "8.8.8.8.5.5.5.2.1.2.1";
const BIG_RULES = Array.from(
  { length: 12 },
  (_, i) =>
    `${BIG_OWNER} IN NAPTR 10 ${i} "u" "E2U+sip" "!^(.*)$!sip:\\\\1@a-long-host-name-number-${i}.example.com!" .`,
).join("\n");

const SUFFIX = "5.5.5.2.1.2.1.e164.arpa";

describeWithBind("BIND interop: createServerSource against named", () => {
  let bind: BindServer;

  beforeAll(async () => {
    bind = await startBind([{ origin: "e164.arpa", text: `${ZONE}${BIG_RULES}\n` }]);
  });

  afterAll(async () => {
    await bind.stop();
  });

  const rule = (regexp: string, extra: Partial<NaptrRule> = {}): NaptrRule => ({
    order: 10,
    preference: 100,
    flags: "u",
    service: "E2U+sip",
    regexp,
    replacement: ".",
    ttl: 300,
    ...extra,
  });

  it.each([false, true])("answers an exact name (tcp: %s) with byte-exact regexps", async (tcp) => {
    const name = `0.7.2.0.${SUFFIX}`;
    const result = await createServerSource([bind.address], { tcp }).lookup(name);
    expect(result).toMatchObject({ kind: "answer", owner: name });
    const rules = result.kind === "answer" ? [...result.rules].sort((a, b) => a.order - b.order) : [];
    expect(rules).toEqual([
      rule("!^(.*)$!sip:\\1@exact.example!"),
      rule("!^(.*)$!tel:\\1!", { order: 20, service: "E2U+pstn:tel" }),
    ]);
    expect(result.attempts).toEqual([
      expect.objectContaining({ server: bind.address, outcome: "NOERROR", transport: tcp ? "tcp" : "udp" }),
    ]);
  });

  it("answers a wildcard-covered name with the query name as owner", async () => {
    const name = `4.3.9.9.${SUFFIX}`;
    const result = await createServerSource([bind.address]).lookup(name);
    expect(result).toMatchObject({
      kind: "answer",
      owner: name,
      rules: [rule("!^\\+?(.*)$!sip:\\1@wild.example!")],
    });
  });

  it.each([
    ["a name that does not exist", `9.9.9.9.9.1.4.4.e164.arpa`, "nxdomain"],
    ["a name with only a TXT record", `1.1.1.1.${SUFFIX}`, "nodata"],
    ["an empty non-terminal", SUFFIX, "nodata"],
    ["the zone apex", "e164.arpa", "nodata"],
  ])("classifies %s", async (_label, name, kind) => {
    const result = await createServerSource([bind.address]).lookup(name);
    expect(result.kind).toBe(kind);
    expect(result.attempts?.map((a) => a.outcome)).toEqual([kind === "nxdomain" ? "NXDOMAIN" : "NOERROR"]);
  });

  it("retries BIND's truncated UDP answer over TCP", async () => {
    const result = await createServerSource([bind.address]).lookup(`${BIG_OWNER}.e164.arpa`);
    expect(result.kind).toBe("answer");
    expect(result.kind === "answer" && result.rules).toHaveLength(12);
    expect(result.attempts?.map((a) => `${a.transport ?? "?"} ${a.outcome}`)).toEqual([
      "udp NOERROR",
      "tcp NOERROR",
    ]);
  });

  it("reports REFUSED as a failure for a name outside its zones", async () => {
    const result = await createServerSource([bind.address]).lookup("1.2.3.example.org");
    expect(result).toMatchObject({ kind: "failure", rcode: "REFUSED" });
  });
});
