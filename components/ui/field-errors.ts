import { ApiError } from "@/lib/api-client/errors";

/**
 * A refused form submit's issues by top-level field (`scopes.1` counts for `scopes`; a field's
 * last issue wins), or null when the error is not about fields and belongs in a toast.
 */
export function toFieldErrors(error: unknown): Record<string, string> | null {
  if (!(error instanceof ApiError) || error.issues.length === 0) return null;
  return Object.fromEntries(error.issues.map((issue) => [issue.field.split(".")[0] ?? "", issue.message]));
}
