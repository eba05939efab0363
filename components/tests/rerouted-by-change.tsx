"use client";

import { Alert, Loader, Text } from "@mantine/core";
import { IconRoute } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { blockImpactQueryOptions, type BlockImpactRequestInput } from "@/lib/api-client/test-numbers";
import { toErrorMessage } from "@/components/ui/error-message";
import { RerouteTable, toRerouteTitle } from "./reroute-table";

/**
 * Inside a confirmation (delete, enable, disable): the saved numbers the change would
 * re-route, fetched when the dialog opens.
 */
export function ReroutedByChange({
  request,
  subject,
}: {
  readonly request: BlockImpactRequestInput;
  readonly subject: string;
}) {
  const query = useQuery({ ...blockImpactQueryOptions(request), staleTime: 0 });
  if (query.isPending) {
    return (
      <Text size="sm" c="dimmed" aria-live="polite">
        <Loader size="xs" mr="xs" aria-hidden />
        Checking the saved numbers…
      </Text>
    );
  }
  if (query.isError) {
    return (
      <Text size="sm" c="red">
        Could not check the saved numbers: {toErrorMessage(query.error)}
      </Text>
    );
  }
  const { reroutes, checked } = query.data;
  if (reroutes.length === 0) {
    return (
      <Text size="sm" c="dimmed" aria-live="polite">
        {checked === 0
          ? "There are no saved numbers to check."
          : `None of the ${checked} saved numbers changes route.`}
      </Text>
    );
  }
  return (
    <Alert
      color={query.data.breaks > 0 ? "red" : "yellow"}
      variant="light"
      icon={<IconRoute aria-hidden />}
      title={toRerouteTitle(reroutes, subject)}
      aria-live="polite"
    >
      <RerouteTable reroutes={reroutes} caption="Saved numbers re-routed" />
    </Alert>
  );
}
