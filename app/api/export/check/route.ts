// POST /api/export/check - compare an existing zone file or dnsmasq config (the body) with the rules
import { IMPORT_BODY_LIMIT, readText } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { checkFileQuerySchema } from "@/lib/schemas/exports";
import { checkExistingFile } from "@/lib/server/exports";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/export/check?kind=bind|dnsmasq&origin=e164.arpa (the body is the file's text, up to 64 MB)
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "export");
    const query = checkFileQuerySchema.parse(new URL(req.url).searchParams);
    // A 100,000-block zone file is tens of MB: the import's limit fits it.
    const text = await readText(req, IMPORT_BODY_LIMIT);
    return Response.json(await checkExistingFile(text, query), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
