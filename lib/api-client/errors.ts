// The error the browser-side API functions throw (browser-safe).
import type { FieldIssue } from "@/lib/app-error";

/**
 * A failed API call: the HTTP status (0 when the server was not reached), the server's
 * error code, field issues for the form (each with `at`, a character position, when
 * known) and, for a 409 `stale`, the record as it is now.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly current?: unknown,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Whether someone else changed the record first (409 stale); `current` holds their version. */
  get isStale(): boolean {
    return this.code === "stale";
  }

  /** The issues of one field (path joined with ".", e.g. "regex" or "extraRules.0.regexp"). */
  getFieldIssues(field: string): readonly FieldIssue[] {
    return this.issues.filter((issue) => issue.field === field);
  }
}

/** Builds an ApiError from the `error` member of an error body (also NDJSON error lines). */
export function toApiError(status: number, error: unknown, fallbackMessage: string): ApiError {
  if (typeof error !== "object" || error === null) return new ApiError(status, "http-error", fallbackMessage);
  const e = error as Record<string, unknown>;
  const code = typeof e.code === "string" ? e.code : "http-error";
  const message = typeof e.message === "string" && e.message !== "" ? e.message : fallbackMessage;
  const issues = Array.isArray(e.issues) ? (e.issues as FieldIssue[]) : [];
  const details =
    typeof e.details === "object" && e.details !== null ? (e.details as Record<string, unknown>) : undefined;
  return new ApiError(status, code, message, issues, e.current, details);
}
