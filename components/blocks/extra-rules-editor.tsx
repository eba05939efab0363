"use client";

import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { FieldIssue } from "@/lib/app-error";
import { TextPointer } from "@/components/ui/text-pointer";
import { toNewExtraRule, type ExtraRuleDraft } from "./block-form-values";

const MONO = { input: { fontFamily: "var(--mantine-font-family-monospace)" } };

/**
 * Extra DNS-only NAPTR rules of a block: rows of order / preference / flags / service /
 * regexp / replacement, with add and remove. Issues come by path (`extraRules.0.regexp`).
 */
export function ExtraRulesEditor({
  rules,
  onChange,
  issueFor,
  maxRules,
}: {
  readonly rules: readonly ExtraRuleDraft[];
  readonly onChange: (rules: readonly ExtraRuleDraft[], changedPath?: string) => void;
  readonly issueFor: (path: string) => FieldIssue | undefined;
  readonly maxRules: number;
}) {
  const update = (index: number, patch: Partial<Omit<ExtraRuleDraft, "key">>) => {
    const field = Object.keys(patch)[0] ?? "";
    onChange(
      rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)),
      `extraRules.${index}.${field}`,
    );
  };
  const listIssue = issueFor("extraRules");

  return (
    <Stack gap="sm">
      {rules.length === 0 ? (
        <Text size="sm" c="dimmed">
          None. The zone publishes only the block&apos;s own rule for its prefix.
        </Text>
      ) : null}
      {rules.map((rule, index) => {
        const n = index + 1;
        const error = (field: string) => issueFor(`extraRules.${index}.${field}`)?.message;
        const regexpIssue = issueFor(`extraRules.${index}.regexp`);
        return (
          <Paper key={rule.key} withBorder radius="sm" p="sm" component="fieldset" style={{ margin: 0 }}>
            <Group justify="space-between" mb="xs">
              <Text component="legend" size="sm" fw={600} style={{ float: "left", padding: 0 }}>
                Rule {n}
              </Text>
              <Tooltip label="Remove rule" openDelay={300}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove rule ${n}`}
                  onClick={() => {
                    onChange(
                      rules.filter((_, i) => i !== index),
                      "extraRules",
                    );
                  }}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing="xs">
              <NumberInput
                label="Order"
                aria-label={`Order, rule ${n}`}
                value={rule.order}
                onChange={(value) => {
                  update(index, { order: value });
                }}
                min={0}
                max={65535}
                allowDecimal={false}
                allowNegative={false}
                error={error("order")}
                size="xs"
              />
              <NumberInput
                label="Preference"
                aria-label={`Preference, rule ${n}`}
                value={rule.preference}
                onChange={(value) => {
                  update(index, { preference: value });
                }}
                min={0}
                max={65535}
                allowDecimal={false}
                allowNegative={false}
                error={error("preference")}
                size="xs"
              />
              <TextInput
                label="Flags"
                aria-label={`Flags, rule ${n}`}
                value={rule.flags}
                onChange={(event) => {
                  update(index, { flags: event.currentTarget.value });
                }}
                error={error("flags")}
                styles={MONO}
                size="xs"
              />
              <TextInput
                label="Service"
                aria-label={`Service, rule ${n}`}
                value={rule.service}
                onChange={(event) => {
                  update(index, { service: event.currentTarget.value });
                }}
                error={error("service")}
                styles={MONO}
                size="xs"
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs" mt="xs">
              <div style={{ gridColumn: "span 3" }}>
                <TextInput
                  label="Regexp"
                  aria-label={`Regexp, rule ${n}`}
                  placeholder="!^(.*)$!tel:\1;mcc=310;mnc=410!"
                  value={rule.regexp}
                  onChange={(event) => {
                    update(index, { regexp: event.currentTarget.value });
                  }}
                  error={regexpIssue?.message}
                  styles={MONO}
                  size="xs"
                />
                {regexpIssue?.at !== undefined && rule.regexp !== "" ? (
                  <TextPointer
                    text={rule.regexp}
                    at={regexpIssue.at}
                    label={`Error at character ${regexpIssue.at + 1} of rule ${n}'s regexp`}
                  />
                ) : null}
              </div>
              <TextInput
                label="Replacement"
                aria-label={`Replacement, rule ${n}`}
                value={rule.replacement}
                onChange={(event) => {
                  update(index, { replacement: event.currentTarget.value });
                }}
                error={error("replacement")}
                styles={MONO}
                size="xs"
              />
            </SimpleGrid>
          </Paper>
        );
      })}
      {listIssue ? (
        <Text size="sm" c="red.7" role="alert">
          {listIssue.message}
        </Text>
      ) : null}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => {
            const lastOrder = Number(rules[rules.length - 1]?.order ?? 90);
            onChange(
              [...rules, toNewExtraRule(Number.isFinite(lastOrder) ? lastOrder + 10 : 100)],
              "extraRules",
            );
          }}
          disabled={rules.length >= maxRules}
        >
          Add DNS rule
        </Button>
      </Group>
    </Stack>
  );
}
