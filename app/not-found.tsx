"use client";

import { Button, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconMapQuestion } from "@tabler/icons-react";
import Link from "next/link";

export default function NotFound() {
  return (
    <Paper withBorder radius="md" p="xl" maw={640} mx="auto" mt="xl">
      <Stack align="center" gap="sm">
        <ThemeIcon size={52} radius="xl" variant="light" aria-hidden>
          <IconMapQuestion size={28} />
        </ThemeIcon>
        <Title order={2} size="h3">
          Page not found
        </Title>
        <Text size="sm" c="dimmed" ta="center">
          There is nothing at this address. It may have moved, or the link is mistyped.
        </Text>
        <Button component={Link} href="/blocks" mt="sm">
          Go to number blocks
        </Button>
      </Stack>
    </Paper>
  );
}
