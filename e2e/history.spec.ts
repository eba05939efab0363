import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { toUniquePrefix } from "./support";

const SIP = "!(^.*$)!sip:\\1@10.147.226.2!";
const MOVED = "!(^.*$)!sip:\\1@10.147.226.9!";
const ADMIN = { username: "e2e-history-admin", password: "history admin password 42" };
const PASSWORD = "history editor password 42";

/** Mutating requests carry the Origin a browser sends (the console's same-origin check). */
function toOriginHeaders(page: Page): Record<string, string> {
  return {
    Origin: new URL(page.url() === "about:blank" ? test.info().project.use.baseURL! : page.url()).origin,
  };
}

async function postJson(page: Page, url: string, data: unknown): Promise<{ status: number; body: unknown }> {
  const response = await page.request.post(url, { data, headers: toOriginHeaders(page) });
  return { status: response.status(), body: await response.json().catch(() => null) };
}

/**
 * Signs this test's browser in as a new editor. An admin is needed first to create the
 * editor: the signed-in admin when the suite provides one, else the first admin this spec
 * sets up (or signs in as, when an earlier run of it set that admin up).
 */
async function signInAsNewEditor(page: Page): Promise<string> {
  const session = (await (await page.request.get("/api/session")).json()) as {
    user: { role: string } | null;
    needsSetup: boolean;
  };
  if (session.user?.role !== "admin") {
    const outcome = session.needsSetup
      ? await postJson(page, "/api/setup", ADMIN)
      : await postJson(page, "/api/session", ADMIN);
    expect(outcome.status, JSON.stringify(outcome.body)).toBeLessThan(300);
  }
  const username = `e2e-editor-${toUniquePrefix()}`;
  const created = await postJson(page, "/api/users", { username, password: PASSWORD, role: "editor" });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const signedIn = await postJson(page, "/api/session", { username, password: PASSWORD });
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  return username;
}

/** What the enum.json path answers for a number (the routing the preview shows). */
async function resolve(request: APIRequestContext, page: Page, number: string): Promise<string> {
  const response = await request.post("/api/resolve", {
    data: { number, paths: ["json"] },
    headers: toOriginHeaders(page),
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { paths: { json: { result: string } } };
  return body.paths.json.result;
}

test("an editor's change appears in the history with its diff and author, and is reverted", async ({
  page,
}) => {
  await page.goto("/signin");
  const editor = await signInAsNewEditor(page);
  const prefix = toUniquePrefix();
  const name = `e2e history ${prefix}`;
  const number = `${prefix}1234`;
  const created = await postJson(page, "/api/blocks", { name, prefix, regex: SIP });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id } = created.body as { id: string };
  const routedBefore = await resolve(page.request, page, number);
  expect(routedBefore).toBe(`sip:${number}@10.147.226.2`);

  // The editor changes the regex in the browser.
  await page.goto(`/blocks/${id}`);
  await page.getByLabel("Regex", { exact: true }).fill(MOVED);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/blocks(\?|$)/);
  expect(await resolve(page.request, page, number)).toBe(`sip:${number}@10.147.226.9`);

  // The history names the author, the source and the change; the diff shows the regex.
  await page.goto(`/history?block=${encodeURIComponent(prefix)}`);
  const row = page
    .getByRole("row")
    .filter({ hasText: `Changed regex of block "${name}"`, hasNotText: /Reverted #/ });
  await expect(row).toBeVisible();
  await expect(row.getByText(editor, { exact: true })).toBeVisible();
  await expect(row.getByText("UI", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: /^Show changes of event #\d+$/ }).click();
  const diff = page.getByRole("table", { name: /^Changes of event #\d+$/ });
  await expect(diff.getByRole("row", { name: /Regex/ })).toContainText(SIP);
  await expect(diff.getByRole("row", { name: /Regex/ })).toContainText(MOVED);
  // Only the changed field is listed for an update.
  await expect(diff.getByRole("row")).toHaveCount(2);

  // Revert it: the confirmation says what will happen.
  await row.getByRole("button", { name: /^Revert event #\d+$/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Puts back the previous regex of block “${name}” (${prefix})`);
  await dialog.getByRole("button", { name: "Revert", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole("row").filter({ hasText: /Reverted #\d+: Changed regex of block/ }),
  ).toBeVisible();
  await expect(row).toContainText(/reverted by #\d+/);

  // The block and its routing are back as they were.
  const block = (await (await page.request.get(`/api/blocks/${id}`)).json()) as { regex: string };
  expect(block.regex).toBe(SIP);
  expect(await resolve(page.request, page, number)).toBe(routedBefore);

  // The block's own page lists the change and its revert.
  await page.goto(`/blocks/${id}`);
  const own = page.getByRole("region", { name: "History" });
  await expect(own.getByText(/Reverted #\d+: Changed regex of block/)).toBeVisible();
  await expect(own.getByText(`Created block "${name}" (${prefix})`)).toBeVisible();
});

test("a revert of a change that was edited again is refused, naming the block", async ({ page }) => {
  await page.goto("/signin");
  await signInAsNewEditor(page);
  const prefix = toUniquePrefix();
  const name = `e2e conflict ${prefix}`;
  const created = await postJson(page, "/api/blocks", { name, prefix, regex: SIP });
  const { id } = created.body as { id: string };
  const patch = async (data: unknown) => {
    const response = await page.request.patch(`/api/blocks/${id}`, { data, headers: toOriginHeaders(page) });
    expect(response.status(), await response.text()).toBe(200);
  };
  await patch({ version: 1, regex: MOVED });
  await patch({ version: 2, notes: "edited again" });

  await page.goto(`/history?block=${encodeURIComponent(prefix)}`);
  const row = page.getByRole("row").filter({ hasText: `Changed regex of block "${name}"` });
  await row.getByRole("button", { name: /^Revert event #\d+$/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Revert", exact: true }).click();
  const conflict = dialog.getByTestId("revert-conflict");
  await expect(conflict).toContainText("Nothing was reverted");
  await expect(conflict).toContainText(`"${name}" (${prefix})`);
  await expect(conflict).toContainText("notes changed since");
  const block = (await (await page.request.get(`/api/blocks/${id}`)).json()) as { regex: string };
  expect(block.regex).toBe(MOVED);
});
