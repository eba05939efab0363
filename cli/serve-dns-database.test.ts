// enum-console serve-dns without --rules: the console's database (a real SQLite file),
// served through the embedded responder and following writes by other processes.
import { TEST_DATABASE_URL, migrateTestDatabase, removeTestDatabase } from "@/test/db/support";
import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createServerSource } from "@/lib/dns/client";
import { createNumberBlock } from "@/lib/db/blocks";
import { runServeDns } from "./serve-dns";
import { captureOutput, waitFor } from "./test-support";

/** The SIP host of the first NAPTR rule at `name`, or undefined when there is none. */
async function lookupTarget(address: string, name: string): Promise<string | undefined> {
  const found = await createServerSource([address], { timeoutMs: { min: 1000, max: 1000 } }).lookup(name);
  if (found.kind !== "answer") return undefined;
  return /@([^!]+)!$/.exec(found.rules[0]?.regexp ?? "")?.[1];
}

/** Writes a block from a separate process (test/dns/write-block.ts), as a CLI import would. */
function writeBlockInChild(prefix: string, regex: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["test/dns/write-block.ts", prefix, regex], {
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`write-block exited ${code}`));
    });
  });
}

beforeAll(async () => {
  await migrateTestDatabase();
  await createNumberBlock({ name: "Paris", prefix: "+331", regex: "!^(.*)$!sip:\\1@paris.example!" });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await removeTestDatabase();
});

describe("enum-console serve-dns (database)", () => {
  it("serves the database and follows another process's write within 2 s", async () => {
    const { out, err } = captureOutput();
    const stop = new AbortController();
    const running = runServeDns(["--port", "0"], { signal: stop.signal });
    const address = await waitFor(() => /on (127\.0\.0\.1:\d+) \(UDP and TCP\)/.exec(out.join(""))?.[1]);
    expect(out.join("")).toMatch(
      /serving zone e164\.arpa serial \d+ \(revision \d+\): \d+ names, \d+ NAPTR records from file:/,
    );
    expect(await lookupTarget(address, "9.8.7.1.3.3.e164.arpa")).toBe("paris.example");

    await writeBlockInChild("+332", "!^(.*)$!sip:\\1@lyon.example!");
    const written = Date.now();
    const target = await waitFor(() => lookupTarget(address, "9.8.7.2.3.3.e164.arpa"), 2000);
    expect(target).toBe("lyon.example");
    expect(Date.now() - written).toBeLessThanOrEqual(2000);

    stop.abort();
    expect(await running).toBe(0);
    expect(out.join("")).toMatch(/stopped serving on 127\.0\.0\.1:\d+/);
    expect(err.filter((line) => !line.startsWith("dns: "))).toEqual([]);
  });

  it("exits 2 with one line when the database has no schema", async () => {
    const { err } = captureOutput();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `${TEST_DATABASE_URL}-empty`;
    try {
      expect(await runServeDns(["--port", "0"])).toBe(2);
    } finally {
      process.env.DATABASE_URL = saved;
    }
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^enum-console: cannot read the database file:.*-empty \(.*\); create it with npm run db:setup\n$/,
    );
  });
});
