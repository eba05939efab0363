// POST /api/import against a real SQLite file, with the guide's enum.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectError, readBody, readText, removeTestDir, toRequest, type ErrorBody } from "./support";
import * as blocks from "@/app/api/blocks/route";
import * as importRoute from "@/app/api/import/route";
import type { BlockListPage, ImportPlan, ImportProgress, ImportResult } from "@/lib/db/types";

afterAll(removeTestDir);

const GUIDE_ENUM_JSON = readFileSync(join(import.meta.dirname, "../fixtures/guide/enum.json"), "utf8");

function postImport(search: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return importRoute.POST(
    toRequest(`/api/import${search}`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json", ...headers },
    }),
  );
}

async function listAll(): Promise<BlockListPage> {
  const res = await blocks.GET(toRequest("/api/blocks?pageSize=500"));
  expect(res.status).toBe(200);
  return readBody<BlockListPage>(res);
}

type ImportLine =
  | ({ type: "progress" } & ImportProgress)
  | { type: "result"; result: ImportResult }
  | ({ type: "error" } & ErrorBody);

async function readLines(res: Response): Promise<ImportLine[]> {
  const text = await readText(res);
  expect(text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as ImportLine);
}

describe("POST /api/import", () => {
  it("dry-runs by default: the guide's +1650555 block is rejected with its reason and line", async () => {
    const res = await postImport("", GUIDE_ENUM_JSON);
    const plan = await readBody<ImportPlan>(res);
    expect(res.status, JSON.stringify(plan)).toBe(200);
    expect(plan.mode).toBe("merge");
    expect(plan.added).toHaveLength(7);
    expect(plan.changed).toEqual([]);
    expect(plan.removed).toEqual([]);
    expect(plan.rejected).toHaveLength(1);
    expect(plan.rejected[0]).toMatchObject({ index: 6, line: 31, prefix: "+1650555" });
    expect(plan.rejected[0]?.message).toMatch(/\+/);
    // Nothing was written.
    expect((await listAll()).total).toBe(0);
  });

  it("refuses to apply while a block is rejected, and writes nothing", async () => {
    const res = await postImport("?mode=merge&dryRun=false", GUIDE_ENUM_JSON);
    const error = await expectError(res, 422, "validation");
    expect(error.message).toMatch(/reject/i);
    expect((await listAll()).total).toBe(0);
  });

  it("applies the rest in one go with acceptRejected", async () => {
    const res = await postImport("?mode=merge&dryRun=false&acceptRejected=true", GUIDE_ENUM_JSON);
    const result = await readBody<ImportResult>(res);
    expect(res.status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ added: 7, changed: 0, removed: 0 });
    const page = await listAll();
    expect(page.total).toBe(7);
    expect(page.items.map((b) => b.prefix)).not.toContain("+1650555");
    // A second dry run finds nothing to do.
    const again = await readBody<ImportPlan>(await postImport("?mode=merge", GUIDE_ENUM_JSON));
    expect(again).toMatchObject({ added: [], changed: [], unchanged: 7 });
  });

  it("reports a broken file with its line and column, and writes nothing", async () => {
    const broken = '{\n  "number_blocks": [\n    { "prefix": "1", "regex": "!a!b!" },\n  ]\n}\n';
    for (const search of ["?dryRun=true", "?dryRun=false&acceptRejected=true&mode=replace"]) {
      const error = await expectError(await postImport(search, broken), 422, "validation");
      expect(error.message).toMatch(/line 4, column 3/);
      expect(error.details).toEqual({ line: 4, column: 3 });
      expect(error.issues).toEqual([expect.objectContaining({ field: "file", code: "json-syntax" })]);
    }
    expect((await listAll()).total).toBe(7);
  });

  it("streams NDJSON progress, then the result", async () => {
    const replacement = JSON.stringify({
      number_blocks: [
        { name: "Trunk", prefix: "", regex: "!(^.*$)!sip:\\1@10.147.226.2!" },
        { name: "New block", prefix: "+4420", regex: "!(^.*$)!sip:\\1@uk.example.com!" },
      ],
    });
    const res = await postImport("?mode=replace&dryRun=false", replacement, {
      Accept: "application/x-ndjson",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/);
    const lines = await readLines(res);
    const last = lines.at(-1);
    expect(last?.type).toBe("result");
    expect(lines.slice(0, -1).every((line) => line.type === "progress")).toBe(true);
    expect(lines.filter((line) => line.type === "progress").length).toBeGreaterThan(0);
    expect(last).toMatchObject({ type: "result", result: { added: 1, removed: 6 } });
    expect((await listAll()).items.map((b) => b.prefix).sort()).toEqual(["", "+4420"]);
  });

  it("streams a failure as one error line with its status", async () => {
    const res = await postImport("?dryRun=false", GUIDE_ENUM_JSON, { Accept: "application/x-ndjson" });
    expect(res.status).toBe(200);
    const lines = await readLines(res);
    const last = lines.at(-1);
    expect(last).toMatchObject({ type: "error", error: { code: "validation", status: 422 } });
    expect((await listAll()).total).toBe(2);
  });

  it("answers 422 for bad options and 413 past 64 MB", async () => {
    const bad = await expectError(await postImport("?mode=append&dryRun=maybe", "{}"), 422, "validation");
    expect(bad.issues.map((i) => i.field).sort()).toEqual(["dryRun", "mode"]);

    const huge = " ".repeat(64 * 1024 * 1024 + 1);
    await expectError(await postImport("?dryRun=true", huge), 413, "too-large");
  });
});
