import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnumJson } from "./enum-json";

const GUIDE_JSON = readFileSync(new URL("../../test/fixtures/guide/enum.json", import.meta.url), "utf8");

describe("parseEnumJson: the guide's enum.json (seed 000)", () => {
  it("reads all eight blocks in file order, with names", () => {
    const parsed = parseEnumJson(GUIDE_JSON);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.entries.map((e) => e.problem)).toEqual(Array(8).fill(null));
    expect(parsed.value.entries.map((e) => e.block)).toEqual([
      { name: "Demo system number 2125550270", prefix: "2125550270", regex: "!(^.*$)!sip:\\1@10.147.226.2!" },
      {
        name: "Clearwater external numbers 2125550271-9",
        prefix: "212555027",
        regex: "!(^.*$)!sip:+1\\1@ngv.example.com!",
      },
      {
        name: "Clearwater external numbers +12125550271-9",
        prefix: "+1212555027",
        regex: "!(^.*$)!sip:\\1@ngv.example.com!",
      },
      {
        name: "Clearwater external number 2125550280",
        prefix: "2125550280",
        regex: "!(^.*$)!sip:+1\\1@ngv.example.com!",
      },
      {
        name: "Clearwater external number +12125550280",
        prefix: "+12125550280",
        regex: "!(^.*$)!sip:\\1@ngv.example.com!",
      },
      { name: "Clearwater internal numbers", prefix: "650555", regex: "!(^.*$)!sip:\\1@ngv.example.com!" },
      {
        name: "Clearwater internal numbers dialled with +1 prefix",
        prefix: "+1650555",
        regex: "!+1(^.*$)!sip:\\1@ngv.example.com!",
      },
      { name: "NANP => SIP trunk", prefix: "", regex: "!(^.*$)!sip:\\1@10.147.226.2!" },
    ]);
  });

  it("locates each block where its object starts", () => {
    const parsed = parseEnumJson(GUIDE_JSON);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const lines = GUIDE_JSON.split("\n");
    for (const entry of parsed.value.entries) {
      expect(GUIDE_JSON[entry.at]).toBe("{");
      expect(lines[entry.line - 1]![entry.column - 1]).toBe("{");
      expect(entry.index).toBe(parsed.value.entries.indexOf(entry));
    }
    expect(parsed.value.entries.map((e) => e.line)).toEqual([3, 7, 12, 17, 22, 27, 31, 35]);
  });
});

describe("parseEnumJson: whole-file rejections (Sprout keeps its old rules)", () => {
  it.each<[string, string, string, number, number | undefined, string | undefined]>([
    // [why, text, code, at, line, text the message contains]
    ["empty", "", "json-empty", 0, undefined, undefined],
    ["white space only", "  \n\t\r\n", "json-empty", 0, undefined, undefined],
    ["unclosed object", "{", "json-syntax", 1, 1, "(line 1, column 2)"],
    [
      "trailing comma (rapidjson is strict)",
      '{\n  "number_blocks": [\n    {"prefix": "1", "regex": "!a!b!",}\n  ]\n}',
      "json-syntax",
      60,
      3,
      "(line 3, column 38)",
    ],
    ["text after the object", '{"number_blocks": []} x', "json-syntax", 22, 1, "(line 1, column 23)"],
    ["a comment", '// rules\n{"number_blocks": []}', "json-syntax", 0, 1, "(line 1, column 1)"],
    ["single quotes", "{'number_blocks': []}", "json-syntax", 1, 1, "(line 1, column 2)"],
    ["root is an array", "[]", "json-root", 0, 1, "not an array"],
    ["root is null", "null", "json-root", 0, 1, "not null"],
    ["root is a string", '"rules"', "json-root", 0, 1, "not a string"],
    ["no number_blocks", "{}", "json-missing-number-blocks", 0, 1, '"number_blocks"'],
    [
      "number_blocks misspelt",
      '{\n  "number_block": []\n}',
      "json-missing-number-blocks",
      0,
      1,
      '"number_blocks"',
    ],
    [
      "number_blocks is an object",
      '{"number_blocks": {}}',
      "json-number-blocks-not-array",
      18,
      1,
      "not an object",
    ],
    ["number_blocks is null", '{"number_blocks": null}', "json-number-blocks-not-array", 18, 1, "not null"],
    [
      "number_blocks is a string, on line 2",
      '{\n  "number_blocks": "none"\n}',
      "json-number-blocks-not-array",
      21,
      2,
      "(line 2, column 20)",
    ],
  ])("%s", (_why, text, code, at, line, says) => {
    const parsed = parseEnumJson(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.at).toBe(at);
    expect(parsed.error.line).toBe(line);
    if (says !== undefined) expect(parsed.error.message).toContain(says);
  });

  it("accepts an empty number_blocks array", () => {
    expect(parseEnumJson('{"number_blocks": []}')).toEqual({ ok: true, value: { entries: [] } });
  });

  it("ignores members it does not know", () => {
    const parsed = parseEnumJson(
      '{"version": 2, "number_blocks": [{"prefix": "1", "regex": "!a!b!", "x": 1}]}',
    );
    expect(parsed.ok && parsed.value.entries[0]!.block).toEqual({ name: "", prefix: "1", regex: "!a!b!" });
  });
});

describe("parseEnumJson: per-block problems (Sprout skips the block)", () => {
  const text = [
    "{",
    '  "number_blocks": [',
    "    1,",
    '    { "regex": "!a!b!" },',
    '    { "prefix": 1, "regex": "!a!b!" },',
    '    { "prefix": "1" },',
    '    { "prefix": "1", "regex": null },',
    '    { "prefix": "12", "regex": "!a!b!" },',
    '    { "name": 5, "prefix": "13", "regex": "!a!b!" },',
    '    ["prefix", "regex"],',
    '    { "name": "n", "prefix": "14", "regex": ["!a!b!"] }',
    "  ]",
    "}",
  ].join("\n");
  const parsed = parseEnumJson(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const entries = parsed.value.entries;

  it.each<[number, string | null, number, string]>([
    // [index, problem code (null: usable), line of the problem, the text `at` points to]
    [0, "block-not-object", 3, "1"],
    [1, "block-missing-prefix", 4, "{"],
    [2, "block-prefix-not-string", 5, "1"],
    [3, "block-missing-regex", 6, "{"],
    [4, "block-regex-not-string", 7, "n"],
    [5, null, 8, "{"],
    [6, null, 9, "{"],
    [7, "block-not-object", 10, "["],
    [8, "block-regex-not-string", 11, "["],
  ])("block %i: %s on line %i", (index, code, line, atChar) => {
    const entry = entries[index]!;
    expect(entry.index).toBe(index);
    expect(entry.line).toBe(line);
    if (code === null) {
      expect(entry.problem).toBeNull();
      expect(entry.block).not.toBeNull();
      expect(text[entry.at]).toBe(atChar);
      return;
    }
    expect(entry.block).toBeNull();
    expect(entry.problem).toMatchObject({ code, line });
    expect(text[entry.problem!.at!]).toBe(atChar);
    expect(entry.problem!.message).toContain(`Block ${index + 1} (line ${line})`);
  });

  it("keeps every element, good and bad, in file order", () => {
    expect(entries).toHaveLength(9);
    expect(entries.filter((e) => e.block !== null).map((e) => e.block!.prefix)).toEqual(["12", "13"]);
  });

  it("treats name as optional: missing or not a string gives an empty name", () => {
    expect(entries[5]!.block).toEqual({ name: "", prefix: "12", regex: "!a!b!" });
    expect(entries[6]!.block).toEqual({ name: "", prefix: "13", regex: "!a!b!" });
  });
});

describe("parseEnumJson: repeated keys (rapidjson's FindMember returns the first)", () => {
  it.each<[string, string, { name: string; prefix: string; regex: string } | null, string | null]>([
    [
      "prefix and regex repeated: the first of each counts",
      '{"number_blocks": [{"prefix": "1", "prefix": "2", "regex": "!a!b!", "regex": 5}]}',
      { name: "", prefix: "1", regex: "!a!b!" },
      null,
    ],
    [
      "a bad first prefix is not rescued by a good second one",
      '{"number_blocks": [{"prefix": 1, "prefix": "2", "regex": "!a!b!"}]}',
      null,
      "block-prefix-not-string",
    ],
    [
      "name repeated",
      '{"number_blocks": [{"name": "a", "name": "b", "prefix": "1", "regex": "!a!b!"}]}',
      { name: "a", prefix: "1", regex: "!a!b!" },
      null,
    ],
  ])("%s", (_why, text, block, code) => {
    const parsed = parseEnumJson(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const entry = parsed.value.entries[0]!;
    expect(entry.block).toEqual(block);
    expect(entry.problem?.code ?? null).toBe(code);
  });

  it("number_blocks repeated: the first counts", () => {
    expect(parseEnumJson('{"number_blocks": [], "number_blocks": 5}')).toEqual({
      ok: true,
      value: { entries: [] },
    });
    const second = parseEnumJson('{"number_blocks": 5, "number_blocks": []}');
    expect(second.ok ? null : second.error.code).toBe("json-number-blocks-not-array");
  });
});
