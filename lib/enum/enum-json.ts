import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser";
import type { NumberBlock } from "./number-block";
import { err, ok, type EnumIssue, type Result } from "./result";

/** One element of `number_blocks`, with where it is in the file and what Sprout makes of it. */
export interface EnumJsonEntry {
  readonly index: number;
  /** Offset, line and column (1-based) of the element in the file. */
  readonly at: number;
  readonly line: number;
  readonly column: number;
  /** The block when Sprout reads it (`prefix` and `regex` are strings); null otherwise. */
  readonly block: NumberBlock | null;
  /** Why Sprout skips the element (JsonFormatError), when it does. */
  readonly problem: EnumIssue | null;
}

/** A parsed enum.json: every element of `number_blocks`, good and bad, in file order. */
export interface EnumJsonFile {
  readonly entries: readonly EnumJsonEntry[];
}

/**
 * Parses enum.json the way Sprout's JSONEnumService does (rapidjson `Parse<0>`): the whole
 * file is rejected when it is empty, not JSON, not an object, or has no `number_blocks`
 * array; an element is skipped when `prefix` or `regex` is missing or not a string.
 * Where a key repeats, the first occurrence counts (rapidjson's `FindMember`).
 */
export function parseEnumJson(text: string): Result<EnumJsonFile> {
  const lines = toLineIndex(text);
  const issue = (code: string, message: string, at: number): Result<never> => {
    const { line, column } = toLineColumn(lines, at);
    return { ok: false, error: { code, message: `${message} (line ${line}, column ${column})`, at, line } };
  };
  if (text.trim() === "") return err("json-empty", "The file is empty.", 0);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const at = first?.offset ?? 0;
    return issue("json-syntax", `Not valid JSON: ${first ? describeJsonError(first) : "no content"}`, at);
  }
  if (root.type !== "object") {
    return issue(
      "json-root",
      `The top level must be an object with "number_blocks", not ${describeType(root)}`,
      root.offset,
    );
  }
  const blocks = getMember(root, "number_blocks");
  if (blocks === undefined) {
    return issue("json-missing-number-blocks", 'The object has no "number_blocks" member', root.offset);
  }
  if (blocks.type !== "array") {
    return issue(
      "json-number-blocks-not-array",
      `"number_blocks" must be an array, not ${describeType(blocks)}`,
      blocks.offset,
    );
  }
  const entries = (blocks.children ?? []).map((element, index): EnumJsonEntry => {
    const { line, column } = toLineColumn(lines, element.offset);
    const base = { index, at: element.offset, line, column };
    const problem = (code: string, message: string, at: number): EnumJsonEntry => ({
      ...base,
      block: null,
      problem: {
        code,
        message: `Block ${index + 1} (line ${toLineColumn(lines, at).line}): ${message}`,
        at,
        line: toLineColumn(lines, at).line,
      },
    });
    if (element.type !== "object")
      return problem("block-not-object", `must be an object, not ${describeType(element)}.`, element.offset);
    const fields: Record<"prefix" | "regex", string> = { prefix: "", regex: "" };
    for (const key of ["prefix", "regex"] as const) {
      const value = getMember(element, key);
      if (value === undefined) return problem(`block-missing-${key}`, `has no "${key}".`, element.offset);
      if (value.type !== "string")
        return problem(
          `block-${key}-not-string`,
          `"${key}" must be a string, not ${describeType(value)}.`,
          value.offset,
        );
      fields[key] = value.value as string;
    }
    const name = getMember(element, "name");
    return {
      ...base,
      block: {
        name: name?.type === "string" ? (name.value as string) : "",
        prefix: fields.prefix,
        regex: fields.regex,
      },
      problem: null,
    };
  });
  return ok({ entries });
}

function getMember(object: JsonNode, key: string): JsonNode | undefined {
  for (const property of object.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.value === key) return valueNode;
  }
  return undefined;
}

function describeType(node: JsonNode): string {
  if (node.type === "null") return "null";
  if (node.type === "array") return "an array";
  if (node.type === "object") return "an object";
  return `a ${node.type}`;
}

function describeJsonError(error: ParseError): string {
  const words = printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words;
}

function toLineIndex(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

function toLineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
