"use client";

import {
  Alert,
  Fieldset,
  Grid,
  Group,
  Input,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { numberBlockKeys } from "@/lib/api-client/blocks";
import { settingsKeys, settingsQueryOptions, updateSettings } from "@/lib/api-client/settings";
import type { SettingsRecord } from "@/lib/api-client/types";
import type { Profile } from "@/lib/enum/profile";
import { settingsUpdateSchema } from "@/lib/schemas";
import { ConflictAlert } from "@/components/ui/conflict-alert";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { SaveBar } from "@/components/ui/save-bar";
import { toNumberValue, useVersionedForm } from "@/components/ui/use-versioned-form";
import { useCan } from "@/components/auth/session";

/** What the settings form holds (numbers may be "" while typing). */
interface SettingsValues {
  readonly zoneSuffix: string;
  readonly defaultTtl: number | string;
  readonly soaPrimaryNs: string;
  readonly soaAdminMailbox: string;
  readonly soaRefresh: number | string;
  readonly soaRetry: number | string;
  readonly soaExpire: number | string;
  readonly soaMinimum: number | string;
  readonly nsNames: readonly string[];
  readonly profile: Profile;
}

type TimerKey = "defaultTtl" | "soaRefresh" | "soaRetry" | "soaExpire" | "soaMinimum";

const FIELDS: readonly { readonly key: keyof SettingsValues; readonly label: string }[] = [
  { key: "zoneSuffix", label: "Zone suffix" },
  { key: "defaultTtl", label: "Default TTL" },
  { key: "nsNames", label: "Name servers" },
  { key: "soaPrimaryNs", label: "SOA primary name server" },
  { key: "soaAdminMailbox", label: "Admin mailbox" },
  { key: "soaRefresh", label: "Refresh" },
  { key: "soaRetry", label: "Retry" },
  { key: "soaExpire", label: "Expire" },
  { key: "soaMinimum", label: "Minimum" },
  { key: "profile", label: "Client profile" },
];

const PROFILE_HELP: Readonly<Record<Profile, string>> = {
  sprout:
    "Sprout: Clearwater's client. Splits the regex on every delimiter (no escapes or flags) and replaces every match.",
  rfc: "RFC: a strict RFC 3402 / 3761 client. Escaped delimiters, the i flag, POSIX ERE, one substitution.",
};

const MONO = { input: { fontFamily: "var(--mantine-font-family-monospace)" } };

function toValues(record: SettingsRecord): SettingsValues {
  return {
    zoneSuffix: record.zoneSuffix,
    defaultTtl: record.defaultTtl,
    soaPrimaryNs: record.soaPrimaryNs,
    soaAdminMailbox: record.soaAdminMailbox,
    soaRefresh: record.soaRefresh,
    soaRetry: record.soaRetry,
    soaExpire: record.soaExpire,
    soaMinimum: record.soaMinimum,
    nsNames: record.nsNames,
    profile: record.profile,
  };
}

function toPayload(values: SettingsValues, version: number) {
  return {
    ...values,
    nsNames: [...values.nsNames],
    defaultTtl: toNumberValue(values.defaultTtl),
    soaRefresh: toNumberValue(values.soaRefresh),
    soaRetry: toNumberValue(values.soaRetry),
    soaExpire: toNumberValue(values.soaExpire),
    soaMinimum: toNumberValue(values.soaMinimum),
    version,
  };
}

function toText(values: SettingsValues, key: keyof SettingsValues): string {
  const value = values[key];
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "number" || typeof value === "string") return String(value);
  return "";
}

/** Seconds as a human hint: 3600 -> "1 hour". */
function toDurationHint(value: number | string): string {
  const seconds = toNumberValue(value);
  if (!Number.isFinite(seconds) || seconds <= 0) return "seconds";
  const units: [number, string][] = [
    [604800, "week"],
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `seconds (${n} ${name}${n === 1 ? "" : "s"})`;
    }
  }
  return "seconds";
}

function Section({
  title,
  description,
  children,
}: {
  readonly title: string;
  readonly description: string;
  readonly children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Title order={3} size="h5">
        {title}
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        {description}
      </Text>
      {children}
    </Paper>
  );
}

function SettingsEditor({ record }: { readonly record: SettingsRecord }) {
  const queryClient = useQueryClient();
  // Only admins change settings; everyone else reads them (fields disabled, no Save).
  const canEdit = useCan("admin");
  const form = useVersionedForm({
    record,
    fields: FIELDS,
    toValues,
    toText,
    toPayload,
    schema: settingsUpdateSchema,
    save: updateSettings,
    queryOptions: settingsQueryOptions(),
    invalidateKey: settingsKeys.all,
    // The profile decides how regexes compile, so every block's lint level may change.
    onSettled: (saved, base) =>
      saved && saved.profile !== base.profile
        ? queryClient.invalidateQueries({ queryKey: numberBlockKeys.all })
        : Promise.resolve(),
    canEdit,
    what: "the settings",
    savedToast: (saved) => ["Settings saved", `Zone serial is now ${saved.zoneSerial}.`],
  });
  const { values, set } = form;
  /** A field's first issue; `nsNames.2` counts for `nsNames`. */
  const issueFor = (field: keyof SettingsValues): string | undefined => form.messagesFor(field)[0];

  const timer = (key: TimerKey, label: string, description?: string) => (
    <NumberInput
      label={label}
      description={description ?? toDurationHint(values[key])}
      value={values[key]}
      onChange={(value) => {
        set(key, value);
      }}
      min={0}
      allowDecimal={false}
      allowNegative={false}
      thousandSeparator=","
      error={issueFor(key)}
      rightSection={
        <Text size="xs" c="dimmed" pr={6}>
          s
        </Text>
      }
      rightSectionPointerEvents="none"
    />
  );

  return (
    <Grid gutter="lg" align="flex-start">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="md">
          {form.conflict ? (
            <ConflictAlert
              title="Someone else changed the settings while you were editing"
              rows={form.conflictRows}
              saving={form.saving}
              onLoadTheirs={form.loadTheirs}
              onSaveMine={form.saveMine}
            />
          ) : null}
          <form {...form.formProps} aria-label="Zone settings">
            <Fieldset variant="unstyled" disabled={!canEdit}>
              <Stack gap="md">
                {canEdit ? null : (
                  <Alert color="gray" title="Read only">
                    Only admins change the settings.
                  </Alert>
                )}
                <Section title="Zone" description="The ENUM zone the exports and the responder publish.">
                  <Stack gap="sm">
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                      <TextInput
                        label="Zone suffix"
                        description="e164.arpa unless you run a private ENUM tree"
                        value={values.zoneSuffix}
                        onChange={(event) => {
                          set("zoneSuffix", event.currentTarget.value);
                        }}
                        error={issueFor("zoneSuffix")}
                        styles={MONO}
                        autoComplete="off"
                      />
                      {timer("defaultTtl", "Default TTL")}
                    </SimpleGrid>
                    <TagsInput
                      label="NS names"
                      description="Name servers of the zone; press Enter after each"
                      value={[...values.nsNames]}
                      onChange={(names) => {
                        set("nsNames", names);
                      }}
                      error={issueFor("nsNames")}
                      splitChars={[",", " "]}
                      clearable
                      styles={MONO}
                    />
                  </Stack>
                </Section>
                <Section
                  title="SOA record"
                  description="Start of authority: who runs the zone and how secondaries refresh it."
                >
                  <Stack gap="sm">
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                      <TextInput
                        label="SOA primary NS"
                        description="Host name of the master name server"
                        value={values.soaPrimaryNs}
                        onChange={(event) => {
                          set("soaPrimaryNs", event.currentTarget.value);
                        }}
                        error={issueFor("soaPrimaryNs")}
                        styles={MONO}
                        autoComplete="off"
                      />
                      <TextInput
                        label="Admin mailbox"
                        description="As a domain name: hostmaster.example.com"
                        value={values.soaAdminMailbox}
                        onChange={(event) => {
                          set("soaAdminMailbox", event.currentTarget.value);
                        }}
                        error={issueFor("soaAdminMailbox")}
                        styles={MONO}
                        autoComplete="off"
                      />
                    </SimpleGrid>
                    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
                      {timer("soaRefresh", "Refresh")}
                      {timer("soaRetry", "Retry")}
                      {timer("soaExpire", "Expire")}
                      {timer("soaMinimum", "Minimum")}
                    </SimpleGrid>
                  </Stack>
                </Section>
                <Section
                  title="Client profile"
                  description="Which ENUM client's rules validation, lints and previews follow."
                >
                  <Input.Wrapper
                    id="settings-profile"
                    label="Client profile"
                    labelElement="div"
                    error={issueFor("profile")}
                    styles={{ label: { display: "block" } }}
                  >
                    <SegmentedControl
                      aria-labelledby="settings-profile-label"
                      value={values.profile}
                      onChange={(value) => {
                        set("profile", value as Profile);
                      }}
                      data={[
                        { value: "sprout", label: "Sprout" },
                        { value: "rfc", label: "RFC" },
                      ]}
                      mt={4}
                    />
                  </Input.Wrapper>
                  <Stack gap={4} mt="sm">
                    {(["sprout", "rfc"] as const).map((profile) => (
                      <Text key={profile} size="sm" c={values.profile === profile ? undefined : "dimmed"}>
                        {values.profile === profile ? "● " : "○ "}
                        {PROFILE_HELP[profile]}
                      </Text>
                    ))}
                  </Stack>
                </Section>
                {/* Save stays in view at the bottom of the screen while the form scrolls. */}
                {canEdit ? (
                  <SaveBar
                    label="Save"
                    saving={form.saving}
                    dirty={form.dirty}
                    onDiscard={form.discard}
                    sticky
                  />
                ) : null}
              </Stack>
            </Fieldset>
          </form>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder radius="md" p="lg" component="section" aria-label="Publication">
          <Title order={3} size="h5" mb="sm">
            Publication
          </Title>
          <Stack gap="sm">
            <ReadOnly
              label="Zone serial"
              value={record.zoneSerial}
              hint="Goes up with every published change"
            />
            <ReadOnly
              label="Revision"
              value={record.revision}
              hint="Bumped by every change to blocks or settings"
            />
            <ReadOnly label="Settings version" value={record.version} />
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                Last saved
              </Text>
              <RelativeTime iso={record.updatedAt} now={Date.now()} />
            </Group>
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

function ReadOnly({
  label,
  value,
  hint,
}: {
  readonly label: string;
  readonly value: number;
  readonly hint?: string;
}) {
  return (
    <div>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" id={`readonly-${label}`}>
          {label}
        </Text>
        <Text size="sm" ff="monospace" fw={600} aria-labelledby={`readonly-${label}`}>
          {value}
        </Text>
      </Group>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </div>
  );
}

/** /settings: zone suffix, TTL, SOA, NS names and the client profile, with conflict handling. */
export function SettingsPageView() {
  const query = useQuery(settingsQueryOptions());
  return (
    <>
      <PageHeader
        title="Settings"
        description="Zone settings used by the exports, the DNS responder and validation."
      />
      {query.isError && !query.data ? (
        <QueryError
          title="Could not load the settings"
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : query.data ? (
        <SettingsEditor record={query.data} />
      ) : (
        <Stack gap="md" aria-busy="true" aria-label="Loading the settings">
          <Skeleton height={180} radius="md" />
          <Skeleton height={220} radius="md" />
          <Skeleton height={120} radius="md" />
        </Stack>
      )}
    </>
  );
}
