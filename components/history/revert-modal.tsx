"use client";

import { Alert, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowBackUp } from "@tabler/icons-react";
import type { AuditEventRecord } from "@/lib/api-client/types";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { toRevertEffect } from "./audit-diff";
import { toRevertConflicts, useRevert, type RevertTarget } from "./use-revert";

/** What the modal asks to revert: one event, or the whole import `event` belongs to. */
export interface RevertRequest {
  readonly event: AuditEventRecord;
  readonly whole: boolean;
}

/**
 * Asks before reverting, saying what will happen; a conflict (someone changed the block
 * since) stays in the modal, naming each block and what changed, and nothing is reverted.
 */
export function RevertModal({
  request,
  onClose,
}: {
  readonly request: RevertRequest | null;
  readonly onClose: () => void;
}) {
  const revert = useRevert();
  const { conflicts, count } = toRevertConflicts(revert.error);
  const close = () => {
    revert.reset();
    onClose();
  };
  const event = request?.event;
  const target: RevertTarget | null =
    request === null || event === undefined
      ? null
      : request.whole && event.batchId !== null
        ? { kind: "batch", batchId: event.batchId }
        : { kind: "event", id: event.id };
  const title = target?.kind === "batch" ? "Revert the whole import?" : `Revert change #${event?.id ?? ""}?`;

  return (
    <Modal opened={request !== null} onClose={close} title={title} size="lg">
      {event ? (
        <Stack gap="md">
          <Text size="sm">
            {target?.kind === "batch"
              ? "Undoes every block change this import made: added blocks are deleted, changed blocks get their previous name and regex, removed blocks come back. All or nothing."
              : toRevertEffect(event)}
          </Text>
          <Text size="sm" c="dimmed">
            The revert is published at once and recorded in the history as your change; it can itself be
            reverted.
          </Text>
          {count > 0 ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle aria-hidden />}
              title="Nothing was reverted: changed since"
              role="alert"
              data-testid="revert-conflict"
            >
              <Text size="sm" mb="xs">
                {count === 1 ? "This was" : `${count} of these were`} changed after the event. Revert the
                later changes first, or edit by hand.
              </Text>
              <List size="sm" spacing={2}>
                {conflicts.map((conflict) => (
                  <List.Item key={`${conflict.entityId}-${conflict.reason}`}>
                    {conflict.label}{" "}
                    <Text span c="dimmed" size="sm">
                      — {conflict.reason}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {count > 0 ? "Close" : "Cancel"}
            </Button>
            {count > 0 ? null : (
              <Button
                color="orange"
                leftSection={<IconArrowBackUp size={16} aria-hidden />}
                loading={revert.isPending}
                onClick={() => {
                  if (target === null) return;
                  revert.mutate(target, {
                    onSuccess: (result) => {
                      showSuccessToast(
                        "Reverted",
                        `${result.eventCount} change${result.eventCount === 1 ? "" : "s"} undone (revision ${result.revision}).`,
                      );
                      close();
                    },
                    onError: (error) => {
                      if (toRevertConflicts(error).count === 0) showErrorToast("Could not revert", error);
                    },
                  });
                }}
              >
                Revert
              </Button>
            )}
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
