import { Alert, Code, Text } from "@mantine/core";
import { IconInfoCircle, IconRouteOff, IconTargetArrow } from "@tabler/icons-react";
import type { NumberBlockRecord, NumberMatch } from "@/lib/api-client/types";

/** What a number search found: the block Sprout's prefix walk picks, or that none covers it. */
export function NumberMatchAlert({
  match,
  items,
}: {
  readonly match: NumberMatch;
  readonly items: readonly NumberBlockRecord[];
}) {
  const picked = match.blockId === null ? undefined : items.find((item) => item.id === match.blockId);
  const ausNote =
    match.aus !== match.input ? (
      <>
        {" "}
        (as the client reads it: <Code>{match.aus}</Code>)
      </>
    ) : null;

  if (match.aus === "") {
    return (
      <Alert color="gray" icon={<IconInfoCircle aria-hidden />} title="Not a number" role="status">
        <Text size="sm">
          <Code>{match.input}</Code> has no digits, so the client does no lookup.
        </Text>
      </Alert>
    );
  }

  if (match.blockId === null) {
    return (
      <Alert
        color="yellow"
        icon={<IconRouteOff aria-hidden />}
        title="No block handles this number"
        role="status"
      >
        <Text size="sm">
          No enabled block covers <Code>{match.input}</Code>
          {ausNote}, so the client gets no route.
        </Text>
      </Alert>
    );
  }

  return (
    <Alert
      color="indigo"
      icon={<IconTargetArrow aria-hidden />}
      title="Sprout picks this block"
      role="status"
    >
      <Text size="sm">
        <Code>{match.input}</Code>
        {ausNote} lands in{" "}
        {picked ? (
          <>
            <strong>{picked.name}</strong>
            {picked.prefix === "" ? (
              " (the catch-all)"
            ) : (
              <>
                {" "}
                (prefix <Code>{picked.prefix}</Code>)
              </>
            )}
          </>
        ) : (
          "the highlighted block"
        )}
        . Other blocks listed below also cover the number but lose the prefix walk.
      </Text>
      {match.shortNumberQuirk ? (
        <Text size="sm" mt={6}>
          <strong>Short-number quirk:</strong> the number is shorter than this block&apos;s prefix, which
          starts with it. Sprout&apos;s prefix walk takes the greatest such prefix instead of the longest
          prefix of the number, so a plain longest-prefix client would route it elsewhere.
        </Text>
      ) : null}
    </Alert>
  );
}
