// The embedded DNS responder (server only): binds UDP and TCP, serves the compiled zone of
// the current rule set, reloads it when the rules change, and keeps the query log and
// counters the status page, /api/metrics and /api/health read. All state lives on
// globalThis: Next evaluates this module once per bundle (instrumentation, each route).
import { onRulesChanged } from "@/lib/db/changes";
import { getResponderSettings, onResponderSettingsChanged, toDnsPolicy } from "@/lib/db/responder-settings";
import { getRevision, getRuleSnapshot, type RuleSnapshot } from "@/lib/db/ruleset";
import { DEFAULT_DNS_POLICY, type DnsPolicy } from "@/lib/dns/policy";
import type { GuardStats } from "@/lib/dns/guard";
import { sendNotify } from "@/lib/dns/notify";
import { startDnsServer, type DnsServerHandle } from "@/lib/dns/server";
import { parseEnumDomain } from "@/lib/enum/aus";
import { findBlockForAus } from "@/lib/enum/json-path";
import type { Zone } from "@/lib/enum/zone";
import { compileZone } from "@/lib/export/compile";
import { toRuleZone } from "./rule-zone";
import type {
  BlockHitRow,
  DnsStatus,
  HealthStatus,
  NxdomainRow,
  ReloadTiming,
  ResponderError,
  ServedZoneStatus,
} from "@/lib/schemas/dns-status";
import {
  createDnsStats,
  readQueryLog,
  recordQuery,
  toQueryCounters,
  toTopNames,
  type DnsStats,
} from "./dns-stats";

/** The issue's default: unprivileged, so no capability is needed (53 needs CAP_NET_BIND_SERVICE). */
export const DEFAULT_DNS_PORT = 5353;
export const DEFAULT_DNS_HOST = "127.0.0.1";

/** Other processes' writes (CLI import, a second instance) are served within about a second and a reload. */
export const DEFAULT_POLL_MS = 1_000;

/** How a busy or forbidden port is retried: 2 s, doubling, at most 30 s apart. */
export const DEFAULT_BIND_RETRY_MS = 2_000;
export const DEFAULT_BIND_RETRY_MAX_MS = 30_000;

/** How long /api/health waits for a reload in progress before calling the responder behind. */
const HEALTH_CATCH_UP_MS = 3_000;

/** Where and how the responder runs. */
export interface ResponderConfig {
  /** An IP literal. */
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The revision poll interval; 0 turns polling off. */
  readonly pollMs: number;
  readonly bindRetryMs: number;
  readonly bindRetryMaxMs: number;
  /**
   * "retry": a failed bind is recorded and retried with backoff (the web app must start
   * whatever the DNS port does); "fail": startResponder rejects (the CLI exits).
   */
  readonly onBindFailure: "retry" | "fail";
  /**
   * A fixed policy (serve-dns flags). Without it the policy is the database's responder
   * settings, applied when saved in this process and polled with the revision otherwise.
   */
  readonly policy?: DnsPolicy;
}

/** The zone being served and what the status page needs to explain it. */
interface ServedZone {
  readonly zone: Zone;
  readonly status: ServedZoneStatus;
  /** For attributing answered names to blocks (Sprout's prefix walk) when asked. */
  readonly snapshot: RuleSnapshot;
}

interface ReloadState {
  inFlight: Promise<void> | null;
  queued: Promise<void> | null;
  reloads: number;
  failures: number;
  lastAt: Date | null;
  lastTiming: ReloadTiming | null;
  lastError: { message: string; at: Date; revision: number | null } | null;
  /** Whether the latest finished attempt failed. */
  lastAttemptFailed: boolean;
}

interface BindState {
  error: { message: string; at: Date } | null;
  attempts: number;
  nextAt: Date | null;
  timer: ReturnType<typeof setTimeout> | null;
  binding: boolean;
}

interface ResponderState {
  readonly config: ResponderConfig;
  handle: DnsServerHandle | null;
  served: ServedZone | null;
  policy: DnsPolicy;
  /** JSON of `policy`: an equal policy read again keeps the same object (the guard compiles per object). */
  policyKey: string;
  readonly stats: DnsStats;
  readonly reload: ReloadState;
  readonly bind: BindState;
  pollTimer: ReturnType<typeof setInterval> | null;
  polling: boolean;
  unsubscribe: (() => void)[];
  stopped: boolean;
}

const RESPONDER_KEY = Symbol.for("enum-console.responder");

type GlobalWithResponder = typeof globalThis & { [RESPONDER_KEY]?: ResponderState };

/**
 * The responder's configuration from the environment: ENUM_DNS_HOST (default 127.0.0.1),
 * ENUM_DNS_PORT (default 5353), or null when ENUM_DNS_DISABLED=1. A malformed port is an
 * Error naming the variable.
 */
export function readResponderConfig(env: NodeJS.ProcessEnv = process.env): ResponderConfig | null {
  if (env.ENUM_DNS_DISABLED === "1" || env.ENUM_DNS_DISABLED === "true") return null;
  const portText = env.ENUM_DNS_PORT ?? String(DEFAULT_DNS_PORT);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535)
    throw new Error(`ENUM_DNS_PORT must be a port number 0-65535, not "${portText}"`);
  return {
    host: env.ENUM_DNS_HOST ?? DEFAULT_DNS_HOST,
    port,
    pollMs: DEFAULT_POLL_MS,
    bindRetryMs: DEFAULT_BIND_RETRY_MS,
    bindRetryMaxMs: DEFAULT_BIND_RETRY_MAX_MS,
    onBindFailure: "retry",
  };
}

/**
 * Starts the responder inside the web app (instrumentation.ts) from the environment, once
 * per process. Never rejects and does not wait for the first zone or the bind: the web app
 * starts whatever the DNS port does, and the status page and /api/health tell what happened.
 */
export function startEmbeddedResponder(): void {
  try {
    const config = readResponderConfig();
    if (config === null) {
      console.log("dns: the embedded responder is disabled (ENUM_DNS_DISABLED=1)");
      return;
    }
    if (getState() !== null) return;
    startResponder(config).catch((error: unknown) => {
      console.error("dns: the responder did not start:", toMessage(error));
    });
  } catch (error) {
    console.error("dns: the responder did not start:", toMessage(error));
  }
}

/**
 * Starts the responder: registers for rule changes, loads the zone, binds, and polls the
 * revision. Resolves once the first load and bind attempt are over (a failed load keeps
 * answering SERVFAIL until a reload succeeds; a failed bind is retried unless
 * `onBindFailure` is "fail", which rejects and leaves nothing running). A second call while
 * running is refused: stop first.
 */
export async function startResponder(config: ResponderConfig): Promise<void> {
  const store = globalThis as GlobalWithResponder;
  if (store[RESPONDER_KEY] !== undefined && !store[RESPONDER_KEY].stopped)
    throw new Error("the DNS responder is already running in this process");
  const state: ResponderState = {
    config,
    handle: null,
    served: null,
    policy: config.policy ?? DEFAULT_DNS_POLICY,
    policyKey: JSON.stringify(config.policy ?? DEFAULT_DNS_POLICY),
    stats: createDnsStats(),
    reload: {
      inFlight: null,
      queued: null,
      reloads: 0,
      failures: 0,
      lastAt: null,
      lastTiming: null,
      lastError: null,
      lastAttemptFailed: false,
    },
    bind: { error: null, attempts: 0, nextAt: null, timer: null, binding: false },
    pollTimer: null,
    polling: false,
    unsubscribe: [],
    stopped: false,
  };
  store[RESPONDER_KEY] = state;
  // Registered before the first load, so a change committed meanwhile is not missed.
  state.unsubscribe.push(onRulesChanged((published) => waitUntilServed(state, published.revision)));
  if (config.policy === undefined) {
    state.unsubscribe.push(
      onResponderSettingsChanged((settings) => {
        applyPolicy(state, toDnsPolicy(settings));
      }),
    );
    await loadPolicy(state);
  }
  await requestReload(state);
  try {
    await bindOnce(state);
  } catch (error) {
    await stopResponder();
    throw error;
  }
  if (config.pollMs > 0) {
    state.pollTimer = setInterval(() => void pollRevision(state), config.pollMs);
    state.pollTimer.unref();
  }
}

/** Stops the responder of this process (sockets, timers, listener); resolves when closed. Idempotent. */
export async function stopResponder(): Promise<void> {
  const state = getState();
  if (state === null) return;
  state.stopped = true;
  for (const unsubscribe of state.unsubscribe) unsubscribe();
  if (state.pollTimer !== null) clearInterval(state.pollTimer);
  if (state.bind.timer !== null) clearTimeout(state.bind.timer);
  const handle = state.handle;
  state.handle = null;
  await handle?.close();
  await state.reload.queued;
  await state.reload.inFlight;
  const store = globalThis as GlobalWithResponder;
  if (store[RESPONDER_KEY] === state) store[RESPONDER_KEY] = undefined;
}

/** The running responder's address ("127.0.0.1:5353"), or null when it is not listening. */
export function getResponderAddress(): { host: string; port: number } | null {
  const handle = getState()?.handle ?? null;
  return handle === null ? null : { host: handle.host, port: handle.port };
}

/**
 * Reloads the zone from the current rules now (coalesced with a reload in flight) and
 * resolves when done. Failures are recorded, never thrown: the previous zone keeps serving.
 */
export async function reloadResponder(): Promise<void> {
  const state = getState();
  if (state !== null) await requestReload(state);
}

/** The status page's view: sockets, zone, reloads, counters, the query log and the hit tables. */
export function getDnsStatus(options: { rcode?: string; limit?: number; top?: number } = {}): DnsStatus {
  const state = getState();
  const limit = options.limit ?? 200;
  const top = options.top ?? 20;
  if (state === null) return toDisabledStatus();
  const { handle, served, reload, bind, stats, config } = state;
  return {
    enabled: true,
    listener: {
      configured: toAddress(config.host, config.port),
      listening: handle !== null,
      sockets: handle === null ? [] : [`udp ${handle.address}`, `tcp ${handle.address}`],
      bindError: handle === null && bind.error !== null ? toResponderError(bind.error) : null,
      bindAttempts: bind.attempts,
      nextBindAttempt: handle === null ? (bind.nextAt?.toISOString() ?? null) : null,
    },
    zone: served?.status ?? null,
    reload: {
      reloads: reload.reloads,
      failures: reload.failures,
      lastReloadAt: reload.lastAt?.toISOString() ?? null,
      lastTiming: reload.lastTiming,
      lastError:
        reload.lastError === null
          ? null
          : { ...toResponderError(reload.lastError), revision: reload.lastError.revision },
      inProgress: reload.inFlight !== null,
    },
    counters: toQueryCounters(stats),
    queryLog: readQueryLog(stats, { limit, ...(options.rcode ? { rcode: options.rcode } : {}) }),
    queryLogSize: stats.size,
    topNxdomain: toTopNxdomain(stats, served, top),
    topBlocks: toTopBlocks(stats, served, top),
    uncountedNames: stats.uncountedNames,
    policy: state.policy,
  };
}

/**
 * Health for load balancers and monitors: ok when the database answers and (unless the
 * responder is disabled) the responder listens and serves the database's revision. A
 * responder one reload behind gets a few seconds to catch up before it counts as behind.
 */
export async function getHealth(): Promise<HealthStatus> {
  let revision: number | null = null;
  let databaseError: string | null = null;
  try {
    revision = await getRevision();
  } catch (error) {
    databaseError = toMessage(error);
  }
  const state = getState();
  if (state !== null && revision !== null && (state.served?.status.revision ?? -1) < revision) {
    await Promise.race([waitUntilServed(state, revision), delay(HEALTH_CATCH_UP_MS)]);
  }
  const servedRevision = state?.served?.status.revision ?? null;
  const listening = state?.handle != null;
  const responder = {
    enabled: state !== null,
    listening,
    servedRevision,
    serial: state?.served?.status.serial ?? null,
  };
  const database = { ok: databaseError === null, revision, error: databaseError };
  let reason: string | null = null;
  if (databaseError !== null) reason = `the database does not answer: ${databaseError}`;
  else if (state !== null && !listening)
    reason = `the DNS responder is not listening on ${toAddress(state.config.host, state.config.port)}: ${
      state.bind.error?.message ?? "binding"
    }`;
  else if (state !== null && servedRevision !== revision)
    reason = `the DNS responder serves revision ${servedRevision ?? "none"}, the database is at ${revision ?? "?"}${
      state.reload.lastError === null ? "" : ` (last reload failed: ${state.reload.lastError.message})`
    }`;
  return { ok: reason === null, reason, database, responder };
}

/** The state and counters /api/metrics exposes, or null when no responder runs here. */
export function getResponderMetricsState(): {
  readonly stats: DnsStats;
  readonly listening: boolean;
  readonly zone: ServedZoneStatus | null;
  readonly reloads: number;
  readonly reloadFailures: number;
  readonly lastTiming: ReloadTiming | null;
  readonly lastReloadAt: Date | null;
  /** Allow-list refusals, transfers and RRL counters of the listening server. */
  readonly guard: GuardStats | null;
} | null {
  const state = getState();
  if (state === null) return null;
  return {
    stats: state.stats,
    listening: state.handle !== null,
    zone: state.served?.status ?? null,
    reloads: state.reload.reloads,
    reloadFailures: state.reload.failures,
    lastTiming: state.reload.lastTiming,
    lastReloadAt: state.reload.lastAt,
    guard: state.handle?.stats ?? null,
  };
}

function isStopped(state: ResponderState): boolean {
  return state.stopped;
}

function getState(): ResponderState | null {
  const state = (globalThis as GlobalWithResponder)[RESPONDER_KEY];
  return state === undefined || state.stopped ? null : state;
}

/**
 * Resolves when the served zone is at least `revision` (the listener every mutation awaits
 * before its HTTP response). A reload in flight may have read the rules just before the
 * commit, so it goes round again; it gives up when a reload fails (recorded; the poll
 * retries once the rules change again).
 */
async function waitUntilServed(state: ResponderState, revision: number): Promise<void> {
  for (let round = 0; round < 3 && !state.stopped; round++) {
    if ((state.served?.status.revision ?? -1) >= revision) return;
    await requestReload(state);
    if (state.reload.lastAttemptFailed) return;
  }
}

/**
 * One reload at a time, plus at most one queued behind it that every later caller shares:
 * ten edits in a burst cost two compiles, not ten, and never two at once.
 */
function requestReload(state: ResponderState): Promise<void> {
  if (state.reload.inFlight === null) {
    const run = runReload(state).finally(() => {
      if (state.reload.inFlight === run) state.reload.inFlight = null;
    });
    state.reload.inFlight = run;
    return run;
  }
  state.reload.queued ??= state.reload.inFlight.then(() => {
    state.reload.queued = null;
    return requestReload(state);
  });
  return state.reload.queued;
}

/**
 * Loads the snapshot, compiles it and swaps the zone in one assignment. Any failure keeps
 * the previous zone (never an empty one: Sprout lost all its rules on a bad upload) and is
 * recorded for the status page. Never rejects.
 */
async function runReload(state: ResponderState): Promise<void> {
  const started = performance.now();
  let revision: number | null = null;
  try {
    const snapshot = await getRuleSnapshot();
    const { ruleSet } = snapshot;
    revision = ruleSet.revision;
    if (state.served?.status.revision === revision) return;
    const loaded = performance.now();
    // Compiling 100,000 blocks holds the thread for ~2 s: let pending work run first.
    await yieldToEventLoop();
    const compiled = compileZone(ruleSet);
    const compiledAt = performance.now();
    // Queries and requests that arrived during the compile are answered (old zone) before indexing.
    await yieldToEventLoop();
    const indexStarted = performance.now();
    const zone = toRuleZone(ruleSet, compiled);
    const indexed = performance.now();
    if (zone.soa === null) throw new Error(`the compiled zone ${compiled.apex} has no SOA record`);
    if (state.stopped) return;
    const previousSerial = state.served?.status.serial ?? null;
    const now = new Date();
    state.served = {
      zone,
      snapshot,
      status: {
        apex: compiled.apex,
        serial: compiled.serial,
        revision: ruleSet.revision,
        names: compiled.stats.names,
        naptrRecords: compiled.stats.naptrRecords,
        blocks: snapshot.enabledBlocks.length,
        servedSince: now.toISOString(),
      },
    };
    state.reload.reloads++;
    state.reload.lastAt = now;
    state.reload.lastError = null;
    state.reload.lastAttemptFailed = false;
    state.reload.lastTiming = {
      loadMs: round(loaded - started),
      compileMs: round(compiledAt - loaded),
      indexMs: round(indexed - indexStarted),
      totalMs: round(indexed - started),
    };
    // As BIND does, on the first load too: a secondary that missed changes while we were down catches up.
    if (previousSerial !== compiled.serial) notifySecondaries(state);
  } catch (error) {
    state.reload.failures++;
    state.reload.lastAttemptFailed = true;
    state.reload.lastError = { message: toMessage(error), at: new Date(), revision };
    console.error(
      `dns: reload${revision === null ? "" : ` of revision ${revision}`} failed; still serving ${
        state.served === null ? "nothing (SERVFAIL)" : `revision ${state.served.status.revision}`
      }:`,
      toMessage(error),
    );
  }
}

/**
 * Sends NOTIFY (RFC 1996) for the served serial to the policy's secondaries. Fire and
 * forget: a secondary that misses it still polls at the SOA refresh interval; results go
 * to the log.
 */
function notifySecondaries(state: ResponderState): void {
  const targets = state.policy.notify;
  const served = state.served;
  if (targets.length === 0 || served === null) return;
  const { apex, serial } = served.status;
  const soa = served.zone.soa ?? undefined;
  void sendNotify(targets, apex, serial, soa === undefined ? {} : { soa }).then((results) => {
    for (const result of results) {
      const detail = result.rcode ?? result.message ?? "";
      const line = `dns: NOTIFY ${apex} serial ${serial} to ${result.target}: ${result.status}${detail === "" ? "" : ` (${detail})`}`;
      if (result.status === "acked") console.log(line);
      else console.error(line);
    }
  });
}

/** Reads the database's responder settings into the policy; a failed read keeps the current one. */
async function loadPolicy(state: ResponderState): Promise<void> {
  if (state.config.policy !== undefined) return;
  try {
    applyPolicy(state, toDnsPolicy(await getResponderSettings()));
  } catch (error) {
    console.error(
      "dns: could not read the responder settings; keeping the current policy:",
      toMessage(error),
    );
  }
}

function applyPolicy(state: ResponderState, policy: DnsPolicy): void {
  const key = JSON.stringify(policy);
  if (key === state.policyKey) return;
  state.policy = policy;
  state.policyKey = key;
}

/**
 * Reloads when another process moved the revision (one indexed row read per poll), and
 * picks up responder settings another process saved (they do not move the revision).
 */
async function pollRevision(state: ResponderState): Promise<void> {
  if (state.polling || state.stopped || state.reload.inFlight !== null) return;
  state.polling = true;
  try {
    await loadPolicy(state);
    const revision = await getRevision();
    const served = state.served?.status.revision ?? -1;
    const failed = state.reload.lastAttemptFailed ? state.reload.lastError?.revision : undefined;
    // A revision whose reload failed is not retried every second; the next change is.
    if (revision !== served && revision !== failed) await requestReload(state);
  } catch (error) {
    state.reload.lastError = {
      message: `revision poll: ${toMessage(error)}`,
      at: new Date(),
      revision: null,
    };
  } finally {
    state.polling = false;
  }
}

/** One bind attempt; on failure records it and schedules the next (or throws, for "fail"). */
async function bindOnce(state: ResponderState): Promise<void> {
  if (state.stopped || state.handle !== null || state.bind.binding) return;
  const { config, bind } = state;
  bind.binding = true;
  bind.timer = null;
  try {
    const handle = await startDnsServer({
      host: config.host,
      port: config.port,
      getPolicy: () => state.policy,
      getZone: () => {
        const served = state.served;
        // No zone loaded yet (or ever): server.ts answers SERVFAIL, as BIND does for a zone it failed to load.
        if (served === null) throw new Error("the zone is not loaded yet");
        return served.zone;
      },
      onQuery: (entry) => {
        recordQuery(state.stats, entry, Date.now());
      },
      onError: (error) => {
        console.error("dns: socket error:", error.message);
      },
    });
    // stopResponder may have run while the sockets were being bound.
    if (isStopped(state)) {
      await handle.close();
      return;
    }
    state.handle = handle;
    bind.error = null;
    bind.attempts = 0;
    bind.nextAt = null;
    console.log(`dns: answering ENUM queries on ${handle.address} (UDP and TCP)`);
  } catch (error) {
    if (config.onBindFailure === "fail") throw error;
    bind.attempts++;
    bind.error = { message: toMessage(error), at: new Date() };
    const wait = Math.min(config.bindRetryMs * 2 ** (bind.attempts - 1), config.bindRetryMaxMs);
    bind.nextAt = new Date(Date.now() + wait);
    console.error(
      `dns: ${bind.error.message}; retrying in ${wait < 1000 ? `${wait} ms` : `${Math.round(wait / 1000)} s`}`,
    );
    bind.timer = setTimeout(() => void bindOnce(state), wait);
    bind.timer.unref();
  } finally {
    bind.binding = false;
  }
}

/** Top NXDOMAIN names with the number they stand for. */
function toTopNxdomain(stats: DnsStats, served: ServedZone | null, limit: number): NxdomainRow[] {
  const apex = served?.status.apex;
  return toTopNames(stats.nxdomainNames, limit).map(([qname, count]) => {
    const digits = apex === undefined ? null : parseEnumDomain(qname, apex);
    return { qname, number: digits === null || digits === "" ? null : digits, count };
  });
}

/**
 * Answered names attributed to the block Sprout's prefix walk picks for them (the block
 * whose rules the compiled zone serves there), largest first. Runs only when asked, over
 * at most MAX_COUNTED_NAMES names. A query name does not say whether the caller dialed
 * `+`: of the blocks the `+` and the plain number pick, the one with the longer prefix
 * (the more specific) gets the hit, the other being usually a catch-all.
 */
function toTopBlocks(stats: DnsStats, served: ServedZone | null, limit: number): BlockHitRow[] {
  if (served === null) return [];
  const { table, enabledBlocks } = served.snapshot;
  const hits = new Map<number, number>();
  for (const [qname, count] of stats.answeredNames) {
    const digits = parseEnumDomain(qname, served.status.apex);
    if (digits === null || digits === "") continue;
    const plus = findBlockForAus(table, `+${digits}`).block;
    const plain = findBlockForAus(table, digits).block;
    const block =
      plus === null || (plain !== null && plain.clientPrefix.length > plus.clientPrefix.length)
        ? plain
        : plus;
    if (block === null) continue;
    const index = block.ref.index;
    hits.set(index, (hits.get(index) ?? 0) + count);
  }
  return [...hits]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .flatMap(([index, count]) => {
      const block = enabledBlocks[index];
      return block === undefined
        ? []
        : [{ blockId: block.id, name: block.name, prefix: block.prefix, hits: count }];
    });
}

function toDisabledStatus(): DnsStatus {
  const config = safeReadConfig();
  return {
    enabled: false,
    listener: {
      configured: config === null ? "disabled" : toAddress(config.host, config.port),
      listening: false,
      sockets: [],
      bindError: null,
      bindAttempts: 0,
      nextBindAttempt: null,
    },
    zone: null,
    reload: {
      reloads: 0,
      failures: 0,
      lastReloadAt: null,
      lastTiming: null,
      lastError: null,
      inProgress: false,
    },
    counters: { total: 0, dropped: 0, truncated: 0, byRcode: {}, byTransport: { udp: 0, tcp: 0 } },
    queryLog: [],
    queryLogSize: 0,
    topNxdomain: [],
    topBlocks: [],
    uncountedNames: 0,
    policy: null,
  };
}

function safeReadConfig(): ResponderConfig | null {
  try {
    return readResponderConfig();
  } catch {
    return null;
  }
}

function toResponderError(error: { message: string; at: Date }): ResponderError {
  return { message: error.message, at: error.at.toISOString() };
}

function toAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function toMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}
