import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { toUniquePrefix } from "./support";

const SIP = "!(^.*$)!sip:\\1@10.147.226.2!";
const MOVED = "!(^.*$)!sip:\\1@10.147.226.9!";
const ADMIN = { username: "e2e-test-plan-admin", password: "test plan admin password 42" };

/** Mutating requests carry the Origin a browser sends (the console's same-origin check). */
function toOriginHeaders(): Record<string, string> {
  return { Origin: new URL(test.info().project.use.baseURL!).origin };
}

async function postJson(page: Page, url: string, data: unknown): Promise<{ status: number; body: unknown }> {
  const response = await page.request.post(url, { data, headers: toOriginHeaders() });
  return { status: response.status(), body: await response.json().catch(() => null) };
}

/**
 * Makes sure this test's browser is signed in as someone who may edit blocks and the plan:
 * the suite's signed-in user when there is one, else the first admin this spec sets up
 * (or signs in as, when an earlier test of it did).
 */
async function ensureSignedIn(page: Page): Promise<void> {
  const session = (await (await page.request.get("/api/session")).json()) as {
    user: { role: string } | null;
    needsSetup: boolean;
  };
  if (session.user?.role === "admin" || session.user?.role === "editor") return;
  const outcome = session.needsSetup
    ? await postJson(page, "/api/setup", ADMIN)
    : await postJson(page, "/api/session", ADMIN);
  expect(outcome.status, JSON.stringify(outcome.body)).toBeLessThan(300);
}

async function createBlock(page: Page, input: { name: string; prefix: string; regex: string }) {
  const created = await postJson(page, "/api/blocks", input);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number };
}

test("a saved number flags a re-routing edit before it is saved", async ({ page }) => {
  await page.goto("/signin");
  await ensureSignedIn(page);
  const prefix = toUniquePrefix();
  const number = `${prefix}1234`;
  const block = await createBlock(page, { name: `e2e test plan ${prefix}`, prefix, regex: SIP });

  // Save the number with what the rules do now as its expected result.
  await page.goto("/tests");
  await page.getByRole("button", { name: "Add number" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Save a number" });
  await dialog.getByLabel("Number", { exact: true }).fill(number);
  await dialog.getByRole("button", { name: "Use current result" }).click();
  await expect(dialog.getByLabel("Expected result")).toHaveValue(`sip:${number}@10.147.226.2`);
  await dialog.getByRole("button", { name: "Save number" }).click();
  await expect(dialog).toBeHidden();
  const saved = page.getByRole("row", { name: new RegExp(number) });
  await expect(saved.getByText("Pass")).toBeVisible();

  // Edit the block: the panel shows the re-route before anything is saved.
  await page.goto(`/blocks/${block.id}`);
  await page.getByLabel("Regex", { exact: true }).fill(MOVED);
  await expect(page.getByRole("heading", { name: /This change re-routes 1 saved number/ })).toBeVisible();
  const diff = page.getByRole("table", { name: "Saved numbers this change re-routes" });
  await expect(diff.getByRole("row", { name: new RegExp(number) })).toContainText(
    `sip:${number}@10.147.226.9`,
  );

  // Saving asks first; cancelling saves nothing.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Save a change that re-routes saved numbers?" });
  await expect(confirm.getByRole("row", { name: new RegExp(number) })).toContainText(
    `sip:${number}@10.147.226.2`,
  );
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  const unchanged = (await (await page.request.get(`/api/blocks/${block.id}`)).json()) as { version: number };
  expect(unchanged.version).toBe(block.version);

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await confirm.getByRole("button", { name: "Save anyway" }).click();
  await expect(page).toHaveURL(/\/blocks(\?|$)/);

  // The plan now shows the number failing, with what it gets instead.
  await page.goto("/tests");
  const failing = page.getByRole("row", { name: new RegExp(number) });
  await expect(failing.getByText("Fail")).toBeVisible();
  await expect(failing).toContainText(`sip:${number}@10.147.226.9`);
});

test("the test plan exports to CSV and imports back", async ({ page }) => {
  await page.goto("/signin");
  await ensureSignedIn(page);
  const prefix = toUniquePrefix();
  const numbers = [`+${prefix}1`, `${prefix}2`];
  for (const [i, n] of numbers.entries()) {
    const created = await postJson(page, "/api/test-numbers", {
      number: n,
      expected: i === 0 ? "no-route" : `sip:${n}@10.147.226.2`,
      note: `e2e csv, "round trip" ${i}`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }

  await page.goto("/tests");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("test-plan.csv");
  const file = await download.path();
  const csv = readFileSync(file, "utf8");
  expect(csv).toContain(`${numbers[1]},sip:${numbers[1]}@10.147.226.2,"e2e csv, ""round trip"" 1"\r\n`);

  // Remove one number in the browser, then bring it back from the exported file.
  await page.getByLabel("Search").fill(prefix);
  const row = page.getByRole("row", { name: new RegExp(`\\+${prefix}1`) });
  await row.getByRole("button", { name: `Remove +${prefix}1` }).click();
  await page
    .getByRole("dialog", { name: "Remove a saved number" })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(row).toBeHidden();

  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a test plan (CSV)" });
  // The download is stored under a random name: upload it as the .csv a user would pick.
  await dialog
    .locator('input[type="file"]')
    .setInputFiles({ name: "test-plan.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await dialog.getByRole("button", { name: "Check" }).click();
  const summary = dialog.getByRole("list", { name: "Upload summary" });
  await expect(summary).toContainText("Added 1");
  await expect(summary).toContainText("Errors 0");
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  await expect(row).toContainText("no-route");
});

test("the blocks list shows the re-route diff before disabling or deleting a block", async ({ page }) => {
  await page.goto("/signin");
  await ensureSignedIn(page);
  const prefix = toUniquePrefix();
  const name = `e2e toggle ${prefix}`;
  const number = `${prefix}77`;
  const block = await createBlock(page, { name, prefix, regex: MOVED });
  const saved = await postJson(page, "/api/test-numbers", { number, expected: `sip:${number}@10.147.226.9` });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);

  await page.goto(`/blocks?name=${encodeURIComponent(name)}`);
  const toggle = page.getByRole("switch", { name: `Enabled: ${name}` });
  await expect(toggle).toBeChecked();
  await toggle.click({ force: true });
  const confirm = page.getByRole("dialog", { name: `Disable “${name}”?` });
  // Without the block the number falls to the guide's catch-all, the trunk.
  await expect(confirm.getByRole("row", { name: new RegExp(number) })).toContainText(
    `sip:${number}@10.147.226.2`,
  );
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(toggle).toBeChecked();
  const stored = (await (await page.request.get(`/api/blocks/${block.id}`)).json()) as { enabled: boolean };
  expect(stored.enabled).toBe(true);

  await page.getByRole("button", { name: `Delete ${name}` }).click();
  const remove = page.getByRole("dialog", { name: "Delete number block" });
  await expect(remove.getByText(/Deleting this block re-routes 1 saved number/)).toBeVisible();
  await expect(remove.getByRole("row", { name: new RegExp(number) })).toContainText("breaks");
  await remove.getByRole("button", { name: "Cancel" }).click();
});
