/**
 * The one error type the server layers throw for expected failures. Route handlers map
 * it to a status (lib/http/errors.ts): validation 422, conflict/stale 409, not-found 404,
 * unauthorized 401 (no valid session or token), forbidden 403 (wrong role, scope, prefix or
 * origin), too-many-requests 429 (sign-in throttling).
 */
export type AppErrorCode =
  | "validation"
  | "conflict"
  | "stale"
  | "not-found"
  | "bad-request"
  | "too-large"
  | "unauthorized"
  | "forbidden"
  | "too-many-requests";

/** A field-level problem: which field, what is wrong, and where in the value when known. */
export interface FieldIssue {
  readonly field: string;
  readonly code: string;
  readonly message: string;
  /** Character position inside the field's value (e.g. in a regex). */
  readonly at?: number;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = "AppError";
  }
}
