// The one mapping from thrown values to HTTP error responses (server only).
import { z } from "zod";
import { AppError, type AppErrorCode, type FieldIssue } from "@/lib/app-error";
import { toFieldIssues } from "@/lib/schemas/issues";

/** HTTP status of each expected failure. */
const STATUS: Readonly<Record<AppErrorCode, number>> = {
  validation: 422,
  conflict: 409,
  stale: 409,
  "not-found": 404,
  "bad-request": 400,
  "too-large": 413,
  unauthorized: 401,
  forbidden: 403,
  "too-many-requests": 429,
};

/** The `error` member of every error response body. */
export interface ErrorPayload {
  readonly code: AppErrorCode | "internal";
  readonly message: string;
  readonly issues: readonly FieldIssue[];
  /** The record as it is now (stale only), so the client can show what changed. */
  readonly current?: unknown;
  /** Extra facts from the thrower (e.g. `line`, `column` of a JSON syntax error). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An error response's status and body, for callers that do not answer with a Response (NDJSON). */
export interface ErrorOutcome {
  readonly status: number;
  readonly body: { readonly error: ErrorPayload };
}

const INTERNAL_MESSAGE = "Something went wrong on the server.";

/**
 * Classifies a thrown value: AppError by its code, a ZodError as 422 with field issues,
 * anything else as a 500 whose details go to the server log only (never a stack trace or
 * an internal message in a response).
 */
export function toErrorOutcome(err: unknown): ErrorOutcome {
  if (err instanceof AppError) {
    const { current, ...rest } = err.details ?? {};
    const details = Object.keys(rest).length > 0 ? toPlainDetails(rest) : undefined;
    return {
      status: STATUS[err.code],
      body: {
        error: {
          code: err.code,
          message: err.message,
          issues: err.issues,
          ...(err.code === "stale" && current !== undefined ? { current } : {}),
          ...(details !== undefined ? { details } : {}),
        },
      },
    };
  }
  if (err instanceof z.core.$ZodError) {
    const issues = toFieldIssues(err);
    return {
      status: 422,
      body: { error: { code: "validation", message: toValidationMessage(issues), issues } },
    };
  }
  console.error("[api] unexpected error:", err);
  return { status: 500, body: { error: { code: "internal", message: INTERNAL_MESSAGE, issues: [] } } };
}

/** The HTTP response for a thrown value (see toErrorOutcome). */
export function toErrorResponse(err: unknown): Response {
  const { status, body } = toErrorOutcome(err);
  const headers = new Headers({ "Cache-Control": "no-store" });
  // RFC 9110 §10.2.3: a 429 says when to come back.
  const retryAfter = body.error.details?.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === "number") headers.set("Retry-After", String(retryAfter));
  return Response.json(body, { status, headers });
}

/** One sentence over the field issues, for the toast when no field shows them. */
function toValidationMessage(issues: readonly FieldIssue[]): string {
  const first = issues[0];
  if (first === undefined) return "The request is not valid.";
  const where = first.field === "" ? "" : `${first.field}: `;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return `The request is not valid. ${where}${first.message}${more}`;
}

/** Drops Error values from details: their messages and stacks are for the log, not the client. */
function toPlainDetails(details: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => !(value instanceof Error)));
}
