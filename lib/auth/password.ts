// Password hashing with scrypt from node:crypto (server only).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** The cost the console uses today: ~50 ms and 32 MB per hash (OWASP's scrypt minimum is N=2^17 with r=8, p=1 at 128 MB; 2^15 keeps sign-in snappy on 2 cores). */
export const DEFAULT_SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export { MIN_PASSWORD_LENGTH } from "@/lib/schemas/auth";

export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * A versioned hash string `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the
 * hash, so raising the cost later still verifies old hashes.
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt, KEY_LENGTH, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Whether `password` matches `stored`; a malformed hash never matches. Compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === null) return false;
  const key = await deriveKey(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(key, parsed.hash);
}

/** A hash nobody's password matches, verified for unknown user names so they take as long as known ones. */
export const DUMMY_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((value) => Number.isSafeInteger(value) && value > 0)) return null;
  // Bounds keep a tampered row from turning a sign-in into a memory bomb.
  if (N > 2 ** 20 || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, "base64");
  const hash = Buffer.from(parts[5]!, "base64");
  if (salt.length === 0 || hash.length < 16) return null;
  return { cost: { N, r, p }, salt, hash };
}

function deriveKey(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    maxmem: 256 * cost.N * cost.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, options, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}
