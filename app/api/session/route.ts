// GET /api/session - who is signed in; POST - sign in; DELETE - sign out
import { AppError } from "@/lib/app-error";
import {
  isHttpsRequest,
  readSessionCookie,
  toClearedSessionCookie,
  toSessionCookie,
} from "@/lib/auth/cookie";
import { assertSameOrigin } from "@/lib/auth/origin";
import { signIn } from "@/lib/auth/sign-in";
import { deleteSession } from "@/lib/db/sessions";
import { countUsers } from "@/lib/db/users";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { findCaller, toRemoteAddr } from "@/lib/server/access";
import { signInSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const NO_STORE = { "Cache-Control": "no-store" };

// GET /api/session - the signed-in user (or null) and whether the console still needs its first admin
export async function GET(req: Request): Promise<Response> {
  try {
    // Public on purpose: the sign-in and setup pages ask it before anyone is signed in.
    const caller = await findCaller(req);
    const needsSetup = caller === null && (await countUsers()) === 0;
    return Response.json(
      {
        user: caller?.user ?? null,
        via: caller === null ? null : caller.token === null ? "session" : "token",
        needsSetup,
      },
      { headers: NO_STORE },
    );
  } catch (err) {
    return toErrorResponse(err);
  }
}

// POST /api/session - sign in with a user name and password (throttled after failures)
export async function POST(req: Request): Promise<Response> {
  try {
    // Public, but same-origin: a foreign page must not sign a browser into an account (login CSRF).
    assertSameOrigin(req);
    const input = signInSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    const { user, session } = await signIn(input.username, input.password, toRemoteAddr(req));
    const headers = new Headers(NO_STORE);
    headers.append(
      "Set-Cookie",
      toSessionCookie(session.secret, session.cookieExpiresAt, isHttpsRequest(req)),
    );
    return Response.json({ user, via: "session", needsSetup: false }, { headers });
  } catch (err) {
    return toErrorResponse(err);
  }
}

// DELETE /api/session - sign out: the session row is deleted and the cookie cleared
export async function DELETE(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
    const secret = readSessionCookie(req);
    if (secret === "") throw new AppError("unauthorized", "You are not signed in.");
    await deleteSession(secret);
    const headers = new Headers(NO_STORE);
    headers.append("Set-Cookie", toClearedSessionCookie(isHttpsRequest(req)));
    return new Response(null, { status: 204, headers });
  } catch (err) {
    return toErrorResponse(err);
  }
}
