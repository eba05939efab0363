// Who is calling a route handler and what they may do. Every route handler starts with
// requireAccess(req, permission): a session cookie (browser) or a bearer token (automation),
// the caller's role (and a token's scopes), and the same-origin check on cookie-authenticated
// changes.
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/app-error";
import { CLIENT_HEADER } from "@/lib/api-client/request";
import { assertSameOrigin } from "@/lib/auth/origin";
import { readSessionCookie } from "@/lib/auth/cookie";
import { findSessionUser } from "@/lib/db/sessions";
import { findTokenUser } from "@/lib/db/tokens";
import { SYSTEM_ACTOR, type Actor, type ApiTokenRecord, type UserRecord } from "@/lib/db/types";
import { countUsers } from "@/lib/db/users";
import { roleGrants, toForbiddenReason, type Permission } from "@/lib/roles";

export { SYSTEM_ACTOR, type Actor, type Permission };

/** An authenticated caller: a signed-in user, or a token acting for its owner. */
export interface Caller {
  readonly user: UserRecord;
  /** The token the request presented; null for a browser session. */
  readonly token: ApiTokenRecord | null;
  /** The session cookie's secret (browser sessions only). */
  readonly sessionSecret: string;
  readonly actor: Actor;
}

/** The message every API answer carries while the console has no users. */
export const NEEDS_FIRST_ADMIN =
  "The console needs its first admin: open /setup in a browser to create one (or set ENUM_CONSOLE_ADMIN_USER and ENUM_CONSOLE_ADMIN_PASSWORD and restart).";

/**
 * The caller of `req` when it holds `permission`; throws AppError "unauthorized" (401) with
 * no valid session or token, or "forbidden" (403) for a role, scope or origin that does not
 * allow it, with a plain reason.
 */
export async function requireAccess(req: Request | NextRequest, permission: Permission): Promise<Actor> {
  return (await authorize(req, permission)).actor;
}

/**
 * As requireAccess, for account work only a person may do (own password, own tokens):
 * returns the signed-in caller; an API token is refused with 403.
 */
export async function requireSignedIn(req: Request, permission: Permission): Promise<Caller> {
  const caller = await authorize(req, permission);
  if (caller.token !== null)
    throw new AppError("forbidden", "API tokens cannot manage accounts or tokens: sign in in a browser.");
  return caller;
}

async function authorize(req: Request, permission: Permission): Promise<Caller> {
  const caller = await findCaller(req);
  if (caller === null) {
    if ((await countUsers()) === 0) throw new AppError("unauthorized", NEEDS_FIRST_ADMIN);
    throw new AppError("unauthorized", "Sign in first (or send an API token as Authorization: Bearer).");
  }
  assertCallerMay(caller, permission);
  // SameSite=Lax already keeps the cookie off cross-site POSTs; the Origin check also covers
  // sibling subdomains and old browsers. A bearer token is never sent by a browser on its own.
  if (caller.token === null || req.headers.has("cookie")) assertSameOrigin(req);
  return caller;
}

/** Throws "forbidden" unless the caller's role (and a token's scopes) grant `permission`. */
export function assertCallerMay(caller: Caller, permission: Permission): void {
  const { user, token } = caller;
  if (!roleGrants(user.role, permission))
    throw new AppError("forbidden", toForbiddenReason(user.role, permission));
  if (token === null) return;
  if (permission === "admin")
    throw new AppError(
      "forbidden",
      "API tokens cannot manage users, settings or tokens: sign in as an admin.",
    );
  if (!(token.scopes as readonly string[]).includes(permission))
    throw new AppError(
      "forbidden",
      `This API token's scopes (${token.scopes.join(", ") || "none"}) do not include "${permission}".`,
    );
}

/**
 * The authenticated caller of `req`, or null when it sent neither a session cookie nor a
 * token. A bearer token that is unknown, revoked or expired is AppError "unauthorized"
 * (not silently ignored, so automation sees why it failed).
 */
export async function findCaller(req: Request): Promise<Caller | null> {
  const remoteAddr = toRemoteAddr(req);
  const bearer = readBearerToken(req);
  if (bearer !== null) {
    const found = await findTokenUser(bearer);
    if (found === null)
      throw new AppError("unauthorized", "The API token is not valid: it is unknown, revoked or expired.");
    const { token, user } = found;
    return {
      user,
      token,
      sessionSecret: "",
      actor: {
        type: "token",
        id: token.id,
        name: `token ${token.name} (${user.username})`,
        source: "api",
        remoteAddr,
        prefixes: token.prefixes,
      },
    };
  }
  const secret = readSessionCookie(req);
  if (secret === "") return null;
  const session = await findSessionUser(secret);
  if (session === null) return null;
  const { user } = session;
  return {
    user,
    token: null,
    sessionSecret: secret,
    actor: {
      type: "user",
      id: user.id,
      name: user.username,
      source: toSessionSource(req),
      remoteAddr,
      prefixes: [],
    },
  };
}

/**
 * Throws "forbidden" unless the actor may touch the block with `prefix`: a token limited to
 * number prefixes may only write blocks whose prefix starts with one of them (compared as
 * written, so "+1650" covers "+16505" but not "16505"; the catch-all "" needs an unlimited token).
 */
export function assertPrefixAllowed(actor: Actor, prefix: string): void {
  if (actor.prefixes.length === 0) return;
  if (actor.prefixes.some((allowed) => prefix.startsWith(allowed))) return;
  throw new AppError(
    "forbidden",
    `This API token may only change blocks under ${actor.prefixes.join(", ")}; "${prefix === "" ? "(catch-all)" : prefix}" is not under them.`,
  );
}

/**
 * The audit source of a request without a token: "ui" when the console's own pages sent it
 * (lib/api-client marks every request with X-Enum-Console-Client: ui), else "api" (a script
 * reusing a session cookie). The header is not a credential, only a label for the history.
 */
export function toSessionSource(req: Request): "ui" | "api" {
  return req.headers.get(CLIENT_HEADER) === "ui" ? "ui" : "api";
}

/** The token of an `Authorization: Bearer ...` header, or null. */
function readBearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null)
    throw new AppError("unauthorized", 'The Authorization header must be "Bearer <token>".');
  return match[1]!;
}

/** The client address as the server saw it (Next passes it as X-Forwarded-For). */
export function toRemoteAddr(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded !== undefined && forwarded !== "") return forwarded;
  return req.headers.get("x-real-ip")?.trim() ?? "";
}
