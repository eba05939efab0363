"use client";

import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { IconAlertCircle, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { planTestPlanUpload, type TestNumberImportPlan } from "@/lib/api-client/test-numbers";
import type { ImportMode } from "@/lib/api-client/types";
import { FileDropField } from "@/components/ui/file-drop-field";
import { showErrorToast, showSuccessToast, toErrorMessage } from "@/components/ui/error-message";
import { useApplyTestPlanUpload } from "./use-test-plan-mutations";

/** Errors listed before "and N more". */
const MAX_ERRORS = 50;

/**
 * Imports a test plan CSV (number,expected,note; the export's format): a file or pasted
 * text, merge or replace, a dry run first (counts and every bad line), then the import,
 * all or nothing.
 */
export function TestPlanUploadModal({
  opened,
  onClose,
}: {
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [mode, setMode] = useState<ImportMode>("merge");
  const [plan, setPlan] = useState<TestNumberImportPlan | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);
  const apply = useApplyTestPlanUpload();

  const reset = () => {
    setPlan(null);
    setCheckError(null);
  };
  const close = () => {
    if (apply.isPending) return;
    setFile(null);
    setPasted("");
    reset();
    onClose();
  };
  const readBody = async (): Promise<string> => (file ? await file.text() : pasted);

  const check = async () => {
    setChecking(true);
    reset();
    try {
      setPlan(await planTestPlanUpload(await readBody(), mode));
    } catch (error) {
      setCheckError(error);
    } finally {
      setChecking(false);
    }
  };

  const importNow = async () => {
    const text = await readBody();
    apply.mutate(
      { text, mode },
      {
        onSuccess: (result) => {
          showSuccessToast(
            "Test plan imported",
            `${result.added} added, ${result.changed} changed, ${result.removed} removed, ${result.unchanged} unchanged.`,
          );
          close();
        },
        onError: (error) => {
          showErrorToast("Could not import the test plan", error);
        },
      },
    );
  };

  const hasInput = file !== null || pasted.trim() !== "";
  const canImport = plan !== null && plan.errors.length === 0 && !checking;

  return (
    <Modal opened={opened} onClose={close} title="Import a test plan (CSV)" centered size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Columns: number, expected result, note (optional). A first line starting with “number” is a header.
          Expected results are URIs, no-route, server-failure or not-uri:TEXT.
        </Text>
        <FileDropField
          file={file}
          onChange={(chosen) => {
            setFile(chosen);
            reset();
          }}
          label="Upload test plan CSV"
          title="Drop a CSV here or click to choose a file"
          hint="One .csv file, up to 4 MB"
          maxBytes={4 * 1024 * 1024}
          accept={{ "text/csv": [".csv"], "application/vnd.ms-excel": [".csv"], "text/plain": [".txt"] }}
          disabled={apply.isPending}
          rejectMessage="That file cannot be used: choose one .csv file."
        />
        {file === null ? (
          <Textarea
            label="Or paste the CSV"
            value={pasted}
            onChange={(event) => {
              setPasted(event.currentTarget.value);
              reset();
            }}
            autosize
            minRows={3}
            maxRows={10}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
        ) : null}
        <div>
          <Text size="sm" fw={500} mb={4} id="test-plan-mode-label">
            Mode
          </Text>
          <SegmentedControl
            aria-labelledby="test-plan-mode-label"
            value={mode}
            onChange={(value) => {
              setMode(value as ImportMode);
              reset();
            }}
            data={[
              { value: "merge", label: "Merge (add and change)" },
              { value: "replace", label: "Replace the whole plan" },
            ]}
          />
        </div>
        {checkError ? (
          <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
            {toErrorMessage(checkError)}
          </Alert>
        ) : null}
        {plan ? (
          <Stack gap="xs" aria-live="polite">
            <Group gap="xs" role="list" aria-label="Upload summary">
              {(
                [
                  ["Added", plan.added.length, "teal"],
                  ["Changed", plan.changed.length, "blue"],
                  ["Removed", plan.removed.length, "red"],
                  ["Unchanged", plan.unchanged, "gray"],
                  ["Errors", plan.errors.length, "orange"],
                ] as const
              ).map(([label, count, color]) => (
                <Badge
                  key={label}
                  role="listitem"
                  color={color}
                  variant="light"
                  styles={{ label: { textTransform: "none" } }}
                >
                  {label} {count}
                </Badge>
              ))}
            </Group>
            {plan.errors.length > 0 ? (
              <Alert color="orange" title="Fix these lines; nothing is imported until then" role="alert">
                <List size="sm" spacing={2}>
                  {plan.errors.slice(0, MAX_ERRORS).map((e) => (
                    <List.Item key={`${e.line}:${e.column ?? ""}:${e.message}`}>
                      Line {e.line}
                      {e.column !== null ? `, column ${e.column}` : ""}: {e.message}
                    </List.Item>
                  ))}
                </List>
                {plan.errors.length > MAX_ERRORS ? (
                  <Text size="xs">and {plan.errors.length - MAX_ERRORS} more</Text>
                ) : null}
              </Alert>
            ) : null}
          </Stack>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={apply.isPending}>
            Cancel
          </Button>
          <Button variant="light" onClick={() => void check()} loading={checking} disabled={!hasInput}>
            Check
          </Button>
          <Button
            leftSection={<IconUpload size={16} aria-hidden />}
            onClick={() => void importNow()}
            loading={apply.isPending}
            disabled={!canImport}
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
