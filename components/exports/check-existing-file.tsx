"use client";

import { FileDropField } from "@/components/ui/file-drop-field";
import {
  Alert,
  Button,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconPlayerPlay, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { checkExistingFile } from "@/lib/api-client/exports";
import type { CheckKind, FileCheckResult } from "@/lib/api-client/types";
import { toErrorMessage } from "@/components/ui/error-message";
import { TextPointer } from "@/components/ui/text-pointer";
import { CheckResult } from "./check-result";
import { toCountText } from "./format";

/** The server's body limit for a checked file. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Files up to this size are read back to show the line an error points at. */
const MAX_ECHO_BYTES = 8 * 1024 * 1024;

const KIND_OPTIONS: readonly { value: CheckKind; label: string; help: string }[] = [
  {
    value: "bind",
    label: "BIND zone file",
    help: "A master file as BIND loads it ($ORIGIN, $TTL, SOA, NAPTR records, wildcards).",
  },
  {
    value: "dnsmasq",
    label: "dnsmasq config",
    help: "naptr-record= lines as dnsmasq reads them (other options are ignored).",
  },
];

/** The spot a parse error points at: its line of the text and the column, when known. */
function toErrorSpot(
  error: unknown,
  text: string | null,
): { line: number; column: number | null; content: string } | null {
  if (!(error instanceof ApiError) || text === null) return null;
  const line = error.details?.line;
  if (typeof line !== "number") return null;
  const content = text.split(/\r?\n/)[line - 1];
  if (content === undefined) return null;
  const column = error.details?.column;
  return { line, column: typeof column === "number" ? column : null, content: content.replace(/\t/g, " ") };
}

function ParseError({ error, text }: { readonly error: unknown; readonly text: string | null }) {
  const spot = toErrorSpot(error, text);
  return (
    <Alert color="red" icon={<IconX aria-hidden />} title="This file cannot be checked" role="alert">
      <Stack gap="xs">
        <Text size="sm">{toErrorMessage(error)}</Text>
        {spot ? (
          spot.column !== null && spot.content.length < 400 ? (
            <TextPointer
              text={spot.content}
              at={spot.column - 1}
              label={`Error at line ${spot.line}, column ${spot.column}`}
            />
          ) : (
            <Text size="xs" ff="monospace" style={{ wordBreak: "break-all" }}>
              {spot.line}: {spot.content.slice(0, 400)}
            </Text>
          )
        ) : null}
      </Stack>
    </Alert>
  );
}

/**
 * "Check an existing file": upload or paste the BIND zone or dnsmasq config in service
 * today and see every number it routes differently from the rules. The migration tool
 * operators use before switching to the console's exports.
 */
export function CheckExistingFile({ defaultOrigin }: { readonly defaultOrigin: string | undefined }) {
  const [kind, setKind] = useState<CheckKind>("bind");
  const [origin, setOrigin] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileText, setFileText] = useState<string | null>(null);

  const originValue = origin ?? defaultOrigin ?? "";
  const hasSource = file !== null || text.trim() !== "";

  const check = useMutation<FileCheckResult, Error, { body: string | Blob; kind: CheckKind; origin: string }>(
    {
      mutationFn: (vars) => checkExistingFile(vars.body, vars.kind, vars.origin),
      onError: async () => {
        // Read the upload back so the error can show the line it points at.
        if (file !== null && fileText === null && file.size <= MAX_ECHO_BYTES) setFileText(await file.text());
      },
    },
  );

  const reset = () => {
    check.reset();
  };
  const help = KIND_OPTIONS.find((o) => o.value === kind)?.help ?? "";

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="check-existing-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4" id="check-existing-title">
            Check an existing file
          </Title>
          <Text size="sm" c="dimmed">
            Upload or paste the zone file or dnsmasq config you run today. The numbers around every
            block&apos;s prefix are resolved through it and through the rules with the same engine, and every
            number it routes differently is listed: what to fix, or the evidence to switch to the exports
            above.
          </Text>
        </div>

        <Group align="flex-start" gap="lg" wrap="wrap">
          <Input.Wrapper id="check-kind" label="Kind of file" labelElement="div" description={help}>
            <SegmentedControl
              aria-labelledby="check-kind-label"
              value={kind}
              onChange={(value) => {
                setKind(value as CheckKind);
                reset();
              }}
              data={KIND_OPTIONS.map(({ value, label }) => ({ value, label }))}
              mt={6}
            />
          </Input.Wrapper>
          <TextInput
            label="Zone origin"
            description="The zone the file is for; numbers are looked up under it."
            value={originValue}
            onChange={(event) => {
              setOrigin(event.currentTarget.value);
              reset();
            }}
            placeholder="e164.arpa"
            spellCheck={false}
            w={260}
          />
        </Group>

        <FileDropField
          file={file}
          onChange={(chosen) => {
            setFile(chosen);
            setFileText(null);
            reset();
          }}
          label="Upload a zone file or dnsmasq config"
          title="Drop the zone file or dnsmasq config here, or click to choose it"
          hint="One text file, up to 64 MB"
          maxBytes={MAX_FILE_BYTES}
          rejectMessage="That file cannot be used: choose one text file."
        />
        {file ? null : (
          <>
            <Textarea
              label="Or paste the file"
              placeholder={
                kind === "bind"
                  ? '$ORIGIN e164.arpa.\n*.7.2.0.5.5.5.2.1.2 IN NAPTR 1 1 "u" "E2U+sip" "!(^.*$)!sip:\\\\1@ngv.example.com!" .'
                  : 'naptr-record=0.7.2.0.5.5.5.2.1.2.e164.arpa,1,1,"u","E2U+sip","!(^.*$)!sip:\\\\1@10.147.226.2!"'
              }
              value={text}
              onChange={(event) => {
                setText(event.currentTarget.value);
                reset();
              }}
              autosize
              minRows={6}
              maxRows={16}
              spellCheck={false}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
            />
          </>
        )}

        <Group>
          <Button
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
            onClick={() => {
              check.mutate({ body: file ?? text, kind, origin: originValue });
            }}
            loading={check.isPending}
            disabled={!hasSource}
          >
            Run the check
          </Button>
          {!hasSource ? (
            <Text size="sm" c="dimmed">
              Choose a file or paste one first.
            </Text>
          ) : check.isPending ? (
            <Text size="sm" c="dimmed" role="status">
              Resolving the numbers through the file and through the rules…
            </Text>
          ) : null}
        </Group>

        {check.isError ? <ParseError error={check.error} text={file ? fileText : text} /> : null}
        {check.data ? (
          <Stack gap="xs" aria-label="Check result" role="region">
            <Text size="xs" c="dimmed">
              {check.data.kind === "bind" ? "Zone file" : "dnsmasq config"} for {check.data.origin}:{" "}
              {toCountText(check.data.records)} NAPTR records read.
            </Text>
            <CheckResult check={check.data} subject="The file" tableLabel="Differences of the checked file" />
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
