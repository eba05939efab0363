// lib/api-client end to end: fetch is routed to the real route handlers (real SQLite file).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { QueryClient } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { removeTestDir, toContext, withCaller } from "./support";
import * as collection from "@/app/api/blocks/route";
import * as single from "@/app/api/blocks/[id]/route";
import * as importRoute from "@/app/api/import/route";
import * as settingsRoute from "@/app/api/settings/route";
import {
  blockQueryOptions,
  blocksQueryOptions,
  createBlock,
  deleteBlock,
  numberBlockKeys,
  setBlockEnabled,
  updateBlock,
} from "@/lib/api-client/blocks";
import { ApiError } from "@/lib/api-client/errors";
import { applyImport, planImport } from "@/lib/api-client/import";
import { requestJson } from "@/lib/api-client/request";
import { settingsQueryOptions, updateSettings } from "@/lib/api-client/settings";
import type { ImportProgress, NumberBlockRecord } from "@/lib/api-client/types";

const GUIDE_ENUM_JSON = readFileSync(join(import.meta.dirname, "../fixtures/guide/enum.json"), "utf8");
const SIP = "!(^.*$)!sip:\\1@example.com!";

/** Dispatches a browser-style relative fetch to the route handler Next would call. */
async function routeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  // The browser sends the session cookie and, on changes, its Origin: here a signed-in admin.
  const req = withCaller(new Request(new URL(url, "http://127.0.0.1"), init));
  const { pathname } = new URL(req.url);
  const method = req.method;
  const id = /^\/api\/blocks\/([^/]+)$/.exec(pathname)?.[1];
  if (pathname === "/api/blocks" && method === "GET") return collection.GET(req);
  if (pathname === "/api/blocks" && method === "POST") return collection.POST(req);
  if (id !== undefined) {
    const context = toContext(decodeURIComponent(id));
    if (method === "GET") return single.GET(req, context);
    if (method === "PATCH") return single.PATCH(req, context);
    if (method === "DELETE") return single.DELETE(req, context);
  }
  if (pathname === "/api/settings" && method === "GET") return settingsRoute.GET(req);
  if (pathname === "/api/settings" && method === "PUT") return settingsRoute.PUT(req);
  if (pathname === "/api/import" && method === "POST") return importRoute.POST(req);
  if (pathname === "/api/proxy-error") return new Response("<html>Bad gateway</html>", { status: 502 });
  if (pathname === "/api/offline") throw new TypeError("fetch failed");
  return new Response(null, { status: 405 });
}

beforeAll(() => {
  vi.stubGlobal("fetch", routeFetch);
});

afterAll(() => {
  vi.unstubAllGlobals();
  removeTestDir();
});

async function catchError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("api-client blocks", () => {
  it("creates, reads, lists, toggles and deletes", async () => {
    const queryClient = new QueryClient();
    const created = await createBlock({ name: "Client block", prefix: "+4420", regex: SIP });
    expect(created).toMatchObject({ name: "Client block", enumservice: "E2U+sip", enabled: true });

    const fetched = await queryClient.query(blockQueryOptions(created.id));
    expect(fetched).toEqual(created);
    expect(queryClient.getQueryData(numberBlockKeys.detail(created.id))).toEqual(created);

    const options = blocksQueryOptions({ pageSize: 10, name: "client" });
    expect(options.queryKey).toEqual(
      numberBlockKeys.list({ page: 1, pageSize: 10, sort: "prefix", dir: "asc", name: "client" }),
    );
    const page = await queryClient.query(options);
    expect(page.items.map((b) => b.id)).toEqual([created.id]);

    const disabled = await setBlockEnabled(created.id, false, created.version);
    expect(disabled.enabled).toBe(false);

    const stale = await catchError(updateBlock(created.id, { name: "Late edit", version: created.version }));
    expect(stale).toMatchObject({ status: 409, code: "stale", isStale: true });
    expect((stale.current as NumberBlockRecord).version).toBe(disabled.version);

    await expect(deleteBlock(created.id, disabled.version)).resolves.toBeUndefined();
    const gone = await catchError(queryClient.query({ ...blockQueryOptions(created.id), retry: false }));
    expect(gone).toMatchObject({ status: 404, code: "not-found" });
  });

  it("turns 422 field issues into an ApiError the form can read", async () => {
    const error = await catchError(
      createBlock({ name: "", prefix: "+1650555", regex: "!+1(^.*$)!sip:\\1@ngv.example.com!" }),
    );
    expect(error.status).toBe(422);
    expect(error.getFieldIssues("regex")).toEqual([expect.objectContaining({ code: "bad-repeat", at: 1 })]);
    expect(error.getFieldIssues("name")).toHaveLength(1);
  });

  it("reports unreachable servers and non-JSON errors as ApiErrors", async () => {
    expect(await catchError(requestJson("/api/offline"))).toMatchObject({ status: 0, code: "network" });
    expect(await catchError(requestJson("/api/proxy-error"))).toMatchObject({
      status: 502,
      code: "http-error",
    });
  });
});

describe("api-client settings", () => {
  it("reads and saves the settings", async () => {
    const queryClient = new QueryClient();
    const settings = await queryClient.query(settingsQueryOptions());
    const saved = await updateSettings({ version: settings.version, defaultTtl: 120 });
    expect(saved.defaultTtl).toBe(120);
    const stale = await catchError(updateSettings({ version: settings.version, defaultTtl: 60 }));
    expect(stale).toMatchObject({ status: 409, code: "stale" });
  });
});

describe("api-client import", () => {
  it("plans from text or a File, and applies with streamed progress", async () => {
    const plan = await planImport(new Blob([GUIDE_ENUM_JSON]), "merge");
    expect(plan.rejected.map((r) => r.prefix)).toEqual(["+1650555"]);
    expect((await planImport(GUIDE_ENUM_JSON, "merge")).added).toHaveLength(plan.added.length);

    const refused = await catchError(applyImport(GUIDE_ENUM_JSON, "merge", false));
    expect(refused).toMatchObject({ status: 422, code: "validation" });

    const progress: ImportProgress[] = [];
    const result = await applyImport(GUIDE_ENUM_JSON, "merge", true, (p) => progress.push(p));
    expect(result.added).toBe(plan.added.length);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.phase).toBe("done");
  });

  it("raises a broken file's position", async () => {
    const error = await catchError(applyImport('{"number_blocks": [}', "replace", true));
    expect(error).toMatchObject({ status: 422, code: "validation", details: { line: 1, column: 20 } });
  });
});
