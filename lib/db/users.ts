// Console users: accounts with a role, a password hash that never leaves lib/db, and the
// first-admin bootstrap (no default password ever).
import { AppError } from "@/lib/app-error";
import {
  recordAuditEvent,
  toAuditUserState,
  toUserChangeSummary,
  toUserCreateSummary,
  type AuditUserState,
} from "./audit";
import { getPrisma, getReadPrisma } from "./client";
import { Prisma, type User as UserRow } from "./generated/client";
import { SYSTEM_ACTOR, type Actor, type UserRecord } from "./types";

type Role = UserRecord["role"];

/** A user with the stored hash, for sign-in checks inside the server only. */
export interface UserCredentials {
  readonly user: UserRecord;
  readonly passwordHash: string;
}

/** How many users exist (0: the console needs its first admin). */
export async function countUsers(): Promise<number> {
  return getReadPrisma().user.count();
}

/** Every user, by name. */
export async function listUsers(): Promise<UserRecord[]> {
  const rows = await getReadPrisma().user.findMany({ orderBy: { username: "asc" } });
  return rows.map(toUserRecord);
}

/** One user by id, or null. */
export async function getUser(id: string): Promise<UserRecord | null> {
  const row = await getReadPrisma().user.findUnique({ where: { id } });
  return row === null ? null : toUserRecord(row);
}

/** A user and their hash by user name (case-insensitive), or null. */
export async function findUserCredentials(username: string): Promise<UserCredentials | null> {
  const row = await getReadPrisma().user.findUnique({ where: { username: toUsernameKey(username) } });
  return row === null ? null : { user: toUserRecord(row), passwordHash: row.passwordHash };
}

/** The stored hash of a user by id, or null. */
export async function getPasswordHash(id: string): Promise<string | null> {
  const row = await getReadPrisma().user.findUnique({ where: { id }, select: { passwordHash: true } });
  return row?.passwordHash ?? null;
}

/**
 * Creates a user with an already hashed password, recorded as "user.create" by `actor` in
 * the same transaction. A taken name is AppError "conflict" with a `username` field issue.
 */
export async function createUser(
  input: { readonly username: string; readonly passwordHash: string; readonly role: Role },
  actor: Actor = SYSTEM_ACTOR,
): Promise<UserRecord> {
  try {
    return await getPrisma().$transaction(async (tx) => {
      const row = await tx.user.create({
        data: { username: toUsernameKey(input.username), passwordHash: input.passwordHash, role: input.role },
      });
      const user = toUserRecord(row);
      await recordUserCreate(tx, actor, user);
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw toTakenNameError(input.username);
    throw err;
  }
}

/**
 * Creates the first admin, only while there are no users: the check and the insert share a
 * transaction, so two racing setup forms cannot both win. AppError "conflict" once a user
 * exists. Recorded as "user.create" by the new admin (the /setup form, from `origin`), or by
 * the system when `origin` is null (the environment bootstrap: nobody signed in made it).
 */
export async function createFirstAdmin(
  input: { readonly username: string; readonly passwordHash: string },
  origin: Pick<Actor, "source" | "remoteAddr"> | null = null,
): Promise<UserRecord> {
  return getPrisma().$transaction(async (tx) => {
    if ((await tx.user.count()) > 0)
      throw new AppError("conflict", "The console already has an admin: sign in instead.");
    const row = await tx.user.create({
      data: { username: toUsernameKey(input.username), passwordHash: input.passwordHash, role: "admin" },
    });
    const user = toUserRecord(row);
    const actor: Actor =
      origin === null
        ? SYSTEM_ACTOR
        : { type: "user", id: user.id, name: user.username, ...origin, prefixes: [] };
    await recordUserCreate(tx, actor, user, " as the first admin");
    return user;
  });
}

/**
 * Changes a user's role, disabled flag or password hash. Refuses to leave the console without
 * an enabled admin (AppError "conflict"): nobody could manage users again.
 */
export async function updateUser(
  id: string,
  change: { readonly role?: Role; readonly disabled?: boolean; readonly passwordHash?: string },
  actor: Actor = SYSTEM_ACTOR,
): Promise<UserRecord> {
  return getPrisma().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (before === null) throw new AppError("not-found", `There is no user with id "${id}".`);
    const demotes =
      before.role === "admin" &&
      !before.disabled &&
      ((change.role !== undefined && change.role !== "admin") || change.disabled === true);
    if (demotes) {
      const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1)
        throw new AppError("conflict", "This is the only enabled admin: make another user admin first.");
    }
    const row = await tx.user.update({ where: { id }, data: change });
    // A disabled user or a new password ends every session of that user.
    if (change.disabled === true || change.passwordHash !== undefined)
      await tx.session.deleteMany({ where: { userId: id } });
    const user = toUserRecord(row);
    const beforeState = toAuditUserState(toUserRecord(before));
    // The hash never enters the history (it could be cracked offline): only that it changed.
    const afterState: AuditUserState =
      change.passwordHash === undefined
        ? toAuditUserState(user)
        : { ...toAuditUserState(user), passwordChanged: true };
    await recordAuditEvent(tx, actor, {
      action: "user.update",
      entityType: "user",
      entityId: user.id,
      before: beforeState,
      after: afterState,
      summary: toUserChangeSummary(beforeState, afterState),
    });
    return user;
  });
}

/** User names are compared case-insensitively: stored trimmed and lower-cased. */
export function toUsernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    role: toRole(row.role),
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An unknown stored role reads as the weakest one: a bad row never grants more. */
function toRole(value: string): Role {
  return value === "admin" || value === "editor" || value === "tester" ? value : "viewer";
}

function recordUserCreate(
  tx: Prisma.TransactionClient,
  actor: Actor,
  user: UserRecord,
  note = "",
): Promise<void> {
  const after = toAuditUserState(user);
  return recordAuditEvent(tx, actor, {
    action: "user.create",
    entityType: "user",
    entityId: user.id,
    before: null,
    after,
    summary: `${toUserCreateSummary(after)}${note}`,
  });
}

function toTakenNameError(username: string): AppError {
  return new AppError("conflict", `The user name "${toUsernameKey(username)}" is taken.`, [
    { field: "username", code: "taken", message: "This user name is taken." },
  ]);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
