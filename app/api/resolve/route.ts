// POST /api/resolve - resolve one dialed number on the enum.json path, the console's DNS zone and/or live servers
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { resolveRequestSchema } from "@/lib/schemas/resolve";
import { requireAccess } from "@/lib/server/access";
import { resolveNumber } from "@/lib/server/resolve";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/resolve - body {number, profile?, paths?, servers?}: each path's Resolution and the disagreements
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "test");
    const request = resolveRequestSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    return Response.json(await resolveNumber(request), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
