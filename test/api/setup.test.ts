// First run: with no users nothing works but /setup, which creates the first admin once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ORIGIN, expectError, readBody, removeTestDir, toRequest } from "./support";
import * as blocksRoute from "@/app/api/blocks/route";
import * as sessionRoute from "@/app/api/session/route";
import * as setupRoute from "@/app/api/setup/route";
import { getPrisma } from "@/lib/db/client";

afterAll(removeTestDir);

beforeAll(async () => {
  // support.ts signs in a user of each role; this file is about a console that has none.
  await getPrisma().user.deleteMany();
});

function setupRequest(username: string, password: string, origin: string | null = TEST_ORIGIN): Request {
  return toRequest("/api/setup", { method: "POST", json: { username, password }, as: "none", origin });
}

describe("first admin", () => {
  it("every API call says the console needs its first admin", async () => {
    const list = await expectError(
      await blocksRoute.GET(toRequest("/api/blocks", { as: "none" })),
      401,
      "unauthorized",
    );
    expect(list.message).toContain("needs its first admin");
    const create = await expectError(
      await blocksRoute.POST(
        toRequest("/api/blocks", { method: "POST", json: {}, as: "none", origin: TEST_ORIGIN }),
      ),
      401,
      "unauthorized",
    );
    expect(create.message).toContain("/setup");
    expect(await readBody(await sessionRoute.GET(toRequest("/api/session", { as: "none" })))).toEqual({
      user: null,
      via: null,
      needsSetup: true,
    });
  });

  it("refuses a weak password and a foreign origin, then creates the admin once", async () => {
    await expectError(await setupRoute.POST(setupRequest("root", "short")), 422, "validation");
    await expectError(
      await setupRoute.POST(setupRequest("root", "long enough password", "https://evil.example")),
      403,
      "forbidden",
    );
    const created = await setupRoute.POST(setupRequest("Root", "long enough password"));
    expect(created.status).toBe(201);
    expect(await readBody(created)).toMatchObject({ user: { username: "root", role: "admin" } });
    const cookie = created.headers.get("set-cookie")!.split(";")[0]!;
    const list = await blocksRoute.GET(
      new Request(`${TEST_ORIGIN}/api/blocks`, { headers: { Cookie: cookie } }),
    );
    expect(list.status).toBe(200);
    const again = await expectError(
      await setupRoute.POST(setupRequest("second", "another long password")),
      409,
      "conflict",
    );
    expect(again.message).toContain("already has an admin");
  });
});
