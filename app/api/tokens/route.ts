// GET /api/tokens - API tokens (own; all with ?all=true for admins); POST /api/tokens - create one for yourself
import { AppError } from "@/lib/app-error";
import { createApiToken, listApiTokens } from "@/lib/db/tokens";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireSignedIn } from "@/lib/server/access";
import { roleGrants } from "@/lib/roles";
import { tokenCreateSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const DAY_MS = 24 * 60 * 60 * 1000;

// GET /api/tokens?all=true - the caller's tokens (admins: everyone's with all=true)
export async function GET(req: Request): Promise<Response> {
  try {
    const { user } = await requireSignedIn(req, "read");
    const all = new URL(req.url).searchParams.get("all") === "true";
    if (all && !roleGrants(user.role, "admin"))
      throw new AppError("forbidden", `Your role (${user.role}) cannot see other users' tokens.`);
    return Response.json(await listApiTokens(all ? null : user.id), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}

// POST /api/tokens - create a token; the secret is in this response only
export async function POST(req: Request): Promise<Response> {
  try {
    const { user, actor } = await requireSignedIn(req, "read");
    const input = tokenCreateSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    // A token never holds more than its owner's role: scopes beyond it are refused, not trimmed.
    const beyond = input.scopes.filter((scope) => !roleGrants(user.role, scope));
    if (beyond.length > 0)
      throw new AppError(
        "forbidden",
        `Your role (${user.role}) cannot give a token the scope ${beyond.join(", ")}.`,
        [{ field: "scopes", code: "beyond-role", message: `Your role cannot grant ${beyond.join(", ")}.` }],
      );
    const expiresAt =
      input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * DAY_MS);
    const created = await createApiToken(
      user.id,
      { name: input.name, scopes: input.scopes, prefixes: input.prefixes, expiresAt },
      actor,
    );
    return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
