import { afterEach, describe, expect, it, vi } from "vitest";
import { createServerSource } from "@/lib/dns/client";
import { startDnsServer } from "@/lib/dns/server";
import { readGuideBlocks, toServedZone } from "@/test/support/dns-queries";
import { runServeDns } from "./serve-dns";
import { captureOutput, waitFor } from "./test-support";

const GUIDE_JSON = "test/fixtures/guide/enum.json";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("enum-console serve-dns", () => {
  it("serves the compiled rules on the printed address until stopped", async () => {
    const { out, err } = captureOutput();
    const stop = new AbortController();
    const running = runServeDns(["--rules", GUIDE_JSON, "--port", "0", "--serial", "42"], {
      signal: stop.signal,
    });
    const address = await waitFor(() => /on (127\.0\.0\.1:\d+) \(UDP and TCP\)/.exec(out.join(""))?.[1]);
    expect(out.join("")).toMatch(/serving zone e164\.arpa serial 42: \d+ names, \d+ NAPTR records/);
    const found = await createServerSource([address], { timeoutMs: { min: 2000, max: 2000 } }).lookup(
      "0.7.2.0.5.5.5.2.1.2.e164.arpa",
    );
    expect(found.kind === "answer" && found.rules[0]?.regexp).toBe("!(^.*$)!sip:\\1@10.147.226.2!");
    stop.abort();
    expect(await running).toBe(0);
    expect(out.join("")).toMatch(/stopped serving/);
    expect(err).toEqual([]);
  });

  it("stops on SIGTERM", async () => {
    const { out } = captureOutput();
    const running = runServeDns(["--rules", GUIDE_JSON, "--port", "0"]);
    await waitFor(() => (out.join("").includes("serving") ? true : undefined));
    process.emit("SIGTERM");
    expect(await running).toBe(0);
  });

  it.each([
    {
      args: ["--rules", GUIDE_JSON, "--database"],
      message: "serve-dns serves --rules FILE or --database, not both",
    },
    { args: ["--port", "0", "--serial", "3"], message: "--suffix and --serial go with --rules" },
    { args: ["--suffix", "example.org"], message: "--suffix and --serial go with --rules" },
    {
      args: ["--rules", GUIDE_JSON, "--port", "http"],
      message: '--port must be a number 0-65535, not "http"',
    },
    {
      args: ["--rules", GUIDE_JSON, "--port", "65536"],
      message: '--port must be a number 0-65535, not "65536"',
    },
    { args: ["--rules", GUIDE_JSON, "--host", "localhost"], message: "--host must be an IP address" },
    { args: ["--rules", GUIDE_JSON, "--serial", "1.5"], message: "--serial must be an integer" },
    {
      args: ["--rules", GUIDE_JSON, "--serial", "-1"],
      message: "Option '--serial' argument is ambiguous",
    },
    { args: ["--rules", GUIDE_JSON, "--bogus"], message: "Unknown option '--bogus'" },
    { args: ["--rules", GUIDE_JSON, "extra"], message: 'unexpected argument "extra"' },
    { args: ["--rules", "/nonexistent/enum.json", "--port", "0"], message: "cannot read the file (ENOENT)" },
  ])("exits 2 with one line for $args", async ({ args, message }) => {
    const { err } = captureOutput();
    expect(await runServeDns(args)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^enum-console: .*\n$/);
    expect(err[0]).toContain(message);
  });

  it("exits 2 with one line when the port is taken", async () => {
    const busy = await startDnsServer({
      host: "127.0.0.1",
      port: 0,
      getZone: () => toServedZone(readGuideBlocks()).zone,
    });
    try {
      const { err } = captureOutput();
      expect(await runServeDns(["--rules", GUIDE_JSON, "--port", String(busy.port)])).toBe(2);
      expect(err).toEqual([
        `enum-console: cannot listen on 127.0.0.1:${busy.port} (UDP): the address is already in use (EADDRINUSE): another server holds this port\n`,
      ]);
    } finally {
      await busy.close();
    }
  });
});
