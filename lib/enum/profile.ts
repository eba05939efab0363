/**
 * The ENUM client whose behaviour the engine reproduces.
 * - `sprout`: Clearwater Sprout (boost.regex POSIX-extended, split-on-every-delimiter regex
 *   fields, global replace with copy-through).
 * - `rfc`: a strict RFC 3402 / 3761 client (POSIX ERE as glibc `regexec`, escaped
 *   delimiters, the `i` flag, one substitution).
 */
export type Profile = "sprout" | "rfc";

/** All profiles, in the order the UI lists them. */
export const PROFILES: readonly Profile[] = ["sprout", "rfc"];

/** Narrows a string to a Profile. */
export function isProfile(value: string): value is Profile {
  return value === "sprout" || value === "rfc";
}
