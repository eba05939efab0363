import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { getJson, getRevision, toUniquePrefix } from "./support";

test("importing the guide's enum.json reports the +1650555 block before anything is written", async ({
  page,
  request,
}) => {
  const guide = JSON.parse(
    readFileSync(new URL("../test/fixtures/guide/enum.json", import.meta.url), "utf8"),
  ) as {
    number_blocks: { name: string; prefix: string; regex: string }[];
  };
  const prefix = toUniquePrefix();
  const name = `e2e imported ${prefix}`;
  guide.number_blocks.push({ name, prefix, regex: "!(^.*$)!sip:\\1@10.147.226.2!" });
  const before = await getRevision(request);

  await page.goto("/import");
  await page.getByLabel("Or paste enum.json").fill(JSON.stringify(guide, null, 2));
  await page.getByRole("button", { name: "Preview changes" }).click();

  await expect(page.getByRole("tab", { name: "Rejected (1)" })).toBeVisible();
  const rejected = page.getByRole("table", { name: "Rejected blocks" });
  await expect(rejected).toContainText("+1650555");
  await expect(rejected).toContainText(/cannot start a regular expression/);
  // Nothing is written by the preview.
  expect(await getRevision(request)).toBe(before);

  const apply = page.getByRole("button", { name: "Apply" });
  await expect(apply).toBeDisabled();
  await page.getByLabel("Skip the 1 rejected block").check();
  await apply.click();
  await expect(page.getByText(/added/i).first()).toBeVisible();
  const found = await getJson<{ items: unknown[] }>(request, `/api/blocks?name=${encodeURIComponent(name)}`);
  expect(found.items).toHaveLength(1);
});

test("a broken file says why and changes nothing", async ({ page, request }) => {
  const before = await getRevision(request);
  await page.goto("/import");
  await page.getByLabel("Or paste enum.json").fill('{ "number_blocks": [ { "prefix": "1", } ] }');
  await page.getByRole("button", { name: "Preview changes" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "This file cannot be imported" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/line 1/);
  expect(await getRevision(request)).toBe(before);
});
