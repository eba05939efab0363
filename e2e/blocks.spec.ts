import { expect, test } from "@playwright/test";
import { createBlock, getJson, toUniquePrefix } from "./support";

const SIP = "!(^.*$)!sip:\\1@10.147.226.2!";

test("the seeded guide blocks are listed, and the +1650555 block shows where its regex breaks", async ({
  page,
}) => {
  await page.goto("/blocks?name=dialled");
  const row = page.getByRole("row", { name: /Clearwater internal numbers dialled with \+1 prefix/ });
  await expect(row).toBeVisible();
  await expect(row.getByText(/error/i)).toBeVisible();
  await row
    .getByRole("link", { name: /Edit/ })
    .or(row.getByRole("button", { name: /Edit/ }))
    .first()
    .click();
  await expect(page.getByLabel("Regex", { exact: true })).toHaveValue("!+1(^.*$)!sip:\\1@ngv.example.com!");
  // The compile error names the character: the "+" at position 2 of the field.
  await expect(page.getByText(/cannot start a regular expression\.? \(at character 2\)/)).toBeVisible();
  await expect(page.getByRole("img", { name: "Regex error at character 2: +" })).toBeVisible();
});

test("create a block, then find it by name and by number", async ({ page }) => {
  const prefix = toUniquePrefix();
  const name = `e2e create ${prefix}`;
  await page.goto("/blocks");
  await page
    .getByRole("button", { name: "New block" })
    .or(page.getByRole("link", { name: "New block" }))
    .first()
    .click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Prefix", { exact: true }).fill(prefix);
  await page.getByLabel("Regex", { exact: true }).fill(SIP);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/blocks(\?|$)/);

  await page.getByLabel("Search by name").fill(name);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();

  await page.goto("/blocks");
  await page.getByLabel("Which block handles this number?").fill(`${prefix}1234`);
  const picked = page.getByRole("row", { name: new RegExp(name) });
  await expect(picked.getByText("Sprout picks this")).toBeVisible();
});

test("a bad regex is refused inline, pointing at the character, and nothing is saved", async ({
  page,
  request,
}) => {
  const prefix = toUniquePrefix();
  const block = await createBlock(request, { name: `e2e bad regex ${prefix}`, prefix, regex: SIP });
  await page.goto(`/blocks/${block.id}`);
  await page.getByLabel("Regex", { exact: true }).fill("!(^.*$!sip:\\1@h!");
  await expect(page.getByRole("img", { name: /Regex error at character \d+/ })).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/blocks/${block.id}$`));
  const stored = await getJson<Record<string, unknown>>(request, `/api/blocks/${block.id}`);
  expect(stored).toMatchObject({ regex: SIP, version: block.version });
});

test("an edit that lost a race is a clear conflict; 'Save mine anyway' saves over it", async ({
  page,
  request,
}) => {
  const prefix = toUniquePrefix();
  const block = await createBlock(request, { name: `e2e conflict ${prefix}`, prefix, regex: SIP });
  await page.goto(`/blocks/${block.id}`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(block.name);

  // Someone else saves first.
  const theirs = await request.patch(`/api/blocks/${block.id}`, {
    data: { name: `${block.name} (theirs)`, version: block.version },
  });
  expect(theirs.status()).toBe(200);

  await page.getByLabel("Name", { exact: true }).fill(`${block.name} (mine)`);
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.getByTestId("conflict-alert");
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/Someone else changed this block/);
  await expect(alert).toContainText("(theirs)");
  await alert.getByRole("button", { name: "Save mine anyway" }).click();
  await expect(page).toHaveURL(/\/blocks(\?|$)/);
  const stored = await getJson<Record<string, unknown>>(request, `/api/blocks/${block.id}`);
  expect(stored).toMatchObject({ name: `${block.name} (mine)`, version: block.version + 2 });
});

test("delete asks for confirmation and removes the block", async ({ page, request }) => {
  const prefix = toUniquePrefix();
  const block = await createBlock(request, { name: `e2e delete ${prefix}`, prefix, regex: SIP });
  await page.goto(`/blocks?name=${encodeURIComponent(block.name)}`);
  const row = page.getByRole("row", { name: new RegExp(block.name) });
  await row.getByRole("button", { name: `Delete ${block.name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(block.name);
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
  expect((await request.get(`/api/blocks/${block.id}`)).status()).toBe(404);
});

test("searching by number shows the block Sprout picks, including the short-number quirk", async ({
  page,
}) => {
  await page.goto("/blocks");
  await page.getByLabel("Which block handles this number?").fill("+1 (212) 555-0275");
  await expect(
    page
      .getByRole("row", { name: /Clearwater external numbers \+12125550271-9/ })
      .getByText("Sprout picks this"),
  ).toBeVisible();

  await page.getByLabel("Which block handles this number?").fill("212");
  await expect(
    page.getByRole("row", { name: /Clearwater external number 2125550280/ }).getByText("Sprout picks this"),
  ).toBeVisible();
  await expect(page.getByText(/Short-number quirk/)).toBeVisible();
});

test("the list pages through blocks on the server", async ({ page, request }) => {
  const base = toUniquePrefix();
  const tag = `e2e page ${base}`;
  for (let i = 0; i < 27; i++)
    await createBlock(request, {
      name: `${tag} ${String(i).padStart(2, "0")}`,
      prefix: `${base}${String(i).padStart(2, "0")}`,
      regex: SIP,
    });
  await page.goto(`/blocks?name=${encodeURIComponent(tag)}&size=25&sort=name`);
  await expect(page.getByRole("row", { name: new RegExp(`${tag} 00`) })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${tag} 26`) })).toHaveCount(0);
  await page.getByRole("button", { name: "Page 2" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${tag} 26`) })).toBeVisible();
  await expect(page).toHaveURL(/page=2/);
});
