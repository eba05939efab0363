// GET /api/export/enum.json - the enabled blocks as Clearwater's enum.json (a download)
import { toErrorResponse } from "@/lib/http/errors";
import { createDownloadResponse } from "@/lib/http/download";
import { getEnumJsonFile } from "@/lib/server/exports";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "export");
    const file = await getEnumJsonFile();
    return createDownloadResponse(file.body, file);
  } catch (err) {
    return toErrorResponse(err);
  }
}
