// The CLI against a running console: a real HTTP server on 127.0.0.1 in front of the real
// route handlers, reached with an API token (enum-console export --url, enum-console import).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_DIR, TEST_USERS, removeTestDir } from "./support";
import * as exportBindRoute from "@/app/api/export/bind/route";
import * as exportEnumJsonRoute from "@/app/api/export/enum.json/route";
import * as importRoute from "@/app/api/import/route";
import { main } from "@/cli/main";
import { createApiToken } from "@/lib/db/tokens";

const ROUTES: Record<string, (req: Request) => Promise<Response>> = {
  "GET /api/export/bind": exportBindRoute.GET,
  "GET /api/export/enum.json": exportEnumJsonRoute.GET,
  "POST /api/import": importRoute.POST,
};

let server: Server;
let url = "";
const tokens = { write: "", read: "" };
const dir = mkdtempSync(join(TEST_DIR, "cli-"));
const SIP = "!(^.*$)!sip:\\1@example.com!";

async function toRequest(message: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(message.headers))
    if (typeof value === "string") headers.set(key, value);
  const method = message.method ?? "GET";
  return new Request(new URL(message.url ?? "/", base), {
    method,
    headers,
    ...(method === "GET" ? {} : { body: Buffer.concat(chunks) }),
  });
}

beforeAll(async () => {
  server = createServer((message, res) => {
    void (async () => {
      const req = await toRequest(message, url);
      const handler = ROUTES[`${req.method} ${new URL(req.url).pathname}`];
      const answer = handler === undefined ? new Response("no route", { status: 404 }) : await handler(req);
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokens.write = (
    await createApiToken(TEST_USERS.editor.id, { name: "ci", scopes: ["write", "export"], prefixes: [] })
  ).secret;
  tokens.read = (
    await createApiToken(TEST_USERS.viewer.id, { name: "reader", scopes: ["read"], prefixes: [] })
  ).secret;
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  removeTestDir();
});

/** Runs the CLI and captures what it prints. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi
    .spyOn(process.stdout, "write")
    .mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, "write")
    .mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("enum-console against a running console", () => {
  it("imports with a write token (dry run first), then downloads the BIND zone", async () => {
    const file = join(dir, "enum.json");
    writeFileSync(file, JSON.stringify({ number_blocks: [{ prefix: "+4420", regex: SIP, name: "London" }] }));
    const dry = await run(["import", file, "--url", url, "--token", tokens.write, "--dry-run"]);
    expect(dry).toMatchObject({ code: 0, stderr: "" });
    expect(dry.stdout).toContain("1 to add");
    const applied = await run(["import", file, "--url", url, "--token", tokens.write]);
    expect(applied.stdout).toMatch(/^imported: 1 added, 0 changed, 0 removed/);

    const zone = join(dir, "zone.db");
    const exported = await run([
      "export",
      "--format",
      "bind",
      "--url",
      url,
      "--token",
      tokens.write,
      "-o",
      zone,
    ]);
    expect(exported).toMatchObject({ code: 0 });
    expect(readFileSync(zone, "utf8")).toContain("sip:\\\\1@example.com");
  });

  it("reads ENUM_CONSOLE_URL and ENUM_CONSOLE_TOKEN", async () => {
    vi.stubEnv("ENUM_CONSOLE_URL", url);
    vi.stubEnv("ENUM_CONSOLE_TOKEN", tokens.write);
    try {
      const exported = await run(["export", "--format", "enum-json"]);
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout)).toMatchObject({ number_blocks: [{ prefix: "+4420" }] });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("prints the console's reason and exits 1 on 403 and 401; usage errors exit 2", async () => {
    const file = join(dir, "enum.json");
    const refused = await run(["import", file, "--url", url, "--token", tokens.read]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("403");
    expect(refused.stderr).toContain("403: Your role (viewer) cannot change number blocks.");
    const unknown = await run(["export", "--format", "bind", "--url", url, "--token", "ec_nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("401: The API token is not valid");
    expect((await run(["import", file, "--url", url])).code).toBe(2);
    expect(
      (await run(["import", file, "--url", url, "--token", tokens.write, "--mode", "sideways"])).code,
    ).toBe(2);
  });
});
