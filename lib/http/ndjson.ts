// Newline-delimited JSON responses for long operations (server only).

/** Content type of NDJSON streams. */
export const NDJSON_TYPE = "application/x-ndjson";

/** Whether the client asked for an NDJSON stream in its Accept header. */
export function isNdjsonAccepted(req: Request): boolean {
  return (req.headers.get("accept") ?? "").toLowerCase().includes(NDJSON_TYPE);
}

/**
 * A streamed 200 response: `produce` emits values, each written as one JSON line as soon as
 * it is emitted. `produce` should report its own failures as lines (the status is already
 * sent); anything it throws anyway is logged and ends the stream with a generic error line.
 * If the client goes away, further lines are dropped but `produce` runs to completion.
 */
export function createNdjsonResponse(produce: (emit: (value: unknown) => void) => Promise<void>): Response {
  const encoder = new TextEncoder();
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = (value: unknown): void => {
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      };
      const close = (): void => {
        if (!open) return;
        open = false;
        controller.close();
      };
      produce(emit).then(close, (err: unknown) => {
        console.error("[api] unexpected error in a stream:", err);
        emit({
          type: "error",
          error: {
            code: "internal",
            message: "Something went wrong on the server.",
            issues: [],
            status: 500,
          },
        });
        close();
      });
    },
    cancel() {
      open = false;
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": `${NDJSON_TYPE}; charset=utf-8`,
      "Cache-Control": "no-store",
      // Proxies such as nginx would otherwise hold the progress lines back.
      "X-Accel-Buffering": "no",
    },
  });
}

/**
 * Thin progress reports for a stream: passes a report on when its phase changes, when it
 * completes a phase, or when `intervalMs` passed since the last one. Callers may report
 * per item; the client only needs a few updates a second.
 */
export function throttleProgress<
  T extends { readonly phase: string; readonly done: number; readonly total: number },
>(send: (progress: T) => void, intervalMs = 100): (progress: T) => void {
  let lastPhase: string | null = null;
  let lastAt = 0;
  return (progress) => {
    const now = Date.now();
    const isBoundary = progress.phase !== lastPhase || progress.done >= progress.total;
    if (!isBoundary && now - lastAt < intervalMs) return;
    lastPhase = progress.phase;
    lastAt = now;
    send(progress);
  };
}
