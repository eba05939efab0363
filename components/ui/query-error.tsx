"use client";

import { Alert, Button, Group, Text } from "@mantine/core";
import { IconAlertCircle, IconRefresh } from "@tabler/icons-react";
import { toErrorMessage } from "./error-message";

/** The inline state of a query that failed: what went wrong and a Retry button. */
export function QueryError({
  title = "Could not load this data",
  error,
  onRetry,
  retrying = false,
}: {
  readonly title?: string;
  readonly error: unknown;
  readonly onRetry: () => void;
  readonly retrying?: boolean;
}) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title} role="alert">
      <Group justify="space-between" align="center" gap="md">
        <Text size="sm">{toErrorMessage(error)}</Text>
        <Button
          size="xs"
          variant="white"
          color="red"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={onRetry}
          loading={retrying}
        >
          Retry
        </Button>
      </Group>
    </Alert>
  );
}
