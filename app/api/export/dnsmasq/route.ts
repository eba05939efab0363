// GET /api/export/dnsmasq - the rules expanded for dnsmasq (?plan=nanp|e164, ?cap=N), omissions at the top (a download)
import { toErrorResponse } from "@/lib/http/errors";
import { createDownloadResponse } from "@/lib/http/download";
import { dnsmasqQuerySchema } from "@/lib/schemas/exports";
import { getDnsmasqFile } from "@/lib/server/exports";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "export");
    const { plan, cap } = dnsmasqQuerySchema.parse(new URL(req.url).searchParams);
    const file = await getDnsmasqFile(plan, cap);
    return createDownloadResponse(file.body, {
      ...file,
      headers: {
        "X-Export-Differences": String(file.check.report.differences.length),
        "X-Export-Omitted": String(file.omitted.length),
      },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
