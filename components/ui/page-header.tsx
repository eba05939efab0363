import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from "@mantine/core";
import Link from "next/link";
import type { ReactNode } from "react";

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** A page's title row: breadcrumbs, the title, a one-line description and the page actions. */
export function PageHeader({
  title,
  description,
  actions,
  crumbs,
}: {
  readonly title: ReactNode;
  readonly description?: ReactNode;
  readonly actions?: ReactNode;
  readonly crumbs?: readonly Crumb[];
}) {
  return (
    <Stack gap={6} mb="lg">
      {crumbs && crumbs.length > 0 ? (
        <Breadcrumbs separatorMargin={6} aria-label="Breadcrumb">
          {crumbs.map((crumb) =>
            crumb.href ? (
              <Anchor key={crumb.label} component={Link} href={crumb.href} size="sm">
                {crumb.label}
              </Anchor>
            ) : (
              <Text key={crumb.label} size="sm" c="dimmed">
                {crumb.label}
              </Text>
            ),
          )}
        </Breadcrumbs>
      ) : null}
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2} size="h3">
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
    </Stack>
  );
}
