"use client";

import { Button, Group, Paper, Select, Stack, TextInput } from "@mantine/core";
import { IconDownload, IconFilterOff, IconSearch, IconUser } from "@tabler/icons-react";
import { useMemo } from "react";
import { toHistoryExportHref } from "@/lib/api-client/history";
import { DebouncedTextInput } from "@/components/ui/debounced-text-input";
import { PageHeader } from "@/components/ui/page-header";
import { hasHistoryFilters, toHistoryFilters, useHistoryParams, type HistoryParams } from "./history-params";
import { HistoryTable } from "./history-table";

const ACTION_OPTIONS = [
  { value: "block.create", label: "Block created" },
  { value: "block.update", label: "Block changed" },
  { value: "block.delete", label: "Block deleted" },
  { value: "settings.update", label: "Settings changed" },
  { value: "responder-settings.update", label: "Responder settings changed" },
  { value: "user.create", label: "User created" },
  { value: "user.update", label: "User changed" },
  { value: "token.create", label: "Token created" },
  { value: "token.revoke", label: "Token revoked" },
];

const TYPE_OPTIONS = [
  { value: "block", label: "Number blocks" },
  { value: "settings", label: "Settings" },
  { value: "responder-settings", label: "Responder settings" },
  { value: "user", label: "Users" },
  { value: "token", label: "API tokens" },
];

/** /history: every recorded change, filtered by block, user, action and time, with diffs and revert. */
export function HistoryView() {
  const { params, setParams } = useHistoryParams();
  const filters = useMemo(() => toHistoryFilters(params), [params]);
  const filtered = hasHistoryFilters(params);

  return (
    <>
      <PageHeader
        title="History"
        description="Every change to number blocks, settings, users and tokens: who, when, from where, and what changed. Revert a change or a whole import."
        actions={
          <Button
            component="a"
            href={toHistoryExportHref(filters)}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Export CSV
          </Button>
        }
      />
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Group align="flex-end" gap="md" wrap="wrap">
            <DebouncedTextInput
              label="Block (prefix or id)"
              placeholder="e.g. +1650555"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={params.block}
              onCommit={(block) => {
                setParams({ block });
              }}
              clearLabel="Clear block filter"
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              style={{ flex: "1 1 200px" }}
            />
            <DebouncedTextInput
              label="User"
              placeholder="user name"
              leftSection={<IconUser size={16} aria-hidden />}
              value={params.user}
              onCommit={(user) => {
                setParams({ user });
              }}
              clearLabel="Clear user filter"
              style={{ flex: "1 1 160px" }}
            />
            <Select
              label="Action"
              placeholder="Any action"
              data={ACTION_OPTIONS}
              value={params.action === "" ? null : params.action}
              onChange={(value) => {
                setParams({ action: value ?? "" });
              }}
              clearable
              w={210}
            />
            <Select
              label="Kind"
              placeholder="Everything"
              data={TYPE_OPTIONS}
              value={params.type === "" ? null : params.type}
              onChange={(value) => {
                setParams({ type: (value ?? "") as HistoryParams["type"] });
              }}
              clearable
              w={180}
            />
            <TextInput
              type="datetime-local"
              label="From"
              value={params.from}
              onChange={(event) => {
                setParams({ from: event.currentTarget.value });
              }}
              w={200}
            />
            <TextInput
              type="datetime-local"
              label="To"
              value={params.to}
              onChange={(event) => {
                setParams({ to: event.currentTarget.value });
              }}
              w={200}
            />
            {filtered ? (
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconFilterOff size={16} aria-hidden />}
                onClick={() => {
                  setParams({ block: "", user: "", action: "", type: "", from: "", to: "" });
                }}
              >
                Clear filters
              </Button>
            ) : null}
          </Group>
        </Paper>
        <HistoryTable
          filters={filters}
          caption="History of changes, newest first"
          emptyText={filtered ? "No change matches these filters." : "Nothing has been changed yet."}
        />
      </Stack>
    </>
  );
}
