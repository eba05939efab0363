"use client";

import { Button, Group, Loader, Pagination, Paper, Select, Stack, Text } from "@mantine/core";
import {
  IconFilterOff,
  IconListNumbers,
  IconPhone,
  IconPlus,
  IconSearch,
  IconUpload,
} from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { blocksQueryOptions } from "@/lib/api-client/blocks";
import type { BlockSort, NumberBlockRecord } from "@/lib/api-client/types";
import { DebouncedTextInput } from "@/components/ui/debounced-text-input";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { RerouteConfirmModal } from "@/components/tests/reroute-confirm-modal";
import { useToggleGuard } from "@/components/tests/use-toggle-guard";
import { BlockTable } from "./block-table";
import { DeleteBlockModal } from "./delete-block-modal";
import { useCan } from "@/components/auth/session";
import {
  PAGE_SIZES,
  hasFilters,
  rememberListHref,
  toBlockListQuery,
  toDefaultDirection,
  toSearchString,
  useBlockListParams,
} from "./list-params";
import { NumberMatchAlert } from "./number-match-alert";
import { useSetBlockEnabled } from "./use-block-mutations";

const ENABLED_OPTIONS = [
  { value: "all", label: "All" },
  { value: "enabled", label: "Enabled" },
  { value: "disabled", label: "Disabled" },
];

const LINT_OPTIONS = [
  { value: "all", label: "All" },
  { value: "problems", label: "With problems" },
  { value: "clean", label: "Clean" },
];

const COUNT = new Intl.NumberFormat("en");

/** The number blocks page: search, filters, sortable paged table, number lookup. */
export function BlockList() {
  const router = useRouter();
  const { params, setParams } = useBlockListParams();
  const query = useQuery({
    ...blocksQueryOptions(toBlockListQuery(params)),
    placeholderData: keepPreviousData,
  });
  const toggle = useSetBlockEnabled();
  // Enabling or disabling a block that re-routes saved numbers asks first.
  const toggleGuard = useToggleGuard((block, enabled) => {
    toggle.mutate({ block, enabled });
  });
  const [deleting, setDeleting] = useState<NumberBlockRecord | null>(null);

  useEffect(() => {
    rememberListHref(`/blocks${toSearchString(params)}`);
  }, [params]);

  const data = query.data;
  // Relative times are measured from when this page of data arrived.
  const now = useMemo(() => (data ? Date.now() : 0), [data]);
  const total = data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / params.size));
  const filtered = hasFilters(params);

  // A page past the end (after deletes, or a stale link) goes to the last page.
  useEffect(() => {
    if (data && !query.isPlaceholderData && data.items.length === 0 && params.page > 1 && total > 0) {
      setParams({ page: pageCount }, { replace: true });
    }
  }, [data, query.isPlaceholderData, params.page, total, pageCount, setParams]);

  const canWrite = useCan("write");

  const onSort = (column: BlockSort) => {
    if (params.sort === column) setParams({ dir: params.dir === "asc" ? "desc" : "asc" });
    else setParams({ sort: column, dir: toDefaultDirection(column) });
  };

  // Viewers and testers see the list without the controls that change blocks.
  const headerActions = !canWrite ? null : (
    <>
      <Button
        component={Link}
        href="/import"
        variant="default"
        leftSection={<IconUpload size={16} aria-hidden />}
      >
        Import
      </Button>
      <Button
        leftSection={<IconPlus size={16} aria-hidden />}
        onClick={() => {
          router.push("/blocks/new");
        }}
        onMouseEnter={() => {
          router.prefetch("/blocks/new");
        }}
      >
        New block
      </Button>
    </>
  );

  const isEmptyDatabase = data !== undefined && total === 0 && !filtered;
  const first = total === 0 ? 0 : (params.page - 1) * params.size + 1;
  const last = Math.min(total, params.page * params.size);

  return (
    <>
      <PageHeader
        title="Number blocks"
        description="Each block maps a dialed-number prefix to a regex that rewrites the number into a SIP URI."
        actions={headerActions}
      />

      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Group align="flex-end" gap="md" wrap="wrap">
            <DebouncedTextInput
              label="Search by name"
              placeholder="e.g. Manhattan"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={params.q}
              onCommit={(q) => {
                setParams({ q }, { replace: true });
              }}
              clearLabel="Clear name search"
              style={{ flex: "1 1 220px" }}
            />
            <DebouncedTextInput
              label="Which block handles this number?"
              placeholder="e.g. 2125550270"
              leftSection={<IconPhone size={16} aria-hidden />}
              value={params.number}
              onCommit={(number) => {
                setParams({ number }, { replace: true });
              }}
              clearLabel="Clear number search"
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              style={{ flex: "1 1 240px" }}
              inputMode="tel"
            />
            <Select
              label="Enabled"
              data={ENABLED_OPTIONS}
              value={params.enabled}
              onChange={(value) => {
                setParams({ enabled: (value ?? "all") as typeof params.enabled });
              }}
              allowDeselect={false}
              w={140}
            />
            <Select
              label="Lints"
              data={LINT_OPTIONS}
              value={params.lints}
              onChange={(value) => {
                setParams({ lints: (value ?? "all") as typeof params.lints });
              }}
              allowDeselect={false}
              w={160}
            />
            {filtered ? (
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconFilterOff size={16} aria-hidden />}
                onClick={() => {
                  setParams({ q: "", number: "", enabled: "all", lints: "all" });
                }}
              >
                Clear filters
              </Button>
            ) : null}
          </Group>
        </Paper>

        {data?.numberMatch && params.number !== "" ? (
          <NumberMatchAlert match={data.numberMatch} items={data.items} />
        ) : null}

        {query.isError && !data ? (
          <QueryError
            title="Could not load number blocks"
            error={query.error}
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : isEmptyDatabase ? (
          <EmptyState
            icon={<IconListNumbers size={26} />}
            title="No number blocks yet"
            description="Create a block by hand, or import an existing enum.json to bring in all your blocks at once."
            actions={
              // Different words from the header's buttons, so each name stays unique on the page.
              !canWrite ? null : (
                <Group gap="sm">
                  <Button
                    component={Link}
                    href="/import"
                    variant="default"
                    leftSection={<IconUpload size={16} aria-hidden />}
                  >
                    Import enum.json
                  </Button>
                  <Button
                    variant="light"
                    leftSection={<IconPlus size={16} aria-hidden />}
                    onClick={() => {
                      router.push("/blocks/new");
                    }}
                  >
                    Create a block
                  </Button>
                </Group>
              )
            }
          />
        ) : (
          <Paper withBorder radius="md" style={{ overflow: "hidden" }}>
            {query.isError ? (
              <Paper p="sm">
                <QueryError
                  title="Could not refresh this page"
                  error={query.error}
                  onRetry={() => void query.refetch()}
                  retrying={query.isFetching}
                />
              </Paper>
            ) : null}
            <div
              style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: "opacity 120ms" }}
              data-testid="blocks-table"
            >
              <BlockTable
                items={data?.items ?? []}
                loading={data === undefined}
                sort={params.sort}
                dir={params.dir}
                onSort={onSort}
                onToggle={(block, enabled) => {
                  void toggleGuard.requestToggle(block, enabled);
                }}
                onDelete={setDeleting}
                readOnly={!canWrite}
                pickedId={params.number !== "" ? data?.numberMatch?.blockId : null}
                now={now}
                caption={`Number blocks, page ${params.page} of ${pageCount}, sorted by ${params.sort} ${params.dir === "asc" ? "ascending" : "descending"}`}
                emptyText={
                  params.number !== ""
                    ? "No block covers this number."
                    : "No blocks match these filters. Try a shorter name or clear the filters."
                }
              />
            </div>
            <Group
              justify="space-between"
              px="md"
              py="sm"
              gap="sm"
              style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}
            >
              <Group gap="sm">
                <Text size="sm" c="dimmed" aria-live="polite">
                  {data === undefined
                    ? "Loading…"
                    : total === 0
                      ? "No blocks"
                      : `${COUNT.format(first)}–${COUNT.format(last)} of ${COUNT.format(total)} ${total === 1 ? "block" : "blocks"}`}
                </Text>
                {query.isFetching && data !== undefined ? <Loader size="xs" aria-label="Refreshing" /> : null}
              </Group>
              <Group gap="md">
                <Group gap={6}>
                  <Text size="sm" c="dimmed" component="label" htmlFor="blocks-page-size">
                    Rows per page
                  </Text>
                  <Select
                    id="blocks-page-size"
                    data={PAGE_SIZES.map(String)}
                    value={String(params.size)}
                    onChange={(value) => {
                      setParams({ size: Number(value ?? PAGE_SIZES[0]) });
                    }}
                    allowDeselect={false}
                    w={80}
                    size="xs"
                  />
                </Group>
                <nav aria-label="Pagination">
                  <Pagination
                    total={pageCount}
                    value={Math.min(params.page, pageCount)}
                    onChange={(page) => {
                      setParams({ page });
                    }}
                    size="sm"
                    siblings={1}
                    boundaries={1}
                    getControlProps={(control) => ({
                      "aria-label":
                        control === "next" ? "Next page" : control === "previous" ? "Previous page" : control,
                    })}
                    getItemProps={(page) => ({
                      "aria-label": `Page ${page}`,
                      "aria-current": page === params.page ? "page" : undefined,
                    })}
                  />
                </nav>
              </Group>
            </Group>
          </Paper>
        )}
      </Stack>

      <DeleteBlockModal
        block={deleting}
        onClose={() => {
          setDeleting(null);
        }}
      />
      <RerouteConfirmModal {...toggleGuard.confirmProps} />
    </>
  );
}
