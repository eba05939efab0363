// TanStack Query client: a new one per server request, one for the browser's lifetime.
import { QueryClient, environmentManager } from "@tanstack/react-query";

function createQueryClient(): QueryClient {
  return new QueryClient({
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
