/**
 * A problem with user input, located where a person can fix it.
 * `at` is a 0-based character offset into the text the user typed (the regex field, the
 * JSON file, the zone file line...), so the UI can point at it.
 */
export interface EnumIssue {
  readonly code: string;
  readonly message: string;
  readonly at?: number;
  readonly line?: number;
}

/** The outcome of an engine function that takes user input. Broken invariants throw instead. */
export type Result<T, E = EnumIssue> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an issue as a failed Result. */
export function err(
  code: string,
  message: string,
  at?: number,
): { readonly ok: false; readonly error: EnumIssue } {
  return { ok: false, error: at === undefined ? { code, message } : { code, message, at } };
}
