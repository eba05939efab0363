// Roles and what they may do (browser-safe: the shell, forms and the server share it).

/** Hierarchical roles: each one may do everything the roles below it may. */
export type Role = "admin" | "editor" | "tester" | "viewer";

/** What a request wants to do. Roles and token scopes grant these. */
export type Permission = "read" | "export" | "test" | "write" | "admin";

/** Token scopes: the permissions a token may be given (admin work needs a signed-in admin). */
export type TokenScope = Exclude<Permission, "admin">;

/** Roles from most to least powerful. */
export const ROLES: readonly Role[] = ["admin", "editor", "tester", "viewer"];

export const TOKEN_SCOPES: readonly TokenScope[] = ["read", "export", "test", "write"];

const ROLE_RANK: Readonly<Record<Role, number>> = { admin: 3, editor: 2, tester: 1, viewer: 0 };

/** The least role holding each permission (issue 7: read/export = viewer, test = tester, write = editor). */
const PERMISSION_ROLE: Readonly<Record<Permission, Role>> = {
  read: "viewer",
  export: "viewer",
  test: "tester",
  write: "editor",
  admin: "admin",
};

/** What each permission lets a role do, for the 403 reason ("Your role (viewer) cannot ..."). */
const PERMISSION_ACTION: Readonly<Record<Permission, string>> = {
  read: "read the console",
  export: "download exports",
  test: "run previews and tests",
  write: "change number blocks",
  admin: "manage users, settings and tokens",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether `role` holds `permission` (roles are hierarchical). */
export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[PERMISSION_ROLE[permission]];
}

/** The least role holding `permission`. */
export function toRequiredRole(permission: Permission): Role {
  return PERMISSION_ROLE[permission];
}

/** The plain reason a role is refused: "Your role (viewer) cannot change number blocks." */
export function toForbiddenReason(role: Role, permission: Permission): string {
  return `Your role (${role}) cannot ${PERMISSION_ACTION[permission]}.`;
}

/**
 * The permission a page needs; pages not listed need `read`. Longest matching path wins,
 * so `/blocks/new` (write) beats `/blocks` (read).
 */
const PAGE_PERMISSIONS: readonly (readonly [string, Permission])[] = [
  ["/blocks/new", "write"],
  ["/import", "write"],
  ["/preview", "test"],
  ["/batch", "test"],
  ["/test-plan", "test"],
  ["/test-numbers", "test"],
  ["/tests", "test"],
  ["/users", "admin"],
];

/** The permission needed to open `pathname`. */
export function toPagePermission(pathname: string): Permission {
  let best: readonly [string, Permission] | undefined;
  for (const entry of PAGE_PERMISSIONS) {
    const [path] = entry;
    if ((pathname === path || pathname.startsWith(`${path}/`)) && path.length > (best?.[0].length ?? -1))
      best = entry;
  }
  return best?.[1] ?? "read";
}

/** Pages anyone may open, signed in or not. */
export const PUBLIC_PAGES: readonly string[] = ["/signin", "/setup"];

export function isPublicPage(pathname: string): boolean {
  return PUBLIC_PAGES.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}
