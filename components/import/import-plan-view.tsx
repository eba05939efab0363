"use client";

import { Badge, Code, Group, Pagination, Stack, Table, Tabs, Text } from "@mantine/core";
import { useState, type ReactNode } from "react";
import type { ImportPlan } from "@/lib/api-client/types";

const ROWS_PER_PAGE = 50;
const COUNT = new Intl.NumberFormat("en");

const MONO_CELL = {
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
  wordBreak: "break-all",
} as const;

/** The counts of a plan as labelled badges (the words carry the meaning; colour only helps). */
export function ImportSummary({ plan }: { readonly plan: ImportPlan }) {
  const items: readonly [string, number, string][] = [
    ["Added", plan.added.length, "teal"],
    ["Changed", plan.changed.length, "blue"],
    ["Removed", plan.removed.length, "red"],
    ["Unchanged", plan.unchanged, "gray"],
    ["Rejected", plan.rejected.length, "orange"],
  ];
  return (
    <Group gap="xs" role="list" aria-label="Import summary">
      {items.map(([label, count, color]) => (
        <Badge
          key={label}
          role="listitem"
          size="lg"
          color={color}
          variant={count > 0 && label !== "Unchanged" ? "light" : "outline"}
          styles={{ label: { textTransform: "none" } }}
        >
          {label} {COUNT.format(count)}
        </Badge>
      ))}
    </Group>
  );
}

/** A table that shows its rows 50 at a time (a 100,000-block import stays responsive). */
function PagedTable<T>({
  rows,
  label,
  head,
  renderRow,
  empty,
}: {
  readonly rows: readonly T[];
  readonly label: string;
  readonly head: readonly string[];
  readonly renderRow: (row: T) => ReactNode;
  readonly empty: string;
}) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages);
  const visible = rows.slice((current - 1) * ROWS_PER_PAGE, current * ROWS_PER_PAGE);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={720} type="native">
        <Table striped verticalSpacing={6} aria-label={label} fz="sm">
          <Table.Thead>
            <Table.Tr>
              {head.map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{visible.map(renderRow)}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 ? (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {COUNT.format((current - 1) * ROWS_PER_PAGE + 1)}–
            {COUNT.format(Math.min(rows.length, current * ROWS_PER_PAGE))} of {COUNT.format(rows.length)}
          </Text>
          <Pagination
            total={pages}
            value={current}
            onChange={setPage}
            size="sm"
            aria-label={`${label} pages`}
            getControlProps={(control) => ({ "aria-label": `${control} page` })}
          />
        </Group>
      ) : null}
    </Stack>
  );
}

function Prefix({ prefix }: { readonly prefix: string | undefined }) {
  if (prefix === undefined)
    return (
      <Text span size="xs" c="dimmed">
        —
      </Text>
    );
  if (prefix === "")
    return (
      <Text span size="xs" c="dimmed" fs="italic">
        catch-all
      </Text>
    );
  return <Code>{prefix}</Code>;
}

function Change({ before, after }: { readonly before: string; readonly after: string }) {
  if (before === after) return <span>{after}</span>;
  return (
    <span>
      <Text span size="xs" td="line-through" c="red.8" aria-label={`before: ${before}`}>
        {before}
      </Text>{" "}
      →{" "}
      <Text span size="xs" c="teal.9" fw={600} aria-label={`after: ${after}`}>
        {after}
      </Text>
    </span>
  );
}

/** The dry-run diff: one tab per group of blocks. */
export function ImportPlanTabs({ plan }: { readonly plan: ImportPlan }) {
  const first =
    plan.rejected.length > 0
      ? "rejected"
      : plan.added.length > 0
        ? "added"
        : plan.changed.length > 0
          ? "changed"
          : "removed";
  return (
    <Tabs defaultValue={first} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="added">Added ({COUNT.format(plan.added.length)})</Tabs.Tab>
        <Tabs.Tab value="changed">Changed ({COUNT.format(plan.changed.length)})</Tabs.Tab>
        <Tabs.Tab value="removed">Removed ({COUNT.format(plan.removed.length)})</Tabs.Tab>
        <Tabs.Tab value="rejected" c={plan.rejected.length > 0 ? "orange.8" : undefined}>
          Rejected ({COUNT.format(plan.rejected.length)})
        </Tabs.Tab>
      </Tabs.List>

      <Tabs.Panel value="added" pt="md">
        <PagedTable
          rows={plan.added}
          label="Added blocks"
          head={["Line", "Name", "Prefix", "Regex"]}
          empty="No new blocks."
          renderRow={(row) => (
            <Table.Tr key={`${row.index}`}>
              <Table.Td style={MONO_CELL}>{row.line}</Table.Td>
              <Table.Td>{row.block.name}</Table.Td>
              <Table.Td>
                <Prefix prefix={row.block.prefix} />
              </Table.Td>
              <Table.Td style={MONO_CELL}>{row.block.regex}</Table.Td>
            </Table.Tr>
          )}
        />
      </Tabs.Panel>

      <Tabs.Panel value="changed" pt="md">
        <PagedTable
          rows={plan.changed}
          label="Changed blocks"
          head={["Line", "Prefix", "Name", "Regex"]}
          empty="No block changes."
          renderRow={(row) => (
            <Table.Tr key={`${row.index}`}>
              <Table.Td style={MONO_CELL}>{row.line}</Table.Td>
              <Table.Td>
                <Prefix prefix={row.after.prefix} />
              </Table.Td>
              <Table.Td>
                <Change before={row.before.name} after={row.after.name} />
              </Table.Td>
              <Table.Td style={MONO_CELL}>
                <Change before={row.before.regex} after={row.after.regex} />
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Tabs.Panel>

      <Tabs.Panel value="removed" pt="md">
        {plan.mode === "merge" ? (
          <Text size="sm" c="dimmed" py="md">
            Merge never removes blocks. Switch to Replace to make the file the whole set.
          </Text>
        ) : (
          <PagedTable
            rows={plan.removed}
            label="Removed blocks"
            head={["Name", "Prefix", "Regex"]}
            empty="No blocks would be removed."
            renderRow={(row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{row.name}</Table.Td>
                <Table.Td>
                  <Prefix prefix={row.prefix} />
                </Table.Td>
                <Table.Td style={MONO_CELL}>{row.regex}</Table.Td>
              </Table.Tr>
            )}
          />
        )}
      </Tabs.Panel>

      <Tabs.Panel value="rejected" pt="md">
        <PagedTable
          rows={plan.rejected}
          label="Rejected blocks"
          head={["Where", "Name", "Prefix", "Reason"]}
          empty="Every block in the file is usable."
          renderRow={(row) => (
            <Table.Tr key={`${row.index}`}>
              <Table.Td style={{ ...MONO_CELL, whiteSpace: "nowrap" }}>
                {row.line}:{row.column}
              </Table.Td>
              <Table.Td>
                {row.name ?? (
                  <Text span size="xs" c="dimmed">
                    (no name)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Prefix prefix={row.prefix} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{row.message}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {row.code}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Tabs.Panel>
    </Tabs>
  );
}
