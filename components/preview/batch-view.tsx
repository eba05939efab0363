"use client";

import {
  Alert,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  Progress,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
} from "@mantine/core";
import { IconDownload, IconPlayerPlay, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { runBatch, type BatchInput } from "@/lib/api-client/resolve";
import { toCsv } from "@/lib/csv/number-csv";
import {
  MAX_BATCH_ROWS,
  RESOLVE_PATH_LABELS,
  findServerProblem,
  type BatchRow,
  type BatchSummary,
  type ResolvePath,
} from "@/lib/schemas/resolve";
import { FileDropField } from "@/components/ui/file-drop-field";
import { toErrorMessage } from "@/components/ui/error-message";
import { usePagedRows } from "@/components/exports/use-paged-rows";
import { PathOptions, toServerSlots, type PathChoice } from "./path-options";

/** Rows on one page of the results: the table stays fast at 100,000 rows. */
const ROWS_PER_PAGE = 100;

/** Largest CSV the page uploads (the server's body limit is 32 MB). */
const MAX_FILE_BYTES = 30 * 1024 * 1024;

/** The results as CSV: the input columns, then each path's result and status, then the verdicts. */
export function toBatchCsv(rows: readonly BatchRow[], paths: readonly ResolvePath[]): string {
  const header = [
    "number",
    "expected",
    "note",
    "aus",
    ...paths.flatMap((p) => [`${p} result`, `${p} status`]),
    "expected mismatch",
    "path mismatch",
  ];
  return toCsv(
    header,
    rows.map((row) => [
      row.number,
      row.expected,
      row.note,
      row.aus,
      ...paths.flatMap((p) => [row.results[p]?.result ?? "", row.results[p]?.status ?? ""]),
      row.expectedMismatch ? "yes" : "no",
      row.pathMismatch ? "yes" : "no",
    ]),
  );
}

function downloadText(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1_000);
}

const COUNT = new Intl.NumberFormat("en-US");

/**
 * Many numbers at once: pasted or uploaded as CSV (number[,expected[,note]]), run on the
 * server with streamed progress, shown page by page with mismatches highlighted, and
 * downloadable as CSV.
 */
export function BatchView() {
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [choice, setChoice] = useState<PathChoice>({
    profile: "",
    paths: ["json", "dns"],
    servers: toServerSlots([]),
  });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [rows, setRows] = useState<BatchRow[]>([]);
  const [mismatchesOnly, setMismatchesOnly] = useState(false);
  const [ranPaths, setRanPaths] = useState<readonly ResolvePath[]>([]);
  const serverErrors = choice.paths.includes("server")
    ? choice.servers.map((s) => (s.trim() === "" ? null : (findServerProblem(s)?.message ?? null)))
    : [];

  const run = useMutation({
    mutationFn: async (input: BatchInput): Promise<BatchSummary> => {
      const collected: BatchRow[] = [];
      setRows([]);
      setProgress({ done: 0, total: 0 });
      const summary = await runBatch(input, {
        onProgress: (done, total) => {
          setProgress({ done, total });
        },
        onRows: (chunk) => {
          collected.push(...chunk);
        },
      });
      setRows(collected);
      setRanPaths(summary.paths);
      return summary;
    },
  });

  const visibleRows = useMemo(
    () => (mismatchesOnly ? rows.filter((r) => r.expectedMismatch || r.pathMismatch) : rows),
    [rows, mismatchesOnly],
  );
  const paged = usePagedRows(visibleRows, ROWS_PER_PAGE);
  const summary = run.data;

  const start = async () => {
    const csv = file !== null ? await file.text() : text;
    const servers = choice.servers.map((s) => s.trim()).filter((s) => s !== "");
    run.mutate({
      csv,
      ...(choice.profile !== "" ? { profile: choice.profile } : {}),
      paths: choice.paths,
      servers: choice.paths.includes("server") ? servers : [],
    });
  };
  const canRun =
    (file !== null || text.trim() !== "") && choice.paths.length > 0 && !serverErrors.some((e) => e !== null);

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md" component="section" aria-label="Batch input">
        <Stack gap="md">
          <Textarea
            label="Numbers"
            description={`One per line, or CSV: number,expected[,note]. Up to ${COUNT.format(MAX_BATCH_ROWS)} numbers. Expected results as in a test plan: a URI, no-route (or none), server-failure, not-uri:TEXT.`}
            placeholder={"number,expected\n+12125550275,sip:+12125550275@ngv.example.com\n+16505551234"}
            autosize
            minRows={5}
            maxRows={12}
            value={text}
            disabled={file !== null}
            onChange={(event) => {
              setText(event.currentTarget.value);
            }}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
          <FileDropField
            file={file}
            onChange={setFile}
            label="Upload a CSV of numbers"
            title="Or drop a CSV file here"
            hint="number[,expected[,note]] per line; a header line is optional."
            maxBytes={MAX_FILE_BYTES}
            accept={["text/csv", "text/plain", "application/vnd.ms-excel"]}
            rejectMessage="This file cannot be used: upload a CSV or text file under 30 MB."
          />
          <PathOptions value={choice} onChange={setChoice} serverErrors={serverErrors} idPrefix="batch" />
          <Group>
            <Button
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              onClick={() => void start()}
              disabled={!canRun}
              loading={run.isPending}
            >
              Run the batch
            </Button>
          </Group>
          {progress !== null && run.isPending ? (
            <Stack gap={4}>
              <Progress
                value={progress.total === 0 ? 0 : (progress.done / progress.total) * 100}
                aria-label="Batch progress"
                animated
              />
              <Text size="xs" c="dimmed">
                {COUNT.format(progress.done)} of {COUNT.format(progress.total)} numbers resolved
              </Text>
            </Stack>
          ) : null}
          {run.isError ? (
            <Alert color="red" icon={<IconX aria-hidden />} title="The batch cannot run" role="alert">
              <Text size="sm">{toErrorMessage(run.error)}</Text>
            </Alert>
          ) : null}
        </Stack>
      </Paper>

      {summary !== undefined ? (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Batch results">
          <Stack gap="sm">
            <Group justify="space-between" align="center">
              <Group gap="xs" role="status">
                <Badge color="gray" variant="light" styles={{ label: { textTransform: "none" } }}>
                  {COUNT.format(summary.rows)} numbers in {COUNT.format(summary.elapsedMs)} ms
                </Badge>
                <Badge
                  color={summary.expectedMismatches > 0 ? "red" : "teal"}
                  variant="light"
                  styles={{ label: { textTransform: "none" } }}
                >
                  {COUNT.format(summary.expectedMismatches)} not as expected
                </Badge>
                <Badge
                  color={summary.pathMismatches > 0 ? "red" : "teal"}
                  variant="light"
                  styles={{ label: { textTransform: "none" } }}
                >
                  {COUNT.format(summary.pathMismatches)} where the paths disagree
                </Badge>
              </Group>
              <Group gap="sm">
                <Switch
                  label="Mismatches only"
                  checked={mismatchesOnly}
                  onChange={(event) => {
                    setMismatchesOnly(event.currentTarget.checked);
                  }}
                />
                <Button
                  variant="light"
                  leftSection={<IconDownload size={16} aria-hidden />}
                  onClick={() => {
                    downloadText(toBatchCsv(rows, ranPaths), "batch-results.csv");
                  }}
                >
                  Download CSV
                </Button>
              </Group>
            </Group>
            <Table.ScrollContainer minWidth={800}>
              <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Batch results table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>Number</Table.Th>
                    <Table.Th>Expected</Table.Th>
                    {ranPaths.map((p) => (
                      <Table.Th key={p}>{RESOLVE_PATH_LABELS[p]}</Table.Th>
                    ))}
                    <Table.Th miw={130}>Verdict</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {paged.visible.map((row) => {
                    const bad = row.expectedMismatch || row.pathMismatch;
                    return (
                      <Table.Tr
                        key={row.line}
                        data-mismatch={bad ? "true" : undefined}
                        style={bad ? { background: "var(--mantine-color-red-0)" } : undefined}
                      >
                        <Table.Td>{row.line}</Table.Td>
                        <Table.Td ff="monospace">{row.number}</Table.Td>
                        <Table.Td ff="monospace" style={{ wordBreak: "break-all" }}>
                          {row.expected ?? ""}
                        </Table.Td>
                        {ranPaths.map((p) => (
                          <Table.Td key={p} ff="monospace" style={{ wordBreak: "break-all" }}>
                            {row.results[p]?.result || `(${row.results[p]?.status ?? "-"})`}
                          </Table.Td>
                        ))}
                        <Table.Td>
                          {bad ? (
                            <Group gap={4}>
                              {row.expectedMismatch ? (
                                <Badge color="red" size="sm" styles={{ label: { textTransform: "none" } }}>
                                  Not as expected
                                </Badge>
                              ) : null}
                              {row.pathMismatch ? (
                                <Badge
                                  color="red"
                                  size="sm"
                                  variant="outline"
                                  styles={{ label: { textTransform: "none" } }}
                                >
                                  Paths disagree
                                </Badge>
                              ) : null}
                            </Group>
                          ) : (
                            <Badge
                              color="teal"
                              size="sm"
                              variant="light"
                              styles={{ label: { textTransform: "none" } }}
                            >
                              OK
                            </Badge>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {visibleRows.length === 0
                  ? "No rows to show."
                  : `Rows ${COUNT.format(paged.first)}-${COUNT.format(paged.last)} of ${COUNT.format(visibleRows.length)}`}
              </Text>
              {paged.pages > 1 ? (
                <Pagination
                  total={paged.pages}
                  value={paged.page}
                  onChange={paged.setPage}
                  size="sm"
                  aria-label="Result pages"
                />
              ) : null}
            </Group>
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
