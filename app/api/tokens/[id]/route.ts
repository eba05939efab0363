// DELETE /api/tokens/:id - revoke an API token (your own; admins: anyone's)
import { AppError } from "@/lib/app-error";
import { getApiToken, revokeApiToken } from "@/lib/db/tokens";
import { toErrorResponse } from "@/lib/http/errors";
import { requireSignedIn } from "@/lib/server/access";
import { roleGrants } from "@/lib/roles";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ id: string }>;
}

// DELETE /api/tokens/:id - the token stops working at once; it stays listed as revoked
export async function DELETE(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { user, actor } = await requireSignedIn(req, "read");
    const { id } = await params;
    const token = await getApiToken(id);
    // Another user's token reads as unknown to a non-admin: ids are not a way to probe.
    if (token === null || (token.userId !== user.id && !roleGrants(user.role, "admin")))
      throw new AppError("not-found", `There is no API token with id "${id}".`);
    return Response.json(await revokeApiToken(id, new Date(), actor), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
