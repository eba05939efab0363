import { afterEach, describe, expect, it, vi } from "vitest";
import { onRulesChanged, publishRulesChanged } from "./changes";

const removals: (() => void)[] = [];

afterEach(() => {
  for (const remove of removals.splice(0)) remove();
  vi.restoreAllMocks();
});

describe("rule-change notifications", () => {
  it("waits for every listener before resolving", async () => {
    const order: string[] = [];
    removals.push(
      onRulesChanged(async ({ revision }) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`slow ${revision}`);
      }),
      onRulesChanged(({ revision }) => {
        order.push(`fast ${revision}`);
      }),
    );
    await publishRulesChanged({ revision: 7, zoneSerial: 2026112300 });
    order.push("published");
    expect(order).toEqual(["fast 7", "slow 7", "published"]);
  });

  it("logs a failing listener and still resolves, after the others ran", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const seen: number[] = [];
    removals.push(
      onRulesChanged(() => Promise.reject(new Error("reload exploded"))),
      onRulesChanged(({ revision }) => {
        seen.push(revision);
      }),
    );
    await expect(publishRulesChanged({ revision: 8, zoneSerial: 2026112301 })).resolves.toBeUndefined();
    expect(seen).toEqual([8]);
    expect(error).toHaveBeenCalledWith("rules changed (revision 8): a listener failed:", "reload exploded");
  });

  it("stops calling a listener once removed", async () => {
    const listener = vi.fn();
    onRulesChanged(listener)();
    await publishRulesChanged({ revision: 9, zoneSerial: 2026112302 });
    expect(listener).not.toHaveBeenCalled();
  });
});
