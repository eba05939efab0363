/**
 * The real regex engines our engine must agree with, run as tiny native helpers:
 * boost.regex as Sprout uses it (`test/oracles/boost-regex.cpp`) and glibc `regexec`
 * for the RFC profile (`test/oracles/glibc-regex.c`).
 *
 * Helpers are compiled on first use into `node_modules/.cache/enum-console-oracles/`,
 * keyed by a hash of their source and compiler command, so an edited helper is rebuilt
 * and an unchanged one is reused across runs. Requests go through one spawned process per
 * batch (no shell, no network).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A half-open [start, end) span, or null for a group that did not take part. */
export type OracleSpan = readonly [number, number] | null;

/** One boost request: Sprout compiles `pattern`, searches `subject`, and replaces with `format`. */
export interface BoostRequest {
  readonly pattern: string;
  readonly subject: string;
  readonly format: string;
}

/** What boost did with one request. `groups` is null when regex_search found nothing. */
export type BoostOutcome =
  | { readonly kind: "compile-error"; readonly message: string }
  | { readonly kind: "match-error"; readonly message: string }
  | { readonly kind: "ok"; readonly groups: readonly OracleSpan[] | null; readonly replaced: string }
  | OracleFailure;

/** One glibc request: `regcomp(REG_EXTENDED [| REG_ICASE])` then `regexec` on `subject`. */
export interface GlibcRequest {
  readonly pattern: string;
  readonly subject: string;
  readonly caseInsensitive: boolean;
}

/** What glibc did with one request. `code` is regcomp's REG_* error number. */
export type GlibcOutcome =
  | { readonly kind: "compile-error"; readonly code: number }
  | { readonly kind: "ok"; readonly groups: readonly OracleSpan[] | null }
  | OracleFailure;

/** The helper hung (no answer in time) or crashed on this request: the case has no verdict. */
export interface OracleFailure {
  readonly kind: "oracle-failure";
  readonly reason: string;
}

/** A compiled helper ready to answer batches, or the reason it could not be built. */
export type Oracle<Req, Out> =
  | { readonly available: true; readonly run: (requests: readonly Req[]) => Promise<Out[]> }
  | { readonly available: false; readonly reason: string };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "enum-console-oracles");
/** A compiler that takes longer than this is stuck. */
const COMPILE_TIMEOUT_MS = 120_000;
/** A helper silent for this long is stuck on one request (glibc can be exponential). */
const STALL_TIMEOUT_MS = 3_000;
/** Beyond this many stuck requests in one batch the helper itself is broken. */
const MAX_FAILURES_PER_BATCH = 20;

interface HelperSpec {
  readonly name: string;
  readonly source: string;
  readonly compiler: string;
  readonly args: readonly string[];
  readonly libs: readonly string[];
  readonly missingHint: string;
}

const BOOST_SPEC: HelperSpec = {
  name: "boost-regex",
  source: path.join(ROOT, "test", "oracles", "boost-regex.cpp"),
  compiler: process.env.CXX ?? "g++",
  args: ["-O2", "-std=c++14"],
  libs: ["-lboost_regex"],
  missingHint:
    "install the Debian packages g++ and libboost-regex-dev (apt-get install -y g++ libboost-regex-dev)",
};

const GLIBC_SPEC: HelperSpec = {
  name: "glibc-regex",
  source: path.join(ROOT, "test", "oracles", "glibc-regex.c"),
  compiler: process.env.CC ?? "gcc",
  args: ["-O2", "-std=c11"],
  libs: [],
  missingHint: "install the Debian package gcc (apt-get install -y gcc)",
};

const builds = new Map<string, Promise<{ binary: string } | { reason: string }>>();

/** Builds (or reuses) the boost helper; Sprout profile oracle. */
export async function getBoostOracle(): Promise<Oracle<BoostRequest, BoostOutcome>> {
  const build = await buildHelperOnce(BOOST_SPEC);
  if ("reason" in build) return { available: false, reason: build.reason };
  return {
    available: true,
    run: async (requests) => {
      const lines = requests.map((r) => `${toHex(r.pattern)}\t${toHex(r.subject)}\t${toHex(r.format)}`);
      const output = await runHelper(build.binary, lines);
      return output.map(parseBoostLine);
    },
  };
}

/** Builds (or reuses) the glibc helper; RFC profile oracle. */
export async function getGlibcOracle(): Promise<Oracle<GlibcRequest, GlibcOutcome>> {
  const build = await buildHelperOnce(GLIBC_SPEC);
  if ("reason" in build) return { available: false, reason: build.reason };
  return {
    available: true,
    run: async (requests) => {
      const lines = requests.map(
        (r) => `${toHex(r.pattern)}\t${toHex(r.subject)}\t${r.caseInsensitive ? "1" : "0"}`,
      );
      const output = await runHelper(build.binary, lines);
      return output.map(parseGlibcLine);
    },
  };
}

function buildHelperOnce(spec: HelperSpec): Promise<{ binary: string } | { reason: string }> {
  let pending = builds.get(spec.name);
  if (!pending) {
    pending = buildHelper(spec);
    builds.set(spec.name, pending);
  }
  return pending;
}

async function buildHelper(spec: HelperSpec): Promise<{ binary: string } | { reason: string }> {
  const source = await readFile(spec.source);
  const hash = createHash("sha256")
    .update(source)
    .update(JSON.stringify([spec.compiler, spec.args, spec.libs]))
    .digest("hex")
    .slice(0, 16);
  const binary = path.join(CACHE_DIR, `${spec.name}-${hash}`);
  if (existsSync(binary)) return { binary };

  await mkdir(CACHE_DIR, { recursive: true });
  // Build under a private name and rename: parallel test workers may build at once.
  const temporary = `${binary}.${process.pid}.tmp`;
  const result = await runCompiler(spec.compiler, [...spec.args, "-o", temporary, spec.source, ...spec.libs]);
  if (result.spawnError) {
    return {
      reason: `${spec.name}: cannot run ${spec.compiler} (${result.spawnError}); ${spec.missingHint}`,
    };
  }
  if (result.code !== 0) {
    await rm(temporary, { force: true });
    const detail = result.stderr.trim().split("\n").slice(0, 5).join("\n");
    return { reason: `${spec.name}: ${spec.compiler} failed; ${spec.missingHint}\n${detail}` };
  }
  await rename(temporary, binary);
  return { binary };
}

interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly spawnError?: string;
}

function runCompiler(command: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let spawnError: string | undefined;
    const timer = setTimeout(() => {
      spawnError = `timed out after ${COMPILE_TIMEOUT_MS} ms`;
      child.kill("SIGKILL");
    }, COMPILE_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      spawnError = error.message;
    });
    // EPIPE if the helper dies early: the exit code reports the real problem.
    child.stdin.on("error", () => undefined);
    child.on("close", (code) => {
      clearTimeout(timer);
      const result = {
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      resolve(spawnError === undefined ? result : { ...result, spawnError });
    });
    child.stdin.end();
  });
}

/**
 * Runs every line through the helper. A request that gets no answer within
 * STALL_TIMEOUT_MS (or that crashes the helper) becomes a failure entry and the helper is
 * restarted after it, so one pathological pattern cannot sink the whole batch.
 */
async function runHelper(binary: string, lines: readonly string[]): Promise<(string | HelperFailure)[]> {
  const answers: (string | HelperFailure)[] = [];
  let failures = 0;
  while (answers.length < lines.length) {
    const pass = await runHelperPass(binary, lines.slice(answers.length));
    answers.push(...pass.answers);
    if (answers.length < lines.length) {
      failures++;
      if (failures > MAX_FAILURES_PER_BATCH) {
        throw new Error(`oracle ${path.basename(binary)} keeps failing: ${pass.failure ?? "no answer"}`);
      }
      answers.push({ failure: pass.failure ?? "no answer" });
    }
  }
  return answers;
}

interface HelperFailure {
  readonly failure: string;
}

function runHelperPass(
  binary: string,
  lines: readonly string[],
): Promise<{ answers: string[]; failure?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    const answers: string[] = [];
    let pending = "";
    let failure: string | undefined;
    let spawnError: string | undefined;
    const stall = (): void => {
      failure = `no answer within ${STALL_TIMEOUT_MS} ms`;
      child.kill("SIGKILL");
    };
    let timer = setTimeout(stall, STALL_TIMEOUT_MS);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      clearTimeout(timer);
      timer = setTimeout(stall, STALL_TIMEOUT_MS);
      pending += chunk;
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      answers.push(...parts);
    });
    child.stderr.resume();
    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.stdin.on("error", () => undefined);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (spawnError !== undefined) {
        reject(new Error(`oracle ${path.basename(binary)} cannot start: ${spawnError}`));
        return;
      }
      if (answers.length < lines.length) failure ??= `helper exited (code ${code}, signal ${signal})`;
      resolve(failure === undefined ? { answers } : { answers, failure });
    });
    // Node queues what the pipe cannot take yet while stdout drains concurrently: no deadlock.
    child.stdin.end(`${lines.join("\n")}\n`);
  });
}

function parseBoostLine(line: string | HelperFailure): BoostOutcome {
  if (typeof line !== "string") return { kind: "oracle-failure", reason: line.failure };
  const [status = "", first = "", second = ""] = line.split("\t");
  if (status === "ERR") return { kind: "compile-error", message: first };
  if (status === "EXC") return { kind: "match-error", message: first };
  if (status !== "OK") throw new Error(`bad boost oracle line: ${line}`);
  return { kind: "ok", groups: parseGroups(first), replaced: fromHex(second) };
}

function parseGlibcLine(line: string | HelperFailure): GlibcOutcome {
  if (typeof line !== "string") return { kind: "oracle-failure", reason: line.failure };
  const [status = "", first = ""] = line.split("\t");
  if (status === "ERR") return { kind: "compile-error", code: Number(first) };
  if (status !== "OK") throw new Error(`bad glibc oracle line: ${line}`);
  return { kind: "ok", groups: parseGroups(first) };
}

function parseGroups(text: string): OracleSpan[] | null {
  if (text === "-") return null;
  return text.split(",").map((pair): OracleSpan => {
    const [start, end] = pair.split(":").map(Number);
    if (start === undefined || end === undefined || start < 0) return null;
    return [start, end];
  });
}

function toHex(text: string): string {
  return Buffer.from(text, "utf8").toString("hex");
}

function fromHex(hex: string): string {
  return Buffer.from(hex, "hex").toString("utf8");
}
