import { describe, expect, it } from "vitest";
import { createRateLimiter, type RrlResponse, type RrlVerdict } from "./rrl";

/** A clock the test moves by hand. */
function createClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const ANSWER: RrlResponse = {
  client: "192.0.2.10",
  rcode: 0,
  name: "*.5.5.5.0.5.6.e164.arpa",
  qtype: "NAPTR",
  zone: "e164.arpa",
};

function checkMany(
  check: (r: RrlResponse) => RrlVerdict,
  response: RrlResponse,
  count: number,
): RrlVerdict[] {
  return Array.from({ length: count }, () => check(response));
}

describe("createRateLimiter", () => {
  it("sends responsesPerSecond, then slips every Nth limited response and drops the rest", () => {
    const clock = createClock();
    const rrl = createRateLimiter({ responsesPerSecond: 5, slip: 2, exempt: [] }, { now: clock.now });
    const verdicts = checkMany((r) => rrl.check(r), ANSWER, 11);
    expect(verdicts).toEqual([
      ...Array<RrlVerdict>(5).fill("send"),
      "drop",
      "slip",
      "drop",
      "slip",
      "drop",
      "slip",
    ]);
    expect(rrl.stats).toMatchObject({ limited: 6, slipped: 3, dropped: 3, buckets: 1 });
  });

  it("slip 0 drops every limited response; slip 1 slips every one", () => {
    for (const [slip, expected] of [
      [0, "drop"],
      [1, "slip"],
    ] as const) {
      const rrl = createRateLimiter({ responsesPerSecond: 1, slip, exempt: [] }, { now: createClock().now });
      expect(checkMany((r) => rrl.check(r), ANSWER, 4)).toEqual(["send", expected, expected, expected]);
    }
  });

  it("earns credit back with time, up to one second's worth", () => {
    const clock = createClock();
    const rrl = createRateLimiter({ responsesPerSecond: 4, slip: 0, exempt: [] }, { now: clock.now });
    expect(checkMany((r) => rrl.check(r), ANSWER, 4)).toEqual(Array(4).fill("send"));
    expect(rrl.check(ANSWER)).toBe("drop");
    // The drop cost a credit too: half a second earns 2, one of which repays the debt.
    clock.advance(500);
    expect(checkMany((r) => rrl.check(r), ANSWER, 2)).toEqual(["send", "drop"]);
    // A long quiet spell refills to the rate, never beyond.
    clock.advance(60_000);
    expect(checkMany((r) => rrl.check(r), ANSWER, 5)).toEqual(["send", "send", "send", "send", "drop"]);
  });

  it("keeps a flood limited for the window after it stops", () => {
    const clock = createClock();
    const rrl = createRateLimiter(
      { responsesPerSecond: 10, slip: 0, exempt: [] },
      { now: clock.now, windowSeconds: 3 },
    );
    checkMany((r) => rrl.check(r), ANSWER, 1000);
    // Debt is capped at 3 s of credit: 2.9 s later still limited, 3.1 s later sending again.
    clock.advance(2900);
    expect(rrl.check(ANSWER)).toBe("drop");
    clock.advance(3200);
    expect(rrl.check(ANSWER)).toBe("send");
  });

  it("keys buckets by client /24 and by response kind", () => {
    const rrl = createRateLimiter({ responsesPerSecond: 1, slip: 0, exempt: [] }, { now: createClock().now });
    expect(rrl.check(ANSWER)).toBe("send");
    // Same /24, same answer: the same bucket.
    expect(rrl.check({ ...ANSWER, client: "192.0.2.99" })).toBe("drop");
    // Another /24, another type, another name: their own buckets.
    expect(rrl.check({ ...ANSWER, client: "192.0.3.10" })).toBe("send");
    expect(rrl.check({ ...ANSWER, qtype: "SOA" })).toBe("send");
    expect(rrl.check({ ...ANSWER, name: "0.7.2.0.5.5.5.2.1.2.e164.arpa" })).toBe("send");
    // Names compare without case.
    expect(rrl.check({ ...ANSWER, name: "*.5.5.5.0.5.6.E164.ARPA" })).toBe("drop");
    // Every NXDOMAIN in the zone shares one bucket, whatever the name; so do all errors.
    expect(rrl.check({ ...ANSWER, rcode: 3, name: "1.e164.arpa" })).toBe("send");
    expect(rrl.check({ ...ANSWER, rcode: 3, name: "2.e164.arpa" })).toBe("drop");
    expect(rrl.check({ ...ANSWER, rcode: 5, name: "example.com" })).toBe("send");
    expect(rrl.check({ ...ANSWER, rcode: 1, name: null })).toBe("drop");
    // IPv6 clients group by /56.
    expect(rrl.check({ ...ANSWER, client: "2001:db8:0:100::1" })).toBe("send");
    expect(rrl.check({ ...ANSWER, client: "2001:db8:0:1ff::2" })).toBe("drop");
    expect(rrl.check({ ...ANSWER, client: "2001:db8:0:200::1" })).toBe("send");
  });

  it("never limits exempt clients, nor anyone when the rate is 0", () => {
    const exempt = createRateLimiter(
      { responsesPerSecond: 1, slip: 0, exempt: ["192.0.2.0/24"] },
      { now: createClock().now },
    );
    expect(checkMany((r) => exempt.check(r), ANSWER, 50)).toEqual(Array(50).fill("send"));
    expect(exempt.check({ ...ANSWER, client: "198.51.100.1" })).toBe("send");
    expect(exempt.check({ ...ANSWER, client: "198.51.100.1" })).toBe("drop");
    const off = createRateLimiter({ responsesPerSecond: 0, slip: 2, exempt: [] }, { now: createClock().now });
    expect(checkMany((r) => off.check(r), ANSWER, 50)).toEqual(Array(50).fill("send"));
  });

  it("holds at most maxEntries buckets, evicting the oldest", () => {
    const rrl = createRateLimiter(
      { responsesPerSecond: 1, slip: 0, exempt: [] },
      { now: createClock().now, maxEntries: 100 },
    );
    for (let i = 0; i < 1000; i++) rrl.check({ ...ANSWER, name: `${i}.e164.arpa` });
    expect(rrl.stats.buckets).toBe(100);
    // The newest bucket survived (still limited); the first was evicted (fresh credit).
    expect(rrl.check({ ...ANSWER, name: "999.e164.arpa" })).toBe("drop");
    expect(rrl.check({ ...ANSWER, name: "0.e164.arpa" })).toBe("send");
  });
});
