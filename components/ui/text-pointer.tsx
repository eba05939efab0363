import { Box, Code } from "@mantine/core";

/**
 * Shows a one-line text with the character at `at` highlighted and a caret under it, so an
 * error message can point at the exact spot. `at === text.length` points past the end.
 */
export function TextPointer({
  text,
  at,
  label,
}: {
  readonly text: string;
  readonly at: number;
  /** Accessible description, e.g. "Error at character 7". */
  readonly label: string;
}) {
  const index = Math.max(0, Math.min(at, text.length));
  const before = text.slice(0, index);
  const marked = index < text.length ? text[index]! : " ";
  const after = index < text.length ? text.slice(index + 1) : "";
  return (
    <Box role="img" aria-label={label} data-testid="text-pointer" style={{ overflowX: "auto" }} mt={4}>
      <Code
        block
        p={6}
        fz="sm"
        style={{ whiteSpace: "pre", lineHeight: 1.35, background: "var(--mantine-color-red-0)" }}
        aria-hidden
      >
        {before}
        <Box
          component="mark"
          style={{
            background: "var(--mantine-color-red-6)",
            color: "var(--mantine-color-white)",
            borderRadius: 2,
            outline: "1px solid var(--mantine-color-red-8)",
          }}
        >
          {marked}
        </Box>
        {after}
        {"\n"}
        {" ".repeat(index)}
        <Box component="span" c="red.7" fw={700}>
          ^
        </Box>
      </Code>
    </Box>
  );
}
