"use client";

import {
  Anchor,
  Badge,
  Box,
  Code,
  Divider,
  Group,
  List,
  Paper,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconCircleCheck, IconPhone } from "@tabler/icons-react";
import { useDeferredValue, useMemo, useState } from "react";
import { toAus } from "@/lib/enum/aus";
import { resolveJson, toJsonRuleTable } from "@/lib/enum/json-path";
import { findBlockLints, type Lint } from "@/lib/enum/lints";
import type { Profile } from "@/lib/enum/profile";
import type { JsonStep, Resolution, ResolutionStatus, RuleApplication } from "@/lib/enum/trace";
import { toExampleNumber } from "./block-form-values";
import { SEVERITY_STYLE, SeverityBadge } from "./lint-badges";

/** Colours of capture groups 1..n (cycled); the legend names each group, so colour is a hint. */
const GROUP_COLORS = ["indigo", "teal", "grape", "orange", "cyan", "pink"] as const;

const STATUS_STYLE: Readonly<Record<ResolutionStatus, { readonly color: string; readonly label: string }>> = {
  routed: { color: "teal", label: "Routed" },
  "no-route": { color: "yellow", label: "No route" },
  "not-uri": { color: "orange", label: "Not a URI" },
  failure: { color: "red", label: "Failure" },
  "server-failure": { color: "red", label: "Server failure" },
};

/** The subject with the match and each capture group highlighted (innermost group wins). */
function CaptureHighlight({ application }: { readonly application: RuleApplication }) {
  const { subject, captures } = application;
  const segments: { text: string; group: number }[] = [];
  for (let i = 0; i < subject.length; i++) {
    let group = -1;
    for (const capture of captures) {
      if (capture.start <= i && i < capture.end && capture.index > group) group = capture.index;
    }
    const last = segments[segments.length - 1];
    if (last && last.group === group) last.text += subject.charAt(i);
    else segments.push({ text: subject.charAt(i), group });
  }
  return (
    <Code
      fz="md"
      px={8}
      py={6}
      style={{ display: "inline-block", letterSpacing: "0.04em" }}
      aria-label={`Number ${subject}`}
    >
      {segments.map((segment, i) => {
        if (segment.group < 0) return <span key={i}>{segment.text}</span>;
        const color = segment.group === 0 ? "gray" : GROUP_COLORS[(segment.group - 1) % GROUP_COLORS.length]!;
        return (
          <Box
            key={i}
            component="mark"
            style={{
              background: `var(--mantine-color-${color}-${segment.group === 0 ? 2 : 1})`,
              borderBottom: `2px solid var(--mantine-color-${color}-6)`,
              color: "inherit",
              padding: "1px 0",
            }}
          >
            {segment.text}
          </Box>
        );
      })}
    </Code>
  );
}

function ApplicationDetails({ application }: { readonly application: RuleApplication }) {
  const groups = application.captures.filter((c) => c.index > 0);
  return (
    <Stack gap={6}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Match
      </Text>
      <div>
        <CaptureHighlight application={application} />
      </div>
      {application.matched ? (
        groups.length > 0 ? (
          <Group gap={6}>
            {groups.map((capture) => {
              const color = GROUP_COLORS[(capture.index - 1) % GROUP_COLORS.length]!;
              return (
                <Badge
                  key={capture.index}
                  color={color}
                  variant="light"
                  styles={{
                    label: { textTransform: "none", fontFamily: "var(--mantine-font-family-monospace)" },
                  }}
                >
                  \{capture.index} ={" "}
                  {capture.text === null ? "(unset)" : capture.text === "" ? "(empty)" : capture.text}
                </Badge>
              );
            })}
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            The pattern has no capture groups.
          </Text>
        )
      ) : (
        <Text size="sm" c="yellow.9">
          The pattern does not match this number.
        </Text>
      )}
      {application.matchCount > 1 ? (
        <Text size="xs" c="orange.8">
          Matched {application.matchCount} times: Sprout&apos;s global replace writes the replacement once per
          match.
        </Text>
      ) : null}
    </Stack>
  );
}

function ResolutionView({ resolution }: { readonly resolution: Resolution }) {
  const step = resolution.trace.steps[0] as JsonStep | undefined;
  const status = STATUS_STYLE[resolution.status];
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" w={64}>
          AUS
        </Text>
        <Code fz="sm">{resolution.aus === "" ? "(no digits)" : resolution.aus}</Code>
      </Group>
      {step?.application ? <ApplicationDetails application={step.application} /> : null}
      <Stack gap={4}>
        <Group gap="xs" justify="space-between">
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Result
          </Text>
          <Badge color={status.color} variant="light" styles={{ label: { textTransform: "none" } }}>
            {status.label}
          </Badge>
        </Group>
        <Code
          block
          fz="sm"
          style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}
          data-testid="preview-result"
        >
          {resolution.result === "" ? "(nothing)" : resolution.result}
        </Code>
      </Stack>
      {resolution.trace.notes.length > 0 ? (
        <List size="xs" spacing={4} c="dimmed">
          {resolution.trace.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}

function LintList({ lints }: { readonly lints: readonly Lint[] }) {
  if (lints.length === 0) {
    return (
      <Group gap={8} wrap="nowrap">
        <ThemeIcon color="teal" variant="light" size="sm" radius="xl" aria-hidden>
          <IconCircleCheck size={14} />
        </ThemeIcon>
        <Text size="sm">No lints: the client will use this block as written.</Text>
      </Group>
    );
  }
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Lints">
      {lints.map((lint, i) => (
        <Paper
          key={`${lint.code}-${i}`}
          component="li"
          withBorder
          p="xs"
          radius="sm"
          style={{ borderLeft: `3px solid var(--mantine-color-${SEVERITY_STYLE[lint.severity].color}-6)` }}
        >
          <Group gap={6} mb={4}>
            <SeverityBadge severity={lint.severity} />
            <Text size="xs" c="dimmed" ff="monospace">
              {lint.code}
            </Text>
          </Group>
          <Text size="sm">{lint.message}</Text>
          <Text size="xs" c="dimmed" mt={2}>
            Effect: {lint.effect}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

/**
 * "What this block does": an example number run through the block exactly as the client
 * would (AUS, prefix walk, regex with its capture groups, the result), and the block's lints.
 */
export function BlockPreview({
  name,
  prefix,
  regex,
  profile,
}: {
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
  readonly profile: Profile;
}) {
  // null: follow the prefix (the user has not typed an example of their own).
  const [example, setExample] = useState<string | null>(null);
  const deferredName = useDeferredValue(name);
  const deferredPrefix = useDeferredValue(prefix);
  const deferredRegex = useDeferredValue(regex);
  const number = example ?? toExampleNumber(prefix);
  const deferredNumber = useDeferredValue(number);

  const { resolution, lints, compiles } = useMemo(() => {
    const block = {
      name: deferredName.trim() || "this block",
      prefix: deferredPrefix.trim(),
      regex: deferredRegex,
    };
    const table = toJsonRuleTable([block], profile);
    const active = table.blocks[0]?.verdict.kind === "active";
    return {
      compiles: active,
      resolution: active && deferredNumber.trim() !== "" ? resolveJson(table, deferredNumber) : null,
      lints: deferredRegex === "" ? [] : findBlockLints(block, profile),
    };
  }, [deferredName, deferredPrefix, deferredRegex, deferredNumber, profile]);

  const aus = toAus(number);
  const outside = resolution !== null && (resolution.trace.steps[0] as JsonStep | undefined)?.chosen == null;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="block-preview-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h5" id="block-preview-title">
            What this block does
          </Title>
          <Text size="xs" c="dimmed">
            As the {profile === "sprout" ? "Sprout" : "strict RFC 3402"} client would apply it.
          </Text>
        </div>
        <TextInput
          label="Example number"
          value={number}
          onChange={(event) => {
            setExample(event.currentTarget.value);
          }}
          leftSection={<IconPhone size={16} aria-hidden />}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          description={
            example !== null ? (
              <Anchor
                component="button"
                type="button"
                size="xs"
                onClick={() => {
                  setExample(null);
                }}
              >
                Use the prefix again
              </Anchor>
            ) : (
              "Starts as the prefix padded to 11 digits."
            )
          }
        />
        {regex === "" ? (
          <Text size="sm" c="dimmed">
            Enter a regex to see what it does to this number.
          </Text>
        ) : !compiles ? (
          <Text size="sm" c="red.8">
            The regex does not compile, so the client drops this block. Fix it to see the result.
          </Text>
        ) : aus === "" ? (
          <Text size="sm" c="dimmed">
            Enter a number with digits.
          </Text>
        ) : resolution ? (
          <>
            {outside ? (
              <Text size="sm" c="yellow.9">
                {aus} is not under this block&apos;s prefix{prefix.trim() === "" ? "" : ` ${prefix.trim()}`},
                so the client would not use this block for it.
              </Text>
            ) : null}
            <ResolutionView resolution={resolution} />
          </>
        ) : null}
        <Divider />
        <Stack gap="xs">
          <Title order={4} size="h6">
            Lints for this block
          </Title>
          {regex === "" ? (
            <Text size="sm" c="dimmed">
              Lints appear once the block has a regex.
            </Text>
          ) : (
            <LintList lints={lints} />
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
