import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseEnumJson } from "@/lib/enum/enum-json";

const run = promisify(execFile);
const ROOT = new URL("../", import.meta.url).pathname;
const GUIDE = "test/fixtures/guide";

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", ["bin/enum-console.js", ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("enum-console export", () => {
  it("writes the guide's zone as the golden file (after the title line)", async () => {
    const { code, stdout } = await cli(
      "export",
      "--format",
      "bind",
      "--rules",
      `${GUIDE}/enum.json`,
      "--serial",
      "2026112301",
    );
    expect(code).toBe(0);
    const golden = readFileSync(`${ROOT}${GUIDE}/export.bind.db`, "utf8");
    // The CLI's header also reports its check; the records must be the golden ones.
    const records = (text: string) => text.split("\n").filter((line) => !line.startsWith(";"));
    expect(records(stdout)).toEqual(records(golden));
    expect(stdout).toMatch(/^; Check passed: routes exactly like the rules/m);
  });

  it("round-trips enum.json", async () => {
    const { stdout } = await cli("export", "--format", "enum-json", "--rules", `${GUIDE}/enum.json`);
    const original = parseEnumJson(readFileSync(`${ROOT}${GUIDE}/enum.json`, "utf8"));
    const exported = parseEnumJson(stdout);
    expect(exported.ok && exported.value.entries.map((e) => e.block)).toEqual(
      original.ok && original.value.entries.map((e) => e.block),
    );
  });

  it("writes a dnsmasq config that names the catch-all it could not list", async () => {
    const { code, stdout } = await cli("export", "--format", "dnsmasq", "--rules", `${GUIDE}/enum.json`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# not listed: prefix "": a catch-all/m);
    expect(stdout).toContain(
      'naptr-record=0.7.2.0.5.5.5.2.1.2.e164.arpa,10,10,"u","E2U+sip","!(^.*$)!sip:\\\\1@10.147.226.2!"',
    );
  });

  it("refuses an unknown format with exit 2", async () => {
    const { code, stderr } = await cli("export", "--format", "tinydns", "--rules", `${GUIDE}/enum.json`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^enum-console: --format must be/);
  });
});

describe("enum-console check (equivalence)", () => {
  it.each(["bind", "dnsmasq"])("the generated %s export routes like the rules (exit 0)", async (format) => {
    const { code, stdout } = await cli("check", "--rules", `${GUIDE}/enum.json`, "--export", format);
    expect(code).toBe(0);
    expect(stdout).toMatch(/routes all \d+ checked numbers exactly as the enum\.json path/);
  });

  it("lists what the guide's hand-written zone misroutes (exit 1)", async () => {
    const { code, stdout } = await cli(
      "check",
      "--rules",
      `${GUIDE}/enum.json`,
      "--zone",
      `${GUIDE}/e164.arpa.db`,
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/routes \d+ of \d+ checked numbers differently/);
    expect(stdout).toContain(
      "+12125550270\n      enum.json: sip:+12125550270@ngv.example.com (routed)\n      DNS:       sip:+12125550270@10.147.226.2 (routed)",
    );
  });

  it("checks an existing dnsmasq config: the guide's lines put sip:\\1 on the wire", async () => {
    const { code, stdout } = await cli(
      "check",
      "--rules",
      `${GUIDE}/enum.json`,
      "--dnsmasq",
      `${GUIDE}/enum.dnsmasq`,
    );
    expect(code).toBe(1);
    expect(stdout).toContain("DNS:       sip:\\1@10.147.226.2 (not-uri)");
  });
});

describe("enum-console resolve --mode dns --rules", () => {
  it("resolves through the compiled zone and agrees with the enum.json path", async () => {
    const numbers = ["2125550275", "+12125550275", "+16505551234", "212"];
    const dns = await cli("resolve", "--rules", `${GUIDE}/enum.json`, "--mode", "dns", "--json", ...numbers);
    const json = await cli("resolve", "--rules", `${GUIDE}/enum.json`, "--json", ...numbers);
    const results = (text: string) =>
      text
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { result: string }).result);
    expect(dns.code).toBe(0);
    expect(results(dns.stdout)).toEqual(results(json.stdout));
    expect((JSON.parse(dns.stdout.split("\n")[0]!) as { queries: string[] }).queries).toEqual([
      "5.7.2.0.5.5.5.2.1.2.e164.arpa",
    ]);
  });
});
