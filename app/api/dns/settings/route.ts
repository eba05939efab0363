// GET /api/dns/settings - the DNS responder's access and abuse settings; PUT - change them, based on `version`
import { getResponderSettings, updateResponderSettings } from "@/lib/db/responder-settings";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { responderSettingsUpdateSchema } from "@/lib/schemas/responder-settings";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/dns/settings - allow-lists, NOTIFY targets and rate limiting as stored
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    return Response.json(await getResponderSettings());
  } catch (err) {
    return toErrorResponse(err);
  }
}

// PUT /api/dns/settings - update any subset of the fields plus `version`; the running responder applies it before this returns
export async function PUT(req: Request): Promise<Response> {
  try {
    const actor = await requireAccess(req, "admin");
    const update = responderSettingsUpdateSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    return Response.json(await updateResponderSettings(update, actor));
  } catch (err) {
    return toErrorResponse(err);
  }
}
