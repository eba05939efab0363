"use client";

import { Badge, Box, Code, Group, Text } from "@mantine/core";
import type { RuleView } from "@/lib/enum/trace-view";

/** Colours of capture groups 1..n (cycled); the legend names each group, so colour is only a hint. */
export const GROUP_COLORS = ["indigo", "teal", "grape", "orange", "cyan", "pink"] as const;

function toGroupColor(group: number): string {
  return group === 0 ? "gray" : GROUP_COLORS[(group - 1) % GROUP_COLORS.length]!;
}

/** The number the rule was applied to, each capture group marked in its colour, and the legend. */
export function CaptureNumber({ rule }: { readonly rule: RuleView }) {
  return (
    <Group gap="sm" align="center">
      <Code
        fz="lg"
        px={10}
        py={6}
        style={{ display: "inline-block", letterSpacing: "0.05em" }}
        aria-label={`Number ${rule.subject}`}
        data-testid="capture-number"
      >
        {rule.spans.map((span, i) =>
          span.group < 0 ? (
            <span key={i}>{span.text}</span>
          ) : (
            <Box
              key={i}
              component="mark"
              title={span.group === 0 ? "matched, outside any group" : `group \\${span.group}`}
              data-group={span.group}
              style={{
                background: `var(--mantine-color-${toGroupColor(span.group)}-${span.group === 0 ? 2 : 1})`,
                borderBottom: `3px solid var(--mantine-color-${toGroupColor(span.group)}-6)`,
                color: "inherit",
                padding: "1px 0",
              }}
            >
              {span.text}
            </Box>
          ),
        )}
      </Code>
      {rule.groups.length > 0 ? (
        <Group gap={6} aria-label="Capture groups">
          {rule.groups.map((group) => (
            <Badge
              key={group.index}
              color={toGroupColor(group.index)}
              variant="light"
              styles={{
                label: { textTransform: "none", fontFamily: "var(--mantine-font-family-monospace)" },
              }}
            >
              \{group.index} = {group.text === null ? "(unset)" : group.text === "" ? "(empty)" : group.text}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          {rule.matched ? "The pattern has no capture groups." : ""}
        </Text>
      )}
    </Group>
  );
}
