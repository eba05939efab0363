// File download responses for the export route handlers (server only).

/**
 * A 200 response that browsers save as `filename` (RFC 6266 `attachment`; `inline` shows it
 * instead). Never cached: the bytes change with every revision of the rules.
 */
export function createDownloadResponse(
  body: Uint8Array | string,
  options: {
    readonly filename: string;
    readonly contentType: string;
    readonly disposition?: "attachment" | "inline";
    readonly headers?: Readonly<Record<string, string>>;
  },
): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new Response(bytes as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": options.contentType,
      "Content-Length": String(bytes.byteLength),
      // The names are ours (no quotes or non-ASCII), so the plain quoted form is enough.
      "Content-Disposition": `${options.disposition ?? "attachment"}; filename="${options.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...options.headers,
    },
  });
}
