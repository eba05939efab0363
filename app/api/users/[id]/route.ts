// PATCH /api/users/:id - change a user's role, disable/enable them, or reset their password (admin)
import { hashPassword } from "@/lib/auth/password";
import { assertPasswordStrength } from "@/lib/auth/sign-in";
import { getUser, updateUser } from "@/lib/db/users";
import { AppError } from "@/lib/app-error";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { userUpdateSchema } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ id: string }>;
}

// PATCH /api/users/:id - { role?, disabled?, password? }; disabling or a new password ends their sessions
export async function PATCH(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    const actor = await requireAccess(req, "admin");
    const { id } = await params;
    const input = userUpdateSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    const existing = await getUser(id);
    if (existing === null) throw new AppError("not-found", `There is no user with id "${id}".`);
    if (input.password !== undefined) assertPasswordStrength(input.password, existing.username);
    const user = await updateUser(
      id,
      {
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
      },
      actor,
    );
    return Response.json(user);
  } catch (err) {
    return toErrorResponse(err);
  }
}
