"use client";

import { CloseButton, Group, Paper, Text } from "@mantine/core";
import { Dropzone, type DropzoneProps } from "@mantine/dropzone";
import { IconFileCode, IconFileUpload, IconX } from "@tabler/icons-react";
import { useState } from "react";

/** "512 B", "1.2 KB", "3.4 MB". */
export function toSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * One text file to upload: a drop zone while none is chosen (with the reason when a file
 * is refused), then the chosen file's name and size with a button to remove it.
 */
export function FileDropField({
  file,
  onChange,
  label,
  title,
  hint,
  maxBytes,
  accept,
  disabled = false,
  rejectMessage,
}: {
  readonly file: File | null;
  readonly onChange: (file: File | null) => void;
  /** Accessible name of the drop zone, e.g. "Upload enum.json". */
  readonly label: string;
  readonly title: string;
  readonly hint: string;
  readonly maxBytes: number;
  readonly accept?: DropzoneProps["accept"];
  readonly disabled?: boolean;
  /** Shown when the browser refuses a file without saying why. */
  readonly rejectMessage: string;
}) {
  const [dropError, setDropError] = useState<string | null>(null);
  if (file !== null) {
    return (
      <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <IconFileCode size={28} stroke={1.5} aria-hidden />
            <div>
              <Text size="sm" fw={600}>
                {file.name}
              </Text>
              <Text size="xs" c="dimmed">
                {toSizeText(file.size)}
              </Text>
            </div>
          </Group>
          <CloseButton
            aria-label={`Remove ${file.name}`}
            disabled={disabled}
            onClick={() => {
              onChange(null);
            }}
          />
        </Group>
      </Paper>
    );
  }
  return (
    <>
      <Dropzone
        onDrop={(files) => {
          const first = files[0];
          if (!first) return;
          setDropError(null);
          onChange(first);
        }}
        onReject={(rejections) => {
          setDropError(rejections[0]?.errors[0]?.message ?? rejectMessage);
        }}
        {...(accept !== undefined ? { accept } : {})}
        multiple={false}
        maxSize={maxBytes}
        disabled={disabled}
        aria-label={label}
      >
        <Group justify="center" gap="md" mih={88} style={{ pointerEvents: "none" }}>
          <Dropzone.Accept>
            <IconFileUpload size={38} stroke={1.5} color="var(--mantine-color-indigo-6)" aria-hidden />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={38} stroke={1.5} color="var(--mantine-color-red-6)" aria-hidden />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <IconFileUpload size={38} stroke={1.5} color="var(--mantine-color-dimmed)" aria-hidden />
          </Dropzone.Idle>
          <div>
            <Text size="md" fw={500}>
              {title}
            </Text>
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {dropError ? (
        <Text size="sm" c="red.7" role="alert">
          {dropError}
        </Text>
      ) : null}
    </>
  );
}
