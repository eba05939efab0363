// GET /api/settings - the zone settings; PUT /api/settings - change them, based on `version`
import { getSettings, updateSettings } from "@/lib/db/settings";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { settingsUpdateSchema } from "@/lib/schemas/settings";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/settings - the zone settings and publication state
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    return Response.json(await getSettings());
  } catch (err) {
    return toErrorResponse(err);
  }
}

// PUT /api/settings - update the zone settings (any subset of fields plus `version`)
export async function PUT(req: Request): Promise<Response> {
  try {
    const actor = await requireAccess(req, "admin");
    const update = settingsUpdateSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    return Response.json(await updateSettings(update, actor));
  } catch (err) {
    return toErrorResponse(err);
  }
}
