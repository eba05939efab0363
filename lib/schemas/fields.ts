// Field schemas shared by the block, settings and query schemas. Browser-safe: no server imports.
import { z } from "zod";
import { compileRegexField } from "@/lib/enum/regex-field";
import { isCanonicalPrefix } from "@/lib/enum/number-block";
import type { Profile } from "@/lib/enum/profile";

/** Largest value of a 32-bit TTL or SOA timer field (RFC 2181 §8: TTLs are 0..2^31-1). */
export const MAX_TIMER_SECONDS = 2_147_483_647;

/** A DNS character-string holds at most 255 bytes (RFC 1035 §3.3); NAPTR fields are character-strings. */
export const MAX_CHARACTER_STRING_BYTES = 255;

/** Letters, digits and inner hyphens, 1..63 characters (RFC 1123 §2.1 host name label). */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** As HOST_LABEL, but a leading underscore is allowed (service labels such as `_sip`, RFC 8552). */
const SERVICE_LABEL = /^_?[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/**
 * RFC 6116 §3.4.3: `"E2U" 1*("+" type *(":" subtype))`, type and subtype 1..32 letters,
 * digits or hyphens; matched without regard to case.
 */
const ENUMSERVICE = /^E2U(?:\+[A-Za-z0-9-]{1,32}(?::[A-Za-z0-9-]{1,32})*)+$/i;

/** The local part of an RFC 1035 §8 mailbox: any printable ASCII, a dot only as `\.`. */
const MAILBOX_LOCAL = /^(?:[!-[\]-~]|\\\.)+$/;

/** Whether a name (no trailing dot) is a sequence of valid labels within 253 characters. */
function isDomainName(text: string, label: RegExp): boolean {
  if (text.length === 0 || text.length > 253) return false;
  return text.split(".").every((part) => label.test(part));
}

/** Drops one trailing dot: the console stores names relative to nothing, without the root dot. */
function toRelativeName(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

/** UTF-8 length, which is what the DNS wire format limits. */
function toByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** A string field whose type errors say what to send (zod's default names the JS types). */
export function toTextSchema(what: string) {
  return z.string({
    error: (issue) => (issue.input === undefined ? `Enter ${what}.` : `Send ${what} as a string.`),
  });
}

/** A host name such as `ns1.example.com` (a trailing dot is accepted and dropped). */
export function toHostNameSchema(what: string) {
  return toTextSchema(what)
    .trim()
    .transform(toRelativeName)
    .refine((name) => isDomainName(name, HOST_LABEL), {
      message: `Enter ${what} as a host name such as ns1.example.com: labels of letters, digits and hyphens, at most 63 characters each and 253 in all.`,
    });
}

/** A mailbox written as a domain name (RFC 1035 §8): `hostmaster.example.com`, a dot in the local part as `\.`. */
export const mailboxSchema = toTextSchema("the SOA admin mailbox")
  .trim()
  .transform(toRelativeName)
  .superRefine((text, ctx) => {
    if (text.includes("@")) {
      const [local = "", domain = ""] = text.split("@", 2);
      ctx.addIssue({
        code: "custom",
        message: `Write the mailbox as a domain name (RFC 1035 §8): ${local.replaceAll(".", "\\.")}.${domain} instead of ${text}.`,
        params: { code: "mailbox-at-sign", at: text.indexOf("@") },
      });
      return;
    }
    // The first unescaped dot ends the local part.
    const split = /^((?:\\.|[^.\\])+)\.(.+)$/.exec(text);
    if (split === null || !MAILBOX_LOCAL.test(split[1]!) || !isDomainName(split[2]!, HOST_LABEL)) {
      ctx.addIssue({
        code: "custom",
        message:
          "Enter the mailbox as a domain name such as hostmaster.example.com (for hostmaster@example.com; a dot in the part before @ is written \\.).",
        params: { code: "mailbox-invalid" },
      });
    }
  });

/** A 32-bit TTL or SOA timer in seconds. */
export function toTimerSchema(what: string) {
  return z
    .number({ error: `${what} must be a number of seconds.` })
    .int({ error: `${what} must be a whole number of seconds.` })
    .min(0, { error: `${what} cannot be negative.` })
    .max(MAX_TIMER_SECONDS, { error: `${what} is at most ${MAX_TIMER_SECONDS} seconds (2^31 - 1).` });
}

/** The version a change is based on (optimistic concurrency). */
export const versionSchema = z
  .number({ error: "Send the version you read (a whole number) so concurrent edits are detected." })
  .int({ error: "The version must be a whole number." })
  .min(0, { error: "The version cannot be negative." });

/** A block's name as people see it in lists. */
export const blockNameSchema = toTextSchema("a name")
  .trim()
  .min(1, { error: "Enter a name." })
  .max(200, { error: "A name has at most 200 characters." });

/** A block prefix in canonical form (an optional `+`, then digits; "" is the catch-all). */
export const prefixSchema = toTextSchema(`a prefix ("" for the catch-all block)`)
  .trim()
  .superRefine((prefix, ctx) => {
    if (isCanonicalPrefix(prefix)) return;
    // Point at the first character that breaks the form: a non-digit, or a `+` after the start.
    const at = prefix.split("").findIndex((c, i) => !(c >= "0" && c <= "9") && !(c === "+" && i === 0));
    ctx.addIssue({
      code: "custom",
      message:
        "A prefix is an optional + followed by digits only (e.g. +1650555 or 212555); leave it empty for the catch-all block. Remove spaces, dots, dashes and brackets.",
      params: { code: "prefix-not-canonical", ...(at >= 0 ? { at } : {}) },
    });
  });

/** An enumservice such as `E2U+sip` or `E2U+pstn:tel` (RFC 6116 §3.4.3). */
export const enumserviceSchema = toTextSchema("an enumservice such as E2U+sip")
  .trim()
  .refine((value) => ENUMSERVICE.test(value), {
    message:
      'An enumservice looks like E2U+sip or E2U+pstn:tel: "E2U", then "+type" with optional ":subtype" parts.',
  });

/**
 * A NAPTR regexp field compiled as the configured client would compile it. A failure is
 * one issue with `at`, the position in the field where the engine gave up.
 */
export function toRegexFieldSchema(profile: Profile) {
  return toTextSchema("the regex").superRefine((raw, ctx) => {
    const bytes = toByteLength(raw);
    if (bytes > MAX_CHARACTER_STRING_BYTES) {
      ctx.addIssue({
        code: "custom",
        message: `A NAPTR regexp is one DNS character-string, at most ${MAX_CHARACTER_STRING_BYTES} bytes (RFC 1035 §3.3); this one has ${bytes}.`,
        params: { code: "regex-too-long", at: MAX_CHARACTER_STRING_BYTES },
      });
      return;
    }
    const compiled = compileRegexField(raw, profile);
    if (compiled.ok) return;
    const { code, message, at } = compiled.error;
    ctx.addIssue({ code: "custom", message, params: { code, ...(at !== undefined ? { at } : {}) } });
  });
}

/** The replacement field of a NAPTR rule: a domain name, or "." for none (RFC 3403 §4.1). */
export const replacementSchema = toTextSchema("the replacement")
  .trim()
  .refine((value) => value === "." || isDomainName(toRelativeName(value), SERVICE_LABEL), {
    message: 'Enter "." (no replacement, as ENUM uses) or a domain name such as _sip._udp.example.com.',
  });

/** A domain name such as a zone suffix (a trailing dot is accepted and dropped). */
export function toDomainNameSchema(what: string) {
  return toTextSchema(what)
    .trim()
    .transform(toRelativeName)
    .refine((name) => isDomainName(name, SERVICE_LABEL), {
      message: `Enter ${what} as a domain name such as e164.arpa: labels of letters, digits and hyphens, at most 63 characters each and 253 in all.`,
    });
}

/** A query-string boolean: `true`/`false` (also `1`/`0`), or a real boolean from code. */
export const queryBooleanSchema = z.union(
  [z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")],
  { error: 'Use "true" or "false".' },
);
