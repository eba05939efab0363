import { describe, expect, it } from "vitest";
import { findBlockForAus, toJsonRuleTable } from "./json-path";
import type { NumberBlock } from "./number-block";
import { createRng } from "@/test/support/enum-patterns";

/** Sprout's JSONEnumService::prefix_match, literally: reverse byte order, first P agreeing on min(len) chars. */
function walkLikeSprout(prefixes: readonly string[], aus: string): string | null {
  const ordered = [...new Set(prefixes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).reverse();
  for (const p of ordered) {
    const len = Math.min(aus.length, p.length);
    if (aus.slice(0, len) === p.slice(0, len)) return p;
  }
  return null;
}

describe("findBlockForAus agrees with Sprout's literal reverse walk", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("random prefix set, seed %i", (seed) => {
    const rng = createRng(seed);
    const random = (): number => rng.next();
    // Small alphabets force shared prefixes, exact hits and the short-number quirk.
    const word = (max: number): string => {
      let s = random() < 0.3 ? "+" : "";
      const n = Math.floor(random() * max);
      for (let i = 0; i < n; i++) s += "0123"[Math.floor(random() * 4)]!;
      return s;
    };
    const prefixes = Array.from({ length: 1 + Math.floor(random() * 40) }, () => word(6));
    const blocks: NumberBlock[] = prefixes.map((prefix, i) => ({
      name: `b${i}`,
      prefix,
      regex: "!(.*)!sip:\\1@h!",
    }));
    const table = toJsonRuleTable(blocks, "sprout");
    for (let q = 0; q < 400; q++) {
      const aus = word(8);
      const expected = walkLikeSprout(prefixes, aus);
      const got = findBlockForAus(table, aus).block?.clientPrefix ?? null;
      expect(got, `prefixes ${JSON.stringify(prefixes)}, AUS "${aus}"`).toBe(expected);
    }
  });

  it("reports the short-number quirk only when the chosen prefix is longer than the AUS", () => {
    const table = toJsonRuleTable(
      [
        { name: "a", prefix: "2125550270", regex: "!(.*)!x!" },
        { name: "b", prefix: "2125550280", regex: "!(.*)!x!" },
        { name: "c", prefix: "", regex: "!(.*)!x!" },
      ],
      "sprout",
    );
    const quirk = findBlockForAus(table, "212");
    expect(quirk.block?.clientPrefix).toBe("2125550280");
    expect(quirk.shortNumberQuirk).toBe(true);
    expect(quirk.longestPrefixBlock?.clientPrefix).toBe("");
    const exact = findBlockForAus(table, "2125550270");
    expect(exact.block?.clientPrefix).toBe("2125550270");
    expect(exact.shortNumberQuirk).toBe(false);
  });
});
