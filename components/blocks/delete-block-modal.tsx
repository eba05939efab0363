"use client";

import { Alert, Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { NumberBlockRecord } from "@/lib/api-client/types";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { ReroutedByChange } from "@/components/tests/rerouted-by-change";
import { isNotFoundError, isStaleError, useDeleteBlock } from "./use-block-mutations";

/**
 * Asks before deleting a block, naming it. If someone else changed the block since it was
 * loaded (409 stale), says so and shows their version; a second click deletes that one.
 */
export function DeleteBlockModal({
  block,
  onClose,
  onDeleted,
}: {
  readonly block: NumberBlockRecord | null;
  readonly onClose: () => void;
  readonly onDeleted?: () => void;
}) {
  // Keep the last block while the modal animates closed.
  const [shown, setShown] = useState(block);
  const [theirs, setTheirs] = useState<NumberBlockRecord | null>(null);
  if (block !== null && block !== shown) {
    setShown(block);
    setTheirs(null);
  }
  const mutation = useDeleteBlock();
  const target = theirs ?? shown;

  const close = () => {
    if (mutation.isPending) return;
    setTheirs(null);
    mutation.reset();
    onClose();
  };

  const confirm = () => {
    if (!target) return;
    mutation.mutate(
      { id: target.id, version: target.version },
      {
        onSuccess: () => {
          showSuccessToast("Block deleted", `“${target.name}” is gone.`);
          setTheirs(null);
          onClose();
          onDeleted?.();
        },
        onError: (error) => {
          if (isStaleError(error)) {
            setTheirs((error.current as NumberBlockRecord | undefined) ?? null);
            return;
          }
          if (isNotFoundError(error)) {
            showSuccessToast("Already deleted", `“${target.name}” was deleted by someone else.`);
            setTheirs(null);
            onClose();
            onDeleted?.();
            return;
          }
          showErrorToast(`Could not delete “${target.name}”`, error);
        },
      },
    );
  };

  const stale = mutation.error !== null && isStaleError(mutation.error);

  return (
    <Modal opened={block !== null} onClose={close} title="Delete number block" centered size="lg">
      {target ? (
        <Stack gap="md">
          <Text size="sm">
            Delete <strong>{target.name}</strong>
            {target.prefix === "" ? (
              " (the catch-all block)"
            ) : (
              <>
                {" "}
                (prefix <Code>{target.prefix}</Code>)
              </>
            )}
            ? Numbers under this prefix will fall to a shorter prefix or get no route. This cannot be undone.
          </Text>
          <ReroutedByChange request={{ kind: "delete", id: target.id }} subject="Deleting this block" />
          {stale ? (
            <Alert
              color="yellow"
              icon={<IconAlertTriangle aria-hidden />}
              title="This block changed"
              role="alert"
            >
              <Text size="sm">
                Someone else saved this block after you loaded it.
                {theirs ? (
                  <>
                    {" "}
                    Their version: <strong>{theirs.name}</strong>, prefix{" "}
                    <Code>{theirs.prefix || "(none)"}</Code>, regex <Code>{theirs.regex}</Code>,{" "}
                    {theirs.enabled ? "enabled" : "disabled"}. Delete it anyway?
                  </>
                ) : (
                  " Reload the list to see their changes."
                )}
              </Text>
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={mutation.isPending} data-autofocus>
              Cancel
            </Button>
            <Button
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={confirm}
              loading={mutation.isPending}
              disabled={stale && theirs === null}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
