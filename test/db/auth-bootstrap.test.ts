// The unattended first admin (ENUM_CONSOLE_ADMIN_USER / _PASSWORD / _PASSWORD_FILE).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateTestDatabase, removeTestDatabase } from "./support";
import { createAdminFromEnv } from "@/lib/auth/bootstrap";
import { verifyPassword } from "@/lib/auth/password";
import { findUserCredentials, listUsers } from "@/lib/db/users";

beforeAll(migrateTestDatabase);
afterAll(removeTestDatabase);

describe("createAdminFromEnv", () => {
  it("does nothing without the variables and refuses half of them", async () => {
    expect(await createAdminFromEnv({})).toEqual({ created: false, reason: "not-configured" });
    await expect(createAdminFromEnv({ ENUM_CONSOLE_ADMIN_USER: "ops" })).rejects.toThrow(
      "ENUM_CONSOLE_ADMIN_PASSWORD",
    );
    await expect(
      createAdminFromEnv({ ENUM_CONSOLE_ADMIN_USER: "ops", ENUM_CONSOLE_ADMIN_PASSWORD: "short" }),
    ).rejects.toThrow("too weak");
    expect(await listUsers()).toEqual([]);
  });

  it("creates the admin from a password file once; later runs never reset it", async () => {
    const file = join(tmpdir(), `enum-console-admin-${process.pid}`);
    writeFileSync(file, "from a mounted secret\n");
    expect(
      await createAdminFromEnv({ ENUM_CONSOLE_ADMIN_USER: "Ops", ENUM_CONSOLE_ADMIN_PASSWORD_FILE: file }),
    ).toEqual({
      created: true,
      username: "ops",
    });
    const stored = await findUserCredentials("ops");
    expect(stored?.user.role).toBe("admin");
    expect(await verifyPassword("from a mounted secret", stored!.passwordHash)).toBe(true);
    expect(
      await createAdminFromEnv({
        ENUM_CONSOLE_ADMIN_USER: "ops",
        ENUM_CONSOLE_ADMIN_PASSWORD: "another password here",
      }),
    ).toEqual({ created: false, reason: "users-exist" });
    expect(
      await verifyPassword("from a mounted secret", (await findUserCredentials("ops"))!.passwordHash),
    ).toBe(true);
  });
});
