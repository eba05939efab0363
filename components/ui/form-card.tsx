"use client";

import { Paper, Stack, Title } from "@mantine/core";
import { useId, type ReactNode, type SyntheticEvent } from "react";

/**
 * A bordered card that is one form, its title naming the form for screen readers
 * (aria-labelledby), so "Change password" or "New user" is announced on entering it.
 * The browser's own submit (Enter in a field) calls `onSubmit` without reloading the page.
 */
export function FormCard({
  title,
  onSubmit,
  maw,
  children,
}: {
  readonly title: string;
  readonly onSubmit: () => void;
  /** Caps the width of the fields for short forms. */
  readonly maw?: number;
  readonly children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      onSubmit={(event: SyntheticEvent) => {
        event.preventDefault();
        onSubmit();
      }}
      aria-labelledby={titleId}
    >
      <Stack gap="sm" maw={maw}>
        <Title order={3} size="h5" id={titleId}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
