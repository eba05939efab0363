"use client";

import {
  ActionIcon,
  Anchor,
  Badge,
  Group,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconPencil,
  IconTargetArrow,
  IconTrash,
} from "@tabler/icons-react";
import Link from "next/link";
import { useId } from "react";
import type { BlockSort, NumberBlockRecord, SortDirection } from "@/lib/api-client/types";
import { RelativeTime } from "@/components/ui/relative-time";
import { LintLevelBadge } from "./lint-badges";

const COLUMN_COUNT = 7;

function SortHeader({
  label,
  column,
  sort,
  dir,
  onSort,
  width,
}: {
  readonly label: string;
  readonly column: BlockSort;
  readonly sort: BlockSort;
  readonly dir: SortDirection;
  readonly onSort: (column: BlockSort) => void;
  readonly width?: number | string;
}) {
  const active = sort === column;
  const Icon = !active ? IconArrowsSort : dir === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} w={width}>
      <UnstyledButton
        onClick={() => {
          onSort(column);
        }}
        style={{ display: "inline-flex", alignItems: "center", gap: 4, fontWeight: 600, fontSize: "inherit" }}
      >
        {label}
        <Icon size={14} stroke={1.8} aria-hidden style={{ opacity: active ? 1 : 0.4 }} />
        <VisuallyHidden>
          {active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}` : ", sortable"}
        </VisuallyHidden>
      </UnstyledButton>
    </Table.Th>
  );
}

/** The blocks table: sortable headers, monospace prefix/regex, enable switch, lint level, actions. */
export function BlockTable({
  items,
  sort,
  dir,
  onSort,
  onToggle,
  onDelete,
  readOnly = false,
  pickedId,
  loading,
  now,
  caption,
  emptyText,
}: {
  readonly items: readonly NumberBlockRecord[];
  readonly sort: BlockSort;
  readonly dir: SortDirection;
  readonly onSort: (column: BlockSort) => void;
  readonly onToggle: (block: NumberBlockRecord, enabled: boolean) => void;
  readonly onDelete: (block: NumberBlockRecord) => void;
  /** A role that cannot change blocks: no enable switch, no delete, "View" instead of "Edit". */
  readonly readOnly?: boolean;
  /** The block a number search lands in. */
  readonly pickedId?: string | null;
  /** Show skeleton rows instead of items. */
  readonly loading: boolean;
  readonly now: number;
  readonly caption: string;
  readonly emptyText?: string;
}) {
  const captionId = useId();
  return (
    <Table.ScrollContainer minWidth={960} type="native">
      <VisuallyHidden id={captionId}>{caption}</VisuallyHidden>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        horizontalSpacing="md"
        aria-label="Number blocks"
        aria-describedby={captionId}
        aria-busy={loading}
        layout="fixed"
        styles={{ thead: { background: "var(--mantine-color-gray-0)" } }}
      >
        <Table.Thead>
          <Table.Tr>
            <SortHeader label="Name" column="name" sort={sort} dir={dir} onSort={onSort} width="23%" />
            <SortHeader label="Prefix" column="prefix" sort={sort} dir={dir} onSort={onSort} width={132} />
            <Table.Th>Regex</Table.Th>
            <Table.Th w={84}>Enabled</Table.Th>
            <Table.Th w={108}>Lints</Table.Th>
            <SortHeader label="Updated" column="updated" sort={sort} dir={dir} onSort={onSort} width={120} />
            <Table.Th w={84}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading
            ? Array.from({ length: 8 }, (_, i) => (
                <Table.Tr key={`skeleton-${i}`} aria-hidden>
                  {Array.from({ length: COLUMN_COUNT }, (_, j) => (
                    <Table.Td key={j}>
                      <Skeleton height={14} radius="sm" width={j === 2 ? "80%" : "60%"} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))
            : null}
          {!loading && items.length === 0 && emptyText ? (
            <Table.Tr>
              <Table.Td colSpan={COLUMN_COUNT}>
                <Text size="sm" c="dimmed" ta="center" py="lg">
                  {emptyText}
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : null}
          {!loading
            ? items.map((block) => {
                const picked = pickedId === block.id;
                return (
                  <Table.Tr
                    key={block.id}
                    bg={picked ? "var(--mantine-color-indigo-0)" : undefined}
                    data-picked={picked || undefined}
                  >
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Anchor
                          component={Link}
                          href={`/blocks/${encodeURIComponent(block.id)}`}
                          size="sm"
                          fw={500}
                          lineClamp={2}
                          title={block.name}
                        >
                          {block.name}
                        </Anchor>
                        {picked ? (
                          <Badge
                            size="sm"
                            color="indigo"
                            variant="filled"
                            leftSection={<IconTargetArrow size={12} aria-hidden />}
                            styles={{ label: { textTransform: "none" } }}
                          >
                            Sprout picks this
                          </Badge>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {block.prefix === "" ? (
                        <Text size="sm" c="dimmed" fs="italic">
                          catch-all
                        </Text>
                      ) : (
                        <Text size="sm" ff="monospace">
                          {block.prefix}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Tooltip
                        label={
                          <Text ff="monospace" size="xs">
                            {block.regex}
                          </Text>
                        }
                        multiline
                        maw={520}
                        openDelay={250}
                        withinPortal
                      >
                        <Text size="sm" ff="monospace" truncate="end" tabIndex={0}>
                          {block.regex}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      {readOnly ? (
                        <Badge size="sm" variant="light" color={block.enabled ? "teal" : "gray"}>
                          {block.enabled ? "enabled" : "disabled"}
                        </Badge>
                      ) : (
                        <Switch
                          checked={block.enabled}
                          onChange={(event) => {
                            onToggle(block, event.currentTarget.checked);
                          }}
                          aria-label={`Enabled: ${block.name}`}
                          size="sm"
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <LintLevelBadge level={block.lintLevel} />
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime iso={block.updatedAt} now={now} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={readOnly ? "View" : "Edit"} openDelay={300}>
                          <ActionIcon
                            component={Link}
                            href={`/blocks/${encodeURIComponent(block.id)}`}
                            variant="subtle"
                            color="gray"
                            aria-label={`${readOnly ? "View" : "Edit"} ${block.name}`}
                          >
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                        {readOnly ? null : (
                          <Tooltip label="Delete" openDelay={300}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Delete ${block.name}`}
                              onClick={() => {
                                onDelete(block);
                              }}
                            >
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })
            : null}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
