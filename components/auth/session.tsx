"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, type ReactNode } from "react";
import type { UserRecord } from "@/lib/api-client/types";
import { sessionQueryOptions, type SessionInfo } from "@/lib/api-client/session";
import { roleGrants, type Permission } from "@/lib/roles";

const InitialSession = createContext<SessionInfo>({ user: null, via: null, needsSetup: false });

/** Provides the session the root layout read on the server, so the first render knows the role. */
export function SessionProvider({
  session,
  children,
}: {
  readonly session: SessionInfo;
  readonly children: ReactNode;
}) {
  return <InitialSession.Provider value={session}>{children}</InitialSession.Provider>;
}

/** The signed-in user (null on /signin and /setup), kept fresh through GET /api/session. */
export function useSession(): SessionInfo & { readonly user: UserRecord | null } {
  const initial = useContext(InitialSession);
  const { data } = useQuery({ ...sessionQueryOptions(), initialData: initial, staleTime: 60_000 });
  return data;
}

/**
 * Whether the signed-in user's role grants `permission`: controls a role cannot use are not
 * offered (the server refuses them anyway).
 */
export function useCan(permission: Permission): boolean {
  const { user } = useSession();
  return user !== null && roleGrants(user.role, permission);
}
