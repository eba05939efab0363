"use client";

import {
  ActionIcon,
  Alert,
  Code,
  CopyButton,
  Group,
  Input,
  Loader,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconBraces,
  IconCheck,
  IconCopy,
  IconGauge,
  IconServer2,
  IconWorldWww,
} from "@tabler/icons-react";
import type { DnsmasqPlanName, ExportSummary } from "@/lib/api-client/types";
import { CheckResult } from "./check-result";
import { ExportCard, ExportFigure } from "./export-card";
import { toCountText, toPlural } from "./format";
import { usePagedRows } from "./use-paged-rows";

/** enum.json: the rules themselves, so there is nothing to check. */
export function EnumJsonCard({ summary }: { readonly summary: ExportSummary }) {
  return (
    <ExportCard
      title="enum.json"
      icon={<IconBraces size={20} />}
      description="Clearwater's enum_file format: every enabled block, in prefix number order, byte-identical for the same rules. Importing it back changes nothing."
      format={summary.enumJson}
      recordsLabel="Blocks"
    >
      <Text size="sm" c="dimmed">
        No check needed: this file is the rules. The other formats are checked against it.
      </Text>
    </ExportCard>
  );
}

/** The BIND zone with its check and a named.conf snippet to copy. */
export function BindCard({ summary }: { readonly summary: ExportSummary }) {
  const { bind } = summary;
  return (
    <ExportCard
      title="BIND zone"
      icon={<IconWorldWww size={20} />}
      description={`A master file for ${summary.apex} (serial ${summary.serial}): every name on the path to a prefix with its own rules and wildcard, + and plain numbers separated exactly. Loads in BIND 9 and any RFC 1035 server.`}
      format={bind}
      recordsLabel="Records"
    >
      {bind.check ? (
        <CheckResult check={bind.check} subject="This zone" tableLabel="BIND zone differences" />
      ) : null}
      <Stack gap={4}>
        <Group justify="space-between" align="flex-end">
          <Text size="sm" fw={600} id="named-conf-label">
            named.conf
          </Text>
          <CopyButton value={bind.namedConf} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? "Copied" : "Copy the zone statement"} withArrow>
                <ActionIcon
                  variant="subtle"
                  color={copied ? "teal" : "gray"}
                  onClick={copy}
                  aria-label={copied ? "Copied named.conf snippet" : "Copy named.conf snippet"}
                >
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Code block aria-labelledby="named-conf-label" fz="xs">
          {bind.namedConf}
        </Code>
        <Text size="xs" c="dimmed">
          For <Code fz="xs">also-notify</Code> and <Code fz="xs">allow-transfer</Code> lists, ask{" "}
          <Code fz="xs">/api/export/named.conf?alsoNotify=192.0.2.1&amp;allowTransfer=192.0.2.0/24</Code>.
        </Text>
      </Stack>
    </ExportCard>
  );
}

const PLAN_OPTIONS: readonly { value: DnsmasqPlanName; label: string; help: string }[] = [
  {
    value: "nanp",
    label: "NANP",
    help: "North American numbers: 10 digits national, 11 with the leading 1.",
  },
  { value: "e164", label: "E.164", help: "Any number of 7 to 15 digits (large blocks hit the cap quickly)." },
];

/**
 * The dnsmasq config: the numbering plan that expands blocks into numbers, the check of
 * every listed number, the blocks it could not list, and the cost of dnsmasq's linear scan.
 */
export function DnsmasqCard({
  summary,
  plan,
  onPlanChange,
  updating,
}: {
  readonly summary: ExportSummary;
  readonly plan: DnsmasqPlanName;
  readonly onPlanChange: (plan: DnsmasqPlanName) => void;
  /** The summary on screen is for the previous plan while the new one loads. */
  readonly updating: boolean;
}) {
  const { dnsmasq } = summary;
  const help = PLAN_OPTIONS.find((o) => o.value === plan)?.help ?? "";
  return (
    <ExportCard
      title="dnsmasq"
      icon={<IconServer2 size={20} />}
      description="naptr-record lines for dnsmasq, which has no wildcards: each block is expanded into the full numbers the numbering plan allows, and strings are quoted so dnsmasq puts exactly the regexp on the wire."
      format={dnsmasq}
      recordsLabel="Records"
      extraFigures={<ExportFigure label="Numbers listed" value={toCountText(dnsmasq.names)} />}
    >
      <Input.Wrapper id="dnsmasq-plan" label="Numbering plan" labelElement="div" description={help}>
        <Group gap="sm" mt={6}>
          <SegmentedControl
            aria-labelledby="dnsmasq-plan-label"
            value={plan}
            onChange={(value) => {
              onPlanChange(value as DnsmasqPlanName);
            }}
            data={PLAN_OPTIONS.map(({ value, label }) => ({ value, label }))}
          />
          {updating ? (
            <Group gap={6} role="status">
              <Loader size="xs" />
              <Text size="xs" c="dimmed">
                Expanding the blocks for {plan === "nanp" ? "NANP" : "E.164"}…
              </Text>
            </Group>
          ) : null}
        </Group>
      </Input.Wrapper>

      <div style={{ opacity: updating ? 0.55 : 1, transition: "opacity 120ms" }} aria-busy={updating}>
        <Stack gap="md">
          {dnsmasq.check ? (
            <CheckResult check={dnsmasq.check} subject="This config" tableLabel="dnsmasq differences" />
          ) : null}
          <Alert
            color="yellow"
            variant="light"
            icon={<IconGauge aria-hidden />}
            title="dnsmasq scans every record for every query"
          >
            <Text size="sm">
              Measured here: about <strong>28,000 answers/s with 1,000 records</strong>, but{" "}
              <strong>under 300 answers/s with 100,000</strong>. This file has{" "}
              {toPlural(dnsmasq.records, "record", "records")}. Prefer the BIND zone for anything but small
              deployments.
            </Text>
          </Alert>
          <OmittedBlocks summary={summary} />
        </Stack>
      </div>
    </ExportCard>
  );
}

const OMITTED_PER_PAGE = 10;

function OmittedBlocks({ summary }: { readonly summary: ExportSummary }) {
  const { dnsmasq } = summary;
  const { page, pages, setPage, first, last, visible } = usePagedRows(dnsmasq.omitted, OMITTED_PER_PAGE);
  if (dnsmasq.omittedTotal === 0) {
    return (
      <Text size="sm" c="dimmed">
        Every enabled block is listed in full.
      </Text>
    );
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={`${toPlural(dnsmasq.omittedTotal, "block", "blocks")} it cannot list`}
      styles={{ message: { minWidth: 0 } }}
    >
      <Stack gap="xs">
        <Text size="sm">
          dnsmasq answers only the exact names it is given, so numbers under these blocks get NXDOMAIN from it
          while the rules route them. The file lists them in a comment at the top.
        </Text>
        <Table.ScrollContainer minWidth={560} type="native">
          <Table
            withTableBorder
            verticalSpacing={4}
            fz="sm"
            aria-label="Blocks dnsmasq cannot list"
            bg="var(--mantine-color-body)"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>Prefix</Table.Th>
                <Table.Th>Block</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visible.map((o) => (
                <Table.Tr key={o.blockId}>
                  <Table.Td>
                    {o.prefix === "" ? (
                      <Text span size="xs" fs="italic">
                        catch-all
                      </Text>
                    ) : (
                      <Code>{o.prefix}</Code>
                    )}
                  </Table.Td>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td fz="xs">{o.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages > 1 || dnsmasq.omittedTotal > dnsmasq.omitted.length ? (
          <Group justify="space-between" gap="sm">
            <Text size="xs" c="dimmed">
              {toCountText(first)}–{toCountText(last)} of {toCountText(dnsmasq.omitted.length)}
              {dnsmasq.omittedTotal > dnsmasq.omitted.length
                ? ` shown here (the first of ${toCountText(dnsmasq.omittedTotal)}; the file lists them all)`
                : ""}
            </Text>
            {pages > 1 ? (
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                size="sm"
                aria-label="Blocks dnsmasq cannot list pages"
                getControlProps={(control) => ({ "aria-label": `${control} page` })}
              />
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}
