// The test plan's saved numbers against a real SQLite file: CRUD, search, CSV import/export.
import { migrateTestDatabase, removeTestDatabase } from "./support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { getPrisma } from "@/lib/db/client";
import { getRevision } from "@/lib/db/ruleset";
import {
  applyTestNumberImport,
  createTestNumber,
  deleteTestNumber,
  listAllTestNumbers,
  listTestNumbers,
  planTestNumberImport,
  renderTestPlanCsv,
  updateTestNumber,
} from "@/lib/db/test-numbers";

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);
beforeEach(async () => {
  await getPrisma().testNumber.deleteMany();
});

const NGV_275 = "sip:+12125550275@ngv.example.com";

async function catchAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("saved numbers", () => {
  it("stores the canonical AUS and expected result, and publishes no revision", async () => {
    const revision = await getRevision();
    const saved = await createTestNumber({
      number: " +1 (212) 555-0275 ",
      expected: NGV_275,
      note: " demo ",
    });
    expect(saved).toMatchObject({ number: "+12125550275", expected: NGV_275, note: "demo" });
    const token = await createTestNumber({ number: "999", expected: "NXDOMAIN" });
    expect(token.expected).toBe("no-route");
    expect(await getRevision()).toBe(revision);
  });

  it.each<[string, Record<string, string>, string, number | undefined]>([
    ["letters in the number", { number: "212555O275", expected: NGV_275 }, "number", 6],
    ["an empty number", { number: " ", expected: NGV_275 }, "number", undefined],
    ["an unknown expected result", { number: "2125550275", expected: "ok" }, "expected", 0],
  ])("refuses %s with the field and position", async (_, input, field, at) => {
    const error = await catchAppError(createTestNumber(input as { number: string; expected: string }));
    expect(error.code).toBe("validation");
    expect(error.issues[0]).toMatchObject({ field, ...(at !== undefined ? { at } : {}) });
  });

  it("refuses a number already saved in another form as a conflict", async () => {
    await createTestNumber({ number: "+12125550275", expected: NGV_275 });
    const error = await catchAppError(createTestNumber({ number: "+1 212 555 0275", expected: "no-route" }));
    expect(error.code).toBe("conflict");
    expect(error.issues[0]?.field).toBe("number");
  });

  it("updates and deletes; an unknown id is not-found", async () => {
    const saved = await createTestNumber({ number: "2125550270", expected: "no-route" });
    const updated = await updateTestNumber(saved.id, { expected: "SERVFAIL", note: "after the move" });
    expect(updated).toMatchObject({
      number: "2125550270",
      expected: "server-failure",
      note: "after the move",
    });
    await deleteTestNumber(saved.id);
    expect(await listAllTestNumbers()).toEqual([]);
    expect((await catchAppError(deleteTestNumber(saved.id))).code).toBe("not-found");
    expect((await catchAppError(updateTestNumber(saved.id, { note: "x" }))).code).toBe("not-found");
  });

  it("pages in number order and searches number, expected and note (% and _ literal)", async () => {
    for (const [number, note] of [
      ["2125550271", "a"],
      ["+12125550271", "b_c"],
      ["6505551234", "100%"],
      ["2125550270", "abc"],
    ] as const) {
      await createTestNumber({ number, expected: `sip:${number}@h`, note });
    }
    const first = await listTestNumbers({ page: 1, pageSize: 2 });
    expect(first.total).toBe(4);
    expect(first.items.map((n) => n.number)).toEqual(["+12125550271", "2125550270"]);
    const second = await listTestNumbers({ page: 2, pageSize: 2 });
    expect(second.items.map((n) => n.number)).toEqual(["2125550271", "6505551234"]);
    expect((await listTestNumbers({ page: 1, pageSize: 10, search: "555027" })).total).toBe(3);
    expect(
      (await listTestNumbers({ page: 1, pageSize: 10, search: "b_c" })).items.map((n) => n.note),
    ).toEqual(["b_c"]);
    expect((await listTestNumbers({ page: 1, pageSize: 10, search: "_" })).total).toBe(1);
    expect((await listTestNumbers({ page: 1, pageSize: 10, search: "%" })).total).toBe(1);
  });
});

describe("CSV import and export", () => {
  it("round-trips the plan through CSV", async () => {
    await createTestNumber({ number: "+12125550275", expected: NGV_275, note: 'quoted "note", with comma' });
    await createTestNumber({ number: "2125550270", expected: "not-uri:2125550270" });
    const csv = await renderTestPlanCsv();
    expect(csv.split("\r\n")[0]).toBe("number,expected,note");
    const before = await listAllTestNumbers();
    await getPrisma().testNumber.deleteMany();
    expect(await applyTestNumberImport(csv, "merge")).toEqual({
      added: 2,
      changed: 0,
      removed: 0,
      unchanged: 0,
    });
    const after = await listAllTestNumbers();
    expect(after.map(({ number, expected, note }) => ({ number, expected, note }))).toEqual(
      before.map(({ number, expected, note }) => ({ number, expected, note })),
    );
    expect((await planTestNumberImport(csv, "merge")).unchanged).toBe(2);
  });

  it("plans merge and replace: added, changed, removed, unchanged", async () => {
    await createTestNumber({ number: "2125550270", expected: "no-route" });
    await createTestNumber({ number: "2125550271", expected: "no-route" });
    await createTestNumber({ number: "2125550272", expected: "no-route" });
    const csv =
      "number,expected,note\n2125550270,no-route\n2125550271,sip:x@y\n+1 650 555 1234,no-route,new\n";
    const merge = await planTestNumberImport(csv, "merge");
    expect({
      added: merge.added.map((a) => [a.line, a.number.number]),
      changed: merge.changed.map((c) => [c.line, c.before.number, c.after.expected]),
      removed: merge.removed.length,
      unchanged: merge.unchanged,
      errors: merge.errors,
    }).toEqual({
      added: [[4, "+16505551234"]],
      changed: [[3, "2125550271", "sip:x@y"]],
      removed: 0,
      unchanged: 1,
      errors: [],
    });
    const replace = await planTestNumberImport(csv, "replace");
    expect(replace.removed.map((r) => r.number)).toEqual(["2125550272"]);
    expect(await applyTestNumberImport(csv, "replace")).toEqual({
      added: 1,
      changed: 1,
      removed: 1,
      unchanged: 1,
    });
    expect((await listAllTestNumbers()).map((n) => n.number)).toEqual([
      "+16505551234",
      "2125550270",
      "2125550271",
    ]);
  });

  it("lists every bad line and imports nothing (all or nothing)", async () => {
    await createTestNumber({ number: "2125550270", expected: "no-route" });
    const csv = [
      "number,expected",
      "2125550271,no-route",
      "21255502X2,no-route",
      "2125550273",
      "2125550274,routed",
      "212-555-0271,no-route",
      "2125550275,no-route,note,extra",
    ].join("\n");
    const plan = await planTestNumberImport(csv, "replace");
    expect(plan.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 1],
      [4, 2],
      [5, 2],
      [6, 1],
      [7, 4],
    ]);
    expect(plan.errors[0]?.message).toMatch(/"X" \(character 9\) is not one of them/);
    const error = await catchAppError(applyTestNumberImport(csv, "replace"));
    expect(error.code).toBe("validation");
    expect(error.issues).toHaveLength(5);
    expect(error.issues[0]?.message).toMatch(/^line 3, column 1: /);
    expect((await listAllTestNumbers()).map((n) => n.number)).toEqual(["2125550270"]);
  });
});
