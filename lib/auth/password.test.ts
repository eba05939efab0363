import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";

const CHEAP = { N: 1024, r: 8, p: 1 };

describe("password hashing", () => {
  it("hashes to a versioned scrypt string with a random salt", async () => {
    const [a, b] = await Promise.all([
      hashPassword("correct horse", CHEAP),
      hashPassword("correct horse", CHEAP),
    ]);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
  });

  it("verifies the right password only, with the cost stored in the hash", async () => {
    const stored = await hashPassword("correct horse", CHEAP);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horsf", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("uses the default cost when none is given", async () => {
    expect(await hashPassword("x")).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it.each([
    ["not a hash"],
    ["bcrypt$10$abc"],
    ["scrypt$0$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA=="],
    ["scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA=="],
    ["scrypt$1024$8$1$$AAAAAAAAAAAAAAAAAAAAAA=="],
  ])("never matches a malformed or oversized hash: %s", async (stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });

  it("the dummy hash (verified for unknown user names) matches nothing", async () => {
    expect(await verifyPassword("", DUMMY_HASH)).toBe(false);
    expect(await verifyPassword("password", DUMMY_HASH)).toBe(false);
  });
});
