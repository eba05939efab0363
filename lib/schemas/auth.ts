// zod schemas for sign-in, setup, accounts, users and API tokens (browser-safe: no server imports).
import { z } from "zod";
import { ROLES, TOKEN_SCOPES } from "@/lib/roles";

/** The shortest password the console accepts (lib/auth/password.ts checks the same). */
export const MIN_PASSWORD_LENGTH = 10;

/** Letters, digits and . _ - @, 1..64 characters; compared case-insensitively. */
export const usernameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter a user name." })
  .max(64, { error: "Use at most 64 characters." })
  .regex(/^[A-Za-z0-9._@-]+$/, { error: "Use letters, digits and . _ - @ only." });

/** A new password: long enough; at most 256 characters so scrypt input stays bounded. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(256, { error: "Use at most 256 characters." });

export const roleSchema = z.enum(ROLES as ["admin", "editor", "tester", "viewer"], {
  error: "Pick a role: admin, editor, tester or viewer.",
});

export const signInSchema = z.object({
  username: z.string().trim().min(1, { error: "Enter your user name." }).max(64),
  password: z.string().min(1, { error: "Enter your password." }).max(256),
});

export const setupSchema = z.object({ username: usernameSchema, password: newPasswordSchema });

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(256),
  newPassword: newPasswordSchema,
});

export const userCreateSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  role: roleSchema,
});

export const userUpdateSchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: newPasswordSchema.optional(),
  })
  .refine(
    (value) => value.role !== undefined || value.disabled !== undefined || value.password !== undefined,
    {
      error: "Change at least one of role, disabled or password.",
    },
  );

/** A number prefix a token is limited to: optional "+", then digits (as block prefixes are written). */
const tokenPrefixSchema = z
  .string()
  .trim()
  .regex(/^\+?\d{1,32}$/, { error: 'A prefix is digits with an optional leading "+", e.g. +1650.' });

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the token (what uses it)." }).max(100),
  scopes: z
    .array(z.enum(TOKEN_SCOPES as ["read", "export", "test", "write"]))
    .min(1, { error: "Pick at least one scope." })
    .transform((scopes) => [...new Set(scopes)]),
  prefixes: z
    .array(tokenPrefixSchema)
    .max(100)
    .default([])
    .transform((prefixes) => [...new Set(prefixes)]),
  /** Days until the token expires; absent: never. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
export type SetupInput = z.infer<typeof setupSchema>;
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;
export type UserCreateInput = z.infer<typeof userCreateSchema>;
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;
export type TokenCreateInput = z.input<typeof tokenCreateSchema>;
