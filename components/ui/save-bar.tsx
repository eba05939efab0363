"use client";

import { Badge, Button, Group } from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";

/**
 * Save (a submit button: the surrounding form does the saving), Discard changes and an
 * "Unsaved changes" badge while the form differs from what it was filled from. `sticky` keeps
 * it in view at the bottom of the screen while a long form scrolls.
 */
export function SaveBar({
  label,
  saving,
  dirty,
  onDiscard,
  sticky = false,
}: {
  readonly label: string;
  readonly saving: boolean;
  readonly dirty: boolean;
  readonly onDiscard: () => void;
  readonly sticky?: boolean;
}) {
  return (
    <Group
      gap="sm"
      {...(sticky
        ? {
            py: "sm",
            style: {
              position: "sticky",
              bottom: 0,
              zIndex: 2,
              background: "var(--mantine-color-gray-0)",
              borderTop: "1px solid var(--mantine-color-gray-3)",
            },
          }
        : { mt: "xs" })}
    >
      <Button type="submit" loading={saving} leftSection={<IconDeviceFloppy size={16} aria-hidden />}>
        {label}
      </Button>
      <Button variant="default" disabled={!dirty || saving} onClick={onDiscard}>
        Discard changes
      </Button>
      {dirty ? (
        <Badge color="yellow" variant="light" styles={{ label: { textTransform: "none" } }}>
          Unsaved changes
        </Badge>
      ) : null}
    </Group>
  );
}
