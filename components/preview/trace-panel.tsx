"use client";

import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Code,
  CopyButton,
  Group,
  List,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconCheck,
  IconCopy,
  IconFilter,
  IconNumber,
  IconRegex,
  IconServer,
  IconTargetArrow,
  IconWorldSearch,
} from "@tabler/icons-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { BlockRef } from "@/lib/enum/trace";
import type { PrefixWalkView, QueryView, RuleView, TraceTone, TraceView } from "@/lib/enum/trace-view";
import { CaptureNumber } from "./capture-number";
import { NaptrTable } from "./naptr-table";

/** Block ids by the index a JSON-path trace names them with. */
type BlockIds = Readonly<Record<number, string>>;

const TONE_COLORS: Readonly<Record<TraceTone, string>> = { ok: "teal", warn: "yellow", bad: "red" };

/** The result URI (or what the client returns instead) with a copy button. */
function ResultCode({ view }: { readonly view: TraceView }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code
        block
        fz="md"
        style={{ wordBreak: "break-all", whiteSpace: "pre-wrap", flex: 1 }}
        data-testid="trace-result"
      >
        {view.result === "" ? "(nothing)" : view.result}
      </Code>
      {view.result !== "" ? (
        <CopyButton value={view.result}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? "Copied" : "Copy the result"} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? "teal" : "gray"}
                onClick={copy}
                aria-label="Copy the result"
              >
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      ) : null}
    </Group>
  );
}

function RuleDetails({ rule }: { readonly rule: RuleView }) {
  return (
    <Stack gap={6}>
      <Text size="sm">
        Regex <Code>{rule.regexp}</Code> applied to the AUS:
      </Text>
      <CaptureNumber rule={rule} />
      <Text size="xs" c={rule.matched ? "dimmed" : "yellow.9"}>
        {rule.summary}
      </Text>
      {rule.matched ? (
        <Text size="sm">
          Output: <Code>{rule.output}</Code>
        </Text>
      ) : null}
    </Stack>
  );
}

/** A link to the block's edit page, when its id is known. */
function BlockLink({ block, blockIds }: { readonly block: BlockRef; readonly blockIds: BlockIds }) {
  const id = blockIds[block.index];
  const label = `${block.name === "" ? `Block #${block.index + 1}` : block.name} (${block.prefix === "" ? "catch-all" : block.prefix})`;
  if (id === undefined)
    return (
      <Text span size="sm">
        {label}
      </Text>
    );
  return (
    <Anchor component={Link} href={`/blocks/${id}`} size="sm">
      {label}
    </Anchor>
  );
}

function PrefixWalkItem({ step, blockIds }: { readonly step: PrefixWalkView; readonly blockIds: BlockIds }) {
  return (
    <Stack gap={6}>
      <Text size="sm">{step.summary}</Text>
      {step.chosen !== null ? (
        <Text size="sm">
          Open the block: <BlockLink block={step.chosen} blockIds={blockIds} />
        </Text>
      ) : null}
      {step.skipped.map((skipped) => (
        <Alert
          key={skipped.block.index}
          color="orange"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          p="xs"
          title={`Block ${skipped.block.name === "" ? `#${skipped.block.index + 1}` : `"${skipped.block.name}"`} (prefix ${skipped.block.prefix === "" ? '""' : skipped.block.prefix}) is not used`}
        >
          <Text size="sm">{skipped.reason}</Text>
          <Text size="sm" mt={4}>
            Fix it: <BlockLink block={skipped.block} blockIds={blockIds} />
          </Text>
        </Alert>
      ))}
      {step.quirk !== null ? (
        <Alert color="yellow" variant="light" p="xs" title="Sprout's short-number quirk">
          <Text size="sm">{step.quirk}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

function QueryItem({ step }: { readonly step: QueryView }) {
  return (
    <Stack gap={6}>
      <Text size="sm">
        NAPTR <Code>{step.domain}</Code> (key <Code>{step.key}</Code>): {step.summary}
      </Text>
      {step.attempts.length > 0 ? (
        <List
          size="sm"
          spacing={2}
          aria-label={`Servers tried for ${step.domain}`}
          icon={
            <ThemeIcon size={18} radius="xl" variant="light" color="gray">
              <IconServer size={12} aria-hidden />
            </ThemeIcon>
          }
        >
          {step.attempts.map((attempt, i) => (
            <List.Item key={i}>
              <Group gap={6} wrap="nowrap">
                <Badge
                  size="sm"
                  variant="light"
                  color={attempt.answered ? "teal" : attempt.timedOut ? "gray" : "red"}
                >
                  {attempt.outcome}
                </Badge>
                <Text size="sm">{attempt.text}</Text>
              </Group>
            </List.Item>
          ))}
        </List>
      ) : null}
      {step.records.length > 0 ? <NaptrTable records={step.records} domain={step.domain} /> : null}
      {step.terminal === false ? (
        <Text size="xs" c="dimmed">
          Non-terminal rule (empty flags): the output is looked up again.
        </Text>
      ) : null}
    </Stack>
  );
}

function Step({
  title,
  icon,
  children,
}: {
  readonly title: string;
  readonly icon: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <Timeline.Item
      bullet={icon}
      title={
        <Text fw={600} size="sm">
          {title}
        </Text>
      }
    >
      <div style={{ marginTop: 4 }}>{children}</div>
    </Timeline.Item>
  );
}

/**
 * One path's trace as a picture: the status up front with the reasons, then the flow the
 * client followed (AUS, prefix walk or NAPTR queries, the rule with its capture groups, the
 * result) as a vertical timeline.
 */
export function TracePanel({
  title,
  view,
  blockIds = {},
}: {
  readonly title: string;
  readonly view: TraceView;
  readonly blockIds?: BlockIds;
}) {
  const color = TONE_COLORS[view.tone];
  const rule = [...view.steps].reverse().find((step) => step.rule !== null)?.rule ?? null;
  const headingId = `trace-${view.mode}-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h4" id={headingId}>
              {title}
            </Title>
            <Text size="xs" c="dimmed">
              {view.profile === "sprout" ? "Sprout profile" : "Strict RFC profile"}
            </Text>
          </div>
          <Badge color={color} size="lg" variant="filled" styles={{ label: { textTransform: "none" } }}>
            {view.statusLabel}
          </Badge>
        </Group>
        <Text fw={600} role="status">
          {view.headline}
        </Text>
        {view.reasons.length > 0 ? (
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              Why
            </Text>
            <List size="sm" spacing={4} aria-label={`Why, ${title}`}>
              {view.reasons.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </Stack>
        ) : null}
        <Timeline active={view.steps.length + 2} bulletSize={26} lineWidth={2} color={color}>
          <Step title="Dialed number and AUS" icon={<IconNumber size={14} aria-hidden />}>
            <Text size="sm">
              <Code>{view.input}</Code> → <Code>{view.aus === "" ? "(no digits)" : view.aus}</Code>
            </Text>
            <Text size="xs" c="dimmed">
              {view.normalisation}
            </Text>
          </Step>
          {view.steps.map((step, i) =>
            step.kind === "prefix-walk" ? (
              <Step
                key={i}
                title="Prefix walk over the number blocks"
                icon={<IconFilter size={14} aria-hidden />}
              >
                <PrefixWalkItem step={step} blockIds={blockIds} />
              </Step>
            ) : (
              <Step
                key={i}
                title={`Query ${i + 1}: NAPTR ${step.domain}`}
                icon={<IconWorldSearch size={14} aria-hidden />}
              >
                <QueryItem step={step} />
              </Step>
            ),
          )}
          {rule !== null ? (
            <Step title="The chosen rule" icon={<IconRegex size={14} aria-hidden />}>
              <RuleDetails rule={rule} />
            </Step>
          ) : null}
          <Step title="Result" icon={<IconTargetArrow size={14} aria-hidden />}>
            <ResultCode view={view} />
          </Step>
        </Timeline>
        {view.notes.length > 0 ? (
          <List size="xs" spacing={2} c="dimmed" aria-label={`Notes, ${title}`}>
            {view.notes.map((note) => (
              <List.Item key={note}>{note}</List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Paper>
  );
}
