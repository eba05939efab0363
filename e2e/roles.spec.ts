// Roles in the browser: a viewer sees no edit controls and the API refuses their changes;
// a prefix-limited token works only under its prefix.
import { expect, test, type Page } from "@playwright/test";
import { createBlock, toOriginHeader, toUniquePrefix } from "./support";

const SIP = "!(^.*$)!sip:\\1@example.com!";
const PASSWORD = "viewer password 4242";

/** Creates a user with `role` (as the suite's admin) and signs this page's browser in as them. */
async function signInAs(page: Page, role: "viewer" | "editor", baseURL: string | undefined): Promise<string> {
  const username = `e2e-${role}-${toUniquePrefix()}`;
  const headers = toOriginHeader(baseURL);
  const created = await page.request.post("/api/users", {
    data: { username, password: PASSWORD, role },
    headers,
  });
  expect(created.status(), await created.text()).toBe(201);
  const signedIn = await page.request.post("/api/session", {
    data: { username, password: PASSWORD },
    headers,
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  return username;
}

test("a viewer sees no edit controls and gets 403 from the API", async ({ page, request, baseURL }) => {
  const prefix = toUniquePrefix();
  const block = await createBlock(request, { name: `e2e viewer ${prefix}`, prefix, regex: SIP });
  const username = await signInAs(page, "viewer", baseURL);

  await page.goto(`/blocks?number=${prefix}`);
  await expect(page.getByRole("button", { name: `Account menu for ${username} (viewer)` })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(block.name) });
  await expect(row).toBeVisible();
  await expect(page.getByRole("button", { name: "New block" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(row.getByRole("switch")).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Delete ${block.name}` })).toHaveCount(0);

  // The block opens read-only: disabled fields, no Save or Delete.
  await row.getByRole("link", { name: `View ${block.name}` }).click();
  await expect(page.getByText("Read only")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);

  // Settings read-only; the import and users pages say the role cannot use them.
  await page.goto("/settings");
  await expect(page.getByText("Only admins change the settings.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await page.goto("/import");
  await expect(page.getByText("Your role (viewer) cannot change number blocks.")).toBeVisible();

  // The API refuses the viewer's changes with the plain reason.
  const headers = toOriginHeader(baseURL);
  const patch = await page.request.patch(`/api/blocks/${block.id}`, {
    data: { version: block.version, enabled: false },
    headers,
  });
  expect(patch.status()).toBe(403);
  expect(((await patch.json()) as { error: { message: string } }).error.message).toBe(
    "Your role (viewer) cannot change number blocks.",
  );
  expect((await page.request.delete(`/api/blocks/${block.id}`, { headers })).status()).toBe(403);
  expect((await page.request.get(`/api/blocks/${block.id}`)).status()).toBe(200);

  // An admin disables the viewer: the next API call of the open page answers 401 and the
  // browser goes to the sign-in page, which brings it back afterwards.
  const users = (await (await request.get("/api/users")).json()) as { id: string; username: string }[];
  const viewer = users.find((user) => user.username === username)!;
  expect((await request.patch(`/api/users/${viewer.id}`, { data: { disabled: true } })).status()).toBe(200);
  await page.getByRole("link", { name: "Number blocks", exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?next=%2Fblocks$/);
});

test("an API token limited to a prefix, created on the account page", async ({
  page,
  playwright,
  baseURL,
}) => {
  await signInAs(page, "editor", baseURL);
  const prefix = toUniquePrefix();
  await page.goto("/account");
  await page.getByLabel("Name").fill("e2e limited token");
  await page.getByRole("checkbox", { name: /^write/ }).check();
  const prefixes = page.getByRole("textbox", { name: "Limit to number prefixes (optional)" });
  await prefixes.fill(prefix);
  await prefixes.press("Enter");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^ec_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(
    page.getByRole("table", { name: "Your API tokens" }).getByText("e2e limited token"),
  ).toBeVisible();

  // A bare API client with only the token: no cookies, no Origin (the project's storage
  // state and headers would otherwise be merged in).
  const api = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  try {
    const inside = await api.post("/api/blocks", {
      data: { name: `e2e token ${prefix}`, prefix: `${prefix}1`, regex: SIP },
    });
    expect(inside.status(), await inside.text()).toBe(201);
    const outside = await api.post("/api/blocks", {
      data: { name: "e2e token outside", prefix: `97${prefix.slice(2)}`, regex: SIP },
    });
    expect(outside.status()).toBe(403);
  } finally {
    await api.dispose();
  }

  await page.getByRole("button", { name: "Revoke token e2e limited token" }).click();
  await expect(page.getByText("revoked", { exact: true })).toBeVisible();
});
