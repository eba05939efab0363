"use client";

import { FileDropField } from "@/components/ui/file-drop-field";
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Input,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconEye, IconPlayerPlay, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { applyImport, planImport } from "@/lib/api-client/import";
import { invalidateRoutingQueries } from "@/lib/api-client/routing";
import type { ImportMode, ImportProgress, ImportResult } from "@/lib/api-client/types";
import type { ImportPreview } from "@/lib/schemas/test-numbers";
import { RerouteTable } from "@/components/tests/reroute-table";
import { toErrorMessage } from "@/components/ui/error-message";
import { PageHeader } from "@/components/ui/page-header";
import { TextPointer } from "@/components/ui/text-pointer";
import { ImportPlanTabs, ImportSummary } from "./import-plan-view";

const COUNT = new Intl.NumberFormat("en");

const MODE_HELP: Readonly<Record<ImportMode, string>> = {
  merge: "Merge — add and change, keep others: blocks not in the file stay as they are.",
  replace: "Replace — the file becomes the whole set: blocks not in the file are removed.",
};

const PHASE_LABEL: Readonly<Record<ImportProgress["phase"], string>> = {
  parsing: "Reading the file",
  validating: "Checking blocks",
  writing: "Writing blocks",
  done: "Finishing",
};

/** Where in the text an error is: the character offset from the issue or details, if any. */
function toErrorOffset(error: unknown): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const fromIssue = error.issues.find((i) => i.at !== undefined)?.at;
  if (fromIssue !== undefined) return fromIssue;
  const at = error.details?.at;
  return typeof at === "number" ? at : undefined;
}

/** The line of `text` holding `offset`, with the column inside it (for the caret). */
function toLineAt(
  text: string,
  offset: number,
): { line: number; column: number; content: string; pointAt: number } {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const endAt = text.indexOf("\n", offset);
  const end = endAt < 0 ? text.length : endAt;
  const line = text.slice(0, start).split("\n").length;
  // Long minified lines: show a window around the spot.
  const from = Math.max(start, offset - 60);
  const to = Math.min(end, offset + 60);
  return {
    line,
    column: offset - start + 1,
    pointAt: (from > start ? 1 : 0) + (offset - from),
    content: `${from > start ? "…" : ""}${text.slice(from, to)}${to < end ? "…" : ""}`.replace(/\t/g, " "),
  };
}

function FileError({ error, text }: { readonly error: unknown; readonly text: string | null }) {
  const offset = toErrorOffset(error);
  const spot = text !== null && offset !== undefined && offset <= text.length ? toLineAt(text, offset) : null;
  const messages =
    error instanceof ApiError && error.issues.length > 0
      ? error.issues.map((i) => i.message)
      : [toErrorMessage(error)];
  return (
    <Alert color="red" icon={<IconX aria-hidden />} title="This file cannot be imported" role="alert">
      <Stack gap="xs">
        {[...new Set(messages)].map((message) => (
          <Text size="sm" key={message}>
            {message}
          </Text>
        ))}
        {spot && offset !== undefined ? (
          <div>
            <Text size="xs" c="dimmed">
              Line {spot.line}, column {spot.column}:
            </Text>
            <TextPointer
              text={spot.content}
              at={spot.pointAt}
              label={`Error at line ${spot.line}, column ${spot.column}`}
            />
          </div>
        ) : null}
        <Text size="xs" c="dimmed">
          Nothing was changed.
        </Text>
      </Stack>
    </Alert>
  );
}

/** /import: paste or upload enum.json, preview the diff (dry run), then apply it in one go. */
export function ImportView() {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileText, setFileText] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>("merge");
  const [skipRejected, setSkipRejected] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  const body = file ?? text;
  const hasSource = file !== null || text.trim() !== "";

  const plan = useMutation<ImportPreview, Error, { body: string | Blob; mode: ImportMode }>({
    mutationFn: (vars) => planImport(vars.body, vars.mode),
    onError: async () => {
      // Keep the uploaded text around to point at the error.
      if (file !== null && fileText === null && file.size < 8 * 1024 * 1024) setFileText(await file.text());
    },
  });
  const apply = useMutation<
    ImportResult,
    Error,
    { body: string | Blob; mode: ImportMode; acceptRejected: boolean }
  >({
    mutationFn: (vars) => applyImport(vars.body, vars.mode, vars.acceptRejected, setProgress),
    onSettled: () => invalidateRoutingQueries(queryClient),
  });

  /** Any change to the input makes the preview and result out of date. */
  const resetOutcome = () => {
    plan.reset();
    apply.reset();
    setProgress(null);
    setSkipRejected(false);
  };

  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (plan.status === "error" || plan.status === "success") {
      outcomeRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }, [plan.status]);

  const currentPlan = plan.data;
  const rejected = currentPlan?.rejected.length ?? 0;
  const changes = currentPlan
    ? currentPlan.added.length + currentPlan.changed.length + currentPlan.removed.length
    : 0;
  const applying = apply.isPending;
  const done = apply.data;
  const canApply =
    currentPlan !== undefined && !applying && !done && (rejected === 0 || skipRejected) && changes > 0;

  return (
    <>
      <PageHeader
        title="Import enum.json"
        description="Bring in Clearwater's enum.json: preview exactly what changes, then apply it all in one transaction."
      />
      <Stack gap="md">
        <Paper withBorder radius="md" p="lg" component="section" aria-label="Source">
          <Stack gap="md">
            <Title order={3} size="h5">
              1. The file
            </Title>
            <FileDropField
              file={file}
              onChange={(chosen) => {
                setFile(chosen);
                setFileText(null);
                resetOutcome();
              }}
              label="Upload enum.json"
              title="Drop enum.json here or click to choose a file"
              hint="One .json file, up to 64 MB"
              maxBytes={64 * 1024 * 1024}
              accept={{ "application/json": [".json"] }}
              disabled={applying}
              rejectMessage="That file cannot be used: choose one .json file."
            />
            {file ? null : (
              <>
                <Textarea
                  label="Or paste enum.json"
                  placeholder={
                    '{\n  "number_blocks": [\n    { "name": "…", "prefix": "…", "regex": "!(^.*$)!sip:\\\\1@…!" }\n  ]\n}'
                  }
                  value={text}
                  onChange={(event) => {
                    setText(event.currentTarget.value);
                    resetOutcome();
                  }}
                  autosize
                  minRows={8}
                  maxRows={18}
                  spellCheck={false}
                  disabled={applying}
                  styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
                />
              </>
            )}
            <Input.Wrapper id="import-mode" label="Mode" labelElement="div" description={MODE_HELP[mode]}>
              <SegmentedControl
                aria-labelledby="import-mode-label"
                value={mode}
                onChange={(value) => {
                  setMode(value as ImportMode);
                  resetOutcome();
                }}
                data={[
                  { value: "merge", label: "Merge — add and change, keep others" },
                  { value: "replace", label: "Replace — the file becomes the whole set" },
                ]}
                disabled={applying}
                mt={6}
              />
            </Input.Wrapper>
            <Group>
              <Button
                leftSection={<IconEye size={16} aria-hidden />}
                onClick={() => {
                  apply.reset();
                  setProgress(null);
                  setSkipRejected(false);
                  plan.mutate({ body, mode });
                }}
                loading={plan.isPending}
                disabled={!hasSource || applying}
              >
                Preview changes
              </Button>
              {!hasSource ? (
                <Text size="sm" c="dimmed">
                  Choose a file or paste enum.json first.
                </Text>
              ) : null}
            </Group>
          </Stack>
        </Paper>

        {/* The outcome of a preview scrolls into view (the file is often long). */}
        {plan.isError || currentPlan ? (
          <Stack gap="md" ref={outcomeRef} style={{ scrollMarginTop: 72 }}>
            {plan.isError ? <FileError error={plan.error} text={file ? fileText : text} /> : null}

            {currentPlan ? (
              <Paper withBorder radius="md" p="lg" component="section" aria-label="Preview">
                <Stack gap="md">
                  <Group justify="space-between" align="center">
                    <Title order={3} size="h5">
                      2. What would change
                    </Title>
                    <Text size="xs" c="dimmed">
                      Dry run under the {currentPlan.profile === "sprout" ? "Sprout" : "RFC"} profile ·
                      nothing written yet
                    </Text>
                  </Group>
                  <ImportSummary plan={currentPlan} />
                  {rejected > 0 ? (
                    <Alert
                      color="orange"
                      icon={<IconAlertTriangle aria-hidden />}
                      title="Some blocks are rejected"
                    >
                      <Text size="sm">
                        {rejected === 1 ? "One block" : `${COUNT.format(rejected)} blocks`} in the file would
                        be skipped by the client or refused by the console. See the Rejected tab for where and
                        why.
                      </Text>
                    </Alert>
                  ) : null}
                  {currentPlan.impact.reroutes.length > 0 ? (
                    <Alert
                      color={currentPlan.impact.breaks > 0 ? "red" : "yellow"}
                      icon={<IconAlertTriangle aria-hidden />}
                      title={`This import re-routes ${COUNT.format(currentPlan.impact.reroutes.length)} of ${COUNT.format(currentPlan.impact.checked)} saved numbers${currentPlan.impact.breaks > 0 ? `; ${COUNT.format(currentPlan.impact.breaks)} stop meeting their expected result` : ""}`}
                    >
                      <RerouteTable
                        reroutes={currentPlan.impact.reroutes}
                        caption="Saved numbers this import re-routes"
                      />
                    </Alert>
                  ) : null}
                  <ImportPlanTabs plan={currentPlan} />
                </Stack>
              </Paper>
            ) : null}

            {currentPlan ? (
              <Paper withBorder radius="md" p="lg" component="section" aria-label="Apply">
                <Stack gap="md">
                  <Title order={3} size="h5">
                    3. Apply
                  </Title>
                  {rejected > 0 ? (
                    <Checkbox
                      label={`Skip the ${COUNT.format(rejected)} rejected ${rejected === 1 ? "block" : "blocks"}`}
                      description="Import everything else; the rejected blocks are left out."
                      checked={skipRejected}
                      onChange={(event) => {
                        setSkipRejected(event.currentTarget.checked);
                      }}
                      disabled={applying || done !== undefined}
                    />
                  ) : null}
                  {currentPlan.mode === "replace" && currentPlan.removed.length > 0 ? (
                    <Text size="sm" c="red.8">
                      Replace removes {COUNT.format(currentPlan.removed.length)}{" "}
                      {currentPlan.removed.length === 1 ? "block that is" : "blocks that are"} not in the
                      file.
                    </Text>
                  ) : null}
                  <Group>
                    <Button
                      color="indigo"
                      leftSection={<IconPlayerPlay size={16} aria-hidden />}
                      onClick={() => {
                        setProgress(null);
                        apply.mutate({ body, mode, acceptRejected: skipRejected });
                      }}
                      loading={applying}
                      disabled={!canApply}
                    >
                      Apply
                    </Button>
                    {changes === 0 && !done ? (
                      <Text size="sm" c="dimmed">
                        Nothing to apply: the database already matches this file.
                      </Text>
                    ) : rejected > 0 && !skipRejected && !done ? (
                      <Text size="sm" c="dimmed">
                        Tick “Skip the rejected blocks” to apply the rest, or fix the file and preview again.
                      </Text>
                    ) : null}
                  </Group>
                  {applying || (progress && !done && !apply.isError) ? (
                    <Stack gap={4}>
                      <Group justify="space-between">
                        <Text size="sm">{progress ? PHASE_LABEL[progress.phase] : "Starting"}</Text>
                        <Text size="sm" c="dimmed" ff="monospace">
                          {progress && progress.total > 0
                            ? `${COUNT.format(progress.done)} / ${COUNT.format(progress.total)}`
                            : ""}
                        </Text>
                      </Group>
                      <Progress
                        value={progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0}
                        animated
                        striped
                        size="lg"
                        aria-label="Import progress"
                      />
                    </Stack>
                  ) : null}
                  {apply.isError ? (
                    <Alert
                      color="red"
                      icon={<IconX aria-hidden />}
                      title="The import was not applied"
                      role="alert"
                    >
                      <Text size="sm">{toErrorMessage(apply.error)}</Text>
                      <Text size="xs" c="dimmed" mt={4}>
                        It runs in one transaction, so nothing was changed.
                      </Text>
                    </Alert>
                  ) : null}
                  {done ? (
                    <Alert
                      color="teal"
                      icon={<IconCircleCheck aria-hidden />}
                      title="Import applied"
                      role="status"
                    >
                      <Text size="sm">
                        Added {COUNT.format(done.added)}, changed {COUNT.format(done.changed)}, removed{" "}
                        {COUNT.format(done.removed)}, unchanged {COUNT.format(done.unchanged)}. Zone serial is
                        now {done.zoneSerial}.
                      </Text>
                      <Anchor component={Link} href="/blocks" size="sm" fw={600}>
                        Go to number blocks
                      </Anchor>
                    </Alert>
                  ) : null}
                </Stack>
              </Paper>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </>
  );
}
