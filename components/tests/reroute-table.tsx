"use client";

import { Badge, Table, Text } from "@mantine/core";
import type { Reroute } from "@/lib/api-client/test-numbers";

const MONO_CELL = {
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
  wordBreak: "break-all",
} as const;

/** Rows shown before "and N more"; the count in the title is always the full one. */
const MAX_ROWS = 50;

/**
 * The saved numbers a change re-routes: number, result before, result after, expected,
 * and whether the change breaks or fixes the number (said in words, colour only helps).
 */
export function RerouteTable({
  reroutes,
  caption,
}: {
  readonly reroutes: readonly Reroute[];
  readonly caption: string;
}) {
  const shown = reroutes.slice(0, MAX_ROWS);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped withTableBorder verticalSpacing={4} fz="xs" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Number</Table.Th>
            <Table.Th scope="col">Before</Table.Th>
            <Table.Th scope="col">After</Table.Th>
            <Table.Th scope="col">Expected</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((row) => (
            <Table.Tr key={row.number}>
              <Table.Td style={MONO_CELL}>{row.number}</Table.Td>
              <Table.Td style={MONO_CELL}>{row.before}</Table.Td>
              <Table.Td style={MONO_CELL}>{row.after}</Table.Td>
              <Table.Td style={MONO_CELL}>
                {row.expected}{" "}
                {row.breaks ? (
                  <Badge size="xs" color="red" variant="light">
                    breaks
                  </Badge>
                ) : row.fixes ? (
                  <Badge size="xs" color="teal" variant="light">
                    fixes
                  </Badge>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {reroutes.length > shown.length ? (
        <Text size="xs" c="dimmed" mt={4}>
          and {reroutes.length - shown.length} more
        </Text>
      ) : null}
    </Table.ScrollContainer>
  );
}

/** "This change re-routes 2 saved numbers (1 no longer as expected)". */
export function toRerouteTitle(reroutes: readonly Reroute[], subject = "This change"): string {
  const n = reroutes.length;
  const breaks = reroutes.filter((r) => r.breaks).length;
  const nouns = `${n} saved number${n === 1 ? "" : "s"}`;
  return `${subject} re-routes ${nouns}${breaks > 0 ? ` (${breaks} no longer as expected)` : ""}`;
}
