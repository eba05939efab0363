// POST /api/setup - create the first admin (refused once any user exists) and sign them in
import { isHttpsRequest, toSessionCookie } from "@/lib/auth/cookie";
import { assertSameOrigin } from "@/lib/auth/origin";
import { setUpFirstAdmin } from "@/lib/auth/sign-in";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { setupSchema } from "@/lib/schemas/auth";
import { toRemoteAddr, toSessionSource } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/setup - the first admin's user name and password
export async function POST(req: Request): Promise<Response> {
  try {
    // Public until the first user exists; setUpFirstAdmin refuses (409) after that.
    assertSameOrigin(req);
    const input = setupSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    const { user, session } = await setUpFirstAdmin(input.username, input.password, {
      source: toSessionSource(req),
      remoteAddr: toRemoteAddr(req),
    });
    const headers = new Headers({ "Cache-Control": "no-store" });
    headers.append(
      "Set-Cookie",
      toSessionCookie(session.secret, session.cookieExpiresAt, isHttpsRequest(req)),
    );
    return Response.json({ user, via: "session", needsSetup: false }, { status: 201, headers });
  } catch (err) {
    return toErrorResponse(err);
  }
}
