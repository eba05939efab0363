"use client";

import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconPlugConnectedX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { DnsStatus, ReloadTiming } from "@/lib/api-client/types";
import { RelativeTime } from "@/components/ui/relative-time";

const COUNT = new Intl.NumberFormat("en-US");

/** "1,234". */
export function toCountText(n: number): string {
  return COUNT.format(n);
}

/** "412 ms (load 80, compile 300, index 32)". */
function toTimingText(timing: ReloadTiming): string {
  return `${toCountText(Math.round(timing.totalMs))} ms (load ${Math.round(timing.loadMs)}, compile ${Math.round(
    timing.compileMs,
  )}, index ${Math.round(timing.indexMs)})`;
}

/** A labelled value in a card. */
function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** Sockets, served zone, reloads and counters, with the errors that need an operator's attention first. */
export function ResponderOverview({ status, now }: { readonly status: DnsStatus; readonly now: number }) {
  const { listener, zone, reload, counters } = status;
  return (
    <Stack gap="md">
      {listener.bindError ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconPlugConnectedX aria-hidden />}
          title={`Not listening on ${listener.configured}`}
          role="alert"
        >
          <Text size="sm">{listener.bindError.message}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {toCountText(listener.bindAttempts)} failed attempts.{" "}
            {listener.nextBindAttempt ? (
              <>
                Next attempt <RelativeTime iso={listener.nextBindAttempt} now={now} />. Free the port or set
                ENUM_DNS_PORT / ENUM_DNS_HOST and restart.
              </>
            ) : null}
          </Text>
        </Alert>
      ) : null}
      {reload.lastError ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title={`The last reload failed${reload.lastError.revision === null ? "" : ` (revision ${reload.lastError.revision})`}: still serving ${
            zone ? `revision ${zone.revision}` : "nothing (SERVFAIL)"
          }`}
          role="alert"
        >
          <Text size="sm">{reload.lastError.message}</Text>
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dns-sockets-title">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h5" id="dns-sockets-title">
                Sockets
              </Title>
              <Badge color={listener.listening ? "green" : "red"} variant="light">
                {listener.listening ? "Listening" : "Not listening"}
              </Badge>
            </Group>
            <Fact label="Configured">{listener.configured}</Fact>
            <Fact label="Bound">
              {listener.sockets.length === 0 ? (
                "none"
              ) : (
                <Stack gap={0}>
                  {listener.sockets.map((socket) => (
                    <Text key={socket} size="sm" ff="monospace">
                      {socket}
                    </Text>
                  ))}
                </Stack>
              )}
            </Fact>
            {status.policy ? (
              <Fact label="Access">
                {status.policy.allowQuery.length === 0
                  ? "Any client may query"
                  : `Queries from ${status.policy.allowQuery.join(", ")}`}
                {" · "}
                {status.policy.rrl.responsesPerSecond === 0
                  ? "no rate limit"
                  : `RRL ${toCountText(status.policy.rrl.responsesPerSecond)}/s, slip ${status.policy.rrl.slip}`}
                {" · "}
                {status.policy.notify.length === 0
                  ? "no NOTIFY targets"
                  : `NOTIFY ${status.policy.notify.join(", ")}`}
              </Fact>
            ) : null}
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dns-zone-title">
          <Stack gap="sm">
            <Title order={3} size="h5" id="dns-zone-title">
              Zone
            </Title>
            {zone ? (
              <>
                <Fact label="Apex">{zone.apex}</Fact>
                <Group gap="xl">
                  <Fact label="Serial">
                    <span data-testid="dns-zone-serial">{zone.serial}</span>
                  </Fact>
                  <Fact label="Revision">{zone.revision}</Fact>
                </Group>
                <Fact label="Size">
                  {toCountText(zone.blocks)} enabled blocks · {toCountText(zone.names)} names ·{" "}
                  {toCountText(zone.naptrRecords)} NAPTR records
                </Fact>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                No zone loaded yet: queries get SERVFAIL.
              </Text>
            )}
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="dns-reload-title">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h5" id="dns-reload-title">
                Reloads
              </Title>
              {reload.inProgress ? (
                <Badge color="blue" variant="light">
                  Reloading
                </Badge>
              ) : null}
            </Group>
            <Fact label="Last reload">
              {reload.lastReloadAt ? <RelativeTime iso={reload.lastReloadAt} now={now} /> : "never"}
            </Fact>
            <Fact label="Duration">{reload.lastTiming ? toTimingText(reload.lastTiming) : "—"}</Fact>
            <Fact label="Count">
              {toCountText(reload.reloads)} reloads · {toCountText(reload.failures)} failed
            </Fact>
          </Stack>
        </Paper>
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Since start: {toCountText(counters.total)} messages ({toCountText(counters.byTransport.udp)} UDP,{" "}
        {toCountText(counters.byTransport.tcp)} TCP) ·{" "}
        {Object.entries(counters.byRcode)
          .sort((a, b) => b[1] - a[1])
          .map(([rcode, count]) => `${toCountText(count)} ${rcode}`)
          .join(" · ") || "no answers yet"}{" "}
        · {toCountText(counters.truncated)} truncated · {toCountText(counters.dropped)} dropped
      </Text>
    </Stack>
  );
}
