import { describe, expect, it } from "vitest";
import {
  ROLES,
  isPublicPage,
  roleGrants,
  toForbiddenReason,
  toPagePermission,
  type Permission,
} from "./roles";

describe("roleGrants", () => {
  // Issue 7: read/export = viewer, test = tester, write = editor, admin = admin; roles are hierarchical.
  const expected: Record<Permission, readonly string[]> = {
    read: ["admin", "editor", "tester", "viewer"],
    export: ["admin", "editor", "tester", "viewer"],
    test: ["admin", "editor", "tester"],
    write: ["admin", "editor"],
    admin: ["admin"],
  };
  it.each(Object.entries(expected))("%s is granted to %j", (permission, roles) => {
    expect(ROLES.filter((role) => roleGrants(role, permission as Permission))).toEqual(roles);
  });

  it("says plainly why a role is refused", () => {
    expect(toForbiddenReason("viewer", "write")).toBe("Your role (viewer) cannot change number blocks.");
  });
});

describe("toPagePermission", () => {
  it.each([
    ["/blocks", "read"],
    ["/blocks/abc", "read"],
    ["/blocks/new", "write"],
    ["/import", "write"],
    ["/preview", "test"],
    ["/tests", "test"],
    ["/users", "admin"],
    ["/usersettings", "read"],
    ["/settings", "read"],
    ["/account", "read"],
  ])("%s needs %s", (path, permission) => {
    expect(toPagePermission(path)).toBe(permission);
  });

  it("only /signin and /setup are public", () => {
    expect(["/signin", "/setup", "/signin/x", "/blocks", "/setupx"].map(isPublicPage)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
