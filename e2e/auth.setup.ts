// Signs in the admin the e2e console created from ENUM_CONSOLE_ADMIN_USER and saves the
// browser state: every spec of the "chromium" project starts signed in as that admin.
import { expect, test as setup } from "@playwright/test";
import { ADMIN_STORAGE_STATE, E2E_ADMIN, toOriginHeader } from "./support";

setup("sign in as the e2e admin", async ({ page, baseURL }) => {
  const response = await page.request.post("/api/session", {
    data: E2E_ADMIN,
    headers: toOriginHeader(baseURL),
  });
  expect(response.status(), await response.text()).toBe(200);
  await page.goto("/blocks");
  await expect(page.getByRole("button", { name: /Account menu for e2e-admin \(admin\)/ })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STORAGE_STATE });
});
