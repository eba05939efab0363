"use client";

import { Button, Code, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertOctagon, IconRefresh } from "@tabler/icons-react";
import Link from "next/link";
import { useEffect } from "react";

/** The page for errors nothing else caught: say so plainly and offer a retry. */
export default function ErrorPage({
  error,
  reset,
}: {
  readonly error: Error & { readonly digest?: string };
  readonly reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <Paper withBorder radius="md" p="xl" maw={640} mx="auto" mt="xl">
      <Stack align="center" gap="sm">
        <ThemeIcon size={52} radius="xl" color="red" variant="light" aria-hidden>
          <IconAlertOctagon size={28} />
        </ThemeIcon>
        <Title order={2} size="h3">
          Something went wrong
        </Title>
        <Text size="sm" c="dimmed" ta="center">
          This page hit an unexpected error. Your saved data is safe; try again, and if it keeps happening,
          reload the page.
        </Text>
        {error.digest ? (
          <Text size="xs" c="dimmed">
            Reference: <Code>{error.digest}</Code>
          </Text>
        ) : null}
        <Group mt="sm">
          <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={reset}>
            Try again
          </Button>
          <Button component={Link} href="/blocks" variant="default">
            Go to number blocks
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
