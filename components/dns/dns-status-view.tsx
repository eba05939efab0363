"use client";

import { Anchor, Button, Skeleton, Stack, Text } from "@mantine/core";
import { IconPlugOff, IconRefresh } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { dnsStatusQueryOptions } from "@/lib/api-client/dns";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { QueryLog } from "./query-log";
import { ResponderOverview } from "./responder-overview";
import { TopTables } from "./top-tables";

/** /dns: the embedded responder's sockets, zone, reloads, query log and hit tables, refreshed every 2 s. */
export function DnsStatusView() {
  const [rcode, setRcode] = useState<string | null>(null);
  const status = useQuery({ ...dnsStatusQueryOptions(rcode), placeholderData: (previous) => previous });
  const data = status.data;

  return (
    <>
      <PageHeader
        title="DNS responder"
        description={
          <>
            The console answers ENUM queries itself from the compiled zone (the same one the BIND export
            writes); a saved change is served before the save returns. Allow-lists, rate limiting and NOTIFY
            targets are on the{" "}
            <Anchor component={Link} href="/settings">
              settings page
            </Anchor>
            .
          </>
        }
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => void status.refetch()}
            loading={status.isFetching && status.isPending}
          >
            Refresh
          </Button>
        }
      />
      {status.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading the responder status">
          <Skeleton height={150} radius="md" />
          <Skeleton height={300} radius="md" />
        </Stack>
      ) : data === undefined ? (
        <QueryError
          title="Could not load the responder status"
          error={status.error}
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      ) : !data.enabled ? (
        <EmptyState
          icon={<IconPlugOff size={26} />}
          title="The embedded responder is off"
          description={
            <>
              ENUM_DNS_DISABLED=1 is set for this server. Unset it and restart to answer ENUM queries on{" "}
              <Text span ff="monospace" size="sm">
                {data.listener.configured === "disabled" ? "127.0.0.1:5353" : data.listener.configured}
              </Text>
              , or serve the rules with{" "}
              <Text span ff="monospace" size="sm">
                enum-console serve-dns
              </Text>
              .
            </>
          }
        />
      ) : (
        <Stack gap="lg">
          {status.isError ? (
            <QueryError
              title="Could not refresh the responder status"
              error={status.error}
              onRetry={() => void status.refetch()}
              retrying={status.isFetching}
            />
          ) : null}
          <ResponderOverview status={data} now={status.dataUpdatedAt} />
          <TopTables nxdomain={data.topNxdomain} blocks={data.topBlocks} uncounted={data.uncountedNames} />
          <QueryLog
            rows={data.queryLog}
            ringSize={data.queryLogSize}
            rcode={rcode}
            onRcodeChange={setRcode}
          />
        </Stack>
      )}
    </>
  );
}
