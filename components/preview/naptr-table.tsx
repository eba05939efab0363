"use client";

import { Badge, Code, Table, Text } from "@mantine/core";
import type { RecordRow } from "@/lib/enum/trace-view";

const VERDICT_STYLE = {
  chosen: { color: "teal", label: "Chosen" },
  skipped: { color: "gray", label: "Skipped" },
  "not-reached": { color: "gray", label: "Not reached" },
} as const;

/** The NAPTR records of one answer in the order the client tries them; skipped ones dimmed, with the reason. */
export function NaptrTable({
  records,
  domain,
}: {
  readonly records: readonly RecordRow[];
  readonly domain: string;
}) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table
        striped={false}
        withTableBorder
        verticalSpacing={6}
        fz="sm"
        aria-label={`NAPTR records at ${domain}`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order</Table.Th>
            <Table.Th>Pref.</Table.Th>
            <Table.Th>Flags</Table.Th>
            <Table.Th>Service</Table.Th>
            <Table.Th>Regexp</Table.Th>
            <Table.Th>Replacement</Table.Th>
            <Table.Th>What the client did</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record, i) => {
            const style = VERDICT_STYLE[record.verdict];
            const chosen = record.verdict === "chosen";
            return (
              <Table.Tr
                key={i}
                data-verdict={record.verdict}
                style={{
                  opacity: chosen ? 1 : 0.6,
                  background: chosen ? "var(--mantine-color-teal-0)" : undefined,
                }}
              >
                <Table.Td>{record.order}</Table.Td>
                <Table.Td>{record.preference}</Table.Td>
                <Table.Td>
                  <Code>{JSON.stringify(record.flags)}</Code>
                </Table.Td>
                <Table.Td>{record.service}</Table.Td>
                <Table.Td style={{ wordBreak: "break-all" }}>
                  <Code>{record.regexp}</Code>
                </Table.Td>
                <Table.Td>
                  <Code>{record.replacement}</Code>
                </Table.Td>
                <Table.Td>
                  <Badge color={style.color} variant={chosen ? "filled" : "light"} size="sm" mr={6}>
                    {style.label}
                  </Badge>
                  <Text span size="xs">
                    {record.reason}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
