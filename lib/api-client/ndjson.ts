// Reading NDJSON streams from route handlers (browser-safe).

/** Splits a byte stream into non-empty text lines, as the server writes them. */
export async function* readNdjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line !== "") yield line;
        newline = buffer.indexOf("\n");
      }
      if (done) break;
    }
    if (buffer.trim() !== "") yield buffer.trim();
  } finally {
    reader.releaseLock();
  }
}
