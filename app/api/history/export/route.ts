// GET /api/history/export - the filtered audit history as CSV, streamed
import { iterateAuditEvents } from "@/lib/db/audit";
import type { AuditEventRecord } from "@/lib/db/types";
import { toCsv } from "@/lib/csv/number-csv";
import { toErrorResponse } from "@/lib/http/errors";
import { historyExportQuerySchema } from "@/lib/schemas/history";
import { requireAccess } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const HEADER = [
  "id",
  "at",
  "actorType",
  "actorId",
  "actorName",
  "source",
  "remoteAddr",
  "action",
  "entityType",
  "entityId",
  "batchId",
  "revision",
  "revertOf",
  "summary",
  "before",
  "after",
] as const;

function toRow(event: AuditEventRecord): (string | number | null)[] {
  return [
    event.id,
    event.at,
    event.actorType,
    event.actorId,
    event.actorName,
    event.source,
    event.remoteAddr,
    event.action,
    event.entityType,
    event.entityId,
    event.batchId,
    event.revision,
    event.revertOf,
    event.summary,
    event.before === null ? null : JSON.stringify(event.before),
    event.after === null ? null : JSON.stringify(event.after),
  ];
}

// GET /api/history/export?entityType=&entityId=&prefix=&actor=&action=&batchId=&from=&to=
export async function GET(req: Request): Promise<Response> {
  try {
    await requireAccess(req, "read");
    const query = historyExportQuerySchema.parse(new URL(req.url).searchParams);
    // The header names hold no line breaks: the header is exactly the first line.
    const headerLine = `${toCsv(HEADER, []).split("\r\n")[0] ?? ""}\r\n`;
    const pages = iterateAuditEvents(query);
    const encoder = new TextEncoder();
    // Page by page: a history of millions of events never sits in memory at once.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(headerLine));
      },
      async pull(controller) {
        try {
          const next = await pages.next();
          if (next.done === true) {
            controller.close();
            return;
          }
          // toCsv always writes the header line first: drop it from every page.
          const csv = toCsv(HEADER, next.value.map(toRow));
          controller.enqueue(encoder.encode(csv.slice(headerLine.length)));
        } catch (err) {
          console.error("[api] history export failed:", err);
          controller.error(err);
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    });
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
    return new Response(body, {
      status: 200,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="enum-console-history-${stamp}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
