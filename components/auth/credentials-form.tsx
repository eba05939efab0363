"use client";

import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconAlertCircle, IconRoute } from "@tabler/icons-react";
import { useState, type SyntheticEvent } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { setUpFirstAdmin, signIn } from "@/lib/api-client/session";
import { toErrorMessage } from "@/components/ui/error-message";

/**
 * The sign-in form, or (mode "setup") the first-admin form. After success the browser makes a
 * full load of the next page, so the layout renders for the new session.
 */
export function CredentialsForm({
  mode,
  next,
}: {
  readonly mode: "signin" | "setup";
  readonly next: string;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const setup = mode === "setup";

  const handleSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    if (setup && password !== confirm) {
      setFieldErrors({ confirm: "The passwords do not match." });
      return;
    }
    setBusy(true);
    try {
      if (setup) await setUpFirstAdmin({ username, password });
      else await signIn({ username, password });
      window.location.assign(next);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.issues.length > 0)
        setFieldErrors(Object.fromEntries(err.issues.map((issue) => [issue.field, issue.message])));
      setError(toErrorMessage(err));
    }
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="xl"
      w="100%"
      maw={420}
      component="section"
      aria-labelledby="credentials-title"
    >
      <form onSubmit={(event) => void handleSubmit(event)} noValidate>
        <Stack gap="md">
          <Stack gap={4} align="center">
            <IconRoute size={32} stroke={1.8} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Title order={1} size="h3" id="credentials-title">
              {setup ? "Create the first admin" : "Sign in to ENUM Console"}
            </Title>
            {setup ? (
              <Text size="sm" c="dimmed" ta="center">
                The console has no users yet. The admin you create here manages users, settings and tokens;
                nobody can change routing before this account exists.
              </Text>
            ) : null}
          </Stack>
          {error !== null ? (
            <Alert
              color="red"
              icon={<IconAlertCircle size={18} />}
              role="alert"
              title={setup ? "Not created" : "Not signed in"}
            >
              {error}
            </Alert>
          ) : null}
          <TextInput
            label="User name"
            autoComplete="username"
            required
            data-autofocus
            autoFocus
            value={username}
            onChange={(event) => {
              setUsername(event.currentTarget.value);
            }}
            error={fieldErrors.username}
          />
          <PasswordInput
            label="Password"
            autoComplete={setup ? "new-password" : "current-password"}
            required
            description={setup ? "At least 10 characters." : undefined}
            value={password}
            onChange={(event) => {
              setPassword(event.currentTarget.value);
            }}
            error={fieldErrors.password}
          />
          {setup ? (
            <PasswordInput
              label="Repeat the password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(event) => {
                setConfirm(event.currentTarget.value);
              }}
              error={fieldErrors.confirm}
            />
          ) : null}
          <Button type="submit" loading={busy} fullWidth>
            {setup ? "Create admin and sign in" : "Sign in"}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
