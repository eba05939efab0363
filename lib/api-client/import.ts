// enum.json import over HTTP: dry run and a streamed apply (browser-safe).
import type { ImportMode, ImportProgress, ImportResult } from "@/lib/db/types";
import type { ImportPreview } from "@/lib/schemas/test-numbers";
import { ApiError, toApiError } from "./errors";
import { readNdjsonLines } from "./ndjson";
import { readApiError, requestJson, send } from "./request";

/** The enum.json to import: pasted text, or the uploaded File itself (not read into memory first). */
export type ImportBody = string | Blob;

function toImportPath(mode: ImportMode, dryRun: boolean, acceptRejected = false): string {
  const search = new URLSearchParams({
    mode,
    dryRun: String(dryRun),
    acceptRejected: String(acceptRejected),
  });
  return `/api/import?${search.toString()}`;
}

/**
 * The dry-run diff of an import (nothing is written): added, changed, removed, unchanged and
 * rejected blocks with reasons and positions. A file that is not enum.json at all is an
 * ApiError 422 saying where.
 */
export function planImport(text: ImportBody, mode: ImportMode): Promise<ImportPreview> {
  return requestJson<ImportPreview>(toImportPath(mode, true), {
    method: "POST",
    body: text,
    headers: { "Content-Type": "application/json" },
  });
}

/**
 * Applies an import in one transaction, reporting progress as the server streams it. Refused
 * (ApiError 422) while blocks are rejected unless `acceptRejected`; nothing is written then.
 */
export async function applyImport(
  text: ImportBody,
  mode: ImportMode,
  acceptRejected: boolean,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const res = await send(toImportPath(mode, false, acceptRejected), {
    method: "POST",
    body: text,
    headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
  });
  if (!res.ok) throw await readApiError(res);
  if (res.body === null) throw toIncompleteError();
  let result: ImportResult | undefined;
  for await (const line of readNdjsonLines(res.body)) {
    const message = JSON.parse(line) as ImportLine;
    if (message.type === "progress") {
      const { type: _type, ...progress } = message;
      onProgress?.(progress);
    } else if (message.type === "result") {
      result = message.result;
    } else {
      const status = typeof message.error.status === "number" ? message.error.status : 500;
      throw toApiError(status, message.error, "The import failed.");
    }
  }
  if (result === undefined) throw toIncompleteError();
  return result;
}

/** One line of the server's NDJSON import stream. */
type ImportLine =
  | ({ readonly type: "progress" } & ImportProgress)
  | { readonly type: "result"; readonly result: ImportResult }
  | { readonly type: "error"; readonly error: Record<string, unknown> & { readonly status?: unknown } };

function toIncompleteError(): ApiError {
  return new ApiError(
    0,
    "incomplete",
    "The connection ended before the import finished. Reload the blocks list to see whether it was applied.",
  );
}
