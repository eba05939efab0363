import { Skeleton, Stack } from "@mantine/core";

/** A neutral page skeleton: title, a toolbar and a few rows. */
export function PageLoading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      <Skeleton height={28} width={220} radius="sm" />
      <Skeleton height={14} width={420} radius="sm" />
      <Skeleton height={72} radius="md" mt="sm" />
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} height={36} radius="sm" />
      ))}
    </Stack>
  );
}
