// PUT /api/account/password - change the signed-in user's own password
import { isHttpsRequest, toSessionCookie } from "@/lib/auth/cookie";
import { changeOwnPassword } from "@/lib/auth/sign-in";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireSignedIn } from "@/lib/server/access";
import { passwordChangeSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// PUT /api/account/password - { currentPassword, newPassword }; every other session ends
export async function PUT(req: Request): Promise<Response> {
  try {
    const { user, actor } = await requireSignedIn(req, "read");
    const input = passwordChangeSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    const session = await changeOwnPassword(user, input.currentPassword, input.newPassword, actor);
    const headers = new Headers({ "Cache-Control": "no-store" });
    headers.append(
      "Set-Cookie",
      toSessionCookie(session.secret, session.cookieExpiresAt, isHttpsRequest(req)),
    );
    return new Response(null, { status: 204, headers });
  } catch (err) {
    return toErrorResponse(err);
  }
}
