// Sign-in, first-admin setup and password changes (server only): the password rules,
// throttling and session creation in one place for the route handlers and the setup script.
import { AppError } from "@/lib/app-error";
import {
  assertSignInAllowed,
  clearSignInFailures,
  recordSignInFailure,
  toThrottleKeys,
} from "@/lib/db/login-throttle";
import { createSession, type NewSession } from "@/lib/db/sessions";
import type { Actor, UserRecord } from "@/lib/db/types";
import {
  countUsers,
  createFirstAdmin,
  findUserCredentials,
  getPasswordHash,
  updateUser,
} from "@/lib/db/users";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/auth";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";

/** A signed-in user and the session to put in the cookie. */
export interface SignedIn {
  readonly user: UserRecord;
  readonly session: NewSession;
}

const BAD_CREDENTIALS = "The user name or password is wrong.";

/**
 * Checks a user name and password and opens a session. Throttled per user name and per
 * client address (AppError "too-many-requests" with the wait); a wrong name, a wrong password
 * and a disabled account all answer the same "unauthorized" message and take as long.
 */
export async function signIn(
  username: string,
  password: string,
  remoteAddr: string,
  now = new Date(),
): Promise<SignedIn> {
  const keys = toThrottleKeys(username, remoteAddr);
  await assertSignInAllowed(keys, now);
  const found = await findUserCredentials(username);
  const matches = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
  if (found === null || !matches || found.user.disabled) {
    await recordSignInFailure(keys, now);
    throw new AppError("unauthorized", BAD_CREDENTIALS);
  }
  // Only the user name's count is cleared: one good account must not reset the address's.
  await clearSignInFailures(keys.slice(0, 1));
  return { user: found.user, session: await createSession(found.user.id, now) };
}

/**
 * Creates the first admin and signs them in; AppError "conflict" once any user exists. The
 * history records the new admin as the author, from `origin` (the request's source and address).
 */
export async function setUpFirstAdmin(
  username: string,
  password: string,
  origin: Pick<Actor, "source" | "remoteAddr">,
  now = new Date(),
): Promise<SignedIn> {
  assertPasswordStrength(password, username);
  if ((await countUsers()) > 0)
    throw new AppError("conflict", "The console already has an admin: sign in instead.");
  const user = await createFirstAdmin({ username, passwordHash: await hashPassword(password) }, origin);
  return { user, session: await createSession(user.id, now) };
}

/**
 * Changes the caller's own password after checking the current one. Every session of the
 * user ends (a stolen session does not outlive the change); the caller gets a new one.
 */
export async function changeOwnPassword(
  user: UserRecord,
  currentPassword: string,
  newPassword: string,
  actor: Actor,
  now = new Date(),
): Promise<NewSession> {
  const stored = await getPasswordHash(user.id);
  if (stored === null || !(await verifyPassword(currentPassword, stored)))
    throw new AppError("validation", "The current password is wrong.", [
      { field: "currentPassword", code: "wrong", message: "The current password is wrong." },
    ]);
  assertPasswordStrength(newPassword, user.username, "newPassword");
  await updateUser(user.id, { passwordHash: await hashPassword(newPassword) }, actor);
  return createSession(user.id, now);
}

/** Throws a field issue when a password is too short or is the user name. */
export function assertPasswordStrength(password: string, username: string, field = "password"): void {
  const problem =
    password.length < MIN_PASSWORD_LENGTH
      ? `Use at least ${MIN_PASSWORD_LENGTH} characters.`
      : password.trim().toLowerCase() === username.trim().toLowerCase()
        ? "The password must not be the user name."
        : null;
  if (problem !== null)
    throw new AppError("validation", `The password is too weak: ${problem}`, [
      { field, code: "weak", message: problem },
    ]);
}
