"use client";

import { useState } from "react";
import type { NumberBlockRecord } from "@/lib/api-client/types";
import type { Reroute } from "@/lib/api-client/test-numbers";
import { useFetchImpact } from "./use-block-impact";

interface PendingToggle {
  readonly block: NumberBlockRecord;
  readonly enabled: boolean;
  readonly reroutes: readonly Reroute[];
}

/**
 * The blocks list's enable switch with the test plan in front: a toggle that re-routes no
 * saved number happens at once; one that does waits for the user to confirm the diff
 * (render `confirmProps` into a RerouteConfirmModal).
 */
export function useToggleGuard(toggle: (block: NumberBlockRecord, enabled: boolean) => void) {
  const fetchImpact = useFetchImpact();
  const [pending, setPending] = useState<PendingToggle | null>(null);
  const [checking, setChecking] = useState<string | null>(null);

  const requestToggle = async (block: NumberBlockRecord, enabled: boolean): Promise<void> => {
    if (checking !== null) return;
    setChecking(block.id);
    const impact = await fetchImpact({ kind: enabled ? "enable" : "disable", id: block.id });
    setChecking(null);
    if (impact === null || impact.reroutes.length === 0) {
      toggle(block, enabled);
      return;
    }
    setPending({ block, enabled, reroutes: impact.reroutes });
  };

  const verb = pending?.enabled ? "Enable" : "Disable";
  const confirmProps = {
    opened: pending !== null,
    title: `${verb} “${pending?.block.name ?? ""}”?`,
    subject: `${pending?.enabled ? "Enabling" : "Disabling"} this block`,
    reroutes: pending?.reroutes ?? [],
    confirmLabel: `${verb} anyway`,
    onConfirm: () => {
      if (pending) toggle(pending.block, pending.enabled);
      setPending(null);
    },
    onCancel: () => {
      setPending(null);
    },
  };
  return { requestToggle, checking, confirmProps };
}
