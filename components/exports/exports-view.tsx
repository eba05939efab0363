"use client";

import { Alert, Button, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import type { DnsmasqPlanName, ExportSummary } from "@/lib/api-client/types";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { CheckExistingFile } from "./check-existing-file";
import { BindCard, DnsmasqCard, EnumJsonCard } from "./format-cards";
import { toCountText, toPlural } from "./format";
import { useExportSummary } from "./use-export-summary";

/** Placeholder cards while the server compiles and checks (seconds at 100,000 blocks). */
function ExportsLoading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the exports">
      <Text size="sm" c="dimmed" role="status">
        Compiling the zone and checking every format against the rules… At 100,000 blocks this takes a few
        seconds; afterwards it is cached until the rules change.
      </Text>
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} height={170} radius="md" />
      ))}
    </Stack>
  );
}

/** What the files were built from: zone, serial, revision, blocks and when. */
function SummaryLine({ summary }: { readonly summary: ExportSummary }) {
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm" c="dimmed">
        Zone <strong>{summary.apex}</strong> · serial {summary.serial} · rule set revision {summary.revision}{" "}
        · {toPlural(summary.blocks, "enabled block", "enabled blocks")} · generated
      </Text>
      <RelativeTime iso={summary.generatedAt} now={Date.now()} />
    </Group>
  );
}

/** Problems the compiler could not express exactly (they also head the files). */
function CompileIssues({ summary }: { readonly summary: ExportSummary }) {
  const issues = summary.bind.issues;
  if (issues.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={`The compiler reported ${toPlural(issues.length, "problem", "problems")}`}
    >
      <Stack gap={4}>
        {issues.slice(0, 20).map((issue, i) => (
          <Text key={`${issue.code}-${i}`} size="sm">
            {issue.message}
          </Text>
        ))}
        {issues.length > 20 ? (
          <Text size="xs" c="dimmed">
            …and {toCountText(issues.length - 20)} more (listed at the top of the BIND and dnsmasq files).
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** /exports: download enum.json, the BIND zone and the dnsmasq config, each with its proof. */
export function ExportsView() {
  const [plan, setPlan] = useState<DnsmasqPlanName>("nanp");
  const summary = useExportSummary(plan);
  const data = summary.data;

  return (
    <>
      <PageHeader
        title="Exports"
        description="Files compiled from the enabled number blocks. Each DNS format is checked against the rules with the same engine the client uses, and says so in its header."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => void summary.refetch()}
            loading={summary.isFetching && !summary.isPlaceholderData}
            disabled={summary.isPending}
          >
            Refresh
          </Button>
        }
      />
      <Stack gap="lg">
        {summary.isPending ? (
          <ExportsLoading />
        ) : summary.isError && data === undefined ? (
          <QueryError
            title="Could not build the exports"
            error={summary.error}
            onRetry={() => void summary.refetch()}
            retrying={summary.isFetching}
          />
        ) : data ? (
          <>
            <SummaryLine summary={data} />
            {summary.isError ? (
              <QueryError
                title="Could not refresh the exports"
                error={summary.error}
                onRetry={() => void summary.refetch()}
                retrying={summary.isFetching}
              />
            ) : null}
            <CompileIssues summary={data} />
            <EnumJsonCard summary={data} />
            <BindCard summary={data} />
            <DnsmasqCard
              summary={data}
              plan={plan}
              onPlanChange={setPlan}
              updating={summary.isPlaceholderData && summary.isFetching}
            />
          </>
        ) : null}
        <CheckExistingFile defaultOrigin={data?.apex} />
      </Stack>
    </>
  );
}
