// Who is calling a route handler and what they may do. Every route handler starts with
// requireAccess(req, permission); issue 7 (accounts, roles, tokens) fills in the checks.
import type { NextRequest } from "next/server";
import { SYSTEM_ACTOR, type Actor } from "@/lib/db/types";

export { SYSTEM_ACTOR, type Actor };

/** What a request wants to do. Roles and token scopes grant these. */
export type Permission = "read" | "export" | "test" | "write" | "admin";

/**
 * The caller of `req` when it holds `permission`; throws AppError "unauthorized" (401) or
 * "forbidden" (403) otherwise.
 */
export async function requireAccess(_req: Request | NextRequest, _permission: Permission): Promise<Actor> {
  return Promise.resolve(SYSTEM_ACTOR);
}
