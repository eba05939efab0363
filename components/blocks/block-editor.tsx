"use client";

import { Button, Grid, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowLeft, IconQuestionMark } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { blockQueryOptions } from "@/lib/api-client/blocks";
import { settingsQueryOptions } from "@/lib/api-client/settings";
import type { Profile } from "@/lib/enum/profile";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { BlockForm } from "./block-form";
import { getListHref } from "./list-params";
import { isNotFoundError } from "./use-block-mutations";

/** The client profile regexes are checked against: the settings' one, Sprout until known. */
function useProfile(): Profile {
  const settings = useQuery(settingsQueryOptions());
  return settings.data?.profile ?? "sprout";
}

function FormSkeleton() {
  return (
    <Grid gutter="lg" aria-busy="true" aria-label="Loading the block">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder radius="md" p="lg">
          <Stack gap="lg">
            {Array.from({ length: 5 }, (_, i) => (
              <Stack key={i} gap={6}>
                <Skeleton height={12} width={90} />
                <Skeleton height={34} />
              </Stack>
            ))}
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Skeleton height={320} radius="md" />
      </Grid.Col>
    </Grid>
  );
}

/** /blocks/new */
export function NewBlockEditor() {
  const profile = useProfile();
  return (
    <>
      <PageHeader
        title="New block"
        description="A dialed-number prefix and the regex that rewrites numbers under it."
        crumbs={[{ label: "Number blocks", href: getListHref() }, { label: "New block" }]}
      />
      <BlockForm block={null} profile={profile} />
    </>
  );
}

/** /blocks/[id] */
export function EditBlockEditor({ id }: { readonly id: string }) {
  const profile = useProfile();
  // Once deleted here, stop asking for it (it would only answer 404 while the list loads).
  const [deleted, setDeleted] = useState(false);
  const query = useQuery({
    ...blockQueryOptions(id),
    enabled: !deleted,
    // A 404 will not change on a second try.
    retry: (failures, error) => !isNotFoundError(error) && failures < 1,
  });
  const block = query.data;

  if (query.isError && isNotFoundError(query.error)) {
    return (
      <>
        <PageHeader
          title="Block not found"
          crumbs={[{ label: "Number blocks", href: getListHref() }, { label: "Not found" }]}
        />
        <EmptyState
          icon={<IconQuestionMark size={26} />}
          title="This block does not exist"
          description="It may have been deleted, or the link is wrong."
          actions={
            <Button
              component={Link}
              href={getListHref()}
              leftSection={<IconArrowLeft size={16} aria-hidden />}
            >
              Back to number blocks
            </Button>
          }
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={block ? block.name : <Skeleton height={26} width={240} component="span" display="block" />}
        description={
          block ? (
            <Text span size="sm" c="dimmed">
              Version {block.version} · updated{" "}
              <RelativeTime iso={block.updatedAt} now={query.dataUpdatedAt} />
            </Text>
          ) : undefined
        }
        crumbs={[{ label: "Number blocks", href: getListHref() }, { label: block?.name ?? "Edit block" }]}
      />
      {query.isError ? (
        <QueryError
          title="Could not load this block"
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : block ? (
        // One form per loaded block; background refetches do not reset what the user typed.
        <BlockForm
          key={block.id}
          block={block}
          profile={profile}
          onDeleted={() => {
            setDeleted(true);
          }}
        />
      ) : (
        <FormSkeleton />
      )}
    </>
  );
}
