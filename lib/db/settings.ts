// Zone settings: one row, optimistic versioning, published with the rule set.
import { AppError } from "@/lib/app-error";
import { isProfile, type Profile } from "@/lib/enum/profile";
import { DEFAULT_ZONE_SETTINGS, type ZoneSettings } from "@/lib/enum/ruleset";
import { recordAuditEvent, toAuditSettingsState, toSettingsChangeSummary } from "./audit";
import { publishRulesChanged } from "./changes";
import { getPrisma, getReadPrisma } from "./client";
import { Prisma, type Settings as SettingsRow } from "./generated/client";
import { StaleVersionSignal, toBlockLintLevel } from "./records";
import { INITIAL_STATE, SINGLETON_ID, bumpRuleSetState, type PublishedState } from "./state";
import { SYSTEM_ACTOR, type Actor, type LintLevel, type SettingsRecord, type SettingsUpdate } from "./types";

/** A profile change relints every block: give 100,000 of them time. */
const SETTINGS_TRANSACTION = { maxWait: 60_000, timeout: 300_000 } as const;

/** Rows per UPDATE when relinting (well under SQLite's 32,766 bound parameters). */
const RELINT_CHUNK = 5_000;

/**
 * The zone settings with the publication state (revision, zone serial). Creates the
 * defaults row on first use; that changes nothing published, so it bumps nothing.
 */
export async function getSettings(): Promise<SettingsRecord> {
  const read = getReadPrisma();
  const [row, state] = await read.$transaction([
    read.settings.findUnique({ where: { id: SINGLETON_ID } }),
    read.ruleSetState.findUnique({ where: { id: SINGLETON_ID } }),
  ]);
  if (row !== null) return toSettingsRecord(row, state ?? INITIAL_STATE);
  return getPrisma().$transaction(async (tx) => {
    const created = await ensureSettingsRow(tx);
    const current = await tx.ruleSetState.findUnique({ where: { id: SINGLETON_ID } });
    return toSettingsRecord(created, current ?? INITIAL_STATE);
  });
}

/**
 * Changes the settings named in `update` if `update.version` is still the stored version
 * (else AppError "stale" with `details.current`), bumping revision and serial in the same
 * transaction. A profile change recomputes every block's lint level there too, since
 * whether a regex compiles depends on the profile. The audit event (by `actor`) commits with it.
 */
export async function updateSettings(
  update: SettingsUpdate,
  actor: Actor = SYSTEM_ACTOR,
): Promise<SettingsRecord> {
  if (update.profile !== undefined && !isProfile(update.profile)) {
    throw new AppError("validation", `Unknown profile "${String(update.profile)}".`, [
      { field: "profile", code: "profile-unknown", message: 'The profile must be "sprout" or "rfc".' },
    ]);
  }
  let saved: { record: SettingsRecord; published: PublishedState };
  try {
    saved = await getPrisma().$transaction(async (tx) => {
      const published = await bumpRuleSetState(tx);
      const before = await ensureSettingsRow(tx);
      const { count } = await tx.settings.updateMany({
        where: { id: SINGLETON_ID, version: update.version },
        data: { ...toSettingsColumns(update), version: { increment: 1 } },
      });
      if (count !== 1) throw new StaleVersionSignal();
      if (update.profile !== undefined && update.profile !== before.profile) {
        await relintBlocks(tx, update.profile);
      }
      const after = await tx.settings.findUniqueOrThrow({ where: { id: SINGLETON_ID } });
      const [beforeState, afterState] = [
        toAuditSettingsState(toZoneSettings(before)),
        toAuditSettingsState(toZoneSettings(after)),
      ];
      await recordAuditEvent(
        tx,
        actor,
        {
          action: "settings.update",
          entityType: "settings",
          entityId: String(SINGLETON_ID),
          before: beforeState,
          after: afterState,
          summary: toSettingsChangeSummary(beforeState, afterState),
        },
        { revision: published.revision },
      );
      return { record: toSettingsRecord(after, published), published };
    }, SETTINGS_TRANSACTION);
  } catch (error) {
    if (!(error instanceof StaleVersionSignal)) throw error;
    const current = await getSettings();
    throw new AppError(
      "stale",
      `Someone else changed the settings since you loaded them (you edited version ${update.version}, ` +
        `it is now version ${current.version}). Review their changes, then apply yours again.`,
      [],
      { current },
    );
  }
  await publishRulesChanged(saved.published);
  return saved.record;
}

/** The profile blocks are linted and resolved under (the default before any settings exist). */
export async function readProfile(db: Prisma.TransactionClient): Promise<Profile> {
  const row = await db.settings.findUnique({ where: { id: SINGLETON_ID }, select: { profile: true } });
  return row === null ? DEFAULT_ZONE_SETTINGS.profile : toProfile(row.profile);
}

/** The zone settings a row stands for; the defaults when there is no row yet. */
export function toZoneSettings(row: SettingsRow | null): ZoneSettings {
  if (row === null) return DEFAULT_ZONE_SETTINGS;
  return {
    zoneSuffix: row.zoneSuffix,
    defaultTtl: row.defaultTtl,
    soaPrimaryNs: row.soaPrimaryNs,
    soaAdminMailbox: row.soaAdminMailbox,
    soaRefresh: row.soaRefresh,
    soaRetry: row.soaRetry,
    soaExpire: row.soaExpire,
    soaMinimum: row.soaMinimum,
    nsNames: parseNsNames(row.nsNames),
    profile: toProfile(row.profile),
  };
}

function toSettingsRecord(row: SettingsRow, state: PublishedState): SettingsRecord {
  return {
    ...toZoneSettings(row),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    revision: state.revision,
    zoneSerial: state.zoneSerial,
  };
}

/** The settings row, created with the defaults inside this transaction when missing. */
async function ensureSettingsRow(tx: Prisma.TransactionClient): Promise<SettingsRow> {
  const row = await tx.settings.findUnique({ where: { id: SINGLETON_ID } });
  if (row !== null) return row;
  return tx.settings.create({ data: { id: SINGLETON_ID, ...toSettingsColumns(DEFAULT_ZONE_SETTINGS) } });
}

export type SettingsColumns = {
  -readonly [K in keyof ZoneSettings]?: K extends "nsNames" ? string : ZoneSettings[K];
};

/** The columns for the settings an update names (lists are stored as JSON text). */
export function toSettingsColumns(update: Partial<ZoneSettings>): SettingsColumns {
  const columns: SettingsColumns = {
    zoneSuffix: update.zoneSuffix,
    defaultTtl: update.defaultTtl,
    soaPrimaryNs: update.soaPrimaryNs,
    soaAdminMailbox: update.soaAdminMailbox,
    soaRefresh: update.soaRefresh,
    soaRetry: update.soaRetry,
    soaExpire: update.soaExpire,
    soaMinimum: update.soaMinimum,
    profile: update.profile,
  };
  if (update.nsNames !== undefined) columns.nsNames = JSON.stringify(update.nsNames);
  return columns;
}

/**
 * Recomputes every block's lint level for a profile and writes the ones that changed.
 * Lint levels are derived data: the blocks' versions and updatedAt stay as they are, so
 * nobody's open editor goes stale because of a settings change.
 */
export async function relintBlocks(tx: Prisma.TransactionClient, profile: Profile): Promise<void> {
  const blocks = await tx.numberBlock.findMany({
    select: { id: true, name: true, prefix: true, regex: true, lintLevel: true },
  });
  const changedByLevel = new Map<LintLevel, string[]>();
  for (const block of blocks) {
    const level = toBlockLintLevel(block, profile);
    if (level === block.lintLevel) continue;
    const ids = changedByLevel.get(level) ?? [];
    ids.push(block.id);
    changedByLevel.set(level, ids);
  }
  for (const [level, ids] of changedByLevel) {
    for (let start = 0; start < ids.length; start += RELINT_CHUNK) {
      const chunk = ids.slice(start, start + RELINT_CHUNK);
      await tx.$executeRaw`UPDATE "NumberBlock" SET "lintLevel" = ${level} WHERE "id" IN (${Prisma.join(chunk)})`;
    }
  }
}

function toProfile(value: string): Profile {
  if (isProfile(value)) return value;
  throw new Error(`Stored profile "${value}" is not a known profile.`);
}

function parseNsNames(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((name): name is string => typeof name === "string")) {
    throw new Error("Stored nsNames is not a JSON array of strings.");
  }
  return value;
}
