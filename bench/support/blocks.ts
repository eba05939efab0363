// Number blocks for the benchmarks: realistic shapes, generated from a seed so runs compare.
import type { ConsoleBlock } from "@/lib/enum/ruleset";
import type { Rng } from "@/test/support/enum-patterns";

/** The regex styles of Clearwater deployments: copy-through, strip +1, capture the subscriber. */
export const BENCH_REGEXES: readonly string[] = [
  "!(^.*$)!sip:\\1@10.147.226.2!",
  "!^(.*)$!sip:\\1@ngv.example.com!",
  "!^\\+?1?(\\d{10})$!sip:+1\\1@ngv.example.com!",
  "!^\\+?(.*)$!sip:\\1@trunk.example.net;user=phone!",
  "!^\\+?([0-9]+)$!sip:\\1@pbx.example.org;user=phone!",
  "!^(\\+?)([0-9]{1,3})([0-9]+)$!sip:\\1\\2\\3@cc\\2.example.net!",
];

/** `n` random digits. */
export function toRandomDigits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

/**
 * A catch-all plus NANP ranges (national NXX prefixes of 6 to 8 digits, 40% also written
 * +1...), each with one of `regexes`: the shape the zone compiler and responder see.
 */
export function createNanpBlocks(rng: Rng, count: number, regexes: readonly string[]): ConsoleBlock[] {
  const toBlock = (id: string, name: string, prefix: string, regex: string): ConsoleBlock => ({
    id,
    name,
    prefix,
    regex,
    enumservice: "E2U+sip",
    extraRules: [],
    enabled: true,
  });
  const blocks = [toBlock("catch-all", "catch-all", "", regexes[0]!)];
  const seen = new Set([""]);
  while (blocks.length < count) {
    const national = `${2 + rng.int(8)}${toRandomDigits(rng, 2)}${toRandomDigits(rng, 3 + rng.int(3))}`;
    const prefix = rng.chance(0.4) ? `+1${national}` : national;
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    blocks.push(toBlock(`b${blocks.length}`, `range ${blocks.length}`, prefix, rng.pick(regexes)));
  }
  return blocks;
}
