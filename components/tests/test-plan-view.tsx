"use client";

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import {
  IconCheck,
  IconDownload,
  IconPencil,
  IconPlayerPlay,
  IconPlus,
  IconSearch,
  IconTestPipe,
  IconTrash,
  IconUpload,
  IconX,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  TEST_PLAN_CSV_PATH,
  testNumbersQueryOptions,
  type TestNumberResult,
  type TestPlanRun,
} from "@/lib/api-client/test-numbers";
import { DebouncedTextInput } from "@/components/ui/debounced-text-input";
import { EmptyState } from "@/components/ui/empty-state";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { TestNumberModal } from "./test-number-modal";
import { TestPlanUploadModal } from "./test-plan-upload-modal";
import { useDeleteTestNumber, useRunTestPlan } from "./use-test-plan-mutations";

const PAGE_SIZE = 50;

const MONO_CELL = {
  fontFamily: "var(--mantine-font-family-monospace)",
  fontSize: "var(--mantine-font-size-xs)",
  wordBreak: "break-all",
} as const;

/** Pass or fail in words, with colour and an icon as extra cues. */
function ResultBadge({ passed }: { readonly passed: boolean }) {
  return passed ? (
    <Badge color="teal" variant="light" leftSection={<IconCheck size={12} aria-hidden />}>
      Pass
    </Badge>
  ) : (
    <Badge color="red" variant="filled" leftSection={<IconX size={12} aria-hidden />}>
      Fail
    </Badge>
  );
}

/** The outcome of "Run all": the counts, then the failing numbers. */
function RunSummary({ run, onClose }: { readonly run: TestPlanRun; readonly onClose: () => void }) {
  const failures = run.results.filter((r) => !r.passed);
  return (
    <Alert
      color={run.failed === 0 ? "teal" : "red"}
      variant="light"
      withCloseButton
      closeButtonLabel="Dismiss the run summary"
      onClose={onClose}
      title={
        run.total === 0
          ? "There are no saved numbers to run"
          : run.failed === 0
            ? `All ${run.total} saved numbers pass`
            : `${run.failed} of ${run.total} saved numbers fail`
      }
      role="status"
    >
      <Text size="sm">
        Run against revision {run.revision} of the rules on the enum.json path ({run.profile} profile):{" "}
        {run.passed} passed, {run.failed} failed.
      </Text>
      {failures.length > 0 ? (
        <Table mt="xs" fz="xs" withTableBorder aria-label="Failing saved numbers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Number</Table.Th>
              <Table.Th scope="col">Expected</Table.Th>
              <Table.Th scope="col">Actual</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failures.slice(0, 50).map((f) => (
              <Table.Tr key={f.number}>
                <Table.Td style={MONO_CELL}>{f.number}</Table.Td>
                <Table.Td style={MONO_CELL}>{f.expected}</Table.Td>
                <Table.Td style={MONO_CELL}>{f.actual}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Alert>
  );
}

/**
 * /tests: the test plan. Saved numbers with their expected and current result (evaluated
 * on every load, so a rule change shows at once), add, edit, delete, run all, CSV export
 * and import.
 */
export function TestPlanView() {
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<TestNumberResult | null>(null);
  const [adding, setAdding] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState<TestNumberResult | null>(null);
  const [lastRun, setLastRun] = useState<TestPlanRun | null>(null);
  const query = useQuery({
    ...testNumbersQueryOptions({ page, pageSize: PAGE_SIZE, ...(search !== "" ? { search } : {}) }),
    // Results depend on the rules, which change elsewhere: evaluate again on every visit.
    refetchOnMount: "always",
  });
  const run = useRunTestPlan();
  const remove = useDeleteTestNumber();
  const data = query.data;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));

  const runAll = () => {
    run.mutate(undefined, {
      onSuccess: setLastRun,
      onError: (error) => {
        showErrorToast("Could not run the test plan", error);
      },
    });
  };

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        showSuccessToast("Saved number removed", deleting.number);
        setDeleting(null);
      },
      onError: (error) => {
        showErrorToast(`Could not remove ${deleting.number}`, error);
      },
    });
  };

  const empty = data !== undefined && data.total === 0 && search === "";

  return (
    <>
      <PageHeader
        title="Test plan"
        description="Numbers whose routing must not change by accident, each with the result it must keep. Block edits show which of them they re-route before you save."
        actions={
          <Group gap="sm">
            <Button
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              onClick={runAll}
              loading={run.isPending}
            >
              Run all
            </Button>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                setAdding(true);
              }}
            >
              Add number
            </Button>
            <Button
              variant="default"
              leftSection={<IconUpload size={16} aria-hidden />}
              onClick={() => {
                setUploading(true);
              }}
            >
              Import CSV
            </Button>
            <Button
              variant="default"
              component="a"
              href={TEST_PLAN_CSV_PATH}
              download="test-plan.csv"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Export CSV
            </Button>
          </Group>
        }
      />
      <Stack gap="md">
        {lastRun ? (
          <RunSummary
            run={lastRun}
            onClose={() => {
              setLastRun(null);
            }}
          />
        ) : null}
        {empty ? (
          <EmptyState
            icon={<IconTestPipe size={26} />}
            title="No saved numbers yet"
            description="Save the numbers whose routing matters with the result they must keep; every block change is then checked against them."
            actions={
              <Button
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() => {
                  setAdding(true);
                }}
              >
                Add number
              </Button>
            }
          />
        ) : (
          <Paper withBorder radius="md">
            <Group p="md" justify="space-between">
              <DebouncedTextInput
                value={search}
                onCommit={(value) => {
                  setSearch(value.trim());
                  setPage(1);
                }}
                label="Search"
                placeholder="Number, expected result or note"
                leftSection={<IconSearch size={16} aria-hidden />}
                clearLabel="Clear the search"
                w={320}
              />
              {data ? (
                <Text size="sm" c="dimmed" aria-live="polite">
                  {data.total} saved number{data.total === 1 ? "" : "s"} · rules revision {data.revision}
                </Text>
              ) : null}
            </Group>
            {query.isError ? (
              <Stack p="md">
                <QueryError
                  title="Could not load the test plan"
                  error={query.error}
                  onRetry={() => void query.refetch()}
                  retrying={query.isFetching}
                />
              </Stack>
            ) : null}
            <Table.ScrollContainer minWidth={760}>
              <Table
                striped
                highlightOnHover
                aria-label="Saved numbers"
                style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Number</Table.Th>
                    <Table.Th scope="col">Expected</Table.Th>
                    <Table.Th scope="col">Current result</Table.Th>
                    <Table.Th scope="col">Result</Table.Th>
                    <Table.Th scope="col">Note</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data === undefined
                    ? Array.from({ length: 4 }, (_, i) => (
                        <Table.Tr key={i}>
                          <Table.Td colSpan={6}>
                            <Skeleton height={18} />
                          </Table.Td>
                        </Table.Tr>
                      ))
                    : data.items.map((item) => (
                        <Table.Tr key={item.id}>
                          <Table.Td style={MONO_CELL}>{item.number}</Table.Td>
                          <Table.Td style={MONO_CELL}>{item.expected}</Table.Td>
                          <Table.Td style={MONO_CELL}>{item.actual}</Table.Td>
                          <Table.Td>
                            <ResultBadge passed={item.passed} />
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs" lineClamp={2}>
                              {item.note}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4} wrap="nowrap" justify="flex-end">
                              <Tooltip label="Edit">
                                <ActionIcon
                                  variant="subtle"
                                  aria-label={`Edit ${item.number}`}
                                  onClick={() => {
                                    setEditing(item);
                                  }}
                                >
                                  <IconPencil size={16} aria-hidden />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label="Remove">
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  aria-label={`Remove ${item.number}`}
                                  onClick={() => {
                                    setDeleting(item);
                                  }}
                                >
                                  <IconTrash size={16} aria-hidden />
                                </ActionIcon>
                              </Tooltip>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                  {data !== undefined && data.items.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text size="sm" c="dimmed" ta="center" py="md">
                          No saved number matches this search.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pages > 1 ? (
              <Group justify="flex-end" p="md">
                <nav aria-label="Pagination">
                  <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage} size="sm" />
                </nav>
              </Group>
            ) : null}
          </Paper>
        )}
      </Stack>
      <TestNumberModal
        opened={adding || editing !== null}
        editing={editing}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
      />
      <TestPlanUploadModal
        opened={uploading}
        onClose={() => {
          setUploading(false);
        }}
      />
      <Modal
        opened={deleting !== null}
        onClose={() => {
          if (!remove.isPending) setDeleting(null);
        }}
        title="Remove a saved number"
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            Remove <strong>{deleting?.number}</strong> from the test plan? Block changes will no longer be
            checked against it.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setDeleting(null);
              }}
              disabled={remove.isPending}
              data-autofocus
            >
              Cancel
            </Button>
            <Button color="red" onClick={confirmDelete} loading={remove.isPending}>
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
