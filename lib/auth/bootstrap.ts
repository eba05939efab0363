// Unattended installs: the first admin from the environment (server only, used at startup).
import { readFile } from "node:fs/promises";
import { countUsers, createFirstAdmin } from "@/lib/db/users";
import { usernameSchema } from "@/lib/schemas/auth";
import { hashPassword } from "./password";
import { assertPasswordStrength } from "./sign-in";

type Environment = Readonly<Record<string, string | undefined>>;

/** What bootstrapping did: created the admin, nothing (users exist or no variables), or why not. */
export type BootstrapOutcome =
  | { readonly created: true; readonly username: string }
  | { readonly created: false; readonly reason: "not-configured" | "users-exist" };

/**
 * Creates the first admin from ENUM_CONSOLE_ADMIN_USER and ENUM_CONSOLE_ADMIN_PASSWORD (or
 * ENUM_CONSOLE_ADMIN_PASSWORD_FILE, for secrets mounted as files), only while the console has
 * no users: the variables never reset a password later. Throws on a bad name or weak password.
 */
export async function createAdminFromEnv(env: Environment = process.env): Promise<BootstrapOutcome> {
  const username = env.ENUM_CONSOLE_ADMIN_USER?.trim() ?? "";
  const password = await readAdminPassword(env);
  if (username === "" && password === null) return { created: false, reason: "not-configured" };
  if (username === "" || password === null)
    throw new Error(
      "Set both ENUM_CONSOLE_ADMIN_USER and ENUM_CONSOLE_ADMIN_PASSWORD (or ENUM_CONSOLE_ADMIN_PASSWORD_FILE).",
    );
  if ((await countUsers()) > 0) return { created: false, reason: "users-exist" };
  const name = usernameSchema.parse(username);
  assertPasswordStrength(password, name);
  const user = await createFirstAdmin({ username: name, passwordHash: await hashPassword(password) });
  return { created: true, username: user.username };
}

async function readAdminPassword(env: Environment): Promise<string | null> {
  const file = env.ENUM_CONSOLE_ADMIN_PASSWORD_FILE?.trim();
  // A file's one trailing newline (echo, editors) is not part of the password.
  if (file !== undefined && file !== "") return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
  const value = env.ENUM_CONSOLE_ADMIN_PASSWORD;
  return value === undefined || value === "" ? null : value;
}
