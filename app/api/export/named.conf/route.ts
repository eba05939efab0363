// GET /api/export/named.conf - the zone statement for the BIND download (?file=, ?alsoNotify=, ?allowTransfer=)
import { toErrorResponse } from "@/lib/http/errors";
import { createDownloadResponse } from "@/lib/http/download";
import { namedConfQuerySchema } from "@/lib/schemas/exports";
import { getNamedConf } from "@/lib/server/exports";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "export");
    const query = namedConfQuerySchema.parse(new URL(req.url).searchParams);
    // Shown in the browser rather than saved: it is a snippet to paste into named.conf.
    return createDownloadResponse(await getNamedConf(query), {
      filename: "named.conf",
      contentType: "text/plain; charset=utf-8",
      disposition: "inline",
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
