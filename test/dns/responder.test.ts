// The embedded responder with a real SQLite file and real UDP sockets on 127.0.0.1: rule
// changes through the route handlers are answered before the HTTP response returns, writes
// by another process are served within 2 s, a failed reload keeps the previous zone, and a
// busy port is reported and retried.
import { DATABASE_PATH, readBody, readText, removeTestDir, toContext, toRequest } from "@/test/api/support";
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getStatus } from "@/app/api/dns/status/route";
import { GET as getHealthRoute } from "@/app/api/health/route";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { PATCH as patchBlock } from "@/app/api/blocks/[id]/route";
import { POST as postBlock } from "@/app/api/blocks/route";
import { getSettings } from "@/lib/db/settings";
import { toRcodeName } from "@/lib/dns/answer";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { bumpRuleSetState } from "@/lib/db/state";
import type { DnsStatus, HealthStatus } from "@/lib/schemas/dns-status";
import {
  DEFAULT_POLL_MS,
  getResponderAddress,
  reloadResponder,
  startResponder,
  stopResponder,
  type ResponderConfig,
} from "@/lib/server/responder";
import { findFreePort } from "@/test/support/bind";

const CONFIG: ResponderConfig = {
  host: "127.0.0.1",
  port: 0,
  pollMs: DEFAULT_POLL_MS,
  bindRetryMs: 100,
  bindRetryMaxMs: 400,
  onBindFailure: "retry",
};

/** A number under +4420 and its EnumDomain. */
const EDITED_NAME = "4.3.2.1.0.2.4.4.e164.arpa";
/** A number under +4430 (written by the other process). */
const OTHER_NAME = "4.3.2.1.0.3.4.4.e164.arpa";
/** A number no block covers. */
const UNKNOWN_NAME = "9.9.9.9.e164.arpa";

interface Reply {
  readonly rcode: string;
  /** The host of each NAPTR rule's SIP URI ("edit-3.example"): the compiler may adjust the pattern (a `+`-only variant), never the target. */
  readonly targets: string[];
}

/** One NAPTR query over UDP; rejects after 2 s without a reply. */
async function queryUdp(name: string): Promise<Reply> {
  const address = getResponderAddress();
  if (address === null) throw new Error("the responder is not listening");
  const socket = dgram.createSocket("udp4");
  const id = Math.floor(Math.random() * 65535);
  try {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no reply for ${name}`));
      }, 2000);
      socket.on("message", (message) => {
        if (message.readUInt16BE(0) !== id) return;
        clearTimeout(timer);
        resolve(message);
      });
      socket.send(
        dnsPacket.encode({ type: "query", id, questions: [{ type: "NAPTR", name }] }),
        address.port,
        address.host,
      );
    });
    const decoded = dnsPacket.decode(reply);
    return {
      rcode: toRcodeName(reply.readUInt16BE(2) & 0x0f),
      targets: (decoded.answers ?? []).flatMap((answer) => {
        if (answer.type !== "NAPTR") return [];
        const host = /@([^!]+)!$/.exec((answer.data as { regexp: string }).regexp)?.[1];
        return host === undefined ? [] : [host];
      }),
    };
  } finally {
    socket.close();
  }
}

async function readStatus(search = ""): Promise<DnsStatus> {
  const res = await getStatus(toRequest(`/api/dns/status${search}`));
  expect(res.status).toBe(200);
  return readBody<DnsStatus>(res);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs test/dns/write-block.ts in a child process on this test's database. */
function writeBlockInChild(prefix: string, regex: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["test/dns/write-block.ts", prefix, regex], {
      env: { ...process.env, DATABASE_URL: `file:${DATABASE_PATH}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`write-block exited ${code}: ${stderr}`));
    });
  });
}

let editedId = "";
let editedVersion = 0;

beforeAll(async () => {
  await startResponder(CONFIG);
});

afterAll(async () => {
  await stopResponder();
  await disconnectPrisma();
  removeTestDir();
});

describe("the embedded responder serves the database's rules", () => {
  it("answers a block created through the API as soon as the response returns", async () => {
    const res = await postBlock(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "London edits", prefix: "+4420", regex: "!^(.*)$!sip:\\1@edit-0.example!" },
      }),
    );
    expect(res.status).toBe(201);
    const created = await readBody<{ id: string; version: number }>(res);
    editedId = created.id;
    editedVersion = created.version;
    expect(await queryUdp(EDITED_NAME)).toEqual({ rcode: "NOERROR", targets: ["edit-0.example"] });
  });

  it("answers 20 of 20 edits with the new rule in a UDP query sent right after the handler returns", async () => {
    const seen: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const regex = `!^(.*)$!sip:\\1@edit-${i}.example!`;
      const res = await patchBlock(
        toRequest(`/api/blocks/${editedId}`, { method: "PATCH", json: { regex, version: editedVersion } }),
        toContext(editedId),
      );
      expect(res.status).toBe(200);
      editedVersion = (await readBody<{ version: number }>(res)).version;
      const reply = await queryUdp(EDITED_NAME);
      if (reply.targets.includes(`edit-${i}.example`)) seen.push(regex);
    }
    expect(seen).toHaveLength(20);
    const status = await readStatus();
    expect(status.zone?.revision).toBe((await getSettings()).revision);
    // Each edit waited for its own reload: no reload was skipped, none ran twice per edit.
    expect(status.reload.reloads).toBeGreaterThanOrEqual(21);
  });

  it("serves a block written by another process within 2 s", async () => {
    await writeBlockInChild("+4430", "!^(.*)$!sip:\\1@other-process.example!");
    const committed = Date.now();
    const reply = await waitFor(async () => {
      const r = await queryUdp(OTHER_NAME);
      return r.rcode === "NOERROR" ? r : undefined;
    }, 2000);
    const elapsed = Date.now() - committed;
    expect(reply?.targets).toEqual(["other-process.example"]);
    expect(elapsed).toBeLessThanOrEqual(2000);
  });

  it("keeps serving the previous zone when a reload fails, and says why", async () => {
    const before = await readStatus();
    const servedRevision = before.zone?.revision;
    // Another process leaves a block the loader cannot read (a broken extraRules column).
    const other = await getPrisma().numberBlock.findUniqueOrThrow({ where: { prefix: "+4430" } });
    await getPrisma().$transaction(async (tx) => {
      await bumpRuleSetState(tx);
      await tx.numberBlock.update({ where: { id: other.id }, data: { extraRules: "not json" } });
    });
    // The edit itself succeeds (the change is stored); the responder cannot load it.
    const regex = "!^(.*)$!sip:\\1@after-failure.example!";
    const res = await patchBlock(
      toRequest(`/api/blocks/${editedId}`, { method: "PATCH", json: { regex, version: editedVersion } }),
      toContext(editedId),
    );
    expect(res.status).toBe(200);
    editedVersion = (await readBody<{ version: number }>(res)).version;

    expect(await queryUdp(EDITED_NAME)).toEqual({ rcode: "NOERROR", targets: ["edit-20.example"] });
    expect((await queryUdp(OTHER_NAME)).targets).toEqual(["other-process.example"]);
    const failed = await readStatus();
    expect(failed.zone?.revision).toBe(servedRevision);
    expect(failed.reload.lastError?.message).toMatch(/JSON/);
    expect(failed.reload.failures).toBeGreaterThan(before.reload.failures);

    const unhealthy = await getHealthRoute(toRequest("/api/health"));
    expect(unhealthy.status).toBe(503);
    const health = await readBody<HealthStatus>(unhealthy);
    expect(health.reason).toBe(
      `the DNS responder serves revision ${servedRevision}, the database is at ${(await getSettings()).revision} (last reload failed: ${failed.reload.lastError?.message})`,
    );

    // Repairing the row moves the revision again; the next reload serves everything.
    await getPrisma().$transaction(async (tx) => {
      await bumpRuleSetState(tx);
      await tx.numberBlock.update({ where: { id: other.id }, data: { extraRules: "[]" } });
    });
    await reloadResponder();
    expect((await queryUdp(EDITED_NAME)).targets).toEqual(["after-failure.example"]);
    const repaired = await readStatus();
    expect(repaired.reload.lastError).toBeNull();
    const healthy = await getHealthRoute(toRequest("/api/health"));
    expect(healthy.status).toBe(200);
    expect((await readBody<HealthStatus>(healthy)).responder.servedRevision).toBe(
      (await getSettings()).revision,
    );
  });

  it("logs queries, counts NXDOMAIN numbers and block hits, and exports metrics", async () => {
    const metricsBefore = await readText(await getMetrics(toRequest("/api/metrics")));
    const nxBefore = readSample(metricsBefore, 'enum_dns_queries_total{transport="udp",rcode="NXDOMAIN"}');
    expect((await queryUdp(UNKNOWN_NAME)).rcode).toBe("NXDOMAIN");
    expect((await queryUdp(UNKNOWN_NAME.toUpperCase())).rcode).toBe("NXDOMAIN");
    expect((await queryUdp(UNKNOWN_NAME)).rcode).toBe("NXDOMAIN");

    const status = await readStatus("?rcode=nxdomain&limit=3");
    expect(status.queryLog.map((row) => row.qname)).toEqual([
      UNKNOWN_NAME,
      UNKNOWN_NAME.toUpperCase(),
      UNKNOWN_NAME,
    ]);
    expect(status.queryLog.every((row) => row.rcode === "NXDOMAIN")).toBe(true);
    expect(status.queryLog[0]).toMatchObject({ qtype: "NAPTR", transport: "udp", client: "127.0.0.1" });
    expect(status.topNxdomain).toContainEqual({ qname: UNKNOWN_NAME, number: "9999", count: 2 });
    const hits = status.topBlocks.find((row) => row.blockId === editedId);
    expect(hits).toMatchObject({ prefix: "+4420", name: "London edits" });
    // The creation check, 20 edits, the failure checks and the repair check all asked for it.
    expect(hits?.hits).toBeGreaterThanOrEqual(23);

    const res = await getMetrics(toRequest("/api/metrics"));
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = await readText(res);
    expect(readSample(metrics, 'enum_dns_queries_total{transport="udp",rcode="NXDOMAIN"}')).toBe(
      nxBefore + 3,
    );
    expect(readSample(metrics, "enum_dns_zone_serial")).toBe(status.zone?.serial);
    expect(readSample(metrics, "enum_dns_zone_revision")).toBe((await getSettings()).revision);
    expect(readSample(metrics, "enum_dns_listening")).toBe(1);
    expect(readSample(metrics, 'enum_dns_query_duration_seconds_bucket{le="+Inf"}')).toBe(
      readSample(metrics, "enum_dns_query_duration_seconds_count"),
    );
    expect(metrics).toMatch(/^# TYPE enum_dns_query_duration_seconds histogram$/m);
  });
});

describe("a DNS port that cannot be bound", () => {
  it("is reported, retried, and bound once freed; the web side keeps working", async () => {
    await stopResponder();
    const port = await findFreePort();
    const blocker = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => {
      blocker.bind(port, "127.0.0.1", resolve);
    });
    try {
      await startResponder({ ...CONFIG, port });
      const busy = await readStatus();
      expect(busy.listener).toMatchObject({ listening: false, configured: `127.0.0.1:${port}` });
      expect(busy.listener.bindError?.message).toMatch(/EADDRINUSE/);
      expect(busy.zone).not.toBeNull();
      const health = await getHealthRoute(toRequest("/api/health"));
      expect(health.status).toBe(503);
      expect((await readBody<HealthStatus>(health)).reason).toMatch(/not listening on 127\.0\.0\.1:\d+/);
    } finally {
      blocker.close();
    }
    const listening = await waitFor(async () => {
      const status = await readStatus();
      return status.listener.listening ? status : undefined;
    }, 5000);
    expect(listening?.listener.sockets).toEqual([`udp 127.0.0.1:${port}`, `tcp 127.0.0.1:${port}`]);
    expect(listening?.listener.bindError).toBeNull();
    expect((await queryUdp(EDITED_NAME)).rcode).toBe("NOERROR");
    expect((await getHealthRoute(toRequest("/api/health"))).status).toBe(200);
  });

  it("rejects at start in the CLI's fail mode, leaving nothing running", async () => {
    const address = getResponderAddress();
    expect(address).not.toBeNull();
    await stopResponder();
    const blocker = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => {
      blocker.bind(address!.port, "127.0.0.1", resolve);
    });
    try {
      await expect(startResponder({ ...CONFIG, port: address!.port, onBindFailure: "fail" })).rejects.toThrow(
        /EADDRINUSE/,
      );
      expect((await readStatus()).enabled).toBe(false);
    } finally {
      blocker.close();
    }
    await startResponder(CONFIG);
  });
});

/** The value of one sample line (`name{labels} value`) of a Prometheus exposition. */
function readSample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no sample ${series}`);
  return Number(line.slice(series.length + 1));
}
