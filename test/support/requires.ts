// Suites that need a real tool (named, dnsmasq, dig, kdig, a C++ oracle): skipped, visibly,
// on a developer machine without it; a failing test under CI=true, where .ci/run installs it.
import { describe, it } from "vitest";

/**
 * Runs `body` as `describe(title, body)` when `missing` is null. Otherwise (missing names
 * what is absent and how to get it) the suite is skipped locally and fails in CI.
 */
export function describeRequiring(title: string, missing: string | null, body: () => void): void {
  if (missing === null) describe(title, body);
  else if (process.env.CI) {
    describe(title, () => {
      it("has what it needs", () => {
        throw new Error(`${missing}: CI must provide it.`);
      });
    });
  } else describe.skip(`${title} (skipped: ${missing})`, body);
}
