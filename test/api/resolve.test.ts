// The preview, batch and lints route handlers against a real SQLite file seeded with the guide's
// blocks, and the live-server path against scripted DNS servers on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, readBody, readText, removeTestDir, toRequest } from "./support";
import * as blocksRoute from "@/app/api/blocks/route";
import * as lintsRoute from "@/app/api/lints/route";
import * as batchRoute from "@/app/api/resolve/batch/route";
import * as resolveRoute from "@/app/api/resolve/route";
import { parseNumberCsv, toCsv } from "@/lib/csv/number-csv";
import { seedGuideBlocks } from "@/lib/db/seed";
import type { BlockListPage } from "@/lib/db/types";
import type { DnsStep } from "@/lib/enum/trace";
import type { BatchLine, BatchRow, BatchSummary, LintsPage, ResolveResponse } from "@/lib/schemas/resolve";
import { startDnsTestServer, type DnsTestServer } from "@/test/support/dns-test-server";

const TRUNK = "10.147.226.2";
const NGV = "ngv.example.com";

beforeAll(async () => {
  const seeded = await seedGuideBlocks();
  expect(seeded.seeded).toBe(true);
});

afterAll(removeTestDir);

function postResolve(json: unknown): Promise<Response> {
  return resolveRoute.POST(toRequest("/api/resolve", { method: "POST", json }));
}

async function resolve(json: unknown): Promise<ResolveResponse> {
  const res = await postResolve(json);
  const body = await readBody<ResolveResponse>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

function postBatch(json: unknown, ndjson = false): Promise<Response> {
  return batchRoute.POST(
    toRequest("/api/resolve/batch", {
      method: "POST",
      json,
      ...(ndjson ? { headers: { Accept: "application/x-ndjson" } } : {}),
    }),
  );
}

describe("POST /api/resolve", () => {
  it.each<[string, string, string]>([
    // [dialed, aus, result on both paths] — the compiled zone routes exactly like enum.json.
    ["+1 (212) 555-0275", "+12125550275", `sip:+12125550275@${NGV}`],
    ["+16505551234", "+16505551234", `sip:+16505551234@${TRUNK}`],
    ["650 555 1234", "6505551234", `sip:6505551234@${NGV}`],
    ["2125550270", "2125550270", `sip:2125550270@${TRUNK}`],
  ])("resolves %j on the enum.json path and the console's zone alike", async (number, aus, result) => {
    const body = await resolve({ number });
    expect(body.aus).toBe(aus);
    expect(body.profile).toBe("sprout");
    expect(body.suffix).toBe("e164.arpa");
    expect(Object.keys(body.paths)).toEqual(["json", "dns"]);
    expect(body.paths.json?.result).toBe(result);
    expect(body.paths.dns?.result).toBe(result);
    expect(body.paths.dns?.queries[0]).toBe(
      `${aus.replace("+", "").split("").reverse().join(".")}.e164.arpa`,
    );
    expect(body.disagreements).toEqual([]);
  });

  it("carries the trace that says why +16505551234 reaches the trunk", async () => {
    const body = await resolve({ number: "+16505551234", paths: ["json"] });
    const step = body.paths.json?.trace.steps[0];
    expect(step).toMatchObject({
      kind: "json-prefix",
      chosen: { name: "NANP => SIP trunk", prefix: "" },
      skippedBlocks: [{ block: { prefix: "+1650555" } }],
    });
    // The page links both blocks to their edit pages.
    const blocks = await readBody<BlockListPage>(
      await blocksRoute.GET(toRequest("/api/blocks?pageSize=500")),
    );
    const idOf = (prefix: string) => blocks.items.find((b) => b.prefix === prefix)?.id;
    const named = step?.kind === "json-prefix" ? [step.chosen!, step.skippedBlocks[0]!.block] : [];
    expect(named.map((ref) => body.blockIds[ref.index])).toEqual([idOf(""), idOf("+1650555")]);
    expect(idOf("")).toBeDefined();
  });

  it("resolves under the profile asked for, not only the settings' one", async () => {
    // The rfc profile compiles the +1650555 block's regex no better, but it answers in its own name.
    const body = await resolve({ number: "+16505551234", profile: "rfc", paths: ["json"] });
    expect(body.profile).toBe("rfc");
    expect(body.paths.json?.trace.profile).toBe("rfc");
  });

  describe("the live-server path", () => {
    const servers: DnsTestServer[] = [];

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    it("fails over from a server answering SERVFAIL to one that answers, and reports the disagreement", async () => {
      const failing = await startDnsTestServer(() => ({ kind: "rcode", rcode: "SERVFAIL" }));
      const answering = await startDnsTestServer(() => ({
        kind: "answer",
        rules: [
          {
            order: 10,
            preference: 10,
            flags: "u",
            service: "E2U+sip",
            regexp: "!^(.*)$!sip:\\1@live.example!",
            replacement: ".",
          },
        ],
      }));
      servers.push(failing, answering);
      const body = await resolve({
        number: "+1 212 555 0275",
        paths: ["json", "server"],
        servers: [failing.address, answering.address],
      });
      expect(body.servers).toEqual([failing.address, answering.address]);
      expect(body.paths.server?.result).toBe("sip:+12125550275@live.example");
      const step = body.paths.server?.trace.steps[0] as DnsStep;
      expect(step.attempts?.map((a) => [a.server, a.outcome])).toEqual([
        [failing.address, "SERVFAIL"],
        [answering.address, "NOERROR"],
      ]);
      expect(failing.queries.map((q) => q.name)).toEqual(["5.7.2.0.5.5.5.2.1.2.1.e164.arpa"]);
      expect(body.disagreements).toEqual([
        {
          path: "server",
          json: `sip:+12125550275@${NGV}`,
          other: "sip:+12125550275@live.example",
          message: `The enum.json path gives "sip:+12125550275@${NGV}" (routed) but the live-server path gives "sip:+12125550275@live.example" (routed).`,
        },
      ]);
    });

    it("reports a server failure when every server refuses", async () => {
      const refusing = await startDnsTestServer(() => ({ kind: "rcode", rcode: "REFUSED" }));
      servers.push(refusing);
      const body = await resolve({ number: "2125550270", paths: ["server"], servers: [refusing.address] });
      expect(body.paths.server?.status).toBe("server-failure");
      expect((body.paths.server?.trace.steps[0] as DnsStep).attempts?.map((a) => a.outcome)).toEqual([
        "REFUSED",
      ]);
      expect(body.disagreements).toEqual([]);
    });
  });

  it.each<[string, unknown, string, number | undefined]>([
    // [case, body, field, at]
    ["an empty number", { number: "  " }, "number", undefined],
    ["letters in the number", { number: "+1 212 CALL-NOW" }, "number", 7],
    ["a number with no digits", { number: "+()" }, "number", undefined],
    [
      "a host name as server",
      { number: "212", paths: ["server"], servers: ["localhost:53"] },
      "servers.0",
      0,
    ],
    [
      "a port out of range",
      { number: "212", paths: ["server"], servers: ["127.0.0.1:70000"] },
      "servers.0",
      10,
    ],
    [
      "an IPv6 server without brackets",
      { number: "212", paths: ["server"], servers: ["::1:53"] },
      "servers.0",
      0,
    ],
    [
      "four servers",
      {
        number: "212",
        paths: ["server"],
        servers: ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3", "127.0.0.1:4"],
      },
      "servers",
      undefined,
    ],
    ["the server path without servers", { number: "212", paths: ["server"] }, "servers", undefined],
    ["an unknown path", { number: "212", paths: ["ldap"] }, "paths.0", undefined],
    ["no path", { number: "212", paths: [] }, "paths", undefined],
    ["an unknown profile", { number: "212", profile: "asterisk" }, "profile", undefined],
  ])("answers 422 for %s, naming the field and the position", async (_case, json, field, at) => {
    const error = await expectError(await postResolve(json), 422, "validation");
    expect(error.issues[0]).toMatchObject({ field, ...(at !== undefined ? { at } : {}) });
    if (at === undefined) expect(error.issues[0]?.at).toBeUndefined();
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await resolveRoute.POST(toRequest("/api/resolve", { method: "POST", body: "{number:" }));
    await expectError(res, 400, "bad-request");
  });
});

describe("POST /api/resolve/batch", () => {
  const CSV = toCsv(
    ["number", "expected", "note"],
    [
      ["+12125550275", `sip:+12125550275@${NGV}`, "as expected"],
      ["+16505551234", `sip:+16505551234@${NGV}`, "the guide meant ngv"],
      ["2125550270", null, ""],
      ["+1 (650) 123-4567", "none", "expects no route"],
    ],
  );

  it("resolves every row on both paths and flags the rows whose expectation fails", async () => {
    const res = await postBatch({ csv: CSV });
    const body = await readBody<{ rows: BatchRow[]; summary: BatchSummary }>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(
      body.rows.map((r) => [
        r.line,
        r.aus,
        r.results.json?.result,
        r.results.dns?.result,
        r.expectedMismatch,
      ]),
    ).toEqual([
      [2, "+12125550275", `sip:+12125550275@${NGV}`, `sip:+12125550275@${NGV}`, false],
      [3, "+16505551234", `sip:+16505551234@${TRUNK}`, `sip:+16505551234@${TRUNK}`, true],
      [4, "2125550270", `sip:2125550270@${TRUNK}`, `sip:2125550270@${TRUNK}`, false],
      [5, "+16501234567", `sip:+16501234567@${TRUNK}`, `sip:+16501234567@${TRUNK}`, true],
    ]);
    expect(body.rows.every((r) => !r.pathMismatch)).toBe(true);
    expect(body.summary).toMatchObject({
      rows: 4,
      expectedMismatches: 2,
      pathMismatches: 0,
      paths: ["json", "dns"],
    });
  });

  it("streams progress, rows and a summary as NDJSON", async () => {
    const numbers = Array.from({ length: 1_200 }, (_, i) => `+1212555${String(i).padStart(4, "0")}`);
    const res = await postBatch({ csv: numbers.join("\n") }, true);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await readText(res))
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as BatchLine);
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress[0]).toEqual({ type: "progress", done: 0, total: 1_200 });
    expect(progress.at(-1)).toEqual({ type: "progress", done: 1_200, total: 1_200 });
    const rows = lines.flatMap((l) => (l.type === "rows" ? l.rows : []));
    expect(rows.map((r) => r.number)).toEqual(numbers);
    // +1212555027x and +12125550280 are the guide's ngv numbers; the rest go to the trunk on both paths.
    expect(rows.filter((r) => r.results.json?.result.endsWith(NGV)).map((r) => r.number)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `+121255502${70 + i}`),
      "+12125550280",
    ]);
    expect(rows.every((r) => r.results.json?.result === r.results.dns?.result)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: "done", summary: { rows: 1_200, pathMismatches: 0 } });
  });

  it("compares the paths with each other: a live server that routes elsewhere is a path mismatch", async () => {
    const server = await startDnsTestServer(() => ({
      kind: "answer",
      rules: [
        {
          order: 1,
          preference: 1,
          flags: "u",
          service: "E2U+sip",
          regexp: "!(^.*$)!sip:\\1@10.147.226.2!",
          replacement: ".",
        },
      ],
    }));
    try {
      const res = await postBatch({
        csv: "+12125550275\n+16505551234\n",
        paths: ["json", "server"],
        servers: [server.address],
      });
      const body = await readBody<{ rows: BatchRow[]; summary: BatchSummary }>(res);
      expect(body.rows.map((r) => [r.number, r.results.server?.result, r.pathMismatch])).toEqual([
        ["+12125550275", `sip:+12125550275@${TRUNK}`, true],
        ["+16505551234", `sip:+16505551234@${TRUNK}`, false],
      ]);
      expect(body.summary.pathMismatches).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("refuses a CSV with bad lines, naming each line", async () => {
    const error = await expectError(
      await postBatch({ csv: "number,expected\n+12125550275\n212 CALL\n,sip:x@y\n" }),
      422,
      "validation",
    );
    expect(error.issues.map((i) => i.message)).toEqual([
      'Line 3: the letter "C" at character 5 is not part of a phone number: use digits, an optional leading +, spaces, brackets, dots or dashes.',
      "Line 4, column 1: the number is empty.",
    ]);
    expect(error.message).toMatch(/^The numbers cannot be run: Line 3: /);
  });

  it.each<[string, unknown, string, RegExp]>([
    ["no numbers", { csv: "number,expected\n# nothing yet\n" }, "csv", /There are no numbers to run/],
    [
      "more rows than a batch takes",
      { csv: Array.from({ length: 100_001 }, (_, i) => String(1_000_000 + i)).join("\n") },
      "csv",
      /A batch runs at most 100,000 numbers; this one has 100,001/,
    ],
    [
      "more rows than the live-server path takes",
      {
        csv: Array.from({ length: 2_001 }, (_, i) => String(1_000_000 + i)).join("\n"),
        paths: ["server"],
        servers: ["127.0.0.1:53"],
      },
      "paths",
      /The live-server path runs at most 2,000 numbers/,
    ],
  ])("refuses %s with a clear message", async (_case, json, field, message) => {
    const error = await expectError(await postBatch(json), 422, "validation");
    expect(error.message).toMatch(message);
    expect(error.issues[0]?.field).toBe(field);
  });

  it("round-trips its rows through the CSV reader", () => {
    const parsed = parseNumberCsv(CSV);
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows.map((r) => r.expected)).toEqual([
      `sip:+12125550275@${NGV}`,
      `sip:+16505551234@${NGV}`,
      null,
      "none",
    ]);
  });
});

describe("GET /api/lints", () => {
  async function getLints(search = ""): Promise<LintsPage> {
    const res = await lintsRoute.GET(toRequest(`/api/lints${search}`));
    const body = await readBody<LintsPage>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body;
  }

  it("lists the dropped +1650555 block as an error, linked to its block", async () => {
    const blocks = await readBody<BlockListPage>(
      await blocksRoute.GET(toRequest("/api/blocks?pageSize=500")),
    );
    const plus = blocks.items.find((b) => b.prefix === "+1650555");
    const page = await getLints("?severity=error");
    expect(page.counts.error).toBeGreaterThanOrEqual(1);
    expect(page.total).toBe(page.counts.error);
    const invalid = page.items.find((l) => l.code === "regex-invalid");
    expect(invalid).toMatchObject({
      severity: "error",
      blocks: [
        { id: plus?.id, prefix: "+1650555", name: "Clearwater internal numbers dialled with +1 prefix" },
      ],
      effect: "The client silently drops this block; its numbers fall to a shorter prefix.",
    });
    expect(page.items.every((l) => l.severity === "error")).toBe(true);
  });

  it("pages through every severity, errors first, with the same counts", async () => {
    const all = await getLints("?pageSize=500");
    const total = all.counts.error + all.counts.warning + all.counts.info;
    expect(all.total).toBe(total);
    expect(all.items).toHaveLength(total);
    const order = { error: 0, warning: 1, info: 2 } as const;
    const ranks = all.items.map((l) => order[l.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const second = await getLints("?pageSize=1&page=2");
    expect(second.items).toEqual(all.items.slice(1, 2));
    expect(second.counts).toEqual(all.counts);
  });

  it.each([
    ["?severity=fatal", "severity"],
    ["?pageSize=0", "pageSize"],
    ["?page=zero", "page"],
  ])("answers 422 for %s", async (search, field) => {
    const error = await expectError(
      await lintsRoute.GET(toRequest(`/api/lints${search}`)),
      422,
      "validation",
    );
    expect(error.issues[0]?.field).toBe(field);
  });
});

describe("access", () => {
  it("lets a tester resolve and run batches, a viewer only read the lints, and nobody unsigned", async () => {
    const resolveAs = (as: "tester" | "viewer" | "none") =>
      resolveRoute.POST(toRequest("/api/resolve", { method: "POST", json: { number: "212" }, as }));
    const batchAs = (as: "tester" | "viewer") =>
      batchRoute.POST(toRequest("/api/resolve/batch", { method: "POST", json: { csv: "212" }, as }));
    expect((await resolveAs("tester")).status).toBe(200);
    expect((await batchAs("tester")).status).toBe(200);
    await expectError(await resolveAs("viewer"), 403, "forbidden");
    await expectError(await batchAs("viewer"), 403, "forbidden");
    await expectError(await resolveAs("none"), 401, "unauthorized");
    expect((await lintsRoute.GET(toRequest("/api/lints", { as: "viewer" }))).status).toBe(200);
    await expectError(await lintsRoute.GET(toRequest("/api/lints", { as: "none" })), 401, "unauthorized");
  });
});
