// Playwright e2e: the built console on its own port and its own SQLite file, driven by
// Debian's Chromium (Playwright's browser download is unreachable here).
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3199);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./test-results/e2e/console.db";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    // A fresh database per run: setup-db creates, migrates and seeds it.
    command: `rm -rf test-results/e2e && mkdir -p test-results/e2e && tsx scripts/setup-db.ts && next start -H 127.0.0.1 -p ${PORT}`,
    url: `${BASE_URL}/api/settings`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { DATABASE_URL, NEXT_TELEMETRY_DISABLED: "1" },
    stdout: "pipe",
    stderr: "pipe",
  },
});
