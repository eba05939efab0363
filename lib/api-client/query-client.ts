// TanStack Query client: a new one per server request, one for the browser's lifetime.
import { MutationCache, QueryCache, QueryClient, environmentManager } from "@tanstack/react-query";
import { ApiError } from "./errors";

/**
 * A 401 means the session ended (expired, signed out elsewhere, password changed): the
 * browser goes to the sign-in page and comes back to this page afterwards.
 */
function toSignInOnUnauthorized(error: Error): void {
  if (!(error instanceof ApiError) || error.status !== 401 || typeof window === "undefined") return;
  const { pathname, search } = window.location;
  if (pathname === "/signin" || pathname === "/setup") return;
  window.location.assign(`/signin?${new URLSearchParams({ next: `${pathname}${search}` }).toString()}`);
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: toSignInOnUnauthorized }),
    mutationCache: new MutationCache({ onError: toSignInOnUnauthorized }),
    defaultOptions: {
      queries: {
        // With SSR, a staleTime above 0 stops the browser from refetching at once.
        staleTime: 30_000,
        retry: 1,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** The QueryClient for the current environment (TanStack's Next.js pattern). */
export function getQueryClient(): QueryClient {
  if (environmentManager.isServer()) return createQueryClient();
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}
