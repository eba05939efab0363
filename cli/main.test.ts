// The real CLI as a child process: `node bin/enum-console.js ...` from the repository root.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { NaptrRule } from "@/lib/enum/naptr";
import type { DnsStep, JsonStep, Resolution } from "@/lib/enum/trace";
import { startDnsTestServer, type DnsTestServer } from "@/test/support/dns-test-server";
import { runCli, type RunResult } from "./test-support";

const GUIDE_JSON = "test/fixtures/guide/enum.json";
const GUIDE_ZONE = "test/fixtures/guide/e164.arpa.db";

/** stdout of a `--json` run: one Resolution per line. */
function parseJsonLines(stdout: string): Resolution[] {
  const lines = stdout.split("\n").filter((line) => line !== "");
  return lines.map((line) => JSON.parse(line) as Resolution);
}

const TMP = mkdtempSync(path.join(tmpdir(), "enum-console-cli-"));
afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
});

/** Writes a scratch input file and returns its path. */
function writeInput(name: string, text: string): string {
  const file = path.join(TMP, name);
  writeFileSync(file, text);
  return file;
}

describe("enum-console resolve --rules (the enum.json path)", () => {
  it("prints one JSON object per number with input, aus, result, uri, status, queries, trace", async () => {
    const run = await runCli([
      "resolve",
      "--rules",
      GUIDE_JSON,
      "--json",
      "2125550275",
      "+12125550275",
      "+16505551234",
      "212",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const resolutions = parseJsonLines(run.stdout);
    expect(resolutions.map((r) => [r.input, r.aus, r.result, r.uri, r.status, r.queries])).toEqual([
      [
        "2125550275",
        "2125550275",
        "sip:+12125550275@ngv.example.com",
        "sip:+12125550275@ngv.example.com",
        "routed",
        [],
      ],
      [
        "+12125550275",
        "+12125550275",
        "sip:+12125550275@ngv.example.com",
        "sip:+12125550275@ngv.example.com",
        "routed",
        [],
      ],
      // The +1650555 block is dropped: the trunk.
      [
        "+16505551234",
        "+16505551234",
        "sip:+16505551234@10.147.226.2",
        "sip:+16505551234@10.147.226.2",
        "routed",
        [],
      ],
      // Short-number quirk: block 2125550280.
      ["212", "212", "sip:+1212@ngv.example.com", "sip:+1212@ngv.example.com", "routed", []],
    ]);
    for (const r of resolutions) {
      expect(Object.keys(r).sort()).toEqual(["aus", "input", "queries", "result", "status", "trace", "uri"]);
      expect(r.trace).toMatchObject({ input: r.input, aus: r.aus, profile: "sprout", mode: "json" });
    }
    const steps = resolutions.map((r) => r.trace.steps[0] as JsonStep);
    expect(steps.map((s) => s.chosen?.prefix)).toEqual(["212555027", "+1212555027", "", "2125550280"]);
    expect(steps[2]!.skippedBlocks.map((s) => s.block.prefix)).toEqual(["+1650555"]);
    expect(steps[3]!.shortNumberQuirk).toBe(true);
  });

  it("readable output shows the AUS, the chosen block and the result", async () => {
    const run = await runCli(["resolve", "--rules", GUIDE_JSON, "+1 (650) 555-1234"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("+1 (650) 555-1234");
    expect(run.stdout).toMatch(/AUS\s+\+16505551234/);
    expect(run.stdout).toMatch(/block\s+#8 "NANP => SIP trunk", prefix ""/);
    expect(run.stdout).toMatch(/skipped\s+#7 prefix "\+1650555"/);
    expect(run.stdout).toMatch(/result\s+sip:\+16505551234@10\.147\.226\.2\s+\(routed\)/);
  });

  it("readable output says when the short-number quirk chose the block", async () => {
    const run = await runCli(["resolve", "--rules", GUIDE_JSON, "212"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /block\s+#4 "Clearwater external number 2125550280", prefix "2125550280"\s+\(short-number quirk\)/,
    );
    expect(run.stdout).toMatch(/result\s+sip:\+1212@ngv\.example\.com/);
  });

  it("--profile rfc applies the RFC profile", async () => {
    const rules = writeInput(
      "profile.json",
      JSON.stringify({ number_blocks: [{ prefix: "", regex: "!^\\+?(.*)$!sip:\\1@example.com!" }] }),
    );
    const sprout = parseJsonLines(
      (await runCli(["resolve", "--rules", rules, "--json", "+14155550100"])).stdout,
    );
    const rfc = parseJsonLines(
      (await runCli(["resolve", "--rules", rules, "--profile", "rfc", "--json", "+14155550100"])).stdout,
    );
    expect(sprout[0]!.result).toBe("sip:+14155550100@example.com");
    expect(rfc[0]!.result).toBe("sip:14155550100@example.com");
  });
});

describe("enum-console check", () => {
  it("exits 1 on the guide's file and names the +1650555 block", async () => {
    const run = await runCli(["check", "--rules", GUIDE_JSON]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("regex-invalid");
    expect(run.stdout).toContain("Clearwater internal numbers dialled with +1 prefix");
    expect(run.stdout).toContain("+1650555");
    expect(run.stdout).toMatch(/8 blocks checked \(sprout profile\): 1 errors/);
  });

  it("--json prints one lint per line, with the block and the position in its regex", async () => {
    const run = await runCli(["check", "--rules", GUIDE_JSON, "--json"]);
    expect(run.code).toBe(1);
    const lints = run.stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { code: string; severity: string; blocks: number[]; at?: number });
    expect(lints).toEqual([
      expect.objectContaining({ code: "regex-invalid", severity: "error", blocks: [6], at: 1 }),
    ]);
  });

  it("exits 0 when nothing is an error", async () => {
    const rules = writeInput(
      "clean.json",
      JSON.stringify({ number_blocks: [{ name: "all", prefix: "", regex: "!^(.*)$!sip:\\1@h!" }] }),
    );
    const run = await runCli(["check", "--rules", rules]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 blocks checked \(sprout profile\): 0 errors/);
  });

  it("lists a block Sprout would skip (prefix not a string) as an error", async () => {
    const rules = writeInput(
      "skip.json",
      '{\n  "number_blocks": [\n    { "prefix": 1, "regex": "!^(.*)$!sip:\\\\1@h!" }\n  ]\n}',
    );
    const run = await runCli(["check", "--rules", rules]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("block-prefix-not-string");
    expect(run.stdout).toContain("line 3");
  });
});

describe("enum-console resolve --zone (the DNS path over a BIND zone)", () => {
  it("+12125550275 reaches the trunk: the zone's order-1 rule does not parse", async () => {
    const run = await runCli(["resolve", "--zone", GUIDE_ZONE, "--json", "+12125550275"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [resolution] = parseJsonLines(run.stdout);
    expect(resolution).toMatchObject({
      input: "+12125550275",
      aus: "+12125550275",
      result: "sip:+12125550275@10.147.226.2",
      uri: "sip:+12125550275@10.147.226.2",
      status: "routed",
      queries: ["5.7.2.0.5.5.5.2.1.2.1.e164.arpa"],
    });
    const step = resolution!.trace.steps[0] as DnsStep;
    expect(step.owner).toBe("*.7.2.0.5.5.5.2.1.2.1.e164.arpa");
    expect(step.records.map((r) => r.verdict)).toEqual(["skipped", "chosen"]);
  });

  it("readable output shows the query, the records and the result", async () => {
    const run = await runCli(["resolve", "--zone", GUIDE_ZONE, "2125550275", "+1 650 123 4567"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/query\s+NAPTR 5\.7\.2\.0\.5\.5\.5\.2\.1\.2\.e164\.arpa/);
    expect(run.stdout).toMatch(/result\s+sip:\+12125550275@ngv\.example\.com\s+\(routed\)/);
    expect(run.stdout).toMatch(/answer\s+NXDOMAIN/);
    expect(run.stdout).toMatch(/result\s+""\s+\(failure\)/);
  });

  it("--suffix sets the zone's origin and the query names", async () => {
    const zone = writeInput(
      "private.db",
      '$TTL 60\n* IN NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\\\1@private!" .\n',
    );
    const run = await runCli([
      "resolve",
      "--zone",
      zone,
      "--suffix",
      "e164.arpa.ngv.example.com",
      "--json",
      "+1234",
    ]);
    expect(run.code).toBe(0);
    expect(parseJsonLines(run.stdout)[0]).toMatchObject({
      result: "sip:+1234@private",
      queries: ["4.3.2.1.e164.arpa.ngv.example.com"],
    });
  });
});

describe("enum-console: broken input is one line on stderr and exit code 2", () => {
  /** Asserts the single-line error shape and returns the line. */
  function expectOneLineError(run: RunResult): string {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^enum-console: /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toMatch(/internal error/);
    return lines[0]!;
  }

  it.each<[string, string, RegExp]>([
    // [why, file contents, what the line says]
    [
      "invalid JSON",
      '{\n  "number_blocks": [\n    {"prefix": "1", "regex": "!a!b!",}\n  ]\n}',
      /Not valid JSON.*\(line 3, column 38\)/,
    ],
    ["an empty file", "", /empty/],
    ["no number_blocks", '{\n  "blocks": []\n}', /no "number_blocks".*\(line 1, column 1\)/],
    ["number_blocks not an array", '{"number_blocks": {}}', /must be an array.*\(line 1, column 19\)/],
    ["a root array", "[]", /top level must be an object.*\(line 1, column 1\)/],
  ])("resolve and check --rules with %s", async (_why, text, says) => {
    const file = writeInput(`broken-${_why.replace(/\W+/g, "-")}.json`, text);
    for (const args of [
      ["resolve", "--rules", file, "1"],
      ["check", "--rules", file],
    ]) {
      const line = expectOneLineError(await runCli(args));
      expect(line).toContain(file);
      expect(line).toMatch(says);
    }
  });

  it.each<[string, string[]]>([
    ["a missing file", ["resolve", "--rules", "/nonexistent/enum.json", "1"]],
    ["a missing file for check", ["check", "--rules", "/nonexistent/enum.json"]],
    ["a missing zone file", ["resolve", "--zone", "/nonexistent/e164.arpa.db", "1"]],
    ["a directory", ["resolve", "--rules", "test/fixtures", "1"]],
  ])("an unreadable path: %s", async (_why, args) => {
    const line = expectOneLineError(await runCli(args));
    expect(line).toMatch(/cannot read the file \((ENOENT|EISDIR)\)/);
  });

  it("a zone with a syntax error names the file and the line", async () => {
    const zone = writeInput(
      "broken.db",
      '$TTL 60\n1 IN NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\\\1@h!" .\n2 IN NAPTR 10 10 "u" "E2U+sip" "!^.*$!x!"\n',
    );
    const line = expectOneLineError(await runCli(["resolve", "--zone", zone, "1"]));
    expect(line).toContain(`${zone}:3:`);
    expect(line).toMatch(/NAPTR/);
  });

  it.each<[string, string[], RegExp]>([
    ["an unknown option", ["resolve", "--rules", GUIDE_JSON, "--bogus", "1"], /--bogus/],
    ["an unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["no source", ["resolve", "1"], /exactly one of/],
    ["two sources", ["resolve", "--rules", GUIDE_JSON, "--zone", GUIDE_ZONE, "1"], /exactly one of/],
    ["no number", ["resolve", "--rules", GUIDE_JSON], /at least one NUMBER/],
    ["a bad profile", ["resolve", "--rules", GUIDE_JSON, "--profile", "glibc", "1"], /--profile/],
    ["a bad server", ["resolve", "--server", "ns.example.com", "1"], /--server/],
    ["check with a number", ["check", "--rules", GUIDE_JSON, "123"], /unexpected argument "123"/],
  ])("bad usage: %s", async (_why, args, says) => {
    expect(expectOneLineError(await runCli(args))).toMatch(says);
  });
});

describe("enum-console resolve --server (live servers, Sprout's failover)", () => {
  const servers: DnsTestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const TRUNK_RULE: NaptrRule = {
    order: 1,
    preference: 1,
    flags: "u",
    service: "E2U+sip",
    regexp: "!(^.*$)!sip:\\1@10.147.226.2!",
    replacement: ".",
  };

  it("resolves against a scripted server answering NAPTR", async () => {
    const server = await startDnsTestServer(() => ({ kind: "answer", rules: [TRUNK_RULE] }));
    servers.push(server);
    const run = await runCli(["resolve", "--server", server.address, "--json", "+12125550275"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [resolution] = parseJsonLines(run.stdout);
    expect(resolution).toMatchObject({
      result: "sip:+12125550275@10.147.226.2",
      status: "routed",
      queries: ["5.7.2.0.5.5.5.2.1.2.1.e164.arpa"],
    });
    expect(server.queries.map((q) => [q.name, q.type])).toEqual([
      ["5.7.2.0.5.5.5.2.1.2.1.e164.arpa", "NAPTR"],
    ]);
    expect(server.errors).toEqual([]);
  });

  it("fails over from a SERVFAIL on server 1 to an answer on server 2, and the trace shows both", async () => {
    const first = await startDnsTestServer(() => ({ kind: "rcode", rcode: "SERVFAIL" }));
    const second = await startDnsTestServer(() => ({ kind: "answer", rules: [TRUNK_RULE] }));
    servers.push(first, second);
    const run = await runCli([
      "resolve",
      "--server",
      `${first.address},${second.address}`,
      "--json",
      "2125550270",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [resolution] = parseJsonLines(run.stdout);
    expect(resolution).toMatchObject({ result: "sip:2125550270@10.147.226.2", status: "routed" });
    const step = resolution!.trace.steps[0] as DnsStep;
    expect(step.attempts?.map((a) => [a.server, a.outcome])).toEqual([
      [first.address, "SERVFAIL"],
      [second.address, "NOERROR"],
    ]);
    expect(first.queries).toHaveLength(1);
    expect(second.queries).toHaveLength(1);
  });

  it("NXDOMAIN from the server is a clean failure (no failover)", async () => {
    const first = await startDnsTestServer(() => ({ kind: "rcode", rcode: "NXDOMAIN" }));
    const second = await startDnsTestServer(() => ({ kind: "answer", rules: [TRUNK_RULE] }));
    servers.push(first, second);
    const run = await runCli([
      "resolve",
      "--server",
      `${first.address},${second.address}`,
      "--json",
      "2125550270",
    ]);
    expect(run.code).toBe(0);
    expect(parseJsonLines(run.stdout)[0]).toMatchObject({ result: "", status: "failure" });
    expect(second.queries).toHaveLength(0);
  });

  it("SERVFAIL from every server is a server failure", async () => {
    const only = await startDnsTestServer(() => ({ kind: "rcode", rcode: "SERVFAIL" }));
    servers.push(only);
    const run = await runCli(["resolve", "--server", only.address, "--json", "2125550270"]);
    expect(run.code).toBe(0);
    expect(parseJsonLines(run.stdout)[0]).toMatchObject({ result: "", status: "server-failure" });
  });
});
