// A CompiledRegex must work wherever it travels: Next instantiates lib/enum once per bundle,
// and the rule snapshot (with its compiled regexes) is shared across bundles on globalThis.
import { describe, expect, it, vi } from "vitest";
import { compileRegex } from "./compile";
import { searchRegex } from "./search";
import type { CompiledRegex } from "./types";

function compileOrThrow(pattern: string): CompiledRegex {
  const result = compileRegex(pattern, "sprout");
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("compiled regexes across module instances", () => {
  it("matches with a regex compiled by another instance of the module", async () => {
    vi.resetModules();
    const other = await import("./compile");
    const foreign = other.compileRegex("^(21255502)(7.)$", "sprout");
    if (!foreign.ok) throw new Error(foreign.error.message);
    const match = searchRegex(foreign.value, "2125550275", 0);
    expect(match?.groups).toEqual([
      [0, 10],
      [0, 8],
      [8, 10],
    ]);
  });

  it("matches with a structural copy of a compiled regex", () => {
    const copy = { ...compileOrThrow("^\\+?1?(650)") };
    expect(searchRegex(copy, "+16505551234", 0)?.groups[1]).toEqual([2, 5]);
  });
});
