"use client";

import {
  Alert,
  NumberInput,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  Title,
} from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import {
  responderSettingsKeys,
  responderSettingsQueryOptions,
  updateResponderSettings,
  type ResponderSettingsRecord,
} from "@/lib/api-client/responder-settings";
import { responderSettingsUpdateSchema } from "@/lib/schemas/responder-settings";
import { useCan } from "@/components/auth/session";
import { ConflictAlert } from "@/components/ui/conflict-alert";
import { QueryError } from "@/components/ui/query-error";
import { SaveBar } from "@/components/ui/save-bar";
import { toNumberValue, useVersionedForm } from "@/components/ui/use-versioned-form";

/** What the card holds (numbers may be "" while typing). */
interface ResponderValues {
  readonly allowQuery: readonly string[];
  readonly allowTransfer: readonly string[];
  readonly notify: readonly string[];
  readonly rrlResponsesPerSecond: number | string;
  readonly rrlSlip: number | string;
  readonly rrlExempt: readonly string[];
}

type ListKey = "allowQuery" | "allowTransfer" | "notify" | "rrlExempt";

const FIELDS: readonly { readonly key: keyof ResponderValues; readonly label: string }[] = [
  { key: "allowQuery", label: "Allowed to query" },
  { key: "allowTransfer", label: "Allowed to transfer (AXFR)" },
  { key: "notify", label: "Secondaries to NOTIFY" },
  { key: "rrlResponsesPerSecond", label: "Responses per second" },
  { key: "rrlSlip", label: "Slip" },
  { key: "rrlExempt", label: "Never rate limited" },
];

const MONO = { input: { fontFamily: "var(--mantine-font-family-monospace)" } };

function toValues(record: ResponderSettingsRecord): ResponderValues {
  return {
    allowQuery: record.allowQuery,
    allowTransfer: record.allowTransfer,
    notify: record.notify,
    rrlResponsesPerSecond: record.rrlResponsesPerSecond,
    rrlSlip: record.rrlSlip,
    rrlExempt: record.rrlExempt,
  };
}

function toPayload(values: ResponderValues, version: number) {
  return {
    allowQuery: [...values.allowQuery],
    allowTransfer: [...values.allowTransfer],
    notify: [...values.notify],
    rrlResponsesPerSecond: toNumberValue(values.rrlResponsesPerSecond),
    rrlSlip: toNumberValue(values.rrlSlip),
    rrlExempt: [...values.rrlExempt],
    version,
  };
}

function toText(values: ResponderValues, key: keyof ResponderValues): string {
  const value = values[key];
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(", ");
  return String(value);
}

function ResponderEditor({ record }: { readonly record: ResponderSettingsRecord }) {
  const canEdit = useCan("admin");
  const form = useVersionedForm({
    record,
    fields: FIELDS,
    toValues,
    toText,
    toPayload,
    schema: responderSettingsUpdateSchema,
    save: updateResponderSettings,
    queryOptions: responderSettingsQueryOptions(),
    invalidateKey: responderSettingsKeys.all,
    canEdit,
    what: "the DNS responder settings",
    savedToast: () => ["DNS responder settings saved", "The running responder applies them from now on."],
  });
  const { values, set } = form;
  // Every issue of a field (`allowQuery.2` counts for `allowQuery`), one after the other.
  const issueFor = (field: keyof ResponderValues): string | undefined =>
    form.messagesFor(field).join(" ") || undefined;

  const list = (key: ListKey, label: string, description: string, placeholder: string) => (
    <TagsInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={[...values[key]]}
      onChange={(entries) => {
        set(key, entries);
      }}
      error={issueFor(key)}
      splitChars={[",", " "]}
      clearable
      disabled={!canEdit}
      styles={MONO}
    />
  );

  return (
    <Stack gap="md">
      {form.conflict ? (
        <ConflictAlert
          title="Someone else changed the DNS responder settings while you were editing"
          rows={form.conflictRows}
          saving={form.saving}
          onLoadTheirs={form.loadTheirs}
          onSaveMine={form.saveMine}
        />
      ) : null}
      {canEdit ? null : (
        <Alert color="gray" variant="light" icon={<IconLock size={16} aria-hidden />}>
          Only an admin can change the DNS responder settings.
        </Alert>
      )}
      <form {...form.formProps} aria-label="DNS responder settings">
        <Stack gap="sm">
          {list(
            "allowQuery",
            "Allowed to query",
            "Networks (CIDR) whose queries are answered; others get REFUSED. Empty lets everyone query.",
            "10.0.0.0/8, 2001:db8::/32",
          )}
          {list(
            "allowTransfer",
            "Allowed to transfer (AXFR)",
            "Networks whose secondaries may copy the whole zone over TCP; others get REFUSED.",
            "192.0.2.53/32",
          )}
          {list(
            "notify",
            "Secondaries to NOTIFY",
            "IP:port of each secondary told about every new serial, so it transfers at once.",
            "192.0.2.53:53, [2001:db8::53]:53",
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label="Responses per second"
              description="Identical UDP answers per client /24 (IPv6 /56), as BIND's RRL; 0 turns it off"
              value={values.rrlResponsesPerSecond}
              onChange={(value) => {
                set("rrlResponsesPerSecond", value);
              }}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              error={issueFor("rrlResponsesPerSecond")}
              disabled={!canEdit}
            />
            <NumberInput
              label="Slip"
              description="Every Nth limited answer is sent truncated so real clients retry over TCP; 0 drops all"
              value={values.rrlSlip}
              onChange={(value) => {
                set("rrlSlip", value);
              }}
              min={0}
              max={10}
              allowDecimal={false}
              allowNegative={false}
              error={issueFor("rrlSlip")}
              disabled={!canEdit}
            />
          </SimpleGrid>
          {list(
            "rrlExempt",
            "Never rate limited",
            "Networks RRL leaves alone, such as your own resolvers. TCP is never limited.",
            "127.0.0.0/8, ::1",
          )}
          {canEdit ? (
            <SaveBar
              label="Save responder settings"
              saving={form.saving}
              dirty={form.dirty}
              onDiscard={form.discard}
            />
          ) : null}
        </Stack>
      </form>
    </Stack>
  );
}

/** The "DNS responder" card on /settings: allow-lists, NOTIFY targets and rate limiting. */
export function ResponderSettingsCard() {
  const query = useQuery(responderSettingsQueryOptions());
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="DNS responder" mt="lg">
      <Title order={3} size="h5">
        DNS responder
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        Who the embedded responder answers, which secondaries follow it, and how it limits floods. Saved
        changes apply to the running responder at once.
      </Text>
      {query.isError && !query.data ? (
        <QueryError
          title="Could not load the DNS responder settings"
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : query.data ? (
        <ResponderEditor record={query.data} />
      ) : (
        <Skeleton height={320} radius="md" aria-busy="true" aria-label="Loading the DNS responder settings" />
      )}
    </Paper>
  );
}
