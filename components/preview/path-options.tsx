"use client";

import { Checkbox, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import type { Profile } from "@/lib/enum/profile";
import { MAX_RESOLVE_SERVERS, RESOLVE_PATHS, type ResolvePath } from "@/lib/schemas/resolve";

/** The choices the single-number preview and the batch share. */
export interface PathChoice {
  /** "" follows the settings' profile. */
  readonly profile: Profile | "";
  readonly paths: readonly ResolvePath[];
  /** Always MAX_RESOLVE_SERVERS entries; empty ones are not sent. */
  readonly servers: readonly string[];
}

/** An empty server list of the fixed length the inputs need. */
export function toServerSlots(servers: readonly string[]): string[] {
  return Array.from({ length: MAX_RESOLVE_SERVERS }, (_, i) => servers[i] ?? "");
}

const PATH_OPTIONS: Readonly<Record<ResolvePath, { readonly label: string; readonly help: string }>> = {
  json: {
    label: "enum.json",
    help: "Sprout reading the exported enum.json file (prefix walk, then the regex).",
  },
  dns: {
    label: "Console DNS zone",
    help: "What the exported zone and the embedded responder answer (the DNS path over the compiled zone).",
  },
  server: {
    label: "Live ENUM servers",
    help: "Real queries to up to 3 servers, with Sprout's failover and timeouts.",
  },
};

/**
 * The profile, the paths and (for the live path) up to three `host:port` servers. Errors for
 * the servers are shown under each input.
 */
export function PathOptions({
  value,
  onChange,
  serverErrors = [],
  idPrefix,
}: {
  readonly value: PathChoice;
  readonly onChange: (value: PathChoice) => void;
  readonly serverErrors?: readonly (string | null)[];
  readonly idPrefix: string;
}) {
  const showServers = value.paths.includes("server");
  return (
    <Stack gap="sm">
      <Select
        label="Client profile"
        description="How the client parses the regex fields."
        data={[
          { value: "", label: "As in the settings" },
          { value: "sprout", label: "Sprout (boost regex)" },
          { value: "rfc", label: "Strict RFC 3402 (POSIX regex)" },
        ]}
        value={value.profile}
        onChange={(next) => {
          onChange({ ...value, profile: (next ?? "") as Profile | "" });
        }}
        allowDeselect={false}
        w={280}
      />
      <Checkbox.Group
        label="Paths"
        description="Compare the paths: when enum.json and DNS disagree, the page says so."
        value={[...value.paths]}
        onChange={(next) => {
          onChange({ ...value, paths: RESOLVE_PATHS.filter((p) => next.includes(p)) });
        }}
      >
        <Stack gap={6} mt={6}>
          {RESOLVE_PATHS.map((path) => (
            <Checkbox
              key={path}
              value={path}
              label={PATH_OPTIONS[path].label}
              description={PATH_OPTIONS[path].help}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      {showServers ? (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            ENUM servers, tried in this order
          </Text>
          <Group gap="sm" align="flex-start">
            {value.servers.map((server, i) => (
              <TextInput
                key={i}
                id={`${idPrefix}-server-${i + 1}`}
                label={`Server ${i + 1}`}
                placeholder={i === 0 ? "127.0.0.1:5353" : "optional"}
                value={server}
                error={serverErrors[i] ?? undefined}
                onChange={(event) => {
                  const servers = [...value.servers];
                  servers[i] = event.currentTarget.value;
                  onChange({ ...value, servers });
                }}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
                w={200}
              />
            ))}
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
