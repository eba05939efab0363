// Sign-in, the signed-in user, accounts, users and API tokens over HTTP (browser-safe).
import { queryOptions } from "@tanstack/react-query";
import type { ApiTokenRecord, UserRecord } from "@/lib/db/types";
import type {
  PasswordChangeInput,
  SetupInput,
  SignInInput,
  TokenCreateInput,
  UserCreateInput,
  UserUpdateInput,
} from "@/lib/schemas/auth";
import { requestJson } from "./request";

/** GET /api/session: the signed-in user (null when nobody is) and whether the console needs its first admin. */
export interface SessionInfo {
  readonly user: UserRecord | null;
  readonly via: "session" | "token" | null;
  readonly needsSetup: boolean;
}

export const sessionKeys = {
  all: ["session"] as const,
  current: () => [...sessionKeys.all, "current"] as const,
};

export const tokenKeys = {
  all: ["tokens"] as const,
  list: (all: boolean) => [...tokenKeys.all, "list", all] as const,
};

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: sessionKeys.current(),
    queryFn: ({ signal }) => requestJson<SessionInfo>("/api/session", { signal }),
  });
}

export function signIn(input: SignInInput): Promise<SessionInfo> {
  return requestJson<SessionInfo>("/api/session", { method: "POST", json: input });
}

export function signOut(): Promise<void> {
  return requestJson<undefined>("/api/session", { method: "DELETE" });
}

export function setUpFirstAdmin(input: SetupInput): Promise<SessionInfo> {
  return requestJson<SessionInfo>("/api/setup", { method: "POST", json: input });
}

export function changePassword(input: PasswordChangeInput): Promise<void> {
  return requestJson<undefined>("/api/account/password", { method: "PUT", json: input });
}

/** The caller's API tokens (admins: everyone's with `all`). */
export function tokensQueryOptions(all = false) {
  return queryOptions({
    queryKey: tokenKeys.list(all),
    queryFn: ({ signal }) =>
      requestJson<ApiTokenRecord[]>(`/api/tokens${all ? "?all=true" : ""}`, { signal }),
  });
}

/** Creates a token; `secret` is shown once and never again. */
export function createToken(input: TokenCreateInput): Promise<{ secret: string; token: ApiTokenRecord }> {
  return requestJson("/api/tokens", { method: "POST", json: input });
}

export function revokeToken(id: string): Promise<ApiTokenRecord> {
  return requestJson<ApiTokenRecord>(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function usersQueryOptions() {
  return queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => requestJson<UserRecord[]>("/api/users", { signal }),
  });
}

export function createUser(input: UserCreateInput): Promise<UserRecord> {
  return requestJson<UserRecord>("/api/users", { method: "POST", json: input });
}

export function updateUser(id: string, input: UserUpdateInput): Promise<UserRecord> {
  return requestJson<UserRecord>(`/api/users/${encodeURIComponent(id)}`, { method: "PATCH", json: input });
}
