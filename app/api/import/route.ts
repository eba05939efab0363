// POST /api/import - import an enum.json body: a dry-run diff, or apply it (optionally streamed as NDJSON)
import type { ImportProgress } from "@/lib/db/types";
import { applyImport, planImport } from "@/lib/db/import";
import type { ImportPreview } from "@/lib/schemas/test-numbers";
import { findImportImpact } from "@/lib/server/test-plan";
import { IMPORT_BODY_LIMIT, readText } from "@/lib/http/body";
import { toErrorOutcome, toErrorResponse } from "@/lib/http/errors";
import { createNdjsonResponse, isNdjsonAccepted, throttleProgress } from "@/lib/http/ndjson";
import { importRequestSchema } from "@/lib/schemas/queries";
import { assertPrefixAllowed, requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/import?mode=merge|replace&dryRun=true|false&acceptRejected=true|false
export async function POST(req: Request): Promise<Response> {
  try {
    const actor = await requireAccess(req, "write");
    const { mode, dryRun, acceptRejected } = importRequestSchema.parse(new URL(req.url).searchParams);
    // The body is the enum.json text itself (paste and file upload both send it raw).
    const text = await readText(req, IMPORT_BODY_LIMIT);
    if (actor.prefixes.length > 0) {
      // A prefix-limited token imports only when every block it would add, change or remove
      // (replace mode removes the blocks the file lacks) is under its prefixes.
      const plan = await planImport(text, mode);
      const touched = [
        ...plan.added.map((entry) => entry.block.prefix),
        ...plan.changed.map((entry) => entry.before.prefix),
        ...plan.removed.map((block) => block.prefix),
      ];
      for (const prefix of touched) assertPrefixAllowed(actor, prefix);
      if (dryRun) return Response.json(plan);
    }
    if (dryRun) {
      const plan = await planImport(text, mode);
      const preview: ImportPreview = { ...plan, impact: await findImportImpact(plan) };
      return Response.json(preview);
    }
    if (!isNdjsonAccepted(req))
      return Response.json(await applyImport(text, mode, { acceptRejected }, actor));
    return createNdjsonResponse(async (emit) => {
      try {
        const onProgress = throttleProgress<ImportProgress>((progress) => {
          emit({ type: "progress", ...progress });
        });
        const result = await applyImport(text, mode, { acceptRejected, onProgress }, actor);
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
