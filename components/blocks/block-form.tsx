"use client";

import {
  Alert,
  Badge,
  Button,
  Fieldset,
  Grid,
  Group,
  Kbd,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { getHotkeyHandler } from "@mantine/hooks";
import { IconDeviceFloppy, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type SyntheticEvent } from "react";
import { blockQueryOptions, numberBlockKeys } from "@/lib/api-client/blocks";
import { ApiError } from "@/lib/api-client/errors";
import type { FieldIssue } from "@/lib/app-error";
import type { NumberBlockRecord } from "@/lib/api-client/types";
import type { Profile } from "@/lib/enum/profile";
import { compileRegexField } from "@/lib/enum/regex-field";
import {
  MAX_EXTRA_RULES,
  toFieldIssues,
  toNumberBlockInputSchema,
  toNumberBlockUpdateSchema,
} from "@/lib/schemas";
import type { Reroute } from "@/lib/api-client/test-numbers";
import { ConflictAlert, toConflictRows } from "@/components/ui/conflict-alert";
import { RerouteConfirmModal } from "@/components/tests/reroute-confirm-modal";
import { ReroutePanel } from "@/components/tests/reroute-panel";
import { toDraftImpactRequest, useDraftImpact, useFetchImpact } from "@/components/tests/use-block-impact";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { TextPointer } from "@/components/ui/text-pointer";
import {
  DIFF_FIELDS,
  EMPTY_BLOCK_VALUES,
  toBlockFormValues,
  toBlockPayload,
  toDiffText,
  toIssueMap,
  type BlockFormValues,
} from "./block-form-values";
import { BlockPreview } from "./block-preview";
import { DeleteBlockModal } from "./delete-block-modal";
import { ExtraRulesEditor } from "./extra-rules-editor";
import { getListHref } from "./list-params";
import { isNotFoundError, isStaleError, useSaveBlock } from "./use-block-mutations";
import { useCan } from "@/components/auth/session";

const MONO = { input: { fontFamily: "var(--mantine-font-family-monospace)" } };

/** Field paths the form shows issues on; anything else goes to a toast. */
const FORM_FIELD =
  /^(?:name|prefix|regex|enumservice|enabled|notes|extraRules)(?:\.\d+(?:\.(?:order|preference|flags|service|regexp|replacement))?)?$/;

function validate(values: BlockFormValues, profile: Profile, version: number | null): FieldIssue[] {
  const payload = toBlockPayload(values);
  const result =
    version === null
      ? toNumberBlockInputSchema(profile).safeParse(payload)
      : toNumberBlockUpdateSchema(profile).safeParse({ ...payload, version });
  return result.success ? [] : toFieldIssues(result.error);
}

/**
 * Creates or edits a number block: labelled fields with inline validation (the regex error
 * points at its character), optional extra DNS rules, a live preview and the block's lints.
 * Enter submits from one-line fields, Ctrl/Cmd+Enter from anywhere, Escape cancels.
 */
export function BlockForm({
  block,
  profile,
  onDeleted,
}: {
  readonly block: NumberBlockRecord | null;
  readonly profile: Profile;
  /** Called after the block was deleted from this form (before going back to the list). */
  readonly onDeleted?: () => void;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<BlockFormValues>(() =>
    block ? toBlockFormValues(block) : EMPTY_BLOCK_VALUES,
  );
  const [version, setVersion] = useState<number | null>(block?.version ?? null);
  const [attempted, setAttempted] = useState(false);
  const [serverIssues, setServerIssues] = useState<readonly FieldIssue[]>([]);
  const [conflict, setConflict] = useState<NumberBlockRecord | null>(null);
  const [deleteTarget, setDeleteTarget] = useState<NumberBlockRecord | null>(null);
  const save = useSaveBlock();
  // Roles without "write" see the block read-only: fields disabled, no Save or Delete.
  const canWrite = useCan("write");
  // The saved numbers the draft would re-route, shown before saving (the test plan).
  const impact = useDraftImpact(block?.id ?? null, values);
  const fetchImpact = useFetchImpact();
  const [checkingImpact, setCheckingImpact] = useState(false);
  const [pendingSave, setPendingSave] = useState<{
    readonly request: Parameters<typeof save.mutate>[0];
    readonly reroutes: readonly Reroute[];
  } | null>(null);

  const clientIssues = useMemo(
    () => (attempted ? validate(values, profile, version) : []),
    [attempted, values, profile, version],
  );
  const clientMap = useMemo(() => toIssueMap(clientIssues), [clientIssues]);
  const serverMap = useMemo(() => toIssueMap(serverIssues), [serverIssues]);
  const issueFor = (field: string): FieldIssue | undefined => clientMap.get(field) ?? serverMap.get(field);

  // The regex is checked on every keystroke, as the client would compile it.
  const regexCheck = useMemo(
    () => (values.regex === "" ? null : compileRegexField(values.regex, profile)),
    [values.regex, profile],
  );
  const regexIssue: FieldIssue | undefined =
    regexCheck && !regexCheck.ok
      ? {
          field: "regex",
          code: regexCheck.error.code,
          message: regexCheck.error.message,
          at: regexCheck.error.at,
        }
      : issueFor("regex");

  const set = <K extends keyof BlockFormValues>(key: K, value: BlockFormValues[K], path: string = key) => {
    setValues((current) => ({ ...current, [key]: value }));
    setServerIssues((current) => current.filter((i) => i.field !== path && !i.field.startsWith(`${path}.`)));
  };

  const goBack = () => {
    router.push(getListHref());
  };

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  const submit = (baseVersion: number | null = version) => {
    if (save.isPending || checkingImpact) return;
    setAttempted(true);
    const payload = toBlockPayload(values);
    let request: Parameters<typeof save.mutate>[0];
    if (block === null) {
      const parsed = toNumberBlockInputSchema(profile).safeParse(payload);
      if (!parsed.success) {
        focusFirstInvalid();
        return;
      }
      request = { input: parsed.data };
    } else {
      const parsed = toNumberBlockUpdateSchema(profile).safeParse({ ...payload, version: baseVersion ?? 0 });
      if (!parsed.success) {
        focusFirstInvalid();
        return;
      }
      request = { id: block.id, input: parsed.data };
    }
    void confirmThenSave(request);
  };

  /** A change that breaks saved numbers is saved only after the user confirms the diff. */
  const confirmThenSave = async (request: Parameters<typeof save.mutate>[0]) => {
    const check = toDraftImpactRequest(block?.id ?? null, values);
    setCheckingImpact(true);
    const found = check === null ? null : await fetchImpact(check);
    setCheckingImpact(false);
    const breaking = found?.reroutes.filter((r) => r.breaks) ?? [];
    if (breaking.length > 0) {
      setPendingSave({ request, reroutes: found?.reroutes ?? [] });
      return;
    }
    runSave(request);
  };

  const runSave = (request: Parameters<typeof save.mutate>[0]) => {
    setPendingSave(null);
    save.mutate(request, {
      onSuccess: (saved) => {
        setConflict(null);
        showSuccessToast(
          block ? "Block saved" : "Block created",
          `“${saved.name}” is ${saved.enabled ? "live" : "saved (disabled)"}.`,
        );
        goBack();
      },
      onError: (error) => {
        void handleError(error);
      },
    });
  };

  const handleError = async (error: Error): Promise<void> => {
    if (block !== null && isStaleError(error)) {
      const current =
        (error.current as NumberBlockRecord | undefined) ??
        (await queryClient.query({ ...blockQueryOptions(block.id), staleTime: 0 }).catch(() => undefined));
      if (current) {
        setConflict(current);
        return;
      }
    }
    if (isNotFoundError(error)) {
      showErrorToast(
        "Could not save",
        "This block was deleted by someone else. Go back to the list to create it again.",
      );
      return;
    }
    if (error instanceof ApiError && error.issues.length > 0) {
      const onForm = error.issues.filter((i) => FORM_FIELD.test(i.field));
      const elsewhere = error.issues.filter((i) => !FORM_FIELD.test(i.field));
      setServerIssues(onForm);
      if (onForm.length > 0) focusFirstInvalid();
      if (elsewhere.length > 0 || onForm.length === 0) {
        showErrorToast("Could not save", elsewhere.map((i) => i.message).join(" ") || error.message);
      }
      return;
    }
    if (error instanceof ApiError && error.code === "conflict") {
      // A unique clash without field detail is the prefix (one block per prefix).
      setServerIssues([{ field: "prefix", code: "conflict", message: error.message }]);
      focusFirstInvalid();
      return;
    }
    showErrorToast("Could not save", error);
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    submit();
  };

  const theirValues = useMemo(() => (conflict ? toBlockFormValues(conflict) : null), [conflict]);
  const conflictRows = useMemo(
    () => (theirValues ? toConflictRows(DIFF_FIELDS, theirValues, values, toDiffText) : []),
    [theirValues, values],
  );

  const prefixIssue = issueFor("prefix");
  const isEdit = block !== null;

  return (
    <>
      <Grid gutter="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {conflict ? (
              <ConflictAlert
                title="Someone else changed this block while you were editing"
                rows={conflictRows}
                saving={save.isPending}
                onLoadTheirs={() => {
                  if (!theirValues) return;
                  setValues(theirValues);
                  setVersion(conflict.version);
                  setServerIssues([]);
                  queryClient.setQueryData(numberBlockKeys.detail(conflict.id), conflict);
                  setConflict(null);
                }}
                onSaveMine={() => {
                  setVersion(conflict.version);
                  submit(conflict.version);
                }}
              />
            ) : null}
            {canWrite ? null : (
              <Alert color="gray" title="Read only">
                Your role cannot change number blocks; you can read this block and its preview.
              </Alert>
            )}
            <Paper withBorder radius="md" p="lg">
              <form
                ref={formRef}
                onSubmit={onSubmit}
                noValidate
                aria-label={isEdit ? `Edit block ${block.name}` : "New block"}
                onKeyDown={getHotkeyHandler([
                  [
                    "mod+Enter",
                    () => {
                      submit();
                    },
                  ],
                  ["Escape", goBack],
                ])}
              >
                <Fieldset variant="unstyled" disabled={!canWrite}>
                  <Stack gap="md">
                    <Group justify="space-between" align="center">
                      <Title order={3} size="h5">
                        Block
                      </Title>
                      <Tooltip label="Regexes are checked as this client compiles them. Change it in Settings.">
                        <Badge
                          component={Link}
                          href="/settings"
                          variant="light"
                          color="gray"
                          style={{ cursor: "pointer", textTransform: "none" }}
                        >
                          Profile: {profile === "sprout" ? "Sprout" : "RFC"}
                        </Badge>
                      </Tooltip>
                    </Group>
                    <TextInput
                      label="Name"
                      placeholder="e.g. Manhattan PBX"
                      value={values.name}
                      onChange={(event) => {
                        set("name", event.currentTarget.value);
                      }}
                      error={issueFor("name")?.message}
                      autoFocus={!isEdit}
                      autoComplete="off"
                    />
                    <div>
                      <TextInput
                        label="Prefix"
                        description="Optional + then digits; empty = catch-all"
                        placeholder="e.g. +1212555"
                        value={values.prefix}
                        onChange={(event) => {
                          set("prefix", event.currentTarget.value);
                        }}
                        error={prefixIssue?.message}
                        styles={MONO}
                        autoComplete="off"
                        inputMode="tel"
                      />
                      {prefixIssue?.at !== undefined && values.prefix !== "" ? (
                        <TextPointer
                          text={values.prefix}
                          at={prefixIssue.at}
                          label={`Prefix error at character ${prefixIssue.at + 1}`}
                        />
                      ) : null}
                    </div>
                    <div>
                      <TextInput
                        label="Regex"
                        description={
                          <>
                            The enum.json rule <code>!pattern!replacement!</code>, e.g.{" "}
                            <code>!(^.*$)!sip:\1@10.147.226.2!</code>
                          </>
                        }
                        placeholder="!(^.*$)!sip:\1@example.net!"
                        value={values.regex}
                        onChange={(event) => {
                          set("regex", event.currentTarget.value);
                        }}
                        error={
                          regexIssue
                            ? regexIssue.at !== undefined
                              ? `${regexIssue.message} (at character ${regexIssue.at + 1})`
                              : regexIssue.message
                            : undefined
                        }
                        styles={MONO}
                        autoComplete="off"
                        spellCheck={false}
                      />
                      {regexIssue?.at !== undefined && values.regex !== "" ? (
                        <TextPointer
                          text={values.regex}
                          at={regexIssue.at}
                          label={`Regex error at character ${regexIssue.at + 1}: ${values.regex[regexIssue.at] ?? "end of the field"}`}
                        />
                      ) : null}
                    </div>
                    <TextInput
                      label="Enumservice"
                      description="RFC 6116 service type of the block's NAPTR rule"
                      value={values.enumservice}
                      onChange={(event) => {
                        set("enumservice", event.currentTarget.value);
                      }}
                      error={issueFor("enumservice")?.message}
                      styles={MONO}
                      autoComplete="off"
                    />
                    <Switch
                      label="Enabled"
                      description="Disabled blocks stay here but are left out of enum.json, zone exports and the responder."
                      checked={values.enabled}
                      onChange={(event) => {
                        set("enabled", event.currentTarget.checked);
                      }}
                      error={issueFor("enabled")?.message}
                    />
                    <Textarea
                      label="Notes"
                      description="For people: who owns the range, ticket numbers, anything worth knowing."
                      value={values.notes}
                      onChange={(event) => {
                        set("notes", event.currentTarget.value);
                      }}
                      error={issueFor("notes")?.message}
                      autosize
                      minRows={3}
                      maxRows={10}
                    />
                    <Stack gap={4}>
                      <Title order={4} size="h6">
                        Extra DNS rules (optional)
                      </Title>
                      <Text size="xs" c="dimmed">
                        DNS-only NAPTR records published next to the block&apos;s rule, e.g. an{" "}
                        <code>E2U+pstn:tel</code> answer with <code>;mcc=…;mnc=…</code>. They are not part of
                        enum.json.
                      </Text>
                    </Stack>
                    <ExtraRulesEditor
                      rules={values.extraRules}
                      onChange={(rules, path) => {
                        set("extraRules", rules, path);
                      }}
                      issueFor={issueFor}
                      maxRules={MAX_EXTRA_RULES}
                    />
                    {/* The actions stay in view at the bottom of the screen while the form scrolls. */}
                    {canWrite ? (
                      <Group
                        justify="space-between"
                        mt="sm"
                        py="md"
                        style={{
                          borderTop: "1px solid var(--mantine-color-gray-3)",
                          position: "sticky",
                          bottom: 0,
                          zIndex: 2,
                          background: "var(--mantine-color-body)",
                          marginBottom: "calc(var(--mantine-spacing-lg) * -1)",
                        }}
                      >
                        <Group gap="sm">
                          <Button
                            type="submit"
                            loading={save.isPending || checkingImpact}
                            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                          >
                            Save
                          </Button>
                          <Button variant="default" onClick={goBack} disabled={save.isPending}>
                            Cancel
                          </Button>
                          <Text size="xs" c="dimmed" visibleFrom="sm">
                            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> saves,{" "}
                            <Kbd size="xs">Esc</Kbd> cancels
                          </Text>
                        </Group>
                        {isEdit ? (
                          <Button
                            variant="outline"
                            color="red"
                            leftSection={<IconTrash size={16} aria-hidden />}
                            onClick={() => {
                              setDeleteTarget(version === null ? block : { ...block, version });
                            }}
                          >
                            Delete
                          </Button>
                        ) : null}
                      </Group>
                    ) : null}
                  </Stack>
                </Fieldset>
              </form>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }} style={{ position: "sticky", top: 72 }}>
          <Stack gap="md">
            <BlockPreview name={values.name} prefix={values.prefix} regex={values.regex} profile={profile} />
            <ReroutePanel
              impact={impact.request === null ? undefined : impact.query.data}
              loading={impact.request !== null && (!impact.settled || impact.query.isFetching)}
              error={impact.query.error}
              pending={impact.request === null}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <RerouteConfirmModal
        opened={pendingSave !== null}
        title="Save a change that re-routes saved numbers?"
        subject="This change"
        reroutes={pendingSave?.reroutes ?? []}
        confirmLabel="Save anyway"
        confirming={save.isPending}
        onConfirm={() => {
          if (pendingSave) runSave(pendingSave.request);
        }}
        onCancel={() => {
          setPendingSave(null);
        }}
      />
      {isEdit ? (
        <DeleteBlockModal
          block={deleteTarget}
          onClose={() => {
            setDeleteTarget(null);
          }}
          onDeleted={() => {
            onDeleted?.();
            goBack();
          }}
        />
      ) : null}
    </>
  );
}
