// POST /api/blocks/impact - the saved numbers a proposed block change would re-route (nothing is saved)
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { findBlockImpact } from "@/lib/server/test-plan";
import { blockImpactRequestSchema } from "@/lib/schemas/test-numbers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/blocks/impact - {kind: create|update|delete|enable|disable, id?, block?} -> re-routed saved numbers
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const request = blockImpactRequestSchema.parse(await readJson(req, JSON_BODY_LIMIT));
    return Response.json(await findBlockImpact(request));
  } catch (err) {
    return toErrorResponse(err);
  }
}
