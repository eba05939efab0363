import * as dnsPacket from "dns-packet";
import { describe, expect, it } from "vitest";
import { encodeTestQuery } from "@/test/support/dns-queries";
import { createGuard, toRefusedReply, toSlipReply } from "./guard";
import { DEFAULT_DNS_POLICY, type DnsPolicy } from "./policy";

const ANSWER = { client: "192.0.2.1", rcode: 0, name: "1.e164.arpa", qtype: "NAPTR", zone: "e164.arpa" };

describe("createGuard", () => {
  it("admits by allowQuery (empty admits all) and allowTransfer, counting refusals", () => {
    const guard = createGuard(() => 0);
    const open: DnsPolicy = { ...DEFAULT_DNS_POLICY, allowQuery: [] };
    expect(guard.admitQuery(open, "198.51.100.7")).toBe(true);
    const closed: DnsPolicy = { ...DEFAULT_DNS_POLICY, allowQuery: ["10.0.0.0/8"] };
    expect(guard.admitQuery(closed, "198.51.100.7")).toBe(false);
    expect(guard.admitQuery(closed, "10.9.9.9")).toBe(true);
    expect(guard.admitTransfer(closed, "::1")).toBe(true);
    expect(guard.admitTransfer(closed, "10.9.9.9")).toBe(false);
    expect(guard.stats).toMatchObject({ refusedQueries: 1, refusedTransfers: 1 });
  });

  it("refuses everything under a policy whose CIDRs do not parse, and says why", () => {
    const guard = createGuard(() => 0);
    const broken: DnsPolicy = { ...DEFAULT_DNS_POLICY, allowQuery: ["10.0.0.300"] };
    expect(guard.admitQuery(broken, "127.0.0.1")).toBe(false);
    expect(guard.admitTransfer(broken, "127.0.0.1")).toBe(false);
    expect(guard.describeError(broken)).toMatch(/entry 1 "10\.0\.0\.300"/);
  });

  it("keeps the rate limiter's buckets when an equal policy object arrives, and resets them when RRL changes", () => {
    const guard = createGuard(() => 0);
    const policy = (rps: number): DnsPolicy => ({
      ...DEFAULT_DNS_POLICY,
      rrl: { responsesPerSecond: rps, slip: 0, exempt: [] },
    });
    expect(guard.limit(policy(1), ANSWER)).toBe("send");
    // A new but equal object (as a settings reload makes): the same bucket, still spent.
    expect(guard.limit(policy(1), ANSWER)).toBe("drop");
    // Another rate: a fresh limiter.
    expect(guard.limit(policy(2), ANSWER)).toBe("send");
    expect(guard.stats).toMatchObject({ rrlLimited: 1, rrlDropped: 1, rrlSlipped: 0 });
  });
});

describe("replies", () => {
  it("REFUSED echoes the question, RD and the ID, and drops responses", () => {
    const query = encodeTestQuery({ id: 77, name: "1.2.e164.arpa", flags: 0x0100 });
    const refused = toRefusedReply(query)!;
    expect(refused.readUInt16BE(2) & 0x0f).toBe(5);
    expect(dnsPacket.decode(refused)).toMatchObject({
      id: 77,
      flag_qr: true,
      flag_rd: true,
      questions: [{ name: "1.2.e164.arpa", type: "NAPTR" }],
      answers: [],
    });
    expect(toRefusedReply(encodeTestQuery({ flags: 0x8000 }))).toBeNull();
    // A header whose question does not parse: header only.
    expect(toRefusedReply(encodeTestQuery({ counts: { qd: 2 } }))?.length).toBe(12);
  });

  it("a slipped reply keeps header and question, sets TC and clears every record", () => {
    const reply = dnsPacket.encode({
      type: "response",
      id: 9,
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [{ name: "e164.arpa", type: "SOA" }],
      answers: [
        {
          name: "e164.arpa",
          type: "SOA",
          data: { mname: "a.", rname: "b.", serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 },
        },
      ],
    });
    const slipped = dnsPacket.decode(toSlipReply(reply));
    expect(slipped).toMatchObject({ id: 9, flag_tc: true, flag_aa: true, answers: [], authorities: [] });
    expect(slipped.questions).toEqual([{ name: "e164.arpa", type: "SOA", class: "IN" }]);
  });
});
