// Starts real dnsmasq on 127.0.0.1 with a given configuration, for export interop tests.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeRequiring } from "./requires";
import { findFreePort } from "./bind";

export const DNSMASQ_PATH = process.env.DNSMASQ_PATH ?? "/usr/sbin/dnsmasq";

export interface DnsmasqServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** Like describeWithBind: skipped locally without dnsmasq, a failure under CI. */
export function describeWithDnsmasq(title: string, body: () => void): void {
  describeRequiring(
    title,
    existsSync(DNSMASQ_PATH) ? null : `${DNSMASQ_PATH} is not installed (dnsmasq)`,
    body,
  );
}

/**
 * Runs dnsmasq in the foreground on 127.0.0.1:<free port> with `config` as its only
 * configuration: no upstream servers, no /etc/hosts, the ENUM zone declared local so
 * unknown names are NXDOMAIN. Stopped by PID.
 */
export async function startDnsmasq(config: string, zone = "e164.arpa"): Promise<DnsmasqServer> {
  const dir = mkdtempSync(join(tmpdir(), "enum-dnsmasq-"));
  const file = join(dir, "enum.conf");
  writeFileSync(file, config);
  const port = await findFreePort();
  const child: ChildProcess = spawn(
    DNSMASQ_PATH,
    [
      "--keep-in-foreground",
      `--conf-file=${file}`,
      `--port=${port}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      "--no-resolv",
      "--no-hosts",
      "--no-poll",
      `--local=/${zone}/`,
      `--pid-file=${join(dir, "dnsmasq.pid")}`,
      "--user=root",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  // dnsmasq binds before it answers; give it a moment and fail loudly if it died.
  await new Promise((r) => setTimeout(r, 400));
  if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${output}`);
  return {
    port,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
