// Route handlers for number blocks against a real SQLite file.
import { afterAll, describe, expect, it } from "vitest";
import { expectError, readBody, removeTestDir, toContext, toRequest } from "./support";
import * as collection from "@/app/api/blocks/route";
import * as single from "@/app/api/blocks/[id]/route";
import type { BlockListPage, NumberBlockRecord } from "@/lib/db/types";

afterAll(removeTestDir);

const SIP_TRUNK = "!(^.*$)!sip:\\1@10.147.226.2!";

async function createBlock(input: Record<string, unknown>): Promise<NumberBlockRecord> {
  const res = await collection.POST(toRequest("/api/blocks", { method: "POST", json: input }));
  const body = await readBody<NumberBlockRecord>(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function listBlocks(search: string): Promise<BlockListPage> {
  const res = await collection.GET(toRequest(`/api/blocks?${search}`));
  const body = await readBody<BlockListPage>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function getBlock(id: string): Promise<Response> {
  return single.GET(toRequest(`/api/blocks/${id}`), toContext(id));
}

describe("POST /api/blocks", () => {
  it("creates a block: 201, Location, defaults applied", async () => {
    const res = await collection.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "  Demo system number 2125550270 ", prefix: "2125550270", regex: SIP_TRUNK },
      }),
    );
    const block = await readBody<NumberBlockRecord>(res);
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe(`/api/blocks/${block.id}`);
    expect(block).toMatchObject({
      name: "Demo system number 2125550270",
      prefix: "2125550270",
      regex: SIP_TRUNK,
      enumservice: "E2U+sip",
      extraRules: [],
      enabled: true,
      notes: "",
    });
    expect(typeof block.version).toBe("number");
    expect(Number.isNaN(Date.parse(block.createdAt))).toBe(false);
  });

  it("keeps extra DNS-only NAPTR rules", async () => {
    const extraRules = [
      {
        order: 10,
        preference: 100,
        flags: "u",
        service: "E2U+pstn:tel",
        regexp: "!^(.*)$!tel:\\1;npdi;mcc=310;mnc=150!",
        replacement: ".",
      },
    ];
    const block = await createBlock({ name: "Ported", prefix: "+4420", regex: SIP_TRUNK, extraRules });
    expect(block.extraRules).toEqual(extraRules);
  });

  it("refuses a prefix that is not canonical: 422 on the prefix field", async () => {
    const res = await collection.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "Dashed", prefix: "212-555", regex: SIP_TRUNK },
      }),
    );
    const error = await expectError(res, 422, "validation");
    expect(error.issues).toEqual([
      expect.objectContaining({ field: "prefix", code: "prefix-not-canonical", at: 3 }),
    ]);
    expect(error.issues[0]?.message).toMatch(/optional \+ followed by digits/);
  });

  it("points at the character where the guide's +1650555 regex breaks (at 1)", async () => {
    const res = await collection.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: {
          name: "Clearwater internal numbers dialled with +1 prefix",
          prefix: "+1650555",
          regex: "!+1(^.*$)!sip:\\1@ngv.example.com!",
        },
      }),
    );
    const error = await expectError(res, 422, "validation");
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ field: "regex", at: 1 });
    expect(error.issues[0]?.message).toMatch(/\+/);
  });

  it("checks extra rules too, with the path and position of the problem", async () => {
    const res = await collection.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: {
          name: "Bad extra rule",
          prefix: "999",
          regex: SIP_TRUNK,
          extraRules: [
            { order: 1, preference: 1, flags: "u", service: "E2U+sip", regexp: SIP_TRUNK, replacement: "." },
            {
              order: 2,
              preference: 70000,
              flags: "u",
              service: "sip",
              regexp: "!(^.*$!x!",
              replacement: ".",
            },
          ],
        },
      }),
    );
    const error = await expectError(res, 422, "validation");
    const byField = new Map(error.issues.map((issue) => [issue.field, issue]));
    expect([...byField.keys()].sort()).toEqual([
      "extraRules.1.preference",
      "extraRules.1.regexp",
      "extraRules.1.service",
    ]);
    expect(byField.get("extraRules.1.regexp")).toMatchObject({ at: 1 });
  });

  it("answers 409 conflict for a prefix that is taken", async () => {
    await createBlock({ name: "First 777", prefix: "777", regex: SIP_TRUNK });
    const res = await collection.POST(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "Second 777", prefix: "777", regex: SIP_TRUNK },
      }),
    );
    await expectError(res, 409, "conflict");
  });

  it("answers 400 with the position for malformed JSON", async () => {
    const res = await collection.POST(
      toRequest("/api/blocks", {
        method: "POST",
        body: '{\n  "name": "x",\n  "prefix": 1,,\n}',
        headers: { "Content-Type": "application/json" },
      }),
    );
    const error = await expectError(res, 400, "bad-request");
    expect(error.message).toMatch(/line 3, column 15/);
    expect(error.details).toMatchObject({ line: 3, column: 15 });
  });

  it("answers 422 for a body that is not an object", async () => {
    const res = await collection.POST(toRequest("/api/blocks", { method: "POST", json: ["x"] }));
    const error = await expectError(res, 422, "validation");
    expect(error.issues[0]?.field).toBe("");
  });
});

describe("GET /api/blocks", () => {
  // Prefixes whose number order differs from plain string order ("+1212" sorts after "12").
  const fixtures = [
    { name: "Catch-all trunk", prefix: "" },
    { name: "NANP one", prefix: "1" },
    { name: "NANP twelve", prefix: "12" },
    { name: "International +1212", prefix: "+1212" },
    { name: "Manhattan 212555", prefix: "212555" },
    { name: "Zulu disabled", prefix: "3", enabled: false },
  ];
  const ids = new Map<string, string>();

  it("lists, paginates and sorts by prefix in number order", async () => {
    for (const f of fixtures) ids.set(f.prefix, (await createBlock({ regex: SIP_TRUNK, ...f })).id);
    const first = await listBlocks("name=list-none-match");
    expect(first).toMatchObject({ items: [], total: 0, page: 1, pageSize: 50 });

    const all = await listBlocks("pageSize=500&sort=prefix&dir=asc");
    const prefixes = all.items.map((b) => b.prefix).filter((p) => fixtures.some((f) => f.prefix === p));
    expect(prefixes).toEqual(["", "1", "12", "+1212", "212555", "3"]);

    const page2 = await listBlocks("page=2&pageSize=2&sort=prefix&dir=asc");
    expect(page2.page).toBe(2);
    expect(page2.pageSize).toBe(2);
    expect(page2.total).toBe(all.total);
    expect(page2.items.map((b) => b.id)).toEqual(all.items.slice(2, 4).map((b) => b.id));

    const desc = await listBlocks("pageSize=500&sort=prefix&dir=desc");
    expect(desc.items.map((b) => b.id)).toEqual([...all.items].reverse().map((b) => b.id));
  });

  it("sorts by name and by update time", async () => {
    const byName = await listBlocks("pageSize=500&sort=name&dir=asc");
    const names = byName.items.map((b) => b.name.toLowerCase());
    expect(names).toEqual([...names].sort());

    const byUpdated = await listBlocks("pageSize=500&sort=updated&dir=desc");
    const times = byUpdated.items.map((b) => Date.parse(b.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("filters by name (case-insensitive), enabled and lints", async () => {
    const nanp = await listBlocks("name=nAnP");
    expect(nanp.items.map((b) => b.name).sort()).toEqual(["NANP one", "NANP twelve"]);

    const disabled = await listBlocks("enabled=false&pageSize=500");
    expect(disabled.items.map((b) => b.prefix)).toEqual(["3"]);
    const enabled = await listBlocks("enabled=true&pageSize=500");
    const everything = await listBlocks("pageSize=500");
    expect(enabled.total + disabled.total).toBe(everything.total);

    const linted = await listBlocks("hasLints=true&pageSize=500");
    const clean = await listBlocks("hasLints=false&pageSize=500");
    expect(linted.items.every((b) => b.lintLevel > 0)).toBe(true);
    expect(clean.items.every((b) => b.lintLevel === 0)).toBe(true);
    expect(linted.total + clean.total).toBe(everything.total);
  });

  it("searches by number: the block the number lands in", async () => {
    const page = await listBlocks(`number=${encodeURIComponent("212-555-0275")}`);
    expect(page.numberMatch).toMatchObject({ aus: "2125550275", blockId: ids.get("212555") });
    expect(page.items.map((b) => b.id)).toContain(ids.get("212555"));
  });

  it("answers 422 for a bad query", async () => {
    const res = await collection.GET(toRequest("/api/blocks?pageSize=1000&sort=colour"));
    const error = await expectError(res, 422, "validation");
    expect(error.issues.map((i) => i.field).sort()).toEqual(["pageSize", "sort"]);
  });
});

describe("/api/blocks/:id", () => {
  it("gets a block, and 404 for an unknown id", async () => {
    const block = await createBlock({ name: "Gettable", prefix: "4411", regex: SIP_TRUNK });
    const res = await getBlock(block.id);
    expect(res.status).toBe(200);
    expect(await readBody(res)).toEqual(block);
    await expectError(await getBlock("no-such-block"), 404, "not-found");
  });

  it("updates with the current version and refuses a stale one (409 with current)", async () => {
    const block = await createBlock({ name: "Editable", prefix: "4412", regex: SIP_TRUNK });
    const patch = (json: unknown) =>
      single.PATCH(toRequest(`/api/blocks/${block.id}`, { method: "PATCH", json }), toContext(block.id));

    const res = await patch({ name: "Edited by Ann", version: block.version });
    const saved = await readBody<NumberBlockRecord>(res);
    expect(res.status).toBe(200);
    expect(saved).toMatchObject({ name: "Edited by Ann", prefix: "4412", regex: SIP_TRUNK });
    expect(saved.version).toBeGreaterThan(block.version);

    // Bob still has the old version.
    const error = await expectError(
      await patch({ name: "Edited by Bob", version: block.version }),
      409,
      "stale",
    );
    expect(error.current).toMatchObject({ id: block.id, name: "Edited by Ann", version: saved.version });
    const after = await readBody<NumberBlockRecord>(await getBlock(block.id));
    expect(after.name).toBe("Edited by Ann");
  });

  it("validates updates against the profile, and needs a version", async () => {
    const block = await createBlock({ name: "Validated", prefix: "4413", regex: SIP_TRUNK });
    const patch = (json: unknown) =>
      single.PATCH(toRequest(`/api/blocks/${block.id}`, { method: "PATCH", json }), toContext(block.id));
    const bad = await expectError(
      await patch({ regex: "!(a!b!", version: block.version }),
      422,
      "validation",
    );
    expect(bad.issues).toEqual([expect.objectContaining({ field: "regex", at: 1 })]);
    const noVersion = await expectError(await patch({ name: "x" }), 422, "validation");
    expect(noVersion.issues.map((i) => i.field)).toEqual(["version"]);
  });

  it("enables and disables a block", async () => {
    const block = await createBlock({ name: "Toggle", prefix: "4414", regex: SIP_TRUNK });
    const res = await single.PATCH(
      toRequest(`/api/blocks/${block.id}`, {
        method: "PATCH",
        json: { enabled: false, version: block.version },
      }),
      toContext(block.id),
    );
    const saved = await readBody<NumberBlockRecord>(res);
    expect(res.status).toBe(200);
    expect(saved).toMatchObject({ enabled: false, name: "Toggle" });
    expect(saved.version).toBeGreaterThan(block.version);
  });

  it("PATCH of an unknown id is 404", async () => {
    const res = await single.PATCH(
      toRequest("/api/blocks/missing", { method: "PATCH", json: { name: "x", version: 1 } }),
      toContext("missing"),
    );
    await expectError(res, 404, "not-found");
  });

  it("deletes at the current version (204), refuses a stale one, then 404", async () => {
    const block = await createBlock({ name: "Deletable", prefix: "4415", regex: SIP_TRUNK });
    const remove = (search: string) =>
      single.DELETE(toRequest(`/api/blocks/${block.id}${search}`, { method: "DELETE" }), toContext(block.id));

    const stale = await expectError(await remove(`?version=${block.version + 5}`), 409, "stale");
    expect(stale.current).toMatchObject({ id: block.id, version: block.version });
    await expectError(await remove("?version=abc"), 422, "validation");

    const res = await remove(`?version=${block.version}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectError(await getBlock(block.id), 404, "not-found");
    await expectError(await remove(`?version=${block.version}`), 404, "not-found");
  });
});
