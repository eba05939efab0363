// Applies the Prisma migrations to a database with the project's own CLI (no download needed).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getDatabaseUrl } from "./client";

/** The repository root (where prisma.config.ts and node_modules live). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What `prisma migrate deploy` did. */
export interface MigrationOutcome {
  /** Names of the migrations applied by this run (empty when the database was up to date). */
  readonly applied: readonly string[];
}

/**
 * Runs `prisma migrate deploy` against a database (default: the one the app uses),
 * creating the SQLite file and its directory if needed. Throws an Error carrying the
 * CLI's own output when it fails, so the cause is printed rather than a bare exit code.
 */
export async function deployMigrations(databaseUrl = getDatabaseUrl()): Promise<MigrationOutcome> {
  // The app resolves a relative SQLite path against its working directory; the CLI runs
  // from the project root, so hand it the same file as an absolute path.
  const url = toAbsoluteFileUrl(databaseUrl);
  // SQLite creates the file but not its directory (the CLI then fails with "External error").
  if (url.startsWith("file:")) mkdirSync(dirname(url.slice("file:".length)), { recursive: true });
  const prisma = join(PROJECT_ROOT, "node_modules", ".bin", "prisma");
  const { code, output } = await runCommand(prisma, ["migrate", "deploy"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", NO_COLOR: "1" },
  });
  if (code !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${code}) for ${url}:\n${output.trim()}`);
  }
  const applied = /have been applied/.test(output)
    ? [...output.matchAll(/(\d{14}_[A-Za-z0-9_-]+)\//g)].map((match) => match[1]!)
    : [];
  return { applied };
}

/** A `file:` URL with an absolute path (other URLs unchanged). */
export function toAbsoluteFileUrl(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) return databaseUrl;
  const path = databaseUrl.slice("file:".length);
  return isAbsolute(path) ? databaseUrl : `file:${resolve(path)}`;
}

function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      resolvePromise({ code: code ?? 1, output });
    });
  });
}
