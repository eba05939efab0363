"use client";

import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { createUser, updateUser, userKeys, usersQueryOptions } from "@/lib/api-client/session";
import type { UserRecord } from "@/lib/api-client/types";
import { ROLES, type Role } from "@/lib/roles";
import type { UserUpdateInput } from "@/lib/schemas/auth";
import { NewPasswordInput } from "@/components/account/new-password-input";
import { TokenManager } from "@/components/account/token-manager";
import { useSession } from "@/components/auth/session";
import { FormCard } from "@/components/ui/form-card";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { toFieldErrors } from "@/components/ui/field-errors";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));

/** What each role may do, shown next to the role picker. */
const ROLE_HELP: Readonly<Record<Role, string>> = {
  admin: "users, settings, tokens and everything below",
  editor: "create, edit, delete and import blocks",
  tester: "preview, batch tests and test plans",
  viewer: "read blocks, settings and history; download exports",
};

/** Admin page: users with their roles (create, change role, disable, reset password) and every token. */
export function UsersView() {
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery(usersQueryOptions());
  const [resetFor, setResetFor] = useState<UserRecord | null>(null);
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserUpdateInput }) => updateUser(id, change),
    onSuccess: async (user) => {
      showSuccessToast("User updated", `${user.username}: ${user.role}${user.disabled ? ", disabled" : ""}.`);
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
    onError: (err) => {
      showErrorToast("Could not update the user", err);
    },
  });

  return (
    <Stack gap="lg">
      <PageHeader title="Users" description="Who may sign in, and what their role lets them do." />
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="tokens">All API tokens</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <Stack gap="md">
            <NewUserForm />
            <Paper withBorder radius="md" p="md">
              {users.isError ? (
                <QueryError error={users.error} onRetry={() => void users.refetch()} />
              ) : (
                <Table.ScrollContainer minWidth={560}>
                  <Table striped aria-label="Users">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>User name</Table.Th>
                        <Table.Th>Role</Table.Th>
                        <Table.Th>Enabled</Table.Th>
                        <Table.Th>
                          <VisuallyHidden>Actions</VisuallyHidden>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {(users.data ?? []).map((user) => (
                        <Table.Tr key={user.id}>
                          <Table.Td>
                            <Group gap={6}>
                              <Text size="sm">{user.username}</Text>
                              {user.id === me?.id ? (
                                <Badge size="xs" variant="light">
                                  you
                                </Badge>
                              ) : null}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Select
                              aria-label={`Role of ${user.username}`}
                              data={ROLE_OPTIONS}
                              value={user.role}
                              allowDeselect={false}
                              w={140}
                              size="xs"
                              onChange={(value) => {
                                if (value !== null && value !== user.role)
                                  update.mutate({ id: user.id, change: { role: value as Role } });
                              }}
                            />
                          </Table.Td>
                          <Table.Td>
                            <Switch
                              aria-label={`${user.username} may sign in`}
                              checked={!user.disabled}
                              onChange={(event) => {
                                update.mutate({
                                  id: user.id,
                                  change: { disabled: !event.currentTarget.checked },
                                });
                              }}
                            />
                          </Table.Td>
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="light"
                              onClick={() => {
                                setResetFor(user);
                              }}
                            >
                              Reset password
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Paper>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          {me !== null ? <TokenManager role={me.role} all /> : null}
        </Tabs.Panel>
      </Tabs>
      <ResetPasswordModal
        user={resetFor}
        onClose={() => {
          setResetFor(null);
        }}
      />
    </Stack>
  );
}

function NewUserForm() {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: createUser,
    onSuccess: async (user) => {
      showSuccessToast("User created", `${user.username} can sign in as ${user.role}.`);
      setUsername("");
      setPassword("");
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
    onError: (err) => {
      const fieldErrors = toFieldErrors(err);
      if (fieldErrors) setErrors(fieldErrors);
      else showErrorToast("Could not create the user", err);
    },
  });

  const handleSubmit = () => {
    create.mutate({ username, password, role });
  };

  return (
    <FormCard title="New user" onSubmit={handleSubmit}>
      <Group align="flex-start" gap="md">
        <TextInput
          label="User name"
          autoComplete="off"
          value={username}
          onChange={(event) => {
            setUsername(event.currentTarget.value);
          }}
          error={errors.username}
          required
        />
        <NewPasswordInput
          label="Initial password"
          note="; share it privately."
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <Select
          label="Role"
          data={ROLE_OPTIONS}
          value={role}
          allowDeselect={false}
          onChange={(value) => {
            setRole((value ?? "viewer") as Role);
          }}
          description={ROLE_HELP[role]}
          w={260}
        />
      </Group>
      <Group>
        <Button type="submit" leftSection={<IconUserPlus size={16} />} loading={create.isPending}>
          Create user
        </Button>
      </Group>
    </FormCard>
  );
}

function ResetPasswordModal({
  user,
  onClose,
}: {
  readonly user: UserRecord | null;
  readonly onClose: () => void;
}) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const reset = useMutation({
    mutationFn: ({ id, value }: { id: string; value: string }) => updateUser(id, { password: value }),
    onSuccess: (saved) => {
      showSuccessToast("Password reset", `${saved.username}'s sessions were signed out.`);
      setPassword("");
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.issues.length > 0) setError(err.issues[0]!.message);
      else showErrorToast("Could not reset the password", err);
    },
  });
  return (
    <Modal opened={user !== null} onClose={onClose} title={`Reset the password of ${user?.username ?? ""}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (user !== null) reset.mutate({ id: user.id, value: password });
        }}
      >
        <Stack gap="sm">
          <NewPasswordInput
            label="New password"
            note=". Their sessions end at once."
            value={password}
            onChange={setPassword}
            error={error}
            autoFocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.isPending}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
