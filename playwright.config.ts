// Playwright e2e: the built console on its own port and its own SQLite file, driven by
// Debian's Chromium (Playwright's browser download is unreachable here).
import { defineConfig, devices } from "@playwright/test";
import { ADMIN_STORAGE_STATE, E2E_ADMIN, FRESH_PORT } from "./e2e/support";

const PORT = Number(process.env.E2E_PORT ?? 3199);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./test-results/e2e/console.db";
/** A second console with an empty database and no admin: e2e/first-run.spec.ts sets it up in the browser. */
const FRESH_URL = `http://127.0.0.1:${FRESH_PORT}`;
const DESKTOP = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } };
/** The embedded DNS responder's port for the e2e server (e2e/dns.spec.ts queries it; keep them equal). */
const E2E_DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5399);

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
    // Signs the env-created admin in once; every spec of "chromium" starts with that session.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: DESKTOP },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /first-run\.spec\.ts$/,
      // The Origin header lets Playwright's API requests (request, page.request) pass the
      // console's same-origin check on changes, as a browser's own fetches do.
      use: { ...DESKTOP, storageState: ADMIN_STORAGE_STATE, extraHTTPHeaders: { Origin: BASE_URL } },
    },
    { name: "first-run", testMatch: /first-run\.spec\.ts$/, use: { ...DESKTOP, baseURL: FRESH_URL } },
  ],
  webServer: [
    {
      // A fresh database per run: setup-db creates, migrates and seeds it.
      command: `rm -rf test-results/e2e && mkdir -p test-results/e2e && tsx scripts/setup-db.ts && next start -H 127.0.0.1 -p ${PORT}`,
      url: `${BASE_URL}/api/settings`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        DATABASE_URL,
        NEXT_TELEMETRY_DISABLED: "1",
        ENUM_DNS_PORT: String(E2E_DNS_PORT),
        // The unattended first admin (README "First run"); auth.setup.ts signs it in.
        ENUM_CONSOLE_ADMIN_USER: E2E_ADMIN.username,
        ENUM_CONSOLE_ADMIN_PASSWORD: E2E_ADMIN.password,
      },
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // No admin variables: this console starts with no users and asks for its first admin.
      command: `rm -rf test-results/e2e-fresh && mkdir -p test-results/e2e-fresh && tsx scripts/setup-db.ts && next start -H 127.0.0.1 -p ${FRESH_PORT}`,
      url: `${FRESH_URL}/api/session`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        DATABASE_URL: "file:./test-results/e2e-fresh/console.db",
        NEXT_TELEMETRY_DISABLED: "1",
        ENUM_DNS_PORT: String(E2E_DNS_PORT - 1),
      },
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
