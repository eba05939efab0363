"use client";

import { PasswordInput } from "@mantine/core";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/auth";

/**
 * A password being set (own, initial or reset): the hint states the same minimum the server's
 * schema checks, and `new-password` lets password managers offer to generate one.
 */
export function NewPasswordInput({
  label,
  note = ".",
  value,
  onChange,
  error,
  autoFocus = false,
}: {
  readonly label: string;
  /** Follows "At least N characters" in the hint, punctuation included. */
  readonly note?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string;
  /** Focused first when it opens in a Modal. */
  readonly autoFocus?: boolean;
}) {
  return (
    <PasswordInput
      label={label}
      description={`At least ${MIN_PASSWORD_LENGTH} characters${note}`}
      autoComplete="new-password"
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
      error={error}
      data-autofocus={autoFocus || undefined}
      required
    />
  );
}
