// GET /api/test-numbers/csv - the test plan as CSV; POST /api/test-numbers/csv - upload one (dry run or apply)
import { applyTestNumberImport, planTestNumberImport, renderTestPlanCsv } from "@/lib/db/test-numbers";
import { JSON_BODY_LIMIT, readText } from "@/lib/http/body";
import { createDownloadResponse } from "@/lib/http/download";
import { toErrorResponse } from "@/lib/http/errors";
import { requireAccess } from "@/lib/server/access";
import { testPlanUploadQuerySchema } from "@/lib/schemas/test-numbers";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A test plan of 10,000 numbers with notes is well under 1 MB; allow a few. */
const CSV_BODY_LIMIT = 4 * JSON_BODY_LIMIT;

// GET /api/test-numbers/csv - download the test plan (number,expected,note)
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    return createDownloadResponse(await renderTestPlanCsv(), {
      filename: "test-plan.csv",
      contentType: "text/csv; charset=utf-8",
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}

// POST /api/test-numbers/csv?mode=merge|replace&dryRun=true|false - the body is the CSV text
export async function POST(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "test");
    const { mode, dryRun } = testPlanUploadQuerySchema.parse(new URL(req.url).searchParams);
    const text = await readText(req, CSV_BODY_LIMIT);
    if (dryRun) return Response.json(await planTestNumberImport(text, mode));
    return Response.json(await applyTestNumberImport(text, mode));
  } catch (err) {
    return toErrorResponse(err);
  }
}
