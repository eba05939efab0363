// The session cookie (server only): name, reading it from a request, Set-Cookie values.

/** The cookie that carries the session secret. */
export const SESSION_COOKIE = "enum_console_session";

/** The session secret a request's Cookie header carries, or "" (parsed per RFC 6265 §5.4). */
export function readSessionCookie(req: Request): string {
  return readCookie(req.headers.get("cookie") ?? "", SESSION_COOKIE);
}

/** The value of cookie `name` in a Cookie header, or "". */
export function readCookie(header: string, name: string): string {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return "";
}

/** Whether the client reached us over HTTPS (directly or through a TLS-terminating proxy). */
export function isHttpsRequest(req: Request): boolean {
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return forwarded === "https" || new URL(req.url).protocol === "https:";
}

/**
 * The Set-Cookie value for a new session: httpOnly (scripts cannot read it), SameSite=Lax
 * (not sent on cross-site POSTs), Secure when the console is reached over HTTPS, Path=/.
 */
export function toSessionCookie(secret: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${secret}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** The Set-Cookie value that removes the session cookie (sign-out). */
export function toClearedSessionCookie(secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
