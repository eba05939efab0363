// enum-console export --url / import: the CLI talking to a running console over HTTP with an
// API token (--url / --token, or ENUM_CONSOLE_URL / ENUM_CONSOLE_TOKEN).
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const EXIT_OK = 0;
/** The console refused or failed (401, 403, 4xx, 5xx, unreachable): its reason is printed. */
const EXIT_REFUSED = 1;
const EXIT_INPUT = 2;

export const IMPORT_USAGE = `Usage:
  enum-console import FILE [--url URL] [--token TOKEN] [--mode merge|replace] [--dry-run]
                           [--accept-rejected]

import   posts an enum.json to a running console (/api/import) with an API token that has
         the write scope: merge (default) adds and changes blocks, replace also removes the
         blocks the file lacks. --dry-run prints what would change and writes nothing.
         URL and TOKEN default to ENUM_CONSOLE_URL and ENUM_CONSOLE_TOKEN.`;

/** Where the console is and the token to show it. */
export interface RemoteTarget {
  readonly url: string;
  readonly token: string;
}

/** A failure with its exit code and the one line to print. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * The console to talk to from --url/--token or the environment; null when neither names a
 * URL (the command then works on local files). A URL without a token is a usage error.
 */
export function findRemoteTarget(
  values: { readonly url?: string | undefined; readonly token?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
): RemoteTarget | null {
  const url = values.url ?? env.ENUM_CONSOLE_URL;
  if (url === undefined || url === "") return null;
  const token = values.token ?? env.ENUM_CONSOLE_TOKEN ?? "";
  if (token === "")
    throw new RemoteError(
      "talking to a console needs an API token: --token or ENUM_CONSOLE_TOKEN",
      EXIT_INPUT,
    );
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new RemoteError(`--url must be an http:// or https:// URL, not "${url}"`, EXIT_INPUT);
  }
  return { url: url.replace(/\/+$/, ""), token };
}

/**
 * Calls the console with the token (Bearer; no cookies, so the same-origin check does not
 * apply). A non-2xx answer is a RemoteError carrying the server's own message.
 */
export async function callConsole(
  target: RemoteTarget,
  path: string,
  init: { readonly method?: string; readonly body?: string } = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method: init.method ?? "GET",
      headers: {
        Authorization: `Bearer ${target.token}`,
        Accept: "application/json",
        ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
    throw new RemoteError(`cannot reach ${target.url}: ${cause}`, EXIT_REFUSED);
  }
  if (res.ok) return res;
  let reason = `${res.status} ${res.statusText}`.trim();
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") reason = `${res.status}: ${body.error.message}`;
  } catch {
    // Not the console's JSON (a proxy's page): the status says enough.
  }
  throw new RemoteError(`the console refused: ${reason}`, EXIT_REFUSED);
}

/** The download path of each export format. */
export function toExportPath(format: string, plan: string): string {
  if (format === "bind") return "/api/export/bind";
  if (format === "enum-json") return "/api/export/enum.json";
  if (format === "dnsmasq") return `/api/export/dnsmasq?plan=${encodeURIComponent(plan)}`;
  throw new RemoteError(`--format must be enum-json, bind or dnsmasq, not "${format}"`, EXIT_INPUT);
}

/** export --url: downloads the file the console compiles (the same bytes as the web page's download). */
export async function runRemoteExport(
  target: RemoteTarget,
  options: { readonly format: string; readonly plan: string; readonly output?: string | undefined },
): Promise<number> {
  const res = await callConsole(target, toExportPath(options.format, options.plan));
  const text = await res.text();
  if (options.output === undefined) process.stdout.write(text);
  else writeOutput(options.output, text);
  const differences = res.headers.get("x-export-differences");
  if (differences !== null && differences !== "0")
    process.stderr.write(`enum-console: warning: the export check found ${differences} difference(s)\n`);
  return EXIT_OK;
}

/** import FILE: posts an enum.json to /api/import and prints what changed (or would). */
export async function runImportCommand(args: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseImportArgs(args);
    if (values.help) {
      process.stdout.write(`${IMPORT_USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length !== 1)
      throw new RemoteError("import needs exactly one FILE (an enum.json)", EXIT_INPUT);
    const mode = values.mode;
    if (mode !== "merge" && mode !== "replace")
      throw new RemoteError(`--mode must be merge or replace, not "${mode}"`, EXIT_INPUT);
    const target = findRemoteTarget(values);
    if (target === null)
      throw new RemoteError(
        "import needs --url (or ENUM_CONSOLE_URL): the console to import into",
        EXIT_INPUT,
      );
    const file = positionals[0]!;
    const text = readInputFile(file);
    const query = new URLSearchParams({
      mode,
      dryRun: String(values["dry-run"]),
      acceptRejected: String(values["accept-rejected"]),
    });
    const res = await callConsole(target, `/api/import?${query.toString()}`, { method: "POST", body: text });
    const body = (await res.json()) as Record<string, unknown>;
    process.stdout.write(values["dry-run"] ? renderPlan(body) : renderResult(body));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof RemoteError) {
      process.stderr.write(`enum-console: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

function parseImportArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        mode: { type: "string", default: "merge" },
        "dry-run": { type: "boolean", default: false },
        "accept-rejected": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new RemoteError(
      e instanceof Error ? e.message.replace(/\. To specify.*$/, "") : String(e),
      EXIT_INPUT,
    );
  }
}

function renderPlan(plan: Record<string, unknown>): string {
  const count = (key: string): number => (Array.isArray(plan[key]) ? plan[key].length : 0);
  const rejected = Array.isArray(plan.rejected) ? (plan.rejected as { line: number; message: string }[]) : [];
  const lines = [
    `dry run (${String(plan.mode)}): ${count("added")} to add, ${count("changed")} to change, ${count("removed")} to remove, ${String(plan.unchanged)} unchanged, ${rejected.length} rejected`,
    ...rejected.map((r) => `  rejected (line ${r.line}): ${r.message}`),
  ];
  return `${lines.join("\n")}\n`;
}

function renderResult(result: Record<string, unknown>): string {
  return `imported: ${String(result.added)} added, ${String(result.changed)} changed, ${String(result.removed)} removed, ${String(result.unchanged)} unchanged (revision ${String(result.revision)}, zone serial ${String(result.zoneSerial)})\n`;
}

function readInputFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new RemoteError(
      `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      EXIT_INPUT,
    );
  }
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new RemoteError(
      `${path}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      EXIT_INPUT,
    );
  }
}
