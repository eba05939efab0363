// What the browser must refetch after the rules change: every view derived from them.
import { matchQuery, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { numberBlockKeys } from "./blocks";
import { exportKeys } from "./exports";
import { historyKeys } from "./history";
import { resolveKeys } from "./resolve";
import { settingsKeys } from "./settings";
import { testNumberKeys } from "./test-numbers";

/**
 * Marks stale everything a change of the rules (a block, an import, a revert, the settings)
 * can change: the blocks, the settings' revision and serial, export summaries, history,
 * resolutions and lints, and the test plan's current results. `except` leaves the queries
 * under one key alone (a deleted block's detail, which would only answer 404).
 */
export function invalidateRoutingQueries(
  queryClient: QueryClient,
  options: { readonly except?: QueryKey } = {},
): Promise<void> {
  const { except } = options;
  const keys = [
    numberBlockKeys.all,
    settingsKeys.all,
    exportKeys.all,
    historyKeys.all,
    resolveKeys.all,
    testNumberKeys.all,
  ];
  return Promise.all(
    keys.map((queryKey) =>
      queryClient.invalidateQueries({
        queryKey,
        predicate: (query) => except === undefined || !matchQuery({ queryKey: except }, query),
      }),
    ),
  ).then(() => undefined);
}
