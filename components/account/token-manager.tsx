"use client";

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createToken, revokeToken, tokenKeys, tokensQueryOptions } from "@/lib/api-client/session";
import type { ApiTokenRecord } from "@/lib/api-client/types";
import { TOKEN_SCOPES, roleGrants, type Role, type TokenScope } from "@/lib/roles";
import { FormCard } from "@/components/ui/form-card";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { toFieldErrors } from "@/components/ui/field-errors";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";

const SCOPE_HELP: Readonly<Record<TokenScope, string>> = {
  read: "read blocks and settings",
  export: "download exports",
  test: "previews and test runs",
  write: "create, edit, delete and import blocks",
};

/** Create, list and revoke API tokens (your own; admins with `all` see everyone's). */
export function TokenManager({ role, all = false }: { readonly role: Role; readonly all?: boolean }) {
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQueryOptions(all));
  const [created, setCreated] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: revokeToken,
    onSuccess: async (token) => {
      showSuccessToast("Token revoked", `"${token.name}" no longer works.`);
      await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
    },
    onError: (err) => {
      showErrorToast("Could not revoke the token", err);
    },
  });

  return (
    <Stack gap="md">
      {all ? null : (
        <TokenForm
          role={role}
          onCreated={async (secret) => {
            setCreated(secret);
            await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
          }}
        />
      )}
      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h5" mb="sm">
          {all ? "Every user's API tokens" : "Your API tokens"}
        </Title>
        {tokens.isError ? (
          <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label={all ? "All API tokens" : "Your API tokens"}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  {all ? <Table.Th>Owner</Table.Th> : null}
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Prefixes</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(tokens.data ?? []).map((token) => (
                  <TokenRow
                    key={token.id}
                    token={token}
                    showOwner={all}
                    revoking={revoke.isPending && revoke.variables === token.id}
                    onRevoke={() => {
                      revoke.mutate(token.id);
                    }}
                  />
                ))}
                {tokens.data?.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={all ? 7 : 6}>
                      <Text size="sm" c="dimmed">
                        No tokens yet.
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal
        opened={created !== null}
        onClose={() => {
          setCreated(null);
        }}
        title="Copy your new token now"
        size="lg"
      >
        <Stack gap="sm">
          <Alert color="yellow" title="Shown once">
            The console stores only a hash of this token: it cannot show it again. Keep it in your CI secrets.
          </Alert>
          <Group gap="xs" wrap="nowrap">
            <Code block style={{ flex: 1, wordBreak: "break-all" }} data-testid="new-token">
              {created}
            </Code>
            <CopyButton value={created ?? ""}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? "Copied" : "Copy"} withArrow>
                  <ActionIcon variant="light" onClick={copy} aria-label="Copy the token" size="lg">
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Button
            onClick={() => {
              setCreated(null);
            }}
          >
            Done
          </Button>
        </Stack>
      </Modal>
    </Stack>
  );
}

function TokenRow({
  token,
  showOwner,
  revoking,
  onRevoke,
}: {
  readonly token: ApiTokenRecord;
  readonly showOwner: boolean;
  readonly revoking: boolean;
  readonly onRevoke: () => void;
}) {
  const [now] = useState(() => Date.now());
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
  return (
    <Table.Tr>
      <Table.Td>{token.name}</Table.Td>
      {showOwner ? <Table.Td>{token.username}</Table.Td> : null}
      <Table.Td>
        <Group gap={4}>
          {token.scopes.map((scope) => (
            <Badge key={scope} size="sm" variant="light">
              {scope}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        {token.prefixes.length === 0 ? (
          <Text size="sm" c="dimmed">
            any
          </Text>
        ) : (
          token.prefixes.join(", ")
        )}
      </Table.Td>
      <Table.Td>
        {token.lastUsedAt === null ? (
          <Text size="sm" c="dimmed">
            never
          </Text>
        ) : (
          <RelativeTime iso={token.lastUsedAt} now={now} />
        )}
      </Table.Td>
      <Table.Td>
        {token.revokedAt !== null ? (
          <Badge color="gray">revoked</Badge>
        ) : expired ? (
          <Badge color="orange">expired</Badge>
        ) : (
          <Badge color="teal">active</Badge>
        )}
      </Table.Td>
      <Table.Td>
        {token.revokedAt === null ? (
          <Button
            size="xs"
            color="red"
            variant="light"
            loading={revoking}
            onClick={onRevoke}
            aria-label={`Revoke token ${token.name}`}
          >
            Revoke
          </Button>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

function TokenForm({
  role,
  onCreated,
}: {
  readonly role: Role;
  readonly onCreated: (secret: string) => Promise<void>;
}) {
  const allowed = TOKEN_SCOPES.filter((scope) => roleGrants(role, scope));
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const [prefixes, setPrefixes] = useState<string[]>([]);
  const [days, setDays] = useState<number | string>("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: createToken,
    onSuccess: async ({ secret }) => {
      setName("");
      setPrefixes([]);
      setErrors({});
      await onCreated(secret);
    },
    onError: (err) => {
      const fieldErrors = toFieldErrors(err);
      if (fieldErrors) setErrors(fieldErrors);
      else showErrorToast("Could not create the token", err);
    },
  });

  const handleSubmit = () => {
    create.mutate({
      name,
      scopes: scopes as TokenScope[],
      prefixes,
      ...(typeof days === "number" ? { expiresInDays: days } : {}),
    });
  };

  return (
    <FormCard title="New API token" onSubmit={handleSubmit}>
      <TextInput
        label="Name"
        description="What uses it, e.g. “CI export job”."
        value={name}
        onChange={(event) => {
          setName(event.currentTarget.value);
        }}
        error={errors.name}
        required
      />
      <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes} error={errors.scopes} required>
        <Group mt={6} gap="lg">
          {allowed.map((scope) => (
            <Checkbox key={scope} value={scope} label={`${scope} (${SCOPE_HELP[scope]})`} />
          ))}
        </Group>
      </Checkbox.Group>
      <TagsInput
        label="Limit to number prefixes (optional)"
        description="With prefixes, the token may only change blocks whose prefix starts with one of them, e.g. +1650."
        value={prefixes}
        onChange={setPrefixes}
        error={errors.prefixes}
        placeholder="+1650, then Enter"
      />
      <NumberInput
        label="Expires after (days, optional)"
        min={1}
        max={3650}
        value={days}
        onChange={setDays}
        error={errors.expiresInDays}
        w={220}
      />
      <Group>
        <Button type="submit" leftSection={<IconKey size={16} />} loading={create.isPending}>
          Create token
        </Button>
      </Group>
    </FormCard>
  );
}
