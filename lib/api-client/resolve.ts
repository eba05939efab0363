// The resolution preview, batch test and lints over HTTP: fetchers and query keys (browser-safe).
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { isProfile, type Profile } from "@/lib/enum/profile";
import {
  MAX_RESOLVE_SERVERS,
  RESOLVE_PATHS,
  type BatchLine,
  type BatchRow,
  type BatchSummary,
  type LintsPage,
  type ResolvePath,
  type ResolveResponse,
} from "@/lib/schemas/resolve";
import type { LintSeverity } from "@/lib/enum/lints";
import { ApiError, toApiError } from "./errors";
import { readNdjsonLines } from "./ndjson";
import { readApiError, requestJson, send } from "./request";

/** What the preview asks for: the page's URL holds exactly these. */
export interface ResolveInput {
  readonly number: string;
  /** Absent: the settings' profile. */
  readonly profile?: Profile;
  readonly paths: readonly ResolvePath[];
  readonly servers: readonly string[];
}

/** Query keys of resolutions and lints. Every change to blocks or settings moves them: invalidate `all`. */
export const resolveKeys = {
  all: ["resolve"] as const,
  run: (input: ResolveInput) => [...resolveKeys.all, "run", input] as const,
  lints: (severity: LintSeverity | null, page: number, pageSize: number) =>
    [...resolveKeys.all, "lints", severity, page, pageSize] as const,
};

/** Resolves one number on the chosen paths; 422 with field issues (`number`, `servers.0`...). */
export function resolveNumber(input: ResolveInput, signal?: AbortSignal): Promise<ResolveResponse> {
  return requestJson<ResolveResponse>("/api/resolve", {
    method: "POST",
    json: input,
    ...(signal ? { signal } : {}),
  });
}

/**
 * The preview's query. Always refetched when asked for again: the rules may have changed,
 * and live servers answer differently from one minute to the next.
 */
export function resolveQueryOptions(input: ResolveInput) {
  return queryOptions({
    queryKey: resolveKeys.run(input),
    queryFn: ({ signal }) => resolveNumber(input, signal),
    staleTime: 0,
    retry: false,
  });
}

/** What a batch run asks for. */
export interface BatchInput {
  /** CSV text: number[,expected[,note]] per line, or one number per line. */
  readonly csv: string;
  readonly profile?: Profile;
  readonly paths: readonly ResolvePath[];
  readonly servers: readonly string[];
}

/** Callbacks of {@link runBatch}. */
export interface BatchCallbacks {
  readonly onProgress?: (done: number, total: number) => void;
  readonly onRows?: (rows: readonly BatchRow[]) => void;
}

/**
 * Runs a batch on the server, reading its NDJSON stream: progress, then rows as they are
 * resolved, then the summary. A CSV that cannot run is an ApiError 422 listing its lines.
 */
export async function runBatch(
  input: BatchInput,
  callbacks: BatchCallbacks = {},
  signal?: AbortSignal,
): Promise<BatchSummary> {
  const res = await send("/api/resolve/batch", {
    method: "POST",
    body: JSON.stringify(input),
    headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw await readApiError(res);
  if (res.body === null) throw toIncompleteError();
  let summary: BatchSummary | undefined;
  for await (const line of readNdjsonLines(res.body)) {
    const message = JSON.parse(line) as BatchLine;
    if (message.type === "progress") callbacks.onProgress?.(message.done, message.total);
    else if (message.type === "rows") callbacks.onRows?.(message.rows);
    else if (message.type === "done") summary = message.summary;
    else {
      const status = typeof message.error.status === "number" ? message.error.status : 500;
      throw toApiError(status, message.error, "The batch failed.");
    }
  }
  if (summary === undefined) throw toIncompleteError();
  return summary;
}

function toIncompleteError(): ApiError {
  return new ApiError(0, "incomplete", "The connection ended before the batch finished. Run it again.");
}

/** One page of the lints (of one severity, or all), with the counts of every severity. */
export function lintsQueryOptions(severity: LintSeverity | null, page: number, pageSize: number) {
  const search = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (severity !== null) search.set("severity", severity);
  return queryOptions({
    queryKey: resolveKeys.lints(severity, page, pageSize),
    queryFn: ({ signal }) => requestJson<LintsPage>(`/api/lints?${search.toString()}`, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The preview page's URL query for an input (`?number=&profile=&paths=&servers=`), so a trace is a link. */
export function toPreviewSearch(input: ResolveInput): URLSearchParams {
  const search = new URLSearchParams({ number: input.number });
  if (input.profile !== undefined) search.set("profile", input.profile);
  search.set("paths", input.paths.join(","));
  if (input.paths.includes("server") && input.servers.length > 0)
    search.set("servers", input.servers.join(","));
  return search;
}

/**
 * The input a preview URL holds, or null without a number. Unknown paths and profiles are
 * dropped (the form then shows its defaults); the server checks everything again.
 */
export function parsePreviewSearch(
  search: Readonly<Record<string, string | string[] | undefined>>,
): ResolveInput | null {
  const first = (key: string): string => {
    const value = search[key];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  const number = first("number");
  if (number.trim() === "") return null;
  const profile = first("profile");
  const paths = RESOLVE_PATHS.filter((p) => first("paths").split(",").includes(p));
  const servers = first("servers")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .slice(0, MAX_RESOLVE_SERVERS);
  return {
    number,
    ...(isProfile(profile) ? { profile } : {}),
    paths: paths.length > 0 ? paths : ["json", "dns"],
    servers,
  };
}
