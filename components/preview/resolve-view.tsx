"use client";

import { Alert, Button, Group, Loader, Paper, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertOctagon, IconPhone, IconPlayerPlay } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, type SyntheticEvent } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { resolveQueryOptions, toPreviewSearch, type ResolveInput } from "@/lib/api-client/resolve";
import { toTraceView } from "@/lib/enum/trace-view";
import {
  RESOLVE_PATHS,
  findNumberProblem,
  findServerProblem,
  type ResolvePath,
  type ResolveResponse,
} from "@/lib/schemas/resolve";
import { QueryError } from "@/components/ui/query-error";
import { PathOptions, toServerSlots, type PathChoice } from "./path-options";
import { TracePanel } from "./trace-panel";

const PANEL_TITLES: Readonly<Record<ResolvePath, string>> = {
  json: "enum.json path",
  dns: "Console DNS zone",
  server: "Live ENUM servers",
};

/** Field errors of the form: checked in the browser first, then from the server's 422. */
interface FormErrors {
  readonly number: string | null;
  readonly servers: readonly (string | null)[];
  readonly paths: string | null;
}

const NO_ERRORS: FormErrors = { number: null, servers: [], paths: null };

function toInput(number: string, choice: PathChoice): ResolveInput {
  const paths = choice.paths;
  return {
    number,
    ...(choice.profile !== "" ? { profile: choice.profile } : {}),
    paths,
    servers: paths.includes("server") ? choice.servers.map((s) => s.trim()).filter((s) => s !== "") : [],
  };
}

function checkInput(input: ResolveInput, choice: PathChoice): FormErrors {
  const number = findNumberProblem(input.number)?.message ?? null;
  const servers = choice.paths.includes("server")
    ? choice.servers.map((s, i) =>
        s.trim() === ""
          ? i === 0 && input.servers.length === 0
            ? "Enter at least one server."
            : null
          : (findServerProblem(s)?.message ?? null),
      )
    : [];
  const paths = input.paths.length === 0 ? "Choose at least one path." : null;
  return { number, servers, paths };
}

function hasErrors(errors: FormErrors): boolean {
  return errors.number !== null || errors.paths !== null || errors.servers.some((e) => e !== null);
}

/** The server's 422 issues on the form's fields (`number`, `servers.1`, `paths`...). */
function toServerErrors(error: unknown): FormErrors | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const first = (field: string) => error.getFieldIssues(field)[0]?.message ?? null;
  return {
    number: first("number"),
    servers: [0, 1, 2].map((i) => first(`servers.${i}`) ?? (i === 0 ? first("servers") : null)),
    paths: first("paths") ?? first("paths.0"),
  };
}

/** The loud banner when the enum.json path and a DNS path route the number differently. */
function DisagreementAlert({ response }: { readonly response: ResolveResponse }) {
  if (response.disagreements.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconAlertOctagon aria-hidden />}
      title="The paths disagree: the same rules route this number differently"
      role="alert"
    >
      <Stack gap={4}>
        {response.disagreements.map((d) => (
          <Text key={d.path} size="sm">
            {d.message}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/**
 * One dialed number through the chosen paths. The inputs live in the URL
 * (`?number=&profile=&paths=&servers=`), so a trace is a link; opening one runs it.
 */
export function ResolveView({ initial }: { readonly initial: ResolveInput | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const [number, setNumber] = useState(initial?.number ?? "");
  const [choice, setChoice] = useState<PathChoice>({
    profile: initial?.profile ?? "",
    paths: initial?.paths ?? ["json", "dns"],
    servers: toServerSlots(initial?.servers ?? []),
  });
  const [submitted, setSubmitted] = useState<ResolveInput | null>(initial);
  const [errors, setErrors] = useState<FormErrors>(() =>
    initial === null ? NO_ERRORS : checkInput(initial, { ...choice }),
  );
  const query = useQuery({
    ...resolveQueryOptions(submitted ?? { number: "", paths: [], servers: [] }),
    enabled: submitted !== null && !hasErrors(errors),
  });
  const serverErrors = toServerErrors(query.error);
  const shown = serverErrors ?? errors;

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const input = toInput(number, choice);
    const found = checkInput(input, choice);
    setErrors(found);
    if (hasErrors(found)) return;
    const same = submitted !== null && JSON.stringify(submitted) === JSON.stringify(input);
    setSubmitted(input);
    router.replace(`${pathname}?${toPreviewSearch(input).toString()}`, { scroll: false });
    if (same) void query.refetch();
  };

  const views = useMemo(() => {
    const data = query.data;
    if (data === undefined) return [];
    return RESOLVE_PATHS.flatMap((path) => {
      const resolution = data.paths[path];
      return resolution === undefined ? [] : [{ path, view: toTraceView(resolution) }];
    });
  }, [query.data]);

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md" component="form" onSubmit={onSubmit} aria-label="Resolve a number">
        <Stack gap="md">
          <Group align="flex-start" gap="sm">
            <TextInput
              label="Dialed number"
              description="Any form: +1 (212) 555-0275, 2125550270..."
              placeholder="+1 (650) 555-1234"
              value={number}
              onChange={(event) => {
                setNumber(event.currentTarget.value);
              }}
              error={shown.number ?? undefined}
              leftSection={<IconPhone size={16} aria-hidden />}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              data-autofocus
              autoFocus
              w={320}
            />
            <Button
              type="submit"
              mt={46}
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              loading={query.isFetching}
            >
              Resolve
            </Button>
          </Group>
          <PathOptions value={choice} onChange={setChoice} serverErrors={shown.servers} idPrefix="resolve" />
          {shown.paths !== null ? (
            <Text size="sm" c="red.7" role="alert">
              {shown.paths}
            </Text>
          ) : null}
        </Stack>
      </Paper>

      {query.isFetching && query.data === undefined ? (
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Resolving{submitted?.paths.includes("server") ? " (live servers may take a second or two)" : ""}
            ...
          </Text>
        </Group>
      ) : null}
      {query.isError && serverErrors === null ? (
        <QueryError
          title="Could not resolve this number"
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : null}
      {query.data !== undefined ? (
        <Stack gap="md" aria-label="Trace" component="section">
          <DisagreementAlert response={query.data} />
          {views.map(({ path, view }) => (
            <TracePanel key={path} title={PANEL_TITLES[path]} view={view} blockIds={query.data.blockIds} />
          ))}
          <Text size="xs" c="dimmed">
            Rules revision {query.data.revision}; DNS names under {query.data.suffix}.
          </Text>
        </Stack>
      ) : null}
    </Stack>
  );
}
