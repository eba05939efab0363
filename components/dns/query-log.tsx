"use client";

import { Badge, Group, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import type { QueryLogRow } from "@/lib/api-client/types";
import { toCountText } from "./responder-overview";

/** The filter choices: every rcode the responder sends, and dropped messages. */
const RCODE_FILTERS = [
  { value: "all", label: "All responses" },
  { value: "NOERROR", label: "NOERROR" },
  { value: "NXDOMAIN", label: "NXDOMAIN" },
  { value: "REFUSED", label: "REFUSED" },
  { value: "SERVFAIL", label: "SERVFAIL" },
  { value: "FORMERR", label: "FORMERR" },
  { value: "NOTIMP", label: "NOTIMP" },
  { value: "BADVERS", label: "BADVERS" },
  { value: "DROPPED", label: "Dropped (no reply)" },
];

const RCODE_COLORS: Readonly<Record<string, string>> = {
  NOERROR: "green",
  NXDOMAIN: "yellow",
  REFUSED: "red",
  SERVFAIL: "red",
  FORMERR: "orange",
  NOTIMP: "orange",
  BADVERS: "orange",
};

const TIME = new Intl.DateTimeFormat("en", { timeStyle: "medium" });

/** The last queries, newest first, filtered by rcode; refreshed with the status. */
export function QueryLog({
  rows,
  ringSize,
  rcode,
  onRcodeChange,
}: {
  readonly rows: readonly QueryLogRow[];
  readonly ringSize: number;
  readonly rcode: string | null;
  readonly onRcodeChange: (rcode: string | null) => void;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dns-log-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Stack gap={0}>
            <Title order={3} size="h5" id="dns-log-title">
              Query log
            </Title>
            <Text size="xs" c="dimmed">
              The newest {toCountText(rows.length)} of the last {toCountText(ringSize)} messages kept in
              memory.
            </Text>
          </Stack>
          <Select
            label="Response code"
            data={RCODE_FILTERS}
            value={rcode ?? "all"}
            onChange={(value) => {
              onRcodeChange(value === null || value === "all" ? null : value);
            }}
            allowDeselect={false}
            w={200}
            size="xs"
          />
        </Group>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            No queries{rcode === null ? "" : ` with ${rcode}`} yet. Try{" "}
            <Text span ff="monospace" size="sm">
              dig @HOST -p PORT 0.7.2.0.5.5.5.2.1.2.e164.arpa NAPTR
            </Text>
            .
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table striped highlightOnHover verticalSpacing={4} fz="sm" aria-labelledby="dns-log-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Response</Table.Th>
                  <Table.Th ta="right">Latency</Table.Th>
                  <Table.Th ta="right">Bytes</Table.Th>
                  <Table.Th>Note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, i) => (
                  <Table.Tr key={`${row.at}-${i}`}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{TIME.format(new Date(row.at))}</Table.Td>
                    <Table.Td ff="monospace">
                      {row.client} {row.transport.toUpperCase()}
                    </Table.Td>
                    <Table.Td ff="monospace" style={{ wordBreak: "break-all" }}>
                      {row.qname ?? "—"}
                    </Table.Td>
                    <Table.Td>{row.qtype ?? "—"}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Badge
                          variant="light"
                          color={row.rcode ? (RCODE_COLORS[row.rcode] ?? "gray") : "gray"}
                        >
                          {row.rcode ?? "dropped"}
                        </Badge>
                        {row.truncated ? (
                          <Badge
                            variant="outline"
                            color="gray"
                            title="Sent with TC=1: the client retries over TCP"
                          >
                            TC
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {toCountText(row.latencyMicros)} µs
                    </Table.Td>
                    <Table.Td ta="right">{toCountText(row.replyBytes)}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {row.note ?? ""}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
