"use client";

import { Alert, Group, Pagination, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import type { CheckDifference, CheckSummary } from "@/lib/api-client/types";
import { toCountText, toPlural } from "./format";
import { usePagedRows } from "./use-paged-rows";

const ROWS_PER_PAGE = 25;

const MONO_CELL = {
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
  wordBreak: "break-all",
} as const;

/** A resolution as the check words it, `result (status)`: the result, with the status under it. */
function Outcome({ text }: { readonly text: string }) {
  const match = /^(.*) \(([a-z-]+)\)$/s.exec(text);
  if (match === null) return <span style={MONO_CELL}>{text}</span>;
  return (
    <>
      <span style={MONO_CELL}>{match[1]}</span>
      <Text size="xs" c="dimmed">
        {match[2]}
      </Text>
    </>
  );
}

/**
 * The numbers two paths route differently: number, the enum.json result, the DNS result
 * and why, a page of rows at a time (an old zone can misroute thousands of numbers).
 */
export function DifferencesTable({
  differences,
  total,
  label,
}: {
  readonly differences: readonly CheckDifference[];
  /** All differences found; more than `differences.length` when the server sent the first ones only. */
  readonly total: number;
  readonly label: string;
}) {
  const [filter, setFilter] = useState("");
  // "Does my number route differently?": match on digits, so "+1 212-555" finds +1212555….
  const digits = filter.replace(/[^0-9]/g, "");
  const rows = digits === "" ? differences : differences.filter((d) => d.number.includes(digits));
  const { page, pages, setPage, first, last, visible } = usePagedRows(rows, ROWS_PER_PAGE);
  return (
    <Stack gap="xs">
      {differences.length > ROWS_PER_PAGE ? (
        <TextInput
          label="Find a number"
          placeholder="2125550275"
          leftSection={<IconSearch size={14} aria-hidden />}
          value={filter}
          onChange={(event) => {
            setFilter(event.currentTarget.value);
            setPage(1);
          }}
          w={240}
          size="xs"
          inputMode="tel"
        />
      ) : null}
      <Table.ScrollContainer minWidth={760} type="native">
        <Table
          striped
          withTableBorder
          verticalSpacing={6}
          fz="sm"
          aria-label={label}
          bg="var(--mantine-color-body)"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>Number</Table.Th>
              <Table.Th w="24%">enum.json result</Table.Th>
              <Table.Th w="24%">DNS result</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((d) => (
              <Table.Tr key={d.number}>
                <Table.Td style={{ ...MONO_CELL, whiteSpace: "nowrap" }}>{d.number}</Table.Td>
                <Table.Td>
                  <Outcome text={d.json} />
                </Table.Td>
                <Table.Td>
                  <Outcome text={d.dns} />
                </Table.Td>
                <Table.Td fz="xs">{d.why}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" gap="sm">
        <Text size="xs" c="dimmed">
          {rows.length === 0
            ? "No difference for that number."
            : `${toCountText(first)}–${toCountText(last)} of ${toCountText(rows.length)}`}
          {digits !== "" ? ` matching ${digits}` : ""}
          {total > differences.length
            ? ` (the server sent the first ${toCountText(differences.length)} of ${toCountText(total)} differences)`
            : ""}
        </Text>
        {pages > 1 ? (
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            size="sm"
            aria-label={`${label} pages`}
            getControlProps={(control) => ({ "aria-label": `${control} page` })}
          />
        ) : null}
      </Group>
    </Stack>
  );
}

/**
 * The outcome of an equivalence check: green when every checked number routes as the
 * rules do, otherwise a warning with the differences. `subject` names what was checked
 * ("This zone", "The file").
 */
export function CheckResult({
  check,
  subject,
  tableLabel,
}: {
  readonly check: CheckSummary;
  readonly subject: string;
  readonly tableLabel: string;
}) {
  const notes =
    check.notes.length > 0 ? (
      <Stack gap={2} mt={6}>
        {check.notes.map((note) => (
          <Text key={note} size="xs">
            {note}
          </Text>
        ))}
      </Stack>
    ) : null;
  if (check.total === 0) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck aria-hidden />}
        title={`Routes exactly like the rules (${toPlural(check.checked, "number", "numbers")} checked)`}
        role="status"
      >
        <Text size="xs">
          {subject} gives the same result as the enum.json path for every number checked. {check.scope}
        </Text>
        {notes}
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={`${toPlural(check.total, "number routes", "numbers route")} differently from the rules`}
      role="alert"
      styles={{ message: { minWidth: 0 } }}
    >
      <Stack gap="sm">
        <Text size="xs">
          {toCountText(check.total)} of {toCountText(check.checked)} numbers checked get a different result
          through {subject.toLowerCase()} than through the enum.json path. {check.scope}
        </Text>
        {notes}
        <DifferencesTable differences={check.differences} total={check.total} label={tableLabel} />
      </Stack>
    </Alert>
  );
}
