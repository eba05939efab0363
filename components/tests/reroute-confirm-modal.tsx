"use client";

import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { Reroute } from "@/lib/api-client/test-numbers";
import { RerouteTable, toRerouteTitle } from "./reroute-table";

/**
 * Asks before a block change that re-routes saved numbers is saved (the form's Save, the
 * list's enable switch): the diff, then the action or "Cancel".
 */
export function RerouteConfirmModal({
  opened,
  title,
  subject,
  reroutes,
  confirmLabel,
  confirming = false,
  onConfirm,
  onCancel,
  children,
}: {
  readonly opened: boolean;
  readonly title: string;
  /** Who re-routes, for the sentence: "This change", "Disabling “X”". */
  readonly subject: string;
  readonly reroutes: readonly Reroute[];
  readonly confirmLabel: string;
  readonly confirming?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly children?: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered size="xl">
      <Stack gap="md">
        <Text size="sm">{toRerouteTitle(reroutes, subject)}.</Text>
        {children}
        <RerouteTable reroutes={reroutes} caption="Saved numbers re-routed" />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={confirming} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={confirming}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
