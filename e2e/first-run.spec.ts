// First run on a console with no users (the second e2e server, started without admin variables):
// every page leads to /setup, the API refuses everything, and /setup creates the first admin once.
import { expect, test } from "@playwright/test";
import { toOriginHeader } from "./support";

const FIRST_ADMIN = { username: "first-admin", password: "first admin password 42" };

test("first-run admin setup", async ({ page, baseURL }) => {
  // Before any user exists the API says why it refuses.
  const refused = await page.request.get("/api/blocks");
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
    "needs its first admin",
  );

  await page.goto("/blocks");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
  await page.getByLabel(/^User name/).fill(FIRST_ADMIN.username);
  await page.getByLabel(/^Password/).fill(FIRST_ADMIN.password);
  await page.getByLabel(/^Repeat the password/).fill(FIRST_ADMIN.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();

  await expect(page).toHaveURL(/\/blocks$/);
  await expect(page.getByRole("button", { name: "Account menu for first-admin (admin)" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();

  // /setup is closed now: the page sends signed-in browsers on, and the API refuses a second admin.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/blocks$/);
  const second = await page.request.post("/api/setup", {
    data: { username: "second-admin", password: "second admin password 42" },
    headers: toOriginHeader(baseURL),
  });
  expect(second.status()).toBe(409);

  // Sign out, then sign back in through the form, landing on the page asked for.
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin\?next=%2Fsettings$/);
  await page.getByLabel(/^User name/).fill(FIRST_ADMIN.username);
  await page.getByLabel(/^Password/).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert", { name: "Not signed in" })).toContainText(
    "The user name or password is wrong.",
  );
  await page.getByLabel(/^Password/).fill(FIRST_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
});
