// Same-origin check for mutating requests (server only): the CSRF defence next to SameSite.
import { AppError } from "@/lib/app-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a method changes state (POST, PUT, PATCH, DELETE and anything unknown). */
export function isMutatingMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Throws AppError "forbidden" when a mutating request does not come from a page of this
 * console: its Origin (or, when a browser sends none, its Referer) must name the host the
 * request was sent to (Host, or X-Forwarded-Host behind a proxy). A request with neither
 * header is refused too: every current browser sends Origin on POST/PUT/PATCH/DELETE, so
 * only a non-browser client lacks both, and those authenticate with a bearer token.
 */
export function assertSameOrigin(req: Request): void {
  if (!isMutatingMethod(req.method)) return;
  const source = req.headers.get("origin") ?? req.headers.get("referer");
  if (source === null || source === "" || source === "null")
    throw new AppError(
      "forbidden",
      "This change was refused: the request does not say which page sent it (no Origin or Referer header).",
    );
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host.toLowerCase();
  } catch {
    throw new AppError("forbidden", "This change was refused: the request's Origin header is not a URL.");
  }
  if (!toRequestHosts(req).includes(sourceHost))
    throw new AppError(
      "forbidden",
      `This change was refused: it was sent from another site (${sourceHost}), not from this console.`,
    );
}

/** The host names this request may have been addressed to. */
function toRequestHosts(req: Request): string[] {
  const hosts = [new URL(req.url).host];
  const host = req.headers.get("host");
  if (host !== null) hosts.push(host);
  // A proxy that sets X-Forwarded-Host is trusted for this: a cross-site page cannot set
  // that header on a browser's request without a CORS preflight, which the console never grants.
  const forwarded = req.headers.get("x-forwarded-host");
  if (forwarded !== null) hosts.push(...forwarded.split(",").map((value) => value.trim()));
  return hosts.map((value) => value.toLowerCase());
}
