import { Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A centred "nothing here yet" panel with a next step. */
export function EmptyState({
  icon,
  title,
  description,
  actions,
}: {
  readonly icon: ReactNode;
  readonly title: string;
  readonly description?: ReactNode;
  readonly actions?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="sm" py="lg">
        <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
          {icon}
        </ThemeIcon>
        <Title order={3} size="h4">
          {title}
        </Title>
        {description ? (
          <Text size="sm" c="dimmed" ta="center" maw={460}>
            {description}
          </Text>
        ) : null}
        {actions}
      </Stack>
    </Paper>
  );
}
