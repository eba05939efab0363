import type { NumberBlock } from "../enum/number-block";

/**
 * Renders blocks as Clearwater's enum.json (`{"number_blocks":[{name,prefix,regex}]}`),
 * in the order given (the console passes prefix number order), two-space indented with
 * one block per line group: byte-identical for the same blocks, and read back by
 * parseEnumJson to the same blocks.
 */
export function renderEnumJson(blocks: readonly NumberBlock[]): string {
  const body = blocks
    .map(
      (b) =>
        `    {\n      "name": ${JSON.stringify(b.name)},\n      "prefix": ${JSON.stringify(b.prefix)},\n      "regex": ${JSON.stringify(b.regex)}\n    }`,
    )
    .join(",\n");
  return blocks.length === 0 ? '{\n  "number_blocks": []\n}\n' : `{\n  "number_blocks": [\n${body}\n  ]\n}\n`;
}
