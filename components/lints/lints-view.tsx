"use client";

import { Anchor, Group, Pagination, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { lintsQueryOptions } from "@/lib/api-client/resolve";
import type { LintSeverity } from "@/lib/enum/lints";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { QueryError } from "@/components/ui/query-error";
import { SEVERITY_STYLE, SeverityBadge } from "@/components/blocks/lint-badges";

const PAGE_SIZE = 50;

const SEVERITIES: readonly LintSeverity[] = ["error", "warning", "info"];

const PLURALS: Readonly<Record<LintSeverity, string>> = {
  error: "Errors",
  warning: "Warnings",
  info: "Info",
};

const COUNT = new Intl.NumberFormat("en-US");

/**
 * Every lint of the rule set by severity, with counts, each naming what the client will do
 * and linking to the blocks concerned. Pages come from the server, so 100,000 blocks stay fast.
 */
export function LintsView() {
  const [severity, setSeverity] = useState<LintSeverity>("error");
  const [page, setPage] = useState(1);
  const query = useQuery(lintsQueryOptions(severity, page, PAGE_SIZE));
  const data = query.data;
  const pages = data === undefined ? 1 : Math.max(1, Math.ceil(data.total / PAGE_SIZE));

  return (
    <>
      <PageHeader
        title="Lints"
        description="Every problem the engine finds in the enabled number blocks, and what the ENUM client will do because of it."
      />
      {query.isError && data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : data === undefined ? (
        <PageLoading />
      ) : (
        <Stack gap="md">
          <SegmentedControl
            aria-label="Severity"
            value={severity}
            onChange={(value) => {
              setSeverity(value as LintSeverity);
              setPage(1);
            }}
            data={SEVERITIES.map((s) => ({
              value: s,
              label: `${PLURALS[s]} (${COUNT.format(data.counts[s])})`,
            }))}
            w="fit-content"
          />
          {data.items.length === 0 ? (
            <EmptyState
              icon={<IconCircleCheck size={26} />}
              title={`No ${PLURALS[severity].toLowerCase()}`}
              description={`The enabled blocks have no lint of this severity under the ${data.profile} profile.`}
            />
          ) : (
            <Stack
              gap="xs"
              component="ul"
              style={{ listStyle: "none", padding: 0, margin: 0 }}
              aria-label={PLURALS[severity]}
            >
              {data.items.map((lint, i) => (
                <Paper
                  key={`${data.page}-${i}`}
                  component="li"
                  withBorder
                  p="sm"
                  radius="sm"
                  style={{
                    borderLeft: `3px solid var(--mantine-color-${SEVERITY_STYLE[lint.severity].color}-6)`,
                  }}
                >
                  <Group gap={6} mb={4}>
                    <SeverityBadge severity={lint.severity} />
                    <Text size="xs" c="dimmed" ff="monospace">
                      {lint.code}
                    </Text>
                  </Group>
                  <Text size="sm">{lint.message}</Text>
                  <Text size="sm" c="dimmed" mt={2}>
                    What the client does: {lint.effect}
                  </Text>
                  <Group gap="xs" mt={6}>
                    {lint.blocks.map((block) => (
                      <Anchor key={block.id} component={Link} href={`/blocks/${block.id}`} size="sm">
                        {block.name} ({block.prefix === "" ? "catch-all" : block.prefix})
                      </Anchor>
                    ))}
                  </Group>
                </Paper>
              ))}
            </Stack>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Rules revision {data.revision}, {data.profile} profile.
            </Text>
            {pages > 1 ? (
              <Pagination total={pages} value={page} onChange={setPage} size="sm" aria-label="Lint pages" />
            ) : null}
          </Group>
        </Stack>
      )}
    </>
  );
}
