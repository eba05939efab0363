"use client";

import { Alert, Anchor, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconRoute } from "@tabler/icons-react";
import Link from "next/link";
import type { BlockImpact } from "@/lib/api-client/test-numbers";
import { toErrorMessage } from "@/components/ui/error-message";
import { RerouteTable, toRerouteTitle } from "./reroute-table";

/**
 * The block form's "before you save" panel: which saved numbers (the test plan) the draft
 * would send elsewhere on the enum.json path, updated as the user types.
 */
export function ReroutePanel({
  impact,
  loading,
  error,
  pending,
}: {
  readonly impact: BlockImpact | undefined;
  readonly loading: boolean;
  readonly error: unknown;
  /** No complete draft yet (prefix or regex missing). */
  readonly pending: boolean;
}) {
  const reroutes = impact?.reroutes ?? [];
  const title = impact === undefined ? "Saved numbers" : toRerouteTitle(reroutes);
  return (
    <Paper withBorder radius="md" p="md" aria-live="polite" aria-busy={loading}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <IconRoute size={18} aria-hidden />
            <Title order={3} size="h6" id="reroute-panel-title">
              {title}
            </Title>
          </Group>
          {loading ? <Loader size="xs" aria-label="Checking saved numbers" /> : null}
        </Group>
        {error ? (
          <Text size="sm" c="red">
            Could not check the saved numbers: {toErrorMessage(error)}
          </Text>
        ) : pending ? (
          <Text size="sm" c="dimmed">
            Enter a prefix and a regex to see which saved numbers this change re-routes.
          </Text>
        ) : impact === undefined ? (
          <Text size="sm" c="dimmed">
            Checking the saved numbers…
          </Text>
        ) : impact.checked === 0 ? (
          <Text size="sm" c="dimmed">
            No saved numbers yet. Save the numbers whose routing must not change on the{" "}
            <Anchor component={Link} href="/tests" size="sm">
              Test plan
            </Anchor>{" "}
            page.
          </Text>
        ) : reroutes.length === 0 ? (
          <Text size="sm" c="dimmed">
            None of the {impact.checked} saved numbers changes route.
          </Text>
        ) : (
          <>
            {impact.breaks > 0 ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} p="xs">
                <Text size="sm">
                  {impact.breaks} saved number{impact.breaks === 1 ? "" : "s"} would no longer get the
                  expected result. Saving asks you to confirm.
                </Text>
              </Alert>
            ) : null}
            <RerouteTable reroutes={reroutes} caption="Saved numbers this change re-routes" />
          </>
        )}
      </Stack>
    </Paper>
  );
}
