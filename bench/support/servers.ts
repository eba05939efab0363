// DNS servers for bench/dns as separate processes (so each can be pinned to a core): the
// embedded responder through `enum-console serve-dns`, Knot, and helpers to pin a process,
// read its memory and wait until it answers. BIND comes from test/support/bind.ts.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@/test/support/bind";

/** Where Debian's knot package puts knotd; override with KNOTD_PATH. */
export const KNOTD_PATH = process.env.KNOTD_PATH ?? "/usr/sbin/knotd";

/** A server process under test. */
export interface BenchServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  /** The process's stdout/stderr tail, for failure messages. */
  readOutput(): string;
  /** SIGTERM, SIGKILL after 5 s; removes its temporary files. */
  stop(): Promise<void>;
}

/** Resident memory of a process (kB): now, and the high-water mark, from /proc/PID/status. */
export interface Rss {
  readonly rssKb: number;
  readonly hwmKb: number;
}

/** Reads VmRSS and VmHWM of `pid` (Linux /proc). */
export function readRss(pid: number): Rss {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
}

/** Clock ticks per second of /proc/PID/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * CPU seconds `pid` has used so far, user plus system, all threads (/proc/PID/stat fields
 * 14 and 15). Queries answered per CPU second is what a server can do on one core, whatever
 * else the machine runs at the time.
 */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Pins every thread of `pid` to `cpu` (taskset -a: named and knotd start several threads). */
export function pinProcess(pid: number, cpu: number): void {
  execFileSync("taskset", ["-a", "-p", "-c", String(cpu), String(pid)], { stdio: "ignore" });
}

/**
 * Sends an SOA query for `apex` to 127.0.0.1:`port` every 100 ms until a reply arrives;
 * rejects after `timeoutMs` or when `exited` settles first.
 */
export async function waitUntilAnswering(
  port: number,
  apex: string,
  timeoutMs: number,
  exited: Promise<unknown>,
): Promise<void> {
  const query = encodeSoaQuery(apex);
  const socket = dgram.createSocket("udp4");
  const state = { gone: false };
  void exited.then(() => {
    state.gone = true;
  });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (state.gone) throw new Error("the server exited before answering");
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          socket.off("message", onMessage);
          resolve(false);
        }, 100);
        const onMessage = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        socket.once("message", onMessage);
        socket.send(query, port, "127.0.0.1");
      });
      if (answered) return;
    }
    throw new Error(`no answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
  } finally {
    socket.close();
  }
}

function encodeSoaQuery(apex: string): Buffer {
  const labels = apex.split(".").filter((l) => l !== "");
  const parts = [Buffer.from([0x42, 0x42, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])];
  for (const label of labels) parts.push(Buffer.from([label.length]), Buffer.from(label, "ascii"));
  parts.push(Buffer.from([0, 0, 6, 0, 1]));
  return Buffer.concat(parts);
}

/** Spawns a server, collects its output, and stops it by PID. */
function spawnServer(
  name: string,
  command: string,
  args: readonly string[],
  port: number,
  directory: string | null,
): { server: BenchServer; exited: Promise<void> } {
  const child: ChildProcess = spawn(command, [...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
    child.once("error", (error) => {
      output += `\n${error.message}`;
      resolve();
    });
  });
  const server: BenchServer = {
    name,
    pid: child.pid ?? -1,
    port,
    readOutput: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (directory !== null) await rm(directory, { recursive: true, force: true });
    },
  };
  return { server, exited };
}

/** Starts a spawned server and waits until it answers, stopping it on failure. */
async function startSpawned(
  spawned: { server: BenchServer; exited: Promise<void> },
  apex: string,
  timeoutMs: number,
): Promise<BenchServer> {
  try {
    await waitUntilAnswering(spawned.server.port, apex, timeoutMs, spawned.exited);
  } catch (error) {
    await spawned.server.stop();
    throw new Error(
      `${spawned.server.name}: ${(error as Error).message}\n--- output ---\n${spawned.server.readOutput()}`,
      { cause: error },
    );
  }
  return spawned.server;
}

/**
 * Starts `enum-console serve-dns --rules <rulesFile>` (the shipped CLI, through
 * bin/enum-console.js) on a free port of 127.0.0.1 and waits until it answers.
 */
export async function startResponder(
  rulesFile: string,
  apex: string,
  serial: number,
  timeoutMs = 120_000,
): Promise<BenchServer> {
  const port = await findFreePort();
  const bin = new URL("../../bin/enum-console.js", import.meta.url).pathname;
  const args = [bin, "serve-dns", "--rules", rulesFile, "--host", "127.0.0.1"];
  args.push("--port", String(port), "--serial", String(serial));
  return startSpawned(spawnServer("responder", process.execPath, args, port, null), apex, timeoutMs);
}

/**
 * Starts knotd with a minimal configuration: one UDP and one TCP worker, the zone file as
 * the only source (no journal, never written back), semantic checks off (the compiled zone
 * names `localhost` as its NS, which Knot's checks would reject for lacking glue).
 */
export async function startKnot(apex: string, zoneText: string, timeoutMs = 120_000): Promise<BenchServer> {
  const directory = await mkdtemp(path.join(tmpdir(), "enum-knot-"));
  const port = await findFreePort();
  const zoneFile = path.join(directory, "zone.db");
  await writeFile(zoneFile, zoneText);
  const conf = path.join(directory, "knot.conf");
  await writeFile(
    conf,
    [
      "server:",
      `  rundir: "${directory}"`,
      `  listen: 127.0.0.1@${port}`,
      "  udp-workers: 1",
      "  tcp-workers: 1",
      "  background-workers: 1",
      "database:",
      `  storage: "${directory}"`,
      "log:",
      "  - target: stderr",
      "    any: warning",
      "zone:",
      `  - domain: ${apex}`,
      `    file: "${zoneFile}"`,
      "    semantic-checks: off",
      "    journal-content: none",
      "    zonefile-sync: -1",
      "    zonefile-load: whole",
      "",
    ].join("\n"),
  );
  return startSpawned(spawnServer("Knot", KNOTD_PATH, ["-c", conf], port, directory), apex, timeoutMs);
}
