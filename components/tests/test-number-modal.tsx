"use client";

import { Button, Group, Modal, Stack, TextInput, Textarea } from "@mantine/core";
import { IconWand } from "@tabler/icons-react";
import { useState, type SyntheticEvent } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { findCurrentOutcome, type TestNumberRecord } from "@/lib/api-client/test-numbers";
import type { FieldIssue } from "@/lib/app-error";
import { toFieldIssues } from "@/lib/schemas/issues";
import { testNumberInputSchema } from "@/lib/schemas/test-numbers";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { TextPointer } from "@/components/ui/text-pointer";
import { useCreateTestNumber, useUpdateTestNumber } from "./use-test-plan-mutations";

const MONO = { input: { fontFamily: "var(--mantine-font-family-monospace)" } };

interface Values {
  readonly number: string;
  readonly expected: string;
  readonly note: string;
}

const EMPTY: Values = { number: "", expected: "", note: "" };

/**
 * Adds a saved number or edits one: the number in any form, the expected result (typed,
 * or "Use current result" to take what the rules do now) and a note.
 */
export function TestNumberModal({
  opened,
  editing,
  onClose,
}: {
  readonly opened: boolean;
  /** The saved number to edit, or null to add one. */
  readonly editing: TestNumberRecord | null;
  readonly onClose: () => void;
}) {
  const [shownFor, setShownFor] = useState<{ opened: boolean; id: string | null }>({
    opened: false,
    id: null,
  });
  const [values, setValues] = useState<Values>(EMPTY);
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [lookingUp, setLookingUp] = useState(false);
  const create = useCreateTestNumber();
  const update = useUpdateTestNumber();
  const saving = create.isPending || update.isPending;

  // Reset the fields each time the dialog opens (for another number).
  const id = editing?.id ?? null;
  if (opened !== shownFor.opened || id !== shownFor.id) {
    setShownFor({ opened, id });
    if (opened) {
      setValues(editing ? { number: editing.number, expected: editing.expected, note: editing.note } : EMPTY);
      setIssues([]);
    }
  }

  const issueFor = (field: string) => issues.find((i) => i.field === field);
  const set = (key: keyof Values, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setIssues((current) => current.filter((i) => i.field !== key));
  };

  const fillCurrentResult = async () => {
    setLookingUp(true);
    try {
      const outcome = await findCurrentOutcome(values.number);
      setValues((current) => ({ ...current, number: outcome.number, expected: outcome.actual }));
      setIssues([]);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) setIssues(error.issues);
      else showErrorToast("Could not resolve the number", error);
    } finally {
      setLookingUp(false);
    }
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const parsed = testNumberInputSchema.safeParse(values);
    if (!parsed.success) {
      setIssues(toFieldIssues(parsed.error));
      return;
    }
    const onError = (error: Error) => {
      if (error instanceof ApiError && error.issues.length > 0) setIssues(error.issues);
      else showErrorToast("Could not save the number", error);
    };
    const onSuccess = (saved: TestNumberRecord) => {
      showSuccessToast(
        editing ? "Saved number changed" : "Number saved",
        `${saved.number} expects ${saved.expected}.`,
      );
      onClose();
    };
    if (editing) update.mutate({ id: editing.id, update: parsed.data }, { onSuccess, onError });
    else create.mutate(parsed.data, { onSuccess, onError });
  };

  const numberIssue = issueFor("number");
  return (
    <Modal
      opened={opened}
      onClose={() => {
        if (!saving) onClose();
      }}
      title={editing ? `Edit saved number ${editing.number}` : "Save a number"}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate aria-label={editing ? "Edit saved number" : "Save a number"}>
        <Stack gap="md">
          <div>
            <TextInput
              label="Number"
              description="As dialed: +1 (212) 555-0275 is saved as +12125550275"
              value={values.number}
              onChange={(event) => {
                set("number", event.currentTarget.value);
              }}
              error={numberIssue?.message}
              styles={MONO}
              inputMode="tel"
              autoComplete="off"
              data-autofocus
            />
            {numberIssue?.at !== undefined && values.number !== "" ? (
              <TextPointer
                text={values.number}
                at={numberIssue.at}
                label={`Number error at character ${numberIssue.at + 1}`}
              />
            ) : null}
          </div>
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label="Expected result"
              description="A URI (sip:…), no-route, server-failure or not-uri:TEXT"
              value={values.expected}
              onChange={(event) => {
                set("expected", event.currentTarget.value);
              }}
              error={issueFor("expected")?.message}
              styles={MONO}
              autoComplete="off"
              spellCheck={false}
              style={{ flex: 1 }}
            />
            <Button
              variant="light"
              leftSection={<IconWand size={16} aria-hidden />}
              onClick={() => void fillCurrentResult()}
              loading={lookingUp}
              disabled={values.number.trim() === ""}
            >
              Use current result
            </Button>
          </Group>
          <Textarea
            label="Note"
            description="Why this number matters (optional)"
            value={values.note}
            onChange={(event) => {
              set("note", event.currentTarget.value);
            }}
            error={issueFor("note")?.message}
            autosize
            minRows={2}
            maxRows={6}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {editing ? "Save changes" : "Save number"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
