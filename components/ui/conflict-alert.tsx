"use client";

import { Alert, Button, Group, Table, Text } from "@mantine/core";
import { IconGitCompare } from "@tabler/icons-react";
import { useEffect, useRef } from "react";

export interface ConflictRow {
  readonly label: string;
  readonly theirs: string;
  readonly yours: string;
}

/**
 * The fields whose text differs between their saved version and the user's edit, as
 * conflict rows (in `fields` order). `toText` renders one field for display.
 */
export function toConflictRows<V, K extends keyof V>(
  fields: readonly { readonly key: K; readonly label: string }[],
  theirs: V,
  yours: V,
  toText: (values: V, key: K) => string,
): ConflictRow[] {
  return fields.flatMap((f) => {
    const a = toText(theirs, f.key);
    const b = toText(yours, f.key);
    return a === b ? [] : [{ label: f.label, theirs: a, yours: b }];
  });
}

const CELL_STYLE = {
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
  whiteSpace: "pre-wrap",
  wordBreak: "break-all",
} as const;

/**
 * Someone else saved the same thing first (409 stale): what differs between their version
 * and the user's, and the two ways forward. Never resolved silently.
 */
export function ConflictAlert({
  title,
  rows,
  onLoadTheirs,
  onSaveMine,
  saving,
}: {
  readonly title: string;
  readonly rows: readonly ConflictRow[];
  readonly onLoadTheirs: () => void;
  readonly onSaveMine: () => void;
  readonly saving: boolean;
}) {
  // The alert appears at the top of a long form; bring it into view where Save was pressed.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);
  return (
    <Alert
      ref={ref}
      style={{ scrollMarginTop: 72 }}
      color="orange"
      variant="light"
      icon={<IconGitCompare aria-hidden />}
      title={title}
      role="alert"
      data-testid="conflict-alert"
    >
      <Text size="sm" mb="sm">
        Your changes are not saved. Compare the two versions, then keep theirs or save yours over it.
      </Text>
      {rows.length > 0 ? (
        <Table
          withTableBorder
          withColumnBorders
          verticalSpacing={4}
          fz="xs"
          bg="var(--mantine-color-body)"
          mb="sm"
          aria-label="Their version compared with yours"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={130}>Field</Table.Th>
              <Table.Th>Their version</Table.Th>
              <Table.Th>Yours</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.label}>
                <Table.Td fw={600}>{row.label}</Table.Td>
                <Table.Td style={CELL_STYLE}>{row.theirs}</Table.Td>
                <Table.Td style={CELL_STYLE}>{row.yours}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" mb="sm">
          Their version has the same values as yours; saving again is safe.
        </Text>
      )}
      <Group gap="sm">
        <Button variant="default" size="xs" onClick={onLoadTheirs} disabled={saving}>
          Load their version
        </Button>
        <Button color="orange" size="xs" onClick={onSaveMine} loading={saving}>
          Save mine anyway
        </Button>
      </Group>
    </Alert>
  );
}
