/**
 * Runs a real BIND (`named`) for interop tests: a fresh temporary directory with its own
 * named.conf, authoritative only, listening on 127.0.0.1 at a free high port, stopped by
 * PID. Tests that need it use {@link describeWithBind}: skipped locally without BIND,
 * failed in CI (where a missing BIND means the workflow forgot to install it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import dgram from "node:dgram";
import { tmpdir } from "node:os";
import path from "node:path";
import { describeRequiring } from "./requires";
import { createServerSource } from "@/lib/dns/client";

/** Where Debian's bind9 package puts named; override with NAMED_PATH. */
export const NAMED_PATH = process.env.NAMED_PATH ?? "/usr/sbin/named";

/** A zone to serve: its origin (no trailing dot) and master-file text. */
export interface BindZone {
  readonly origin: string;
  readonly text: string;
}

/** Options for {@link startBind}. */
export interface StartBindOptions {
  /** How long to wait for every zone to answer. Default 15 s. */
  readonly startTimeoutMs?: number;
  /** How long after SIGTERM before SIGKILL. Default 5 s. */
  readonly stopTimeoutMs?: number;
}

/** A running named. */
export interface BindServer {
  readonly port: number;
  /** "127.0.0.1:<port>", as the client takes it. */
  readonly address: string;
  readonly pid: number;
  readonly directory: string;
  /** named's stderr/stdout so far (the tail), for failure messages. */
  readOutput(): string;
  /** SIGTERM, then SIGKILL after the stop timeout; removes the temporary directory. */
  stop(): Promise<void>;
}

/** Whether an executable named is installed. */
export function isBindInstalled(): boolean {
  try {
    accessSync(NAMED_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for suites that need BIND. Without BIND: skipped locally, but in CI
 * (`process.env.CI` set) the suite fails with a message saying what to install.
 */
export function describeWithBind(title: string, body: () => void): void {
  describeRequiring(
    title,
    isBindInstalled() ? null : `${NAMED_PATH} is not installed (apt-get install -y bind9)`,
    body,
  );
}

/** Finds a port free for both UDP and TCP on 127.0.0.1 (bound to :0, then released). */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const udp = dgram.createSocket("udp4");
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once("error", () => {
        resolve(false);
      });
      udp.bind(port, "127.0.0.1", () => {
        resolve(true);
      });
    });
    await new Promise<void>((resolve) => {
      udp.close(() => {
        resolve();
      });
    }).catch(() => undefined);
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    if (udpFree && port > 0) return port;
  }
  throw new Error("findFreePort: no port free for both UDP and TCP");
}

/** Starts named with these zones and waits until each zone's apex answers. */
export async function startBind(
  zones: readonly BindZone[],
  options: StartBindOptions = {},
): Promise<BindServer> {
  if (!isBindInstalled()) throw new Error(`${NAMED_PATH} is not installed (apt-get install -y bind9).`);
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const directory = await mkdtemp(path.join(tmpdir(), "enum-bind-"));
  const port = await findFreePort();

  const zoneBlocks: string[] = [];
  for (const [index, zone] of zones.entries()) {
    const file = path.join(directory, `zone-${index}.db`);
    await writeFile(file, zone.text);
    zoneBlocks.push(`zone "${zone.origin}" { type primary; file "${file}"; };`);
  }
  const conf = path.join(directory, "named.conf");
  await writeFile(conf, toNamedConf(directory, port, [], zoneBlocks));
  return launchNamed(
    directory,
    conf,
    port,
    zones.map((zone) => zone.origin),
    startTimeoutMs,
    stopTimeoutMs,
  );
}

/** Options for {@link startBindSecondary}. */
export interface StartBindSecondaryOptions extends StartBindOptions {
  /** The primary's address; default 127.0.0.1. */
  readonly primaryHost?: string;
}

/**
 * Starts named as a secondary for `origin` (RFC 1996 / RFC 5936 roles: it transfers the zone
 * from the primary at `primaryPort`, over TCP, and accepts NOTIFY from it), and waits until
 * the first transfer made the zone answer. IXFR requests are off (`request-ixfr no`) so
 * every refresh is one AXFR; the SOA timers of the primary's zone still apply.
 */
export async function startBindSecondary(
  origin: string,
  primaryPort: number,
  options: StartBindSecondaryOptions = {},
): Promise<BindServer> {
  if (!isBindInstalled()) throw new Error(`${NAMED_PATH} is not installed (apt-get install -y bind9).`);
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const primary = options.primaryHost ?? "127.0.0.1";
  const directory = await mkdtemp(path.join(tmpdir(), "enum-bind2-"));
  const port = await findFreePort();
  const conf = path.join(directory, "named.conf");
  await writeFile(
    conf,
    toNamedConf(
      directory,
      port,
      [
        // The SOA query and AXFR leave from 127.0.0.1 like everything else here.
        "  transfer-source 127.0.0.1;",
        "  query-source address 127.0.0.1;",
      ],
      [
        `zone "${origin}" {`,
        "  type secondary;",
        `  primaries port ${primaryPort} { ${primary}; };`,
        `  allow-notify { ${primary}; };`,
        "  request-ixfr no;",
        `  file "${path.join(directory, "secondary.db")}";`,
        "};",
      ],
    ),
  );
  return launchNamed(directory, conf, port, [origin], startTimeoutMs, stopTimeoutMs);
}

/**
 * named.conf for a throwaway named: everything under `directory`, listening on 127.0.0.1:`port`
 * only, authoritative only, with `extraOptions` inside `options { }` and `zones` after it.
 */
function toNamedConf(
  directory: string,
  port: number,
  extraOptions: readonly string[],
  zones: readonly string[],
): string {
  return [
    "options {",
    `  directory "${directory}";`,
    `  pid-file "${path.join(directory, "named.pid")}";`,
    `  session-keyfile "${path.join(directory, "session.key")}";`,
    `  managed-keys-directory "${directory}";`,
    `  listen-on port ${port} { 127.0.0.1; };`,
    "  listen-on-v6 { none; };",
    "  recursion no;",
    "  dnssec-validation no;",
    "  notify no;",
    "  allow-query { 127.0.0.1; };",
    ...extraOptions,
    "};",
    // No rndc control channel: the default one would use /etc/bind/rndc.key and port 953,
    // shared with every other named on the machine.
    "controls { };",
    ...zones,
    "",
  ].join("\n");
}

/** Runs named on `conf` and waits until every origin answers; stops it and cleans up on failure. */
async function launchNamed(
  directory: string,
  conf: string,
  port: number,
  origins: readonly string[],
  startTimeoutMs: number,
  stopTimeoutMs: number,
): Promise<BindServer> {
  // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker thread is plenty.
  const child = spawn(NAMED_PATH, ["-g", "-4", "-n", "1", "-c", conf, "-p", String(port)], {
    cwd: directory,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const exited = waitForExit(child);

  const server: BindServer = {
    port,
    address: `127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    directory,
    readOutput: () => output,
    stop: async () => {
      await stopProcess(child, exited, stopTimeoutMs);
      await rm(directory, { recursive: true, force: true });
    },
  };

  const polling = { stopped: false };
  try {
    const failure = await Promise.race([
      spawnError.then((error) => `could not start ${NAMED_PATH}: ${error.message}`),
      exited.then(() => `named exited early (code ${child.exitCode}, signal ${child.signalCode})`),
      waitUntilAnswering(server.address, origins, startTimeoutMs, polling).then((error) => error),
    ]);
    if (failure !== undefined) throw new Error(`${failure}\n--- named output ---\n${output}`);
  } catch (error) {
    polling.stopped = true;
    await server.stop();
    throw error;
  }
  return server;
}

/** Polls each zone's apex with our client until it answers; returns an error text on timeout. */
async function waitUntilAnswering(
  address: string,
  origins: readonly string[],
  timeoutMs: number,
  polling: { readonly stopped: boolean },
): Promise<string | undefined> {
  const source = createServerSource([address], { timeoutMs: { min: 200, max: 200 } });
  const deadline = Date.now() + timeoutMs;
  const waiting = new Set(origins);
  let last = "";
  while (Date.now() < deadline && !polling.stopped) {
    for (const origin of [...waiting]) {
      const result = await source.lookup(origin);
      if (result.kind !== "failure") waiting.delete(origin);
      else last = result.reason;
    }
    if (waiting.size === 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `named did not answer for ${[...waiting].join(", ")} within ${timeoutMs} ms (${last})`;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once("exit", () => {
        resolve();
      });
  });
}

/** Stops the child by its PID: SIGTERM, then SIGKILL if it outlives the timeout. */
async function stopProcess(child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  sendSignal(pid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(true);
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    sendSignal(pid, "SIGKILL");
    await exited;
  }
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
