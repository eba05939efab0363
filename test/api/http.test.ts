// lib/http: body limits, JSON syntax positions and the one error mapping.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import { readJson, readText } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { createNdjsonResponse, throttleProgress } from "@/lib/http/ndjson";
import { expectError, readBody } from "./support";

function toBodyRequest(body: string | Uint8Array<ArrayBuffer>): Request {
  return new Request("http://127.0.0.1/api/x", { method: "POST", body });
}

describe("readJson / readText", () => {
  it("parses JSON within the limit", async () => {
    expect(await readJson(toBodyRequest('{"a":[1,2]}'), 100)).toEqual({ a: [1, 2] });
  });

  it.each([
    ["{", 1, 2],
    ['{"a": tru}', 1, 7],
    ["[1,\n2,\n]", 3, 1],
    ['{"a":1} x', 1, 9],
  ])("reports malformed JSON %j at line %i, column %i", async (text, line, column) => {
    const err = await readJson(toBodyRequest(text), 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "bad-request", details: { line, column } });
    expect((err as AppError).message).toContain(`line ${line}, column ${column}`);
  });

  it("refuses an empty body with a clear message", async () => {
    await expect(readJson(toBodyRequest(""), 100)).rejects.toMatchObject({ code: "bad-request" });
  });

  it("stops reading past the limit (413), by Content-Length or while streaming", async () => {
    await expect(readText(toBodyRequest("x".repeat(101)), 100)).rejects.toMatchObject({ code: "too-large" });
    const declared = new Request("http://127.0.0.1/api/x", {
      method: "POST",
      body: "tiny",
      headers: { "Content-Length": "1000" },
    });
    await expect(readText(declared, 100)).rejects.toMatchObject({ code: "too-large" });
    expect(await readText(toBodyRequest("x".repeat(100)), 100)).toHaveLength(100);
  });

  it("refuses bytes that are not UTF-8, and drops a BOM", async () => {
    await expect(readText(toBodyRequest(new Uint8Array([0x7b, 0xff, 0x7d])), 100)).rejects.toMatchObject({
      code: "bad-request",
    });
    expect(await readText(toBodyRequest("\uFEFF{}"), 100)).toBe("{}");
  });
});

describe("toErrorResponse", () => {
  it.each([
    ["validation", 422],
    ["conflict", 409],
    ["stale", 409],
    ["not-found", 404],
    ["bad-request", 400],
    ["too-large", 413],
  ] as const)("maps AppError %s to %i", async (code, status) => {
    const issues = [{ field: "name", code: "x", message: "Bad." }];
    const error = await expectError(toErrorResponse(new AppError(code, "Nope.", issues)), status, code);
    expect(error).toMatchObject({ message: "Nope.", issues });
  });

  it("puts a stale error's current record next to the message", async () => {
    const res = toErrorResponse(new AppError("stale", "Changed.", [], { current: { id: "b1", version: 3 } }));
    const error = await expectError(res, 409, "stale");
    expect(error.current).toEqual({ id: "b1", version: 3 });
  });

  it("maps a ZodError to 422 with field issues that keep `at`", async () => {
    const schema = z.object({
      items: z.array(
        z.string().superRefine((_v, ctx) => {
          ctx.addIssue({ code: "custom", message: "Broken here.", params: { code: "broken", at: 4 } });
        }),
      ),
    });
    const result = schema.safeParse({ items: ["abcdef"] });
    const error = await expectError(toErrorResponse(result.error), 422, "validation");
    expect(error.issues).toEqual([{ field: "items.0", code: "broken", message: "Broken here.", at: 4 }]);
  });

  it("answers anything else with a generic 500 and logs the details", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const secret = new Error("SQLITE_CORRUPT: database disk image is malformed at /srv/data/app.db");
      const res = toErrorResponse(secret);
      const body = await readBody<{ error: Record<string, unknown> }>(res);
      expect(res.status).toBe(500);
      expect(body).toEqual({
        error: { code: "internal", message: "Something went wrong on the server.", issues: [] },
      });
      expect(log).toHaveBeenCalledWith(expect.any(String), secret);
    } finally {
      log.mockRestore();
    }
  });
});

describe("NDJSON", () => {
  it("writes one JSON value per line and turns a thrown error into a generic error line", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const res = createNdjsonResponse(async (emit) => {
        emit({ type: "progress", done: 1 });
        await Promise.resolve();
        throw new Error("boom at /srv/app/lib/db/import.ts:12:3");
      });
      const text = await res.text();
      expect(
        text
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown),
      ).toEqual([
        { type: "progress", done: 1 },
        {
          type: "error",
          error: {
            code: "internal",
            message: "Something went wrong on the server.",
            issues: [],
            status: 500,
          },
        },
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it("throttles progress but keeps phase changes and completions", () => {
    const sent: string[] = [];
    const report = throttleProgress<{ phase: string; done: number; total: number }>(
      (p) => sent.push(`${p.phase}:${p.done}`),
      60_000,
    );
    for (let i = 1; i <= 1000; i++) report({ phase: "validating", done: i, total: 1000 });
    for (let i = 1; i <= 10; i++) report({ phase: "writing", done: i, total: 10 });
    expect(sent).toEqual(["validating:1", "validating:1000", "writing:1", "writing:10"]);
  });
});
