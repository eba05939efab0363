"use client";

import {
  ActionIcon,
  Badge,
  Button,
  Collapse,
  Group,
  Menu,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconArrowBackUp, IconChevronDown, IconChevronRight, IconDots } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { historyInfiniteQueryOptions, type HistoryFilters } from "@/lib/api-client/history";
import type { AuditEventRecord } from "@/lib/api-client/types";
import { useCan } from "@/components/auth/session";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { isRevertible, toAuditDiffRows } from "./audit-diff";
import { RevertModal, type RevertRequest } from "./revert-modal";

const MONO = {
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
  whiteSpace: "pre-wrap",
  wordBreak: "break-all",
} as const;

const SOURCE_LABELS: Readonly<Record<AuditEventRecord["source"], string>> = {
  ui: "UI",
  api: "API",
  import: "Import",
  cli: "CLI",
  system: "System",
};

/** The field / before / after table of one event. */
export function AuditDiff({ event }: { readonly event: AuditEventRecord }) {
  const rows = toAuditDiffRows(event);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No field changed.
      </Text>
    );
  }
  return (
    <Table
      withTableBorder
      withColumnBorders
      verticalSpacing={4}
      fz="xs"
      bg="var(--mantine-color-body)"
      aria-label={`Changes of event #${event.id}`}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={150}>Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.field}>
            <Table.Td fw={600}>{row.label}</Table.Td>
            <Table.Td style={row.monospace ? MONO : undefined} c={row.before === "" ? "dimmed" : undefined}>
              {row.before === "" ? "—" : row.before}
            </Table.Td>
            <Table.Td style={row.monospace ? MONO : undefined} c={row.after === "" ? "dimmed" : undefined}>
              {row.after === "" ? "—" : row.after}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The history as a table, newest first, with a diff per event (opened on demand), revert
 * buttons for those who may change routing, and "Load older events".
 */
export function HistoryTable({
  filters,
  caption,
  emptyText,
  limit = 50,
}: {
  readonly filters: HistoryFilters;
  readonly caption: string;
  readonly emptyText: string;
  readonly limit?: number;
}) {
  const query = useInfiniteQuery(historyInfiniteQueryOptions(filters, limit));
  const canWrite = useCan("write");
  const canAdmin = useCan("admin");
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [reverting, setReverting] = useState<RevertRequest | null>(null);
  const events = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  // Relative times are measured from when the data arrived.
  const now = useMemo(() => (query.data ? Date.now() : 0), [query.data]);

  if (query.isError && !query.data) {
    return (
      <QueryError
        title="Could not load the history"
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }

  const toggle = (id: number) => {
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const mayRevert = (event: AuditEventRecord) =>
    isRevertible(event) && (event.entityType === "settings" ? canAdmin : canWrite);

  return (
    <Stack gap="sm">
      <Paper withBorder radius="md" style={{ overflow: "hidden" }}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" data-testid="history-table" aria-label={caption}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <VisuallyHidden>Changes</VisuallyHidden>
                </Table.Th>
                <Table.Th w={140}>When</Table.Th>
                <Table.Th w={190}>Who</Table.Th>
                <Table.Th w={90}>Source</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th w={110}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data === undefined
                ? Array.from({ length: 4 }, (_, i) => (
                    <Table.Tr key={i}>
                      <Table.Td colSpan={6}>
                        <Skeleton height={18} />
                      </Table.Td>
                    </Table.Tr>
                  ))
                : null}
              {query.data !== undefined && events.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="dimmed" ta="center" py="md">
                      {emptyText}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : null}
              {events.map((event) => {
                const expanded = open.has(event.id);
                const diffId = `history-diff-${event.id}`;
                return (
                  <Fragment key={event.id}>
                    <Table.Tr data-testid={`history-event-${event.id}`}>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => {
                            toggle(event.id);
                          }}
                          aria-expanded={expanded}
                          aria-controls={diffId}
                          aria-label={`${expanded ? "Hide" : "Show"} changes of event #${event.id}`}
                        >
                          {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime iso={event.at} now={now} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500} style={{ wordBreak: "break-word" }}>
                          {event.actorName}
                        </Text>
                        {event.actorType !== "user" ? (
                          <Text size="xs" c="dimmed">
                            {event.actorType}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="gray" size="sm">
                          {SOURCE_LABELS[event.source]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          <Badge variant="outline" size="sm" style={{ flexShrink: 0 }}>
                            {event.action}
                          </Badge>
                          <Text size="sm">{event.summary}</Text>
                        </Group>
                        <Text size="xs" c="dimmed" mt={2}>
                          #{event.id}
                          {event.revertedBy !== null ? ` · reverted by #${event.revertedBy}` : ""}
                          {event.revertOf !== null ? ` · reverts #${event.revertOf}` : ""}
                          {event.batchId !== null ? " · part of a batch" : ""}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {mayRevert(event) ? (
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <Tooltip label="Undo this change" openDelay={300}>
                              <Button
                                size="xs"
                                variant="light"
                                color="orange"
                                leftSection={<IconArrowBackUp size={14} aria-hidden />}
                                onClick={() => {
                                  setReverting({ event, whole: false });
                                }}
                                aria-label={`Revert event #${event.id}`}
                              >
                                Revert
                              </Button>
                            </Tooltip>
                            {event.batchId !== null && event.source === "import" ? (
                              <Menu position="bottom-end" withinPortal>
                                <Menu.Target>
                                  <ActionIcon
                                    variant="subtle"
                                    color="gray"
                                    aria-label={`More for event #${event.id}`}
                                  >
                                    <IconDots size={16} />
                                  </ActionIcon>
                                </Menu.Target>
                                <Menu.Dropdown>
                                  <Menu.Item
                                    leftSection={<IconArrowBackUp size={14} aria-hidden />}
                                    onClick={() => {
                                      setReverting({ event, whole: true });
                                    }}
                                  >
                                    Revert the whole import
                                  </Menu.Item>
                                </Menu.Dropdown>
                              </Menu>
                            ) : null}
                          </Group>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr style={expanded ? undefined : { display: "none" }}>
                      <Table.Td colSpan={6} bg="var(--mantine-color-gray-0)" id={diffId}>
                        <Collapse in={expanded}>{expanded ? <AuditDiff event={event} /> : null}</Collapse>
                      </Table.Td>
                    </Table.Tr>
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {query.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            Load older events
          </Button>
        </Group>
      ) : null}
      <RevertModal
        request={reverting}
        onClose={() => {
          setReverting(null);
        }}
      />
    </Stack>
  );
}
