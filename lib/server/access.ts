// Who is calling a route handler and what they may do. Every route handler starts with
// requireAccess(req, permission); issue 7 (accounts, roles, tokens) fills in the checks.
import type { NextRequest } from "next/server";

/** What a request wants to do. Roles and token scopes grant these. */
export type Permission = "read" | "export" | "test" | "write" | "admin";

/** Who made a change, for the audit history. */
export interface Actor {
  readonly type: "user" | "token" | "system";
  readonly id: string | null;
  /** A user name, or "token NAME (user)", or "system". */
  readonly name: string;
  /** Where the change came from: the browser UI, the HTTP API, an import, the CLI. */
  readonly source: "ui" | "api" | "import" | "cli" | "system";
  readonly remoteAddr: string;
  /** Number prefixes a token is limited to; empty when unlimited. */
  readonly prefixes: readonly string[];
}

/** The actor for changes nobody signed in made: seeding, CLI commands on the database. */
export const SYSTEM_ACTOR: Actor = {
  type: "system",
  id: null,
  name: "system",
  source: "system",
  remoteAddr: "",
  prefixes: [],
};

/**
 * The caller of `req` when it holds `permission`; throws AppError "unauthorized" (401) or
 * "forbidden" (403) otherwise.
 */
export async function requireAccess(req: Request | NextRequest, permission: Permission): Promise<Actor> {
  void req;
  void permission;
  return Promise.resolve(SYSTEM_ACTOR);
}
