// Next.js instrumentation: starts the embedded DNS responder with the web app (next start,
// next dev, standalone). register() must never reject: a rejection makes every HTTP request
// answer 500, and a busy DNS port is no reason to take the console down.

/** Called once per server process before it serves requests. */
export async function register(): Promise<void> {
  // The literal NEXT_RUNTIME test lets the bundler drop the node-only import from the edge
  // build; `next build` loads this file too and must not bind.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    try {
      const { startEmbeddedResponder } = await import("@/lib/server/responder");
      startEmbeddedResponder();
    } catch (error) {
      console.error("dns: could not load the DNS responder:", error instanceof Error ? error.message : error);
    }
  }
}
