"use client";

import { getHotkeyHandler } from "@mantine/hooks";
import { useMutation, useQueryClient, type QueryExecuteOptions, type QueryKey } from "@tanstack/react-query";
import { useMemo, useRef, useState, type KeyboardEvent, type RefObject, type SyntheticEvent } from "react";
import { ApiError } from "@/lib/api-client/errors";
import type { FieldIssue } from "@/lib/api-client/types";
import { toFieldIssues } from "@/lib/schemas/issues";
import { toConflictRows, type ConflictRow } from "@/components/ui/conflict-alert";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";

/** A field of a versioned form: its key in the values and its label in the conflict table. */
export interface VersionedField<V> {
  readonly key: keyof V;
  readonly label: string;
}

/** How one versioned record (settings, responder settings) is edited, validated and saved. */
export interface VersionedFormOptions<R extends { readonly version: number }, V, P, K extends QueryKey> {
  /** The record from the server; a newer one replaces the values only while the form is untouched. */
  readonly record: R;
  readonly fields: readonly VersionedField<V>[];
  readonly toValues: (record: R) => V;
  /** One field as text, to compare (dirty, conflicts) and to show in the conflict table. */
  readonly toText: (values: V, key: keyof V) => string;
  /** The request body for `values` saved over `version`, before validation. */
  readonly toPayload: (values: V, version: number) => unknown;
  /** The route's own zod schema (from lib/schemas), so the form refuses what the server would. */
  readonly schema: {
    readonly safeParse: (
      input: unknown,
    ) => { success: true; data: P } | { success: false; error: Parameters<typeof toFieldIssues>[0] };
  };
  readonly save: (payload: P) => Promise<R>;
  /** The record's query: its cache entry follows every save, and a 409 without `current` refetches it. */
  readonly queryOptions: QueryExecuteOptions<R, Error, R, R, K>;
  /** The key every query about the record starts with, invalidated after every save. */
  readonly invalidateKey: QueryKey;
  /** Extra invalidation after a save, given the saved record and the one it replaced. */
  readonly onSettled?: (saved: R | undefined, base: R) => Promise<unknown>;
  /** Only then do Save and mod+Enter send anything. */
  readonly canEdit: boolean;
  /** What the toasts say: "Could not save <what>" and the success title and message. */
  readonly what: string;
  readonly savedToast: (saved: R) => readonly [title: string, message: string];
}

/** The state and handlers a versioned form renders (see useVersionedForm). */
export interface VersionedForm<R, V> {
  readonly values: V;
  /** Sets one field and forgets the server's issues about it (`nsNames.2` counts for `nsNames`). */
  readonly set: <F extends keyof V>(key: F, value: V[F]) => void;
  /** Messages about a field: the client's while it has any, else the server's. */
  readonly messagesFor: (field: keyof V) => readonly string[];
  readonly dirty: boolean;
  readonly saving: boolean;
  /** Their saved record after a 409 `stale`, until the user keeps theirs or saves over it. */
  readonly conflict: R | null;
  readonly conflictRows: readonly ConflictRow[];
  readonly loadTheirs: () => void;
  readonly saveMine: () => void;
  readonly discard: () => void;
  /** Spread on the <form>: submit, mod+Enter and the ref that finds the first invalid field. */
  readonly formProps: {
    readonly ref: RefObject<HTMLFormElement | null>;
    readonly noValidate: true;
    readonly onSubmit: (event: SyntheticEvent) => void;
    readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  };
}

function isAbout(issue: FieldIssue, field: PropertyKey): boolean {
  return issue.field === field || issue.field.startsWith(`${String(field)}.`);
}

/**
 * Edits a record saved with optimistic concurrency (`version`, 409 `stale` with `current`):
 * validates with the same zod schema the route uses once Save was pressed, puts 422 issues on
 * their fields (others in a toast), and on a conflict keeps the user's values until they
 * choose theirs or save over them; nothing is ever resolved silently.
 */
export function useVersionedForm<R extends { readonly version: number }, V, P, K extends QueryKey>(
  options: VersionedFormOptions<R, V, P, K>,
): VersionedForm<R, V> {
  const { record, fields, toValues, toText, toPayload, schema, queryOptions, canEdit } = options;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<V>(() => toValues(record));
  const [version, setVersion] = useState(record.version);
  const [attempted, setAttempted] = useState(false);
  const [serverIssues, setServerIssues] = useState<readonly FieldIssue[]>([]);
  const [conflict, setConflict] = useState<R | null>(null);
  // The record the form was filled from: a newer one replaces the values only while untouched.
  const [base, setBase] = useState(record);
  if (record !== base && record.version !== base.version) {
    const untouched = fields.every((f) => toText(values, f.key) === toText(toValues(base), f.key));
    setBase(record);
    if (untouched && conflict === null) {
      setValues(toValues(record));
      setVersion(record.version);
    }
  }

  const mutation = useMutation({
    mutationFn: options.save,
    onSuccess: (saved) => {
      queryClient.setQueryData<R>(queryOptions.queryKey, saved);
    },
    onSettled: (saved) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: options.invalidateKey }),
        options.onSettled?.(saved, base),
      ]),
  });

  const clientIssues = useMemo(() => {
    if (!attempted) return [];
    const result = schema.safeParse(toPayload(values, version));
    return result.success ? [] : toFieldIssues(result.error);
  }, [attempted, values, version, schema, toPayload]);

  const messagesFor = (field: keyof V): readonly string[] => {
    const client = clientIssues.filter((i) => isAbout(i, field));
    return (client.length > 0 ? client : serverIssues.filter((i) => isAbout(i, field))).map((i) => i.message);
  };

  const set = <F extends keyof V>(key: F, value: V[F]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setServerIssues((current) => current.filter((i) => !isAbout(i, key)));
  };

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  const handleError = async (error: Error): Promise<void> => {
    if (error instanceof ApiError && error.code === "stale") {
      const current =
        (error.current as R | undefined) ??
        (await queryClient.query({ ...queryOptions, staleTime: 0 }).catch(() => undefined));
      if (current) {
        setConflict(current);
        return;
      }
    }
    if (error instanceof ApiError && error.issues.length > 0) {
      const known = new Set<string>(fields.map((f) => String(f.key)));
      const onForm = error.issues.filter((i) => known.has(i.field.split(".")[0] ?? ""));
      const elsewhere = error.issues.filter((i) => !known.has(i.field.split(".")[0] ?? ""));
      setServerIssues(onForm);
      if (onForm.length > 0) focusFirstInvalid();
      if (elsewhere.length > 0 || onForm.length === 0) {
        showErrorToast(
          `Could not save ${options.what}`,
          elsewhere.map((i) => i.message).join(" ") || error.message,
        );
      }
      return;
    }
    showErrorToast(`Could not save ${options.what}`, error);
  };

  const submit = (baseVersion: number = version) => {
    if (mutation.isPending || !canEdit) return;
    setAttempted(true);
    const parsed = schema.safeParse(toPayload(values, baseVersion));
    if (!parsed.success) {
      focusFirstInvalid();
      return;
    }
    mutation.mutate(parsed.data, {
      onSuccess: (saved) => {
        setConflict(null);
        setBase(saved);
        setValues(toValues(saved));
        setVersion(saved.version);
        setAttempted(false);
        showSuccessToast(...options.savedToast(saved));
      },
      onError: (error) => {
        void handleError(error);
      },
    });
  };

  const theirValues = useMemo(() => (conflict ? toValues(conflict) : null), [conflict, toValues]);
  const conflictRows = useMemo(
    () => (theirValues ? toConflictRows(fields, theirValues, values, toText) : []),
    [theirValues, values, fields, toText],
  );
  const dirty = fields.some((f) => toText(values, f.key) !== toText(toValues(base), f.key));

  return {
    values,
    set,
    messagesFor,
    dirty,
    saving: mutation.isPending,
    conflict,
    conflictRows,
    loadTheirs: () => {
      if (!conflict || !theirValues) return;
      setValues(theirValues);
      setVersion(conflict.version);
      setServerIssues([]);
      queryClient.setQueryData<R>(queryOptions.queryKey, conflict);
      setBase(conflict);
      setConflict(null);
    },
    saveMine: () => {
      if (!conflict) return;
      setVersion(conflict.version);
      submit(conflict.version);
    },
    discard: () => {
      setValues(toValues(base));
      setVersion(base.version);
      setServerIssues([]);
      setAttempted(false);
    },
    formProps: {
      ref: formRef,
      noValidate: true,
      onSubmit: (event: SyntheticEvent) => {
        event.preventDefault();
        submit();
      },
      onKeyDown: getHotkeyHandler([
        [
          "mod+Enter",
          () => {
            submit();
          },
        ],
      ]),
    },
  };
}

/** A NumberInput's value as a number: "" (cleared while typing) is NaN, which the schema rejects. */
export function toNumberValue(value: number | string): number {
  return typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
}
