// `enum-console test` as a pipeline runs it: the real CLI as a child process, exit codes 0/1/2.
// The database case uses a real migrated SQLite file (set up by test/api/support).
import { DATABASE_PATH } from "@/test/api/support";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createNumberBlock } from "@/lib/db/blocks";
import { disconnectPrisma } from "@/lib/db/client";
import { startDnsTestServer } from "@/test/support/dns-test-server";
import { removeTestDir } from "@/test/api/support";
import { runCli } from "./test-support";

const GUIDE_JSON = "test/fixtures/guide/enum.json";
const GUIDE_ZONE = "test/fixtures/guide/e164.arpa.db";
const TRUNK = "10.147.226.2";
const NGV = "ngv.example.com";

const TMP = mkdtempSync(path.join(tmpdir(), "enum-console-test-plan-"));
afterAll(async () => {
  await disconnectPrisma();
  removeTestDir();
  rmSync(TMP, { recursive: true, force: true });
});

function writePlan(name: string, lines: readonly string[]): string {
  const file = path.join(TMP, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** What the guide's rules really do (Sprout drops the +1650555 block). */
const PASSING_PLAN = [
  "number,expected,note",
  `2125550270,sip:2125550270@${TRUNK},demo system number`,
  `+1 (212) 555-0275,sip:+12125550275@${NGV}`,
  `+16505551234,sip:+16505551234@${TRUNK},the guide's +1650555 block is dropped`,
  "",
  "# a comment line",
];

/** A plan that expects what the guide's author meant: +16505551234 at ngv. */
const BROKEN_PLAN = [
  "number,expected",
  `2125550270,sip:2125550270@${TRUNK}`,
  `+16505551234,sip:6505551234@${NGV}`,
  "999,no-route",
];

describe("enum-console test", () => {
  it("exits 0 and prints a summary when every number passes", async () => {
    const run = await runCli(["test", writePlan("ok.csv", PASSING_PLAN), "--rules", GUIDE_JSON]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`3 numbers tested on enum.json ${GUIDE_JSON}: 3 passed, all passed.\n`);
  });

  it("exits 1 on a broken plan with a table of the failures", async () => {
    const run = await runCli(["test", writePlan("broken.csv", BROKEN_PLAN), "--rules", GUIDE_JSON]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]?.split(/\s{2,}/)).toEqual(["NUMBER", "EXPECTED", "ACTUAL", "PATH"]);
    // 999 falls under the guide's catch-all, so it routes to the trunk.
    expect(lines.slice(1, 3).map((line) => line.split(/\s{2,}/))).toEqual([
      ["+16505551234", `sip:6505551234@${NGV}`, `sip:+16505551234@${TRUNK}`, `enum.json ${GUIDE_JSON}`],
      ["999", "no-route", `sip:999@${TRUNK}`, `enum.json ${GUIDE_JSON}`],
    ]);
    expect(lines.at(-1)).toBe(`3 numbers tested on enum.json ${GUIDE_JSON}: 1 passed, 2 failed.`);
  });

  it("runs the same plan on the DNS path: the guide's own zone fails where the compiled zone passes", async () => {
    const plan = writePlan("dns.csv", PASSING_PLAN);
    const compiled = await runCli(["test", plan, "--rules", GUIDE_JSON, "--mode", "dns"]);
    expect(compiled.code).toBe(0);
    const zone = await runCli(["test", plan, "--zone", GUIDE_ZONE]);
    // The guide's zone sends +12125550275 to the trunk (enum-semantics.md §5).
    expect(zone.code).toBe(1);
    expect(zone.stdout).toContain(`+12125550275  sip:+12125550275@${NGV}  sip:+12125550275@${TRUNK}`);
  });

  it("runs against live servers: a SERVFAIL is a server-failure", async () => {
    const server = await startDnsTestServer(() => ({ kind: "rcode", rcode: "SERVFAIL" }));
    try {
      const plan = writePlan("live.csv", ["2125550270,server-failure", `2125550271,sip:2125550271@${TRUNK}`]);
      const run = await runCli(["test", plan, "--server", server.address]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^2125550271 +sip:2125550271@10\.147\.226\.2 +server-failure +DNS servers /m,
      );
      expect(run.stdout).toMatch(/2 numbers tested on DNS servers 127\.0\.0\.1:\d+: 1 passed, 1 failed\.\n$/);
    } finally {
      await server.close();
    }
  });

  it("exits 2 and lists every bad CSV line with its number", async () => {
    const plan = writePlan("bad.csv", [
      "number,expected",
      "2125550270,sip:ok@h",
      "21255502a0,no-route",
      "2125550271",
      "2125550272,maybe",
    ]);
    const run = await runCli(["test", plan, "--rules", GUIDE_JSON]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const located = run.stderr
      .trimEnd()
      .split("\n")
      .map((line) => /^enum-console: (.*?:\d+): /.exec(line)?.[1]);
    expect(located).toEqual([`${plan}:3`, `${plan}:4`, `${plan}:5`]);
  });

  it.each<[string, string[], RegExp]>([
    ["two sources", ["--rules", GUIDE_JSON, "--zone", GUIDE_ZONE], /at most one of/],
    ["an unknown profile", ["--rules", GUIDE_JSON, "--profile", "boost"], /--profile must be sprout or rfc/],
    ["a missing rules file", ["--rules", "nope.json"], /nope\.json: cannot read the file \(ENOENT\)/],
  ])("exits 2 on %s", async (_, args, message) => {
    const run = await runCli(["test", writePlan("usage.csv", PASSING_PLAN), ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("with no source, tests the console's database (DATABASE_URL)", async () => {
    await createNumberBlock({ name: "trunk", prefix: "", regex: `!(^.*$)!sip:\\1@${TRUNK}!` });
    await createNumberBlock({ name: "internal", prefix: "+1650555", regex: `!^\\+1(.*)$!sip:\\1@${NGV}!` });
    const env = { DATABASE_URL: `file:${DATABASE_PATH}` };
    const passing = writePlan("db.csv", [`+16505551234,sip:6505551234@${NGV}`, `+4420,sip:+4420@${TRUNK}`]);
    const run = await runCli(["test", passing], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^2 numbers tested on database file:.*api\.db \(revision \d+\): 2 passed, all passed\.\n$/,
    );
    const failing = await runCli(["test", writePlan("db-broken.csv", BROKEN_PLAN)], env);
    expect(failing.code).toBe(1);
  });
});
