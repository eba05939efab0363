// POST /api/resolve/batch - resolve a CSV of numbers on the chosen paths (NDJSON progress when asked for)
import { parseExpectedOutcome } from "@/lib/enum/test-plan";
import { AppError, type FieldIssue } from "@/lib/app-error";
import { parseNumberCsv, type NumberCsvRow } from "@/lib/csv/number-csv";
import { readJson } from "@/lib/http/body";
import { toErrorOutcome, toErrorResponse } from "@/lib/http/errors";
import { createNdjsonResponse, isNdjsonAccepted, throttleProgress } from "@/lib/http/ndjson";
import {
  BATCH_BODY_LIMIT,
  MAX_BATCH_ROWS,
  MAX_SERVER_BATCH_ROWS,
  batchRequestSchema,
  findNumberProblem,
  type BatchRow,
} from "@/lib/schemas/resolve";
import { requireAccess } from "@/lib/server/access";
import { runBatch } from "@/lib/server/resolve";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Problems listed in one error response; the message gives the total. */
const MAX_LISTED_ISSUES = 50;

// POST /api/resolve/batch - body {csv, profile?, paths?, servers?}; Accept: application/x-ndjson streams progress
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "test");
    const request = batchRequestSchema.parse(await readJson(req, BATCH_BODY_LIMIT));
    const rows = readRows(request.csv, request.paths.includes("server"));
    const options = {
      paths: request.paths,
      servers: request.servers,
      ...(request.profile ? { profile: request.profile } : {}),
    };
    if (!isNdjsonAccepted(req)) {
      const collected: BatchRow[] = [];
      const summary = await runBatch(rows, {
        ...options,
        onRows: (chunk) => collected.push(...chunk),
        onProgress: () => undefined,
      });
      return Response.json({ rows: collected, summary }, { headers: { "Cache-Control": "no-store" } });
    }
    return createNdjsonResponse(async (emit) => {
      try {
        const onProgress = throttleProgress<{ phase: string; done: number; total: number }>((progress) => {
          emit({ type: "progress", done: progress.done, total: progress.total });
        });
        const summary = await runBatch(rows, {
          ...options,
          onRows: (chunk) => {
            emit({ type: "rows", rows: chunk });
          },
          onProgress: (done, total) => {
            onProgress({ phase: "resolve", done, total });
          },
        });
        emit({ type: "done", summary });
      } catch (err) {
        const { status, body } = toErrorOutcome(err);
        emit({ type: "error", error: { ...body.error, status } });
      }
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}

/**
 * The CSV's rows, or AppError `validation` listing every line that cannot run (CSV syntax,
 * an empty or malformed number) and the row limits.
 */
function readRows(csv: string, usesServers: boolean): readonly NumberCsvRow[] {
  const parsed = parseNumberCsv(csv);
  const issues: FieldIssue[] = parsed.issues.map((issue) => ({
    field: "csv",
    code: "csv-invalid",
    message: `Line ${issue.line}${issue.column !== null ? `, column ${issue.column}` : ""}: ${issue.message}.`,
  }));
  const rows = parsed.rows;
  for (const row of rows) {
    const problem = findNumberProblem(row.number);
    if (problem !== null)
      issues.push({ field: "csv", code: "number-invalid", message: `Line ${row.line}: ${problem.message}` });
    // The expected column reads as a test plan's does (a URI, no-route, server-failure...).
    const expected = row.expected === null ? null : parseExpectedOutcome(row.expected);
    if (expected?.ok === false)
      issues.push({
        field: "csv",
        code: "expected-invalid",
        message: `Line ${row.line}: ${expected.error.message}`,
      });
  }
  if (issues.length > 0) {
    issues.sort((a, b) => toLine(a.message) - toLine(b.message));
    const more = issues.length > 1 ? ` (${issues.length} problems; the first is shown)` : "";
    throw new AppError(
      "validation",
      `The numbers cannot be run: ${issues[0]!.message}${more}`,
      issues.slice(0, MAX_LISTED_ISSUES),
      { problems: issues.length },
    );
  }
  if (rows.length === 0)
    throw new AppError(
      "validation",
      "There are no numbers to run: paste one number per line or upload a CSV.",
      [{ field: "csv", code: "csv-empty", message: "No numbers." }],
    );
  if (rows.length > MAX_BATCH_ROWS)
    throw new AppError(
      "validation",
      `A batch runs at most ${MAX_BATCH_ROWS.toLocaleString("en-US")} numbers; this one has ${rows.length.toLocaleString("en-US")}. Split the file.`,
      [{ field: "csv", code: "too-many-rows", message: `At most ${MAX_BATCH_ROWS} numbers.` }],
    );
  if (usesServers && rows.length > MAX_SERVER_BATCH_ROWS)
    throw new AppError(
      "validation",
      `The live-server path runs at most ${MAX_SERVER_BATCH_ROWS.toLocaleString("en-US")} numbers per batch (each costs real queries); this one has ${rows.length.toLocaleString("en-US")}. Untick live servers or split the file.`,
      [
        {
          field: "paths",
          code: "too-many-server-rows",
          message: `At most ${MAX_SERVER_BATCH_ROWS} numbers on live servers.`,
        },
      ],
    );
  return rows;
}

function toLine(message: string): number {
  return Number(/^Line (\d+)/.exec(message)?.[1] ?? 0);
}
