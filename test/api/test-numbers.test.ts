// Route handlers of the test plan and the re-route check, against a real SQLite file.
import { afterAll, describe, expect, it } from "vitest";
import { expectError, readBody, readText, removeTestDir, toContext, toRequest } from "./support";
import * as blocks from "@/app/api/blocks/route";
import * as impact from "@/app/api/blocks/impact/route";
import * as collection from "@/app/api/test-numbers/route";
import * as single from "@/app/api/test-numbers/[id]/route";
import * as csv from "@/app/api/test-numbers/csv/route";
import * as run from "@/app/api/test-numbers/run/route";
import * as outcome from "@/app/api/test-numbers/outcome/route";
import * as importRoute from "@/app/api/import/route";
import type { NumberBlockRecord, TestNumberImportPlan, TestNumberRecord } from "@/lib/db/types";
import type {
  BlockImpact,
  ImportPreview,
  TestNumberResultPage,
  TestPlanRun,
} from "@/lib/schemas/test-numbers";

afterAll(removeTestDir);

const TRUNK_REGEX = "!(^.*$)!sip:\\1@10.147.226.2!";
const NGV_REGEX = "!(^.*$)!sip:\\1@ngv.example.com!";

async function createBlock(input: Record<string, unknown>): Promise<NumberBlockRecord> {
  const res = await blocks.POST(toRequest("/api/blocks", { method: "POST", json: input }));
  const body = await readBody<NumberBlockRecord>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function saveNumber(input: Record<string, unknown>): Promise<TestNumberRecord> {
  const res = await collection.POST(toRequest("/api/test-numbers", { method: "POST", json: input }));
  const body = await readBody<TestNumberRecord>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function postImpact(json: unknown): Promise<BlockImpact> {
  const res = await impact.POST(toRequest("/api/blocks/impact", { method: "POST", json }));
  const body = await readBody<BlockImpact>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

// One database for the file: the steps build on each other, in order.
describe("test plan over HTTP", () => {
  let catchAll: NumberBlockRecord;
  let internal: NumberBlockRecord;
  let saved: TestNumberRecord;

  it("saves numbers (201) and refuses bad ones with field issues (422) and duplicates (409)", async () => {
    catchAll = await createBlock({ name: "NANP => SIP trunk", prefix: "", regex: TRUNK_REGEX });
    internal = await createBlock({ name: "internal", prefix: "650555", regex: NGV_REGEX });
    saved = await saveNumber({ number: "650-555-1234", expected: "sip:6505551234@ngv.example.com" });
    expect(saved.number).toBe("6505551234");
    await saveNumber({ number: "+442071234567", expected: "sip:+442071234567@10.147.226.2", note: "UK" });

    const bad = await collection.POST(
      toRequest("/api/test-numbers", { method: "POST", json: { number: "65O5551234", expected: "yes" } }),
    );
    const error = await expectError(bad, 422, "validation");
    expect(error.issues.map((i) => [i.field, i.at])).toEqual([
      ["number", 2],
      ["expected", 0],
    ]);
    const duplicate = await collection.POST(
      toRequest("/api/test-numbers", {
        method: "POST",
        json: { number: "6505551234", expected: "no-route" },
      }),
    );
    await expectError(duplicate, 409, "conflict");
  });

  it("lists saved numbers with their current result", async () => {
    const res = await collection.GET(toRequest("/api/test-numbers?search=650"));
    const page = await readBody<TestNumberResultPage>(res);
    expect(res.status).toBe(200);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      number: "6505551234",
      actual: "sip:6505551234@ngv.example.com",
      passed: true,
    });
    await expectError(await collection.GET(toRequest("/api/test-numbers?pageSize=0")), 422, "validation");
  });

  it("shows the saved numbers an import would re-route in its dry run", async () => {
    const body = JSON.stringify({ number_blocks: [{ name: "UK", prefix: "+44", regex: NGV_REGEX }] });
    const res = await importRoute.POST(
      toRequest("/api/import?mode=merge&dryRun=true", { method: "POST", body }),
    );
    const preview = await readBody<ImportPreview>(res);
    expect(res.status, JSON.stringify(preview)).toBe(200);
    expect(preview.added).toHaveLength(1);
    expect(preview.impact.checked).toBe(2);
    expect(preview.impact.reroutes.map((r) => [r.number, r.after])).toEqual([
      ["+442071234567", "sip:+442071234567@ngv.example.com"],
    ]);
  });

  it("shows the saved numbers a block edit would re-route, before it is saved", async () => {
    const edit = await postImpact({
      kind: "update",
      id: internal.id,
      block: { regex: "!(^.*$)!sip:\\1@other.example.com!" },
    });
    expect(edit).toMatchObject({
      checked: 2,
      breaks: 1,
      reroutes: [
        {
          number: "6505551234",
          before: "sip:6505551234@ngv.example.com",
          after: "sip:6505551234@other.example.com",
          breaks: true,
        },
      ],
    });
    // A draft whose regex Sprout drops: the number falls through to the trunk.
    const broken = await postImpact({ kind: "update", id: internal.id, block: { regex: "!+1(.*)!x!" } });
    expect(broken.reroutes.map((r) => r.after)).toEqual(["sip:6505551234@10.147.226.2"]);
    const disable = await postImpact({ kind: "disable", id: catchAll.id });
    expect(disable.reroutes.map((r) => [r.number, r.after])).toEqual([["+442071234567", "no-route"]]);
    const create = await postImpact({
      kind: "create",
      block: { name: "UK", prefix: "+44", regex: NGV_REGEX, enabled: true },
    });
    expect(create.reroutes.map((r) => r.number)).toEqual(["+442071234567"]);
    const createDisabled = await postImpact({
      kind: "create",
      block: { name: "UK", prefix: "+44", regex: NGV_REGEX, enabled: false },
    });
    expect(createDisabled.reroutes).toEqual([]);
    // Unchanged rules: nothing moves, and nothing was saved by the checks above.
    expect((await postImpact({ kind: "enable", id: internal.id })).reroutes).toEqual([]);
    expect((await postImpact({ kind: "delete", id: internal.id })).breaks).toBe(1);

    const unknown = await impact.POST(
      toRequest("/api/blocks/impact", { method: "POST", json: { kind: "delete", id: "nope" } }),
    );
    await expectError(unknown, 404, "not-found");
    const badKind = await impact.POST(
      toRequest("/api/blocks/impact", { method: "POST", json: { kind: "rename", id: internal.id } }),
    );
    await expectError(badKind, 422, "validation");
  });

  it("runs the plan: pass and fail with the actual result", async () => {
    const patch = await single.PATCH(
      toRequest(`/api/test-numbers/${saved.id}`, {
        method: "PATCH",
        json: { expected: "sip:6505551234@elsewhere" },
      }),
      toContext(saved.id),
    );
    expect(patch.status).toBe(200);
    const res = await run.POST(toRequest("/api/test-numbers/run", { method: "POST" }));
    const body = await readBody<TestPlanRun>(res);
    expect(body).toMatchObject({ total: 2, passed: 1, failed: 1, profile: "sprout" });
    expect(body.results.find((r) => !r.passed)).toEqual({
      number: "6505551234",
      expected: "sip:6505551234@elsewhere",
      actual: "sip:6505551234@ngv.example.com",
      passed: false,
    });
  });

  it("exports the plan as CSV and uploads it back (dry run, then replace)", async () => {
    const download = await csv.GET(toRequest("/api/test-numbers/csv"));
    expect(download.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(download.headers.get("Content-Disposition")).toBe('attachment; filename="test-plan.csv"');
    const text = await readText(download);
    expect(text).toBe(
      "number,expected,note\r\n+442071234567,sip:+442071234567@10.147.226.2,UK\r\n" +
        "6505551234,sip:6505551234@elsewhere,\r\n",
    );

    const del = await single.DELETE(
      toRequest(`/api/test-numbers/${saved.id}`, { method: "DELETE" }),
      toContext(saved.id),
    );
    expect(del.status).toBe(204);
    await expectError(
      await single.DELETE(
        toRequest(`/api/test-numbers/${saved.id}`, { method: "DELETE" }),
        toContext(saved.id),
      ),
      404,
      "not-found",
    );

    const dry = await csv.POST(
      toRequest("/api/test-numbers/csv?mode=replace", { method: "POST", body: text }),
    );
    const plan = await readBody<TestNumberImportPlan>(dry);
    expect(plan.added.map((a) => a.number.number)).toEqual(["6505551234"]);
    expect(plan.unchanged).toBe(1);
    const applied = await csv.POST(
      toRequest("/api/test-numbers/csv?mode=replace&dryRun=false", { method: "POST", body: text }),
    );
    expect(await readBody(applied)).toEqual({ added: 1, changed: 0, removed: 0, unchanged: 1 });
    const again = await readText(await csv.GET(toRequest("/api/test-numbers/csv")));
    expect(again).toBe(text);

    const broken = await csv.POST(
      toRequest("/api/test-numbers/csv?dryRun=false", {
        method: "POST",
        body: "number,expected\n12a,no-route\n",
      }),
    );
    const error = await expectError(broken, 422, "validation");
    expect(error.issues[0]?.message).toMatch(/^line 2, column 1: /);
  });
});

describe("who may use the test plan", () => {
  it("lets a viewer read the plan and check a change, but not change or run it", async () => {
    expect((await collection.GET(toRequest("/api/test-numbers", { as: "viewer" }))).status).toBe(200);
    const impactRes = await impact.POST(
      toRequest("/api/blocks/impact", {
        method: "POST",
        json: { kind: "create", block: { name: "x", prefix: "+33", regex: NGV_REGEX } },
        as: "viewer",
      }),
    );
    expect(impactRes.status).toBe(200);
    const create = await collection.POST(
      toRequest("/api/test-numbers", {
        method: "POST",
        json: { number: "+33123", expected: "no-route" },
        as: "viewer",
      }),
    );
    await expectError(create, 403, "forbidden");
    await expectError(
      await run.POST(toRequest("/api/test-numbers/run", { method: "POST", as: "viewer" })),
      403,
      "forbidden",
    );
    await expectError(
      await collection.GET(toRequest("/api/test-numbers", { as: "none" })),
      401,
      "unauthorized",
    );
  });

  it("lets a tester save a number", async () => {
    const res = await collection.POST(
      toRequest("/api/test-numbers", {
        method: "POST",
        json: { number: "+33 1 23", expected: "no-route" },
        as: "tester",
      }),
    );
    expect(res.status).toBe(201);
  });
});

describe("POST /api/test-numbers/outcome", () => {
  it("gives the current result of a number as an expected result, and refuses letters", async () => {
    const res = await outcome.POST(
      toRequest("/api/test-numbers/outcome", { method: "POST", json: { number: "+44 20 7123 4567" } }),
    );
    expect(await readBody(res)).toMatchObject({
      number: "+442071234567",
      actual: "sip:+442071234567@10.147.226.2",
    });
    const bad = await outcome.POST(
      toRequest("/api/test-numbers/outcome", { method: "POST", json: { number: "+44 2O" } }),
    );
    const error = await expectError(bad, 422, "validation");
    expect(error.issues[0]).toMatchObject({ field: "number", at: 5 });
  });
});
