import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const GUIDE_ZONE_PATH = fileURLToPath(new URL("../test/fixtures/guide/e164.arpa.db", import.meta.url));

test("the BIND zone downloads with its check passing, and dnsmasq names the catch-all it cannot list", async ({
  page,
}) => {
  await page.goto("/exports");
  await expect(page.getByRole("link", { name: "Exports" })).toHaveAttribute("aria-current", "page");

  const bind = page.getByRole("region", { name: "BIND zone" });
  await expect(bind.getByRole("status")).toContainText(
    /Routes exactly like the rules \(\d+ numbers checked\)/,
  );
  await expect(bind.getByLabel("named.conf", { exact: true })).toContainText('zone "e164.arpa"');

  const download = page.waitForEvent("download");
  await bind.getByRole("link", { name: "Download e164.arpa.db" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("e164.arpa.db");
  const text = readFileSync(await file.path(), "utf8");
  expect(text.split("\n")[0]).toBe("; ENUM Console export of e164.arpa: BIND zone");
  expect(text).toMatch(/^; Check passed: routes exactly like the rules/m);

  const dnsmasq = page.getByRole("region", { name: "dnsmasq" });
  const omitted = dnsmasq.getByRole("table", { name: "Blocks dnsmasq cannot list" });
  await expect(omitted).toContainText("catch-all");
  await expect(omitted).toContainText("NANP => SIP trunk");
  await expect(dnsmasq).toContainText("28,000 answers/s with 1,000 records");
  await expect(dnsmasq.getByRole("link", { name: "Download enum.dnsmasq.conf" })).toHaveAttribute(
    "href",
    "/api/export/dnsmasq?plan=nanp",
  );

  // The other plan: the blocks are expanded again and the link follows.
  await dnsmasq.getByText("E.164", { exact: true }).click();
  await expect(dnsmasq.getByRole("link", { name: "Download enum.dnsmasq.conf" })).toHaveAttribute(
    "href",
    "/api/export/dnsmasq?plan=e164",
  );
  await expect(dnsmasq.getByText("Any number of 7 to 15 digits", { exact: false })).toBeVisible();
  await expect(omitted).toContainText("catch-all");
});

test("checking the guide's zone file lists the numbers it misroutes", async ({ page }) => {
  await page.goto("/exports");
  const section = page.getByRole("region", { name: "Check an existing file" });
  await expect(section.getByLabel("Zone origin")).toHaveValue("e164.arpa");
  await section.locator('input[type="file"]').setInputFiles(GUIDE_ZONE_PATH);
  await expect(section.getByText("e164.arpa.db", { exact: true })).toBeVisible();
  await section.getByRole("button", { name: "Run the check" }).click();

  const result = section.getByRole("region", { name: "Check result" });
  await expect(result.getByRole("alert")).toContainText(/numbers route differently from the rules/);
  const table = result.getByRole("table", { name: "Differences of the checked file" });
  await result.getByLabel("Find a number").fill("2125550275");
  await expect(table).toContainText("+12125550275");
  const row = table.getByRole("row").filter({ hasText: "+12125550275" });
  await expect(row).toContainText("ngv.example.com");
  await expect(row).toContainText("10.147.226.2");
});

test("a pasted zone file that does not parse says which line", async ({ page }) => {
  await page.goto("/exports");
  const section = page.getByRole("region", { name: "Check an existing file" });
  await section
    .getByLabel("Or paste the file")
    .fill(
      '$ORIGIN e164.arpa.\n$TTL 3600\n*.2.1.2 IN NAPTR one 1 "u" "E2U+sip" "!^.*$!sip:x@example.com!" .\n',
    );
  await section.getByRole("button", { name: "Run the check" }).click();
  const alert = section.getByRole("alert").filter({ hasText: "This file cannot be checked" });
  await expect(alert).toContainText("line 3");
  await expect(alert.getByRole("img", { name: /Error at line 3/ })).toBeVisible();
});
