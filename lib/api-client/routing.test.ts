import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { numberBlockKeys } from "./blocks";
import { invalidateRoutingQueries } from "./routing";
import { testNumberKeys } from "./test-numbers";

function isStale(client: QueryClient, queryKey: readonly unknown[]): boolean | undefined {
  return client.getQueryCache().find({ queryKey, exact: true })?.state.isInvalidated;
}

describe("invalidateRoutingQueries", () => {
  it("marks the views derived from the rules stale, except the key it is told to leave", async () => {
    const client = new QueryClient();
    const deleted = numberBlockKeys.detail("gone");
    const kept = ["session", "current"];
    for (const key of [numberBlockKeys.lists(), deleted, testNumberKeys.lists(), kept])
      client.setQueryData(key, { any: true });

    await invalidateRoutingQueries(client, { except: deleted });

    expect(isStale(client, numberBlockKeys.lists())).toBe(true);
    expect(isStale(client, testNumberKeys.lists())).toBe(true);
    expect(isStale(client, deleted)).toBe(false);
    expect(isStale(client, kept)).toBe(false);
  });
});
