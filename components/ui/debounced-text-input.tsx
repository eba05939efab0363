"use client";

import { CloseButton, TextInput, type TextInputProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";

/**
 * A text input that commits its value after the user pauses typing (or at once on Enter),
 * and follows `value` when it changes from outside (back button, "Clear filters").
 */
export function DebouncedTextInput({
  value,
  onCommit,
  delay = 300,
  clearLabel,
  ...props
}: Omit<TextInputProps, "value" | "onChange" | "defaultValue"> & {
  readonly value: string;
  readonly onCommit: (value: string) => void;
  readonly delay?: number;
  /** aria-label of the clear button. */
  readonly clearLabel: string;
}) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, delay);
  const committed = useRef(value);

  // Outside changes win over what is in the box.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  const commit = (next: string) => {
    if (next === committed.current) return;
    committed.current = next;
    onCommit(next);
  };

  useEffect(() => {
    commit(debounced);
    // Commit only when the pause ends (not on every render).
  }, [debounced]);

  return (
    <TextInput
      {...props}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter") commit(text);
        if (event.key === "Escape" && text !== "") {
          setText("");
          commit("");
        }
      }}
      rightSection={
        text !== "" ? (
          <CloseButton
            size="sm"
            aria-label={clearLabel}
            onClick={() => {
              setText("");
              commit("");
            }}
          />
        ) : null
      }
    />
  );
}
