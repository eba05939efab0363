// The resolution preview, batch test and lints API: request schemas and the shapes they answer with (browser-safe).
import { z } from "zod";
import type { LintSeverity } from "@/lib/enum/lints";
import { PROFILES, type Profile } from "@/lib/enum/profile";
import type { Resolution, ResolutionStatus } from "@/lib/enum/trace";
import { toTextSchema } from "./fields";

/** The ways the preview resolves a number: enum.json, the console's compiled zone, live servers. */
export const RESOLVE_PATHS = ["json", "dns", "server"] as const;

/** One resolution path. */
export type ResolvePath = (typeof RESOLVE_PATHS)[number];

/** What each path is called on the page and in messages. */
export const RESOLVE_PATH_LABELS: Readonly<Record<ResolvePath, string>> = {
  json: "enum.json path",
  dns: "console DNS zone",
  server: "live servers",
};

/** Sprout's `enum_server` takes at most three servers. */
export const MAX_RESOLVE_SERVERS = 3;

/** Longest dialed number the API takes: far beyond any E.164 number (15 digits) written with punctuation. */
export const MAX_NUMBER_LENGTH = 64;

/** Most rows a batch runs (the file is about 3 MB at this size). */
export const MAX_BATCH_ROWS = 100_000;

/** Most rows a batch sends to live servers: every number costs real queries, up to seconds each. */
export const MAX_SERVER_BATCH_ROWS = 2_000;

/** Largest batch body: 100,000 rows with expected URIs and notes fit comfortably. */
export const BATCH_BODY_LIMIT = 32 * 1024 * 1024;

/** Characters people write phone numbers with; the client keeps only the digits (and a leading +). */
const NUMBER_PUNCTUATION = new Set([" ", "(", ")", "-", ".", "/", "+"]);

/**
 * Why a dialed number is refused, with the position of the first bad character, or null.
 * Sprout would silently drop letters (`1-800-FLOWERS` becomes `1800`), so the console says
 * so instead of previewing a number nobody meant.
 */
export function findNumberProblem(text: string): { readonly message: string; readonly at?: number } | null {
  if (text.trim() === "") return { message: "Enter a number to resolve, e.g. +1 (212) 555-0275." };
  if (text.length > MAX_NUMBER_LENGTH)
    return { message: `A dialed number has at most ${MAX_NUMBER_LENGTH} characters.`, at: MAX_NUMBER_LENGTH };
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c >= "0" && c <= "9") digits++;
    else if (!NUMBER_PUNCTUATION.has(c)) {
      const what = /[A-Za-z]/.test(c) ? `the letter "${c}"` : `"${c}"`;
      return {
        message: `${what} at character ${i + 1} is not part of a phone number: use digits, an optional leading +, spaces, brackets, dots or dashes.`,
        at: i,
      };
    }
  }
  if (digits === 0) return { message: "The number has no digits: the client would do no lookup." };
  return null;
}

/**
 * Why a live server address is refused, or null. Same rules as the DNS client: an IPv4
 * literal or a bracketed IPv6 literal, an optional port 1-65535 (default 53); host names are
 * refused because resolving them would send queries to a server nobody configured.
 */
export function findServerProblem(text: string): { readonly message: string; readonly at?: number } | null {
  const entry = text.trim();
  if (entry === "") return { message: "Enter a server as host:port, e.g. 127.0.0.1:5353." };
  let host: string;
  let port: string | undefined;
  if (entry.startsWith("[")) {
    const close = entry.indexOf("]");
    if (close < 0) return { message: 'Missing "]" after the IPv6 address.', at: entry.length };
    host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (rest !== "" && !rest.startsWith(":"))
      return { message: 'Expected ":port" after "]".', at: close + 1 };
    port = rest === "" ? undefined : rest.slice(1);
    if (!isIpv6(host)) return { message: `"${host}" is not an IPv6 address.`, at: 1 };
  } else {
    const parts = entry.split(":");
    if (parts.length > 2) return { message: 'Write an IPv6 server in brackets, e.g. "[::1]:53".', at: 0 };
    host = parts[0]!;
    port = parts[1];
    if (!isIpv4(host))
      return { message: `"${host}" is not an IPv4 address (host names are not resolved).`, at: 0 };
  }
  if (port !== undefined) {
    const at = entry.length - port.length;
    if (!/^[0-9]{1,5}$/.test(port)) return { message: `The port "${port}" is not a number.`, at };
    const value = Number(port);
    if (value < 1 || value > 65535) return { message: `The port ${value} is outside 1-65535.`, at };
  }
  return null;
}

function isIpv4(host: string): boolean {
  const parts = host.split(".");
  return (
    parts.length === 4 && parts.every((part) => /^(?:0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255)
  );
}

function isIpv6(host: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(host) || !host.includes(":")) return false;
  try {
    return new URL(`http://[${host}]/`).hostname !== "";
  } catch {
    return false;
  }
}

const numberSchema = toTextSchema("a number").superRefine((text, ctx) => {
  const problem = findNumberProblem(text);
  if (problem === null) return;
  ctx.addIssue({
    code: "custom",
    message: problem.message,
    params: { code: "number-invalid", ...(problem.at !== undefined ? { at: problem.at } : {}) },
  });
});

const profileSchema = z.enum(PROFILES, {
  error: 'profile is "sprout" or "rfc".',
}) satisfies z.ZodType<Profile>;

const pathsSchema = z
  .array(z.enum(RESOLVE_PATHS, { error: 'Each path is "json", "dns" or "server".' }), {
    error: 'paths is a list of "json", "dns" and "server".',
  })
  .min(1, { error: "Choose at least one path." })
  .transform((paths) => RESOLVE_PATHS.filter((p) => paths.includes(p)))
  .default(["json", "dns"]);

const serverSchema = toTextSchema("a server").superRefine((text, ctx) => {
  const problem = findServerProblem(text);
  if (problem === null) return;
  ctx.addIssue({
    code: "custom",
    message: problem.message,
    params: { code: "server-invalid", ...(problem.at !== undefined ? { at: problem.at } : {}) },
  });
});

const serversSchema = z
  .array(serverSchema, { error: "servers is a list of host:port addresses." })
  .max(MAX_RESOLVE_SERVERS, { error: `At most ${MAX_RESOLVE_SERVERS} servers (Sprout's enum_server limit).` })
  .transform((servers) => servers.map((s) => s.trim()))
  .default([]);

/** Paths and servers agree: the server path needs a server, servers need the server path. */
function checkServers(
  input: { readonly paths: readonly ResolvePath[]; readonly servers: readonly string[] },
  ctx: z.core.$RefinementCtx,
): void {
  if (input.paths.includes("server") && input.servers.length === 0)
    ctx.addIssue({
      code: "custom",
      path: ["servers"],
      message: "The live-server path needs at least one server (host:port).",
      params: { code: "servers-missing" },
    });
}

/** `POST /api/resolve`: one dialed number on the chosen paths. */
export const resolveRequestSchema = z
  .object({
    number: numberSchema,
    profile: profileSchema.optional(),
    paths: pathsSchema,
    servers: serversSchema,
  })
  .superRefine(checkServers);

/** A parsed resolve request. */
export type ResolveRequest = z.output<typeof resolveRequestSchema>;

/** `POST /api/resolve/batch`: CSV text (number[,expected[,note]]) on the chosen paths. */
export const batchRequestSchema = z
  .object({
    csv: toTextSchema("the numbers (CSV text)"),
    profile: profileSchema.optional(),
    paths: pathsSchema,
    servers: serversSchema,
  })
  .superRefine(checkServers);

/** A parsed batch request. */
export type BatchRequest = z.output<typeof batchRequestSchema>;

/** The query of `GET /api/lints`. */
export const lintsQuerySchema = z.preprocess(
  (value) =>
    value instanceof URLSearchParams
      ? Object.fromEntries([...value.entries()].filter(([, v]) => v !== ""))
      : value,
  z.object({
    severity: z
      .enum(["error", "warning", "info"], { error: 'severity is "error", "warning" or "info".' })
      .optional(),
    page: z.coerce.number({ error: "page is a whole number from 1." }).int().min(1).default(1),
    pageSize: z.coerce
      .number({ error: "pageSize is a whole number from 1 to 500." })
      .int()
      .min(1, { error: "pageSize is a whole number from 1 to 500." })
      .max(500, { error: "pageSize is a whole number from 1 to 500." })
      .default(50),
  }),
);

/** A parsed lints query. */
export type LintsQuery = z.output<typeof lintsQuerySchema>;

/** Where json and a DNS path route a number differently. */
export interface Disagreement {
  readonly path: Exclude<ResolvePath, "json">;
  readonly json: string;
  readonly other: string;
  readonly message: string;
}

/** The answer of `POST /api/resolve`. */
export interface ResolveResponse {
  readonly input: string;
  readonly aus: string;
  readonly profile: Profile;
  /** The rules' revision the answer was computed from. */
  readonly revision: number;
  /** The zone suffix the DNS paths queried under. */
  readonly suffix: string;
  readonly servers: readonly string[];
  readonly paths: Partial<Record<ResolvePath, Resolution>>;
  /** Non-empty when the enum.json path and a DNS path route the number differently. */
  readonly disagreements: readonly Disagreement[];
  /** The id of each block the enum.json trace names, by its index (`BlockRef.index`), for links. */
  readonly blockIds: Readonly<Record<number, string>>;
}

/** One path's outcome for one batch row. */
export interface BatchOutcome {
  readonly result: string;
  readonly status: ResolutionStatus;
}

/** One row of a batch run. */
export interface BatchRow {
  /** 1-based line of the CSV the row came from. */
  readonly line: number;
  readonly number: string;
  readonly aus: string;
  readonly expected: string | null;
  readonly note: string;
  readonly results: Partial<Record<ResolvePath, BatchOutcome>>;
  /** Some path's result differs from `expected`. */
  readonly expectedMismatch: boolean;
  /** The enum.json path and a DNS path differ. */
  readonly pathMismatch: boolean;
}

/** Counts at the end of a batch run. */
export interface BatchSummary {
  readonly rows: number;
  readonly expectedMismatches: number;
  readonly pathMismatches: number;
  readonly profile: Profile;
  readonly paths: readonly ResolvePath[];
  readonly revision: number;
  readonly elapsedMs: number;
}

/** One line of the batch's NDJSON stream. */
export type BatchLine =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "rows"; readonly rows: readonly BatchRow[] }
  | { readonly type: "done"; readonly summary: BatchSummary }
  | { readonly type: "error"; readonly error: Record<string, unknown> & { readonly status?: number } };

/** One lint of the rule set, with the blocks it concerns. */
export interface LintItem {
  readonly code: string;
  readonly severity: LintSeverity;
  readonly message: string;
  /** What the client will do, in one line. */
  readonly effect: string;
  readonly blocks: readonly { readonly id: string; readonly name: string; readonly prefix: string }[];
}

/** The answer of `GET /api/lints`: counts per severity and one page of one severity (or all). */
export interface LintsPage {
  readonly revision: number;
  readonly profile: Profile;
  readonly counts: Readonly<Record<LintSeverity, number>>;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly LintItem[];
  readonly elapsedMs: number;
}
