// GET, PATCH, DELETE /api/blocks/:id - read, update, delete one number block
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import { deleteNumberBlock, getNumberBlock, setNumberBlockEnabled, updateNumberBlock } from "@/lib/db/blocks";
import { getSettings } from "@/lib/db/settings";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { assertPrefixAllowed, requireAccess, type Actor } from "@/lib/server/access";
import { versionSchema } from "@/lib/schemas/fields";
import { toNumberBlockUpdateSchema } from "@/lib/schemas/number-block";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface RouteContext {
  readonly params: Promise<{ id: string }>;
}

const deleteQuerySchema = z.object({
  version: z.coerce.number().pipe(versionSchema).optional(),
});

function toNotFound(id: string): AppError {
  return new AppError("not-found", `There is no number block with id "${id}".`);
}

/** A prefix-limited token may only touch a block whose current prefix is under its prefixes. */
async function assertBlockAllowed(actor: Actor, id: string): Promise<void> {
  if (actor.prefixes.length === 0) return;
  const block = await getNumberBlock(id);
  if (block === null) throw toNotFound(id);
  assertPrefixAllowed(actor, block.prefix);
}

// GET /api/blocks/:id - one number block
export async function GET(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const { id } = await params;
    const block = await getNumberBlock(id);
    if (block === null) throw toNotFound(id);
    return Response.json(block);
  } catch (err) {
    return toErrorResponse(err);
  }
}

// PATCH /api/blocks/:id - update some fields of a number block, based on `version`
export async function PATCH(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    const actor = await requireAccess(req, "write");
    const { id } = await params;
    await assertBlockAllowed(actor, id);
    const body = await readJson(req, JSON_BODY_LIMIT);
    const { profile } = await getSettings();
    const update = toNumberBlockUpdateSchema(profile).parse(body);
    if (update.prefix !== undefined) assertPrefixAllowed(actor, update.prefix);
    const { version, enabled } = update;
    // A bare enable/disable (the list's toggle) goes through lib/db's dedicated path for it.
    const isToggle =
      enabled !== undefined && Object.keys(update).every((key) => key === "enabled" || key === "version");
    const saved = isToggle
      ? await setNumberBlockEnabled(id, enabled, version, actor)
      : await updateNumberBlock(id, update, actor);
    return Response.json(saved);
  } catch (err) {
    return toErrorResponse(err);
  }
}

// DELETE /api/blocks/:id?version=N - delete a number block (refused when `version` is stale)
export async function DELETE(req: Request, { params }: RouteContext): Promise<Response> {
  try {
    const actor = await requireAccess(req, "write");
    const { id } = await params;
    await assertBlockAllowed(actor, id);
    const version = new URL(req.url).searchParams.get("version");
    const query = deleteQuerySchema.parse(version === null || version === "" ? {} : { version });
    await deleteNumberBlock(id, query.version, actor);
    return new Response(null, { status: 204 });
  } catch (err) {
    return toErrorResponse(err);
  }
}
