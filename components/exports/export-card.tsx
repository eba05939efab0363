"use client";

import { Button, Card, Group, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useId, type ReactNode } from "react";
import type { ExportFormatSummary } from "@/lib/api-client/types";
import { toCountText, toSizeText } from "./format";

/** A labelled figure in a card's stats row. */
export function ExportFigure({ label, value }: { readonly label: string; readonly value: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text size="sm" fw={600} ff="monospace">
        {value}
      </Text>
    </div>
  );
}

/**
 * One export format: its title, what it is for, a Download button (a plain link to the
 * route handler, so the browser streams the file to disk), record count and size; the
 * check result and format-specific parts go in `children`.
 */
export function ExportCard({
  title,
  icon,
  description,
  format,
  recordsLabel,
  extraFigures,
  children,
}: {
  readonly title: string;
  readonly icon: ReactNode;
  readonly description: ReactNode;
  readonly format: ExportFormatSummary;
  readonly recordsLabel: string;
  readonly extraFigures?: ReactNode;
  readonly children?: ReactNode;
}) {
  const titleId = useId();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
          <Group gap="sm" align="flex-start" wrap="nowrap" style={{ flex: "1 1 420px", minWidth: 0 }}>
            <ThemeIcon size={36} radius="md" variant="light" aria-hidden>
              {icon}
            </ThemeIcon>
            <div style={{ minWidth: 0 }}>
              <Title order={3} size="h4" id={titleId}>
                {title}
              </Title>
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            </div>
          </Group>
          <Button
            component="a"
            href={format.href}
            download={format.filename}
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Download {format.filename}
          </Button>
        </Group>
        <Group gap="xl" role="group" aria-label={`${title} figures`}>
          <ExportFigure label={recordsLabel} value={toCountText(format.records)} />
          <ExportFigure label="Size" value={toSizeText(format.bytes)} />
          {extraFigures}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}
