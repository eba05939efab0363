// The embedded responder's access and abuse settings: one row, optimistic versioning, and a
// process-wide listener registry so a saved change reaches the running responder at once.
import { AppError } from "@/lib/app-error";
import type { DnsPolicy } from "@/lib/dns/policy";
import { recordAuditEvent, findChangedFields } from "./audit";
import { getPrisma, getReadPrisma } from "./client";
import type { ResponderSettings as ResponderSettingsRow } from "./generated/client";
import { StaleVersionSignal } from "./records";
import { SINGLETON_ID, WRITE_TRANSACTION } from "./state";
import {
  SYSTEM_ACTOR,
  type Actor,
  type ResponderSettingsRecord,
  type ResponderSettingsUpdate,
  type ResponderSettingsValues,
} from "./types";

/** Called after a responder settings change committed; resolves when the listener applied it. */
export type ResponderSettingsListener = (settings: ResponderSettingsRecord) => Promise<void> | void;

const LISTENERS_KEY = Symbol.for("enum-console.responder-settings-listeners");

type GlobalWithListeners = typeof globalThis & { [LISTENERS_KEY]?: Set<ResponderSettingsListener> };

/**
 * Registers a listener for saved responder settings (the running responder) and returns
 * its removal. The registry lives on globalThis: Next evaluates this module once per
 * bundle, and a change saved in a route must reach the responder started from
 * instrumentation.
 */
export function onResponderSettingsChanged(listener: ResponderSettingsListener): () => void {
  const listeners = getListeners();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The responder settings; the column defaults (DEFAULT_DNS_POLICY) before anything was saved. */
export async function getResponderSettings(): Promise<ResponderSettingsRecord> {
  const row = await getReadPrisma().responderSettings.findUnique({ where: { id: SINGLETON_ID } });
  if (row !== null) return toResponderSettingsRecord(row);
  return toResponderSettingsRecord(
    await getPrisma().responderSettings.upsert({
      where: { id: SINGLETON_ID },
      create: { id: SINGLETON_ID },
      update: {},
    }),
  );
}

/**
 * Changes the settings named in `update` if `update.version` is still the stored version
 * (else AppError "stale" with `details.current`), records it in the audit history, then
 * waits for every listener (the responder applies it before the HTTP response leaves).
 * Values are validated by lib/schemas/responder-settings.ts before they get here.
 */
export async function updateResponderSettings(
  update: ResponderSettingsUpdate,
  actor: Actor = SYSTEM_ACTOR,
): Promise<ResponderSettingsRecord> {
  let saved: ResponderSettingsRecord;
  try {
    saved = await getPrisma().$transaction(async (tx) => {
      const before = await tx.responderSettings.upsert({
        where: { id: SINGLETON_ID },
        create: { id: SINGLETON_ID },
        update: {},
      });
      const { count } = await tx.responderSettings.updateMany({
        where: { id: SINGLETON_ID, version: update.version },
        data: { ...toResponderSettingsColumns(update), version: { increment: 1 } },
      });
      if (count !== 1) throw new StaleVersionSignal();
      const after = await tx.responderSettings.findUniqueOrThrow({ where: { id: SINGLETON_ID } });
      const [beforeValues, afterValues] = [
        toValues(toResponderSettingsRecord(before)),
        toValues(toResponderSettingsRecord(after)),
      ];
      const changed = findChangedFields(beforeValues, afterValues);
      await recordAuditEvent(tx, actor, {
        action: "responder-settings.update",
        entityType: "responder-settings",
        entityId: String(SINGLETON_ID),
        before: beforeValues,
        after: afterValues,
        summary:
          changed.length === 0
            ? "Responder settings saved unchanged"
            : `Responder settings: ${changed.join(", ")} changed`,
      });
      return toResponderSettingsRecord(after);
    }, WRITE_TRANSACTION);
  } catch (error) {
    if (!(error instanceof StaleVersionSignal)) throw error;
    const current = await getResponderSettings();
    throw new AppError(
      "stale",
      `Someone else changed the DNS responder settings since you loaded them (you edited version ${update.version}, ` +
        `it is now version ${current.version}). Review their changes, then apply yours again.`,
      [],
      { current },
    );
  }
  await publishResponderSettingsChanged(saved);
  return saved;
}

/** The responder's policy (lib/dns/policy.ts) for stored settings. */
export function toDnsPolicy(settings: ResponderSettingsValues): DnsPolicy {
  return {
    allowQuery: [...settings.allowQuery],
    allowTransfer: [...settings.allowTransfer],
    notify: [...settings.notify],
    rrl: {
      responsesPerSecond: settings.rrlResponsesPerSecond,
      slip: settings.rrlSlip,
      exempt: [...settings.rrlExempt],
    },
  };
}

/** Tells every listener, after the commit; a failing listener is logged, never fails the save. */
async function publishResponderSettingsChanged(settings: ResponderSettingsRecord): Promise<void> {
  await Promise.all(
    [...getListeners()].map(async (listener) => {
      try {
        await listener(settings);
      } catch (error) {
        console.error(
          `responder settings version ${settings.version}: a listener failed:`,
          error instanceof Error ? error.message : error,
        );
      }
    }),
  );
}

function getListeners(): Set<ResponderSettingsListener> {
  const store = globalThis as GlobalWithListeners;
  return (store[LISTENERS_KEY] ??= new Set());
}

function toValues(record: ResponderSettingsRecord): ResponderSettingsValues {
  const { version: _version, updatedAt: _updatedAt, ...values } = record;
  return values;
}

function toResponderSettingsRecord(row: ResponderSettingsRow): ResponderSettingsRecord {
  return {
    allowQuery: parseList(row.allowQuery, "allowQuery"),
    allowTransfer: parseList(row.allowTransfer, "allowTransfer"),
    notify: parseList(row.notify, "notify"),
    rrlResponsesPerSecond: row.rrlResponsesPerSecond,
    rrlSlip: row.rrlSlip,
    rrlExempt: parseList(row.rrlExempt, "rrlExempt"),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns for the fields an update names (lists are stored as JSON text). */
function toResponderSettingsColumns(update: Partial<ResponderSettingsValues>): {
  allowQuery?: string;
  allowTransfer?: string;
  notify?: string;
  rrlResponsesPerSecond?: number;
  rrlSlip?: number;
  rrlExempt?: string;
} {
  const toText = (list: readonly string[] | undefined): string | undefined =>
    list === undefined ? undefined : JSON.stringify(list);
  return {
    allowQuery: toText(update.allowQuery),
    allowTransfer: toText(update.allowTransfer),
    notify: toText(update.notify),
    rrlResponsesPerSecond: update.rrlResponsesPerSecond,
    rrlSlip: update.rrlSlip,
    rrlExempt: toText(update.rrlExempt),
  };
}

function parseList(text: string, field: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string"))
    throw new Error(`Stored responder setting ${field} is not a JSON array of strings.`);
  return value;
}
