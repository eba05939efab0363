// Zone settings over HTTP (browser-safe).
import { queryOptions } from "@tanstack/react-query";
import type { SettingsRecord, SettingsUpdate } from "@/lib/db/types";
import { requestJson } from "./request";

/** Query keys of the settings. A profile change also changes lints: invalidate numberBlockKeys.all too. */
export const settingsKeys = {
  all: ["settings"] as const,
  detail: () => [...settingsKeys.all, "detail"] as const,
};

/** The zone settings with their version, revision and zone serial. */
export function settingsQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.detail(),
    queryFn: ({ signal }) => requestJson<SettingsRecord>("/api/settings", { signal }),
  });
}

/** Saves settings (any subset plus `version`); 422 with field issues, 409 `stale` with `current`. */
export function updateSettings(update: SettingsUpdate): Promise<SettingsRecord> {
  return requestJson<SettingsRecord>("/api/settings", { method: "PUT", json: update });
}
