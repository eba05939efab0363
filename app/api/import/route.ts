// POST /api/import - import an enum.json body: a dry-run diff, or apply it (optionally streamed as NDJSON)
import type { ImportProgress } from "@/lib/db/types";
import { applyImport, planImport } from "@/lib/db/import";
import { IMPORT_BODY_LIMIT, readText } from "@/lib/http/body";
import { toErrorOutcome, toErrorResponse } from "@/lib/http/errors";
import { createNdjsonResponse, isNdjsonAccepted, throttleProgress } from "@/lib/http/ndjson";
import { importRequestSchema } from "@/lib/schemas/queries";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/import?mode=merge|replace&dryRun=true|false&acceptRejected=true|false
export async function POST(req: Request): Promise<Response> {
  try {
    const { mode, dryRun, acceptRejected } = importRequestSchema.parse(new URL(req.url).searchParams);
    // The body is the enum.json text itself (paste and file upload both send it raw).
    const text = await readText(req, IMPORT_BODY_LIMIT);
    if (dryRun) return Response.json(await planImport(text, mode));
    if (!isNdjsonAccepted(req)) return Response.json(await applyImport(text, mode, { acceptRejected }));
    return createNdjsonResponse(async (emit) => {
      try {
        const onProgress = throttleProgress<ImportProgress>((progress) => {
          emit({ type: "progress", ...progress });
        });
        const result = await applyImport(text, mode, { acceptRejected, onProgress });
        emit({ type: "result", result });
      } catch (err) {
        const { status, body } = toErrorOutcome(err);
        emit({ type: "error", error: { ...body.error, status } });
      }
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
