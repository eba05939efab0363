// GET /api/export/bind - the compiled BIND zone file, its check result in the header (a download)
import { toErrorResponse } from "@/lib/http/errors";
import { createDownloadResponse } from "@/lib/http/download";
import { getBindFile } from "@/lib/server/exports";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "export");
    const file = await getBindFile();
    return createDownloadResponse(file.body, {
      ...file,
      headers: { "X-Export-Differences": String(file.check.report.differences.length) },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
