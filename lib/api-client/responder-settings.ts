// DNS responder settings over HTTP (browser-safe).
import { queryOptions } from "@tanstack/react-query";
import type { ResponderSettingsRecord, ResponderSettingsUpdate } from "@/lib/db/types";
import { requestJson } from "./request";

export type { ResponderSettingsRecord, ResponderSettingsUpdate };

/** Query keys of the responder settings. */
export const responderSettingsKeys = {
  all: ["responder-settings"] as const,
  detail: () => [...responderSettingsKeys.all, "detail"] as const,
};

/** Allow-lists, NOTIFY targets and rate limiting, with their version. */
export function responderSettingsQueryOptions() {
  return queryOptions({
    queryKey: responderSettingsKeys.detail(),
    queryFn: ({ signal }) => requestJson<ResponderSettingsRecord>("/api/dns/settings", { signal }),
  });
}

/** Saves responder settings (any subset plus `version`); 422 with field issues, 409 `stale` with `current`. */
export function updateResponderSettings(update: ResponderSettingsUpdate): Promise<ResponderSettingsRecord> {
  return requestJson<ResponderSettingsRecord>("/api/dns/settings", { method: "PUT", json: update });
}
