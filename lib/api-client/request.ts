// fetch wrapper for the route handlers (browser-safe).
import { ApiError, toApiError } from "./errors";

/** Options of requestJson: fetch's, plus `json`, a value sent as the JSON body. */
export interface RequestJsonInit extends Omit<RequestInit, "body"> {
  readonly json?: unknown;
  readonly body?: BodyInit | null;
}

/**
 * Calls a route handler and returns its JSON (undefined for 204). Any non-2xx answer
 * becomes an ApiError with the server's code, message and field issues; an unreachable
 * server is an ApiError with status 0. Aborts (React Query cancelling) are rethrown as is.
 */
export async function requestJson<T>(path: string, init: RequestJsonInit = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const merged = new Headers(headers);
  if (!merged.has("Accept")) merged.set("Accept", "application/json");
  if (json !== undefined) merged.set("Content-Type", "application/json");
  const res = await send(path, {
    ...rest,
    headers: merged,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  if (!res.ok) throw await readApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * The header that marks the console's own browser requests: the audit history records
 * their source as "ui", and scripts' (which do not send it) as "api".
 */
export const CLIENT_HEADER = "X-Enum-Console-Client";

/** fetch, with network failures turned into an ApiError (status 0); marks the request as the UI's. */
export async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has(CLIENT_HEADER)) headers.set(CLIENT_HEADER, "ui");
  try {
    return await fetch(path, { ...init, headers });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network", "Could not reach the server. Check the connection and try again.");
  }
}

/** The ApiError for a non-2xx response (its JSON error body, or a generic one for HTML/proxy errors). */
export async function readApiError(res: Response): Promise<ApiError> {
  const fallback = `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}.`;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status is all we know.
  }
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  return toApiError(res.status, error, fallback);
}
