import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnumJson } from "@/lib/enum/enum-json";
import { renderEnumJson } from "./enum-json";

describe("renderEnumJson", () => {
  const guide = parseEnumJson(
    readFileSync(new URL("../../test/fixtures/guide/enum.json", import.meta.url), "utf8"),
  );
  if (!guide.ok) throw new Error(guide.error.message);
  const blocks = guide.value.entries.map((e) => e.block!);

  it("round-trips the guide's file: import -> export -> import gives the same blocks", () => {
    const again = parseEnumJson(renderEnumJson(blocks));
    expect(again.ok && again.value.entries.map((e) => e.block)).toEqual(blocks);
  });

  it("is byte-identical across runs and escapes backslashes as JSON requires", () => {
    const text = renderEnumJson(blocks);
    expect(renderEnumJson(blocks)).toBe(text);
    expect(text).toContain('"regex": "!(^.*$)!sip:\\\\1@10.147.226.2!"');
  });

  it("renders an empty set as an empty number_blocks array", () => {
    expect(renderEnumJson([])).toBe('{\n  "number_blocks": []\n}\n');
  });
});
