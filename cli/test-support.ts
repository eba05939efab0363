// Shared by the CLI tests: the real CLI as a child process, and runServeDns's output in process.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** How a CLI child process ended. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/enum-console.js ...args` from the repository root. Asynchronous on purpose:
 * the scripted DNS servers the CLI queries live in this process, so its event loop must keep
 * turning while the child waits for them. ENUM_CONSOLE_DEBUG is cleared so errors stay one line.
 */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/enum-console.js", ...args],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, ENUM_CONSOLE_DEBUG: "", ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Captures what an in-process command (runServeDns) writes, without printing it. Undo with
 * `vi.restoreAllMocks()` after each test.
 */
export function captureOutput(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out, err };
}

/** Polls `probe` until it gives a value (a server started, a change was served); throws after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
