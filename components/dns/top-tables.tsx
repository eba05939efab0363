"use client";

import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import Link from "next/link";
import type { BlockHitRow, NxdomainRow } from "@/lib/api-client/types";
import { toCountText } from "./responder-overview";

/** Numbers people dial that no block serves, and the blocks that answer most. */
export function TopTables({
  nxdomain,
  blocks,
  uncounted,
}: {
  readonly nxdomain: readonly NxdomainRow[];
  readonly blocks: readonly BlockHitRow[];
  readonly uncounted: number;
}) {
  return (
    <Stack gap={4}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dns-nx-title">
          <Stack gap="sm">
            <Stack gap={0}>
              <Title order={3} size="h5" id="dns-nx-title">
                Top NXDOMAIN numbers
              </Title>
              <Text size="xs" c="dimmed">
                Numbers dialed that no block serves: candidates for a new block.
              </Text>
            </Stack>
            {nxdomain.length === 0 ? (
              <Text size="sm" c="dimmed">
                No NXDOMAIN answers yet.
              </Text>
            ) : (
              <Table verticalSpacing={4} fz="sm" aria-labelledby="dns-nx-title">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Number</Table.Th>
                    <Table.Th>Name queried</Table.Th>
                    <Table.Th ta="right">Queries</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {nxdomain.map((row) => (
                    <Table.Tr key={row.qname}>
                      <Table.Td ff="monospace">{row.number ?? "—"}</Table.Td>
                      <Table.Td ff="monospace" style={{ wordBreak: "break-all" }}>
                        {row.qname}
                      </Table.Td>
                      <Table.Td ta="right">{toCountText(row.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dns-blocks-title">
          <Stack gap="sm">
            <Stack gap={0}>
              <Title order={3} size="h5" id="dns-blocks-title">
                Top blocks by hits
              </Title>
              <Text size="xs" c="dimmed">
                NAPTR answers per block, attributed with the client&apos;s prefix walk.
              </Text>
            </Stack>
            {blocks.length === 0 ? (
              <Text size="sm" c="dimmed">
                No NAPTR answers yet.
              </Text>
            ) : (
              <Table verticalSpacing={4} fz="sm" aria-labelledby="dns-blocks-title">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Block</Table.Th>
                    <Table.Th>Prefix</Table.Th>
                    <Table.Th ta="right">Hits</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {blocks.map((row) => (
                    <Table.Tr key={row.blockId}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          href={`/blocks/${encodeURIComponent(row.blockId)}`}
                          size="sm"
                        >
                          {row.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ff="monospace">{row.prefix === "" ? "(catch-all)" : row.prefix}</Table.Td>
                      <Table.Td ta="right">{toCountText(row.hits)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Paper>
      </SimpleGrid>
      {uncounted > 0 ? (
        <Text size="xs" c="dimmed">
          {toCountText(uncounted)} answers to further names were not counted by name (the table of names is
          full).
        </Text>
      ) : null}
    </Stack>
  );
}
