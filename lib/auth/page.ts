// The page-side access check (server only): the root layout calls it on every page render.
import { cookies, headers } from "next/headers";
import { findSessionUser } from "@/lib/db/sessions";
import type { UserRecord } from "@/lib/db/types";
import { countUsers } from "@/lib/db/users";
import { isPublicPage, roleGrants, toPagePermission, type Permission } from "@/lib/roles";
import { SESSION_COOKIE } from "./cookie";

/** Header names proxy.ts sets (kept in sync with proxy.ts). */
const PATH_HEADER = "x-enum-console-path";
const NONCE_HEADER = "x-nonce";

/** What the layout needs to render a page, or where to send the browser instead. */
export type PageAccess =
  | {
      readonly kind: "render";
      readonly user: UserRecord | null;
      /** The permission the page needs when the user lacks it (render a 403 notice). */
      readonly missing: Permission | null;
      readonly nonce: string | undefined;
    }
  | { readonly kind: "redirect"; readonly to: string };

/**
 * Decides a page request: no users yet -> /setup; /setup once users exist -> /signin; no
 * valid session -> /signin?next=...; signed in on /signin -> the `next` page; a role without
 * the page's permission -> render with `missing` set.
 */
export async function checkPageAccess(): Promise<PageAccess> {
  const headerList = await headers();
  const path = headerList.get(PATH_HEADER) ?? "/";
  const nonce = headerList.get(NONCE_HEADER) ?? undefined;
  const pathname = new URL(path, "http://console").pathname;
  if ((await countUsers()) === 0)
    return pathname === "/setup"
      ? { kind: "render", user: null, missing: null, nonce }
      : { kind: "redirect", to: "/setup" };
  const secret = (await cookies()).get(SESSION_COOKIE)?.value ?? "";
  const session = secret === "" ? null : await findSessionUser(secret);
  const user = session?.user ?? null;
  if (pathname === "/setup") return { kind: "redirect", to: user === null ? "/signin" : "/blocks" };
  if (isPublicPage(pathname)) {
    if (user === null) return { kind: "render", user: null, missing: null, nonce };
    return { kind: "redirect", to: toSafeNext(new URL(path, "http://console").searchParams.get("next")) };
  }
  if (user === null) return { kind: "redirect", to: `/signin?next=${encodeURIComponent(path)}` };
  const permission = toPagePermission(pathname);
  return { kind: "render", user, missing: roleGrants(user.role, permission) ? null : permission, nonce };
}

/** A `next` target that stays on this console (a path, never "//host" or a URL). */
export function toSafeNext(next: string | null): string {
  if (next === null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\"))
    return "/blocks";
  return next;
}
