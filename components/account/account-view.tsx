"use client";

import { Button, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { IconLogout } from "@tabler/icons-react";
import { useState } from "react";
import { changePassword, signOut } from "@/lib/api-client/session";
import { useSession } from "@/components/auth/session";
import { FormCard } from "@/components/ui/form-card";
import { showErrorToast, showSuccessToast } from "@/components/ui/error-message";
import { toFieldErrors } from "@/components/ui/field-errors";
import { PageHeader } from "@/components/ui/page-header";
import { NewPasswordInput } from "./new-password-input";
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

  const handleSubmit = async () => {
    setErrors({});
    setBusy(true);
    try {
      await changePassword({ currentPassword: current, newPassword: next });
      setCurrent("");
      setNext("");
      showSuccessToast("Password changed", "Your other sessions were signed out.");
    } catch (err) {
      const fieldErrors = toFieldErrors(err);
      if (fieldErrors) setErrors(fieldErrors);
      else showErrorToast("Could not change the password", err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormCard title="Change password" onSubmit={() => void handleSubmit()} maw={420}>
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
      <NewPasswordInput label="New password" value={next} onChange={setNext} error={errors.newPassword} />
      <Group>
        <Button type="submit" loading={busy}>
          Change password
        </Button>
      </Group>
    </FormCard>
  );
}
