// Request body readers with a size limit and precise JSON syntax errors (server only).
import { parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { AppError } from "@/lib/app-error";

/** Limit for ordinary JSON bodies (a block or the settings): far above any valid one. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** Limit for an enum.json import (100,000 blocks is about 15 MB). */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Reads the body as UTF-8 text (a leading BOM is dropped). Throws AppError `too-large`
 * past `limitBytes` (checked against Content-Length first, then while streaming, so a
 * huge body is never buffered) and `bad-request` for bytes that are not UTF-8.
 */
export async function readText(req: Request, limitBytes: number): Promise<string> {
  const bytes = await readBytes(req, limitBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad-request", "The request body is not valid UTF-8 text.");
  }
}

/**
 * Reads and parses a JSON body. Malformed JSON is AppError `bad-request` naming the line,
 * column and position of the first problem (also in `details`).
 */
export async function readJson(req: Request, limitBytes: number): Promise<unknown> {
  const text = await readText(req, limitBytes);
  if (text.trim() === "")
    throw new AppError("bad-request", "The request body is empty: send a JSON document.");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw toJsonSyntaxError(text, err);
  }
}

async function readBytes(req: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw toTooLarge(limitBytes);
  if (req.body === null) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw toTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function toTooLarge(limitBytes: number): AppError {
  return new AppError(
    "too-large",
    `The request body is larger than the limit of ${toSizeText(limitBytes)}.`,
    [],
    {
      limitBytes,
    },
  );
}

function toSizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/**
 * V8's JSON.parse message does not always carry a position, so the text is scanned again
 * with jsonc-parser in strict JSON mode to locate the first error.
 */
function toJsonSyntaxError(text: string, cause: unknown): AppError {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) {
    const reason = cause instanceof Error ? cause.message : "unknown syntax error";
    return new AppError("bad-request", `The request body is not valid JSON: ${reason}.`);
  }
  const position = first.offset;
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return new AppError(
    "bad-request",
    `The request body is not valid JSON: ${what} at line ${line}, column ${column} (position ${position}).`,
    [],
    { line, column, position },
  );
}
