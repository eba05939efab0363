"use client";

import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { IconLogout } from "@tabler/icons-react";
import { useState, type SyntheticEvent } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { changePassword, signOut } from "@/lib/api-client/session";
import { useSession } from "@/components/auth/session";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { PageHeader } from "@/components/ui/page-header";
import { TokenManager } from "./token-manager";

/** The signed-in user's page: password change, sign-out and their API tokens. */
export function AccountView() {
  const { user } = useSession();
  if (user === null) return null;
  return (
    <Stack gap="lg">
      <PageHeader
        title="Your account"
        description={`Signed in as ${user.username} with the ${user.role} role.`}
        actions={
          <Button
            variant="default"
            leftSection={<IconLogout size={16} />}
            onClick={() => {
              void signOut()
                .then(() => {
                  window.location.assign("/signin");
                })
                .catch((err: unknown) => {
                  showErrorToast("Could not sign out", err);
                });
            }}
          >
            Sign out
          </Button>
        }
      />
      <PasswordForm />
      <TokenManager role={user.role} />
    </Stack>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      await changePassword({ currentPassword: current, newPassword: next });
      setCurrent("");
      setNext("");
      showSuccessToast("Password changed", "Your other sessions were signed out.");
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0)
        setErrors(Object.fromEntries(err.issues.map((issue) => [issue.field, issue.message])));
      else showErrorToast("Could not change the password", err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      onSubmit={(event) => void handleSubmit(event)}
      aria-labelledby="password-title"
    >
      <Stack gap="sm" maw={420}>
        <Title order={3} size="h5" id="password-title">
          Change password
        </Title>
        <Text size="sm" c="dimmed">
          Every other session of yours ends when the password changes.
        </Text>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => {
            setCurrent(event.currentTarget.value);
          }}
          error={errors.currentPassword}
          required
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters."
          autoComplete="new-password"
          value={next}
          onChange={(event) => {
            setNext(event.currentTarget.value);
          }}
          error={errors.newPassword}
          required
        />
        <Group>
          <Button type="submit" loading={busy}>
            Change password
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
