"use client";

import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import Link from "next/link";
import { HistoryTable } from "@/components/history/history-table";

/** A block's own history under its editor: every change to it, with diffs and revert. */
export function BlockHistory({ blockId }: { readonly blockId: string }) {
  return (
    <Stack gap="sm" mt="xl" component="section" aria-labelledby="block-history-title">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2} size="h4" id="block-history-title">
            History
          </Title>
          <Text size="sm" c="dimmed">
            Every change to this block, newest first.
          </Text>
        </Stack>
        <Anchor component={Link} href={`/history?block=${encodeURIComponent(blockId)}`} size="sm">
          Open in History
        </Anchor>
      </Group>
      <HistoryTable
        filters={{ entityType: "block", entityId: blockId }}
        limit={20}
        caption="Changes to this block, newest first"
        emptyText="No recorded changes to this block yet."
      />
    </Stack>
  );
}
