// GET /api/blocks - list number blocks (paged, sorted, filtered); POST /api/blocks - create a number block
import { createNumberBlock, listNumberBlocks } from "@/lib/db/blocks";
import { getSettings } from "@/lib/db/settings";
import { JSON_BODY_LIMIT, readJson } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { assertPrefixAllowed, requireAccess } from "@/lib/server/access";
import { blockListQuerySchema } from "@/lib/schemas/queries";
import { toNumberBlockInputSchema } from "@/lib/schemas/number-block";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/blocks - list number blocks
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const query = blockListQuerySchema.parse(new URL(req.url).searchParams);
    return Response.json(await listNumberBlocks(query));
  } catch (err) {
    return toErrorResponse(err);
  }
}

// POST /api/blocks - create a number block
export async function POST(req: Request): Promise<Response> {
  try {
    const actor = await requireAccess(req, "write");
    const body = await readJson(req, JSON_BODY_LIMIT);
    // The regex must compile the way the configured client compiles it.
    const { profile } = await getSettings();
    const input = toNumberBlockInputSchema(profile).parse(body);
    assertPrefixAllowed(actor, input.prefix);
    const created = await createNumberBlock(input, actor);
    return Response.json(created, {
      status: 201,
      headers: { Location: `/api/blocks/${encodeURIComponent(created.id)}` },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
