// GET /api/users - every user (admin); POST /api/users - create a user with a role and initial password
import { hashPassword } from "@/lib/auth/password";
import { assertPasswordStrength } from "@/lib/auth/sign-in";
import { createUser, listUsers } from "@/lib/db/users";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { userCreateSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/users - every user, by name (never a password hash)
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "admin");
    return Response.json(await listUsers(), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}

// POST /api/users - { username, password, role }
export async function POST(req: Request): Promise<Response> {
  try {
    const actor = await requireAccess(req, "admin");
    const input = userCreateSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    assertPasswordStrength(input.password, input.username);
    const user = await createUser(
      { username: input.username, passwordHash: await hashPassword(input.password), role: input.role },
      actor,
    );
    return Response.json(user, { status: 201 });
  } catch (err) {
    return toErrorResponse(err);
  }
}
