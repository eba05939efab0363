// The "DNS responder" card on /settings: entries checked as typed (field + position), a
// saved change served by the API, and put back afterwards so other specs keep their policy.
import { expect, test } from "@playwright/test";
import { getJson } from "./support";

interface ResponderSettings {
  readonly allowTransfer: string[];
  readonly version: number;
}

test("the DNS responder card names a bad entry, then saves a good one", async ({ page, request }) => {
  const before = await getJson<ResponderSettings>(request, "/api/dns/settings");
  try {
    await page.goto("/settings");
    const card = page.getByRole("region", { name: "DNS responder" });
    const transfer = card.getByLabel("Allowed to transfer (AXFR)");
    await expect(transfer).toBeEnabled();

    // Host bits past the prefix length: refused with a suggestion, nothing saved.
    await transfer.fill("10.1.2.3/8");
    await transfer.press("Enter");
    await card.getByRole("button", { name: "Save responder settings" }).click();
    const entry = before.allowTransfer.length + 1;
    await expect(
      card.getByText(`Entry ${entry}: "10.1.2.3/8" has bits set past /8; did you mean 10.0.0.0/8?`),
    ).toBeVisible();
    expect((await getJson<ResponderSettings>(request, "/api/dns/settings")).version).toBe(before.version);

    // Backspace in the empty input removes the last entry; a valid one saves.
    await transfer.press("Backspace");
    await transfer.fill("192.0.2.0/24");
    await transfer.press("Enter");
    await card.getByRole("button", { name: "Save responder settings" }).click();
    await expect(page.getByText("DNS responder settings saved")).toBeVisible();
    const saved = await getJson<ResponderSettings>(request, "/api/dns/settings");
    expect(saved.allowTransfer).toEqual([...before.allowTransfer, "192.0.2.0/24"]);
  } finally {
    const current = await getJson<ResponderSettings>(request, "/api/dns/settings");
    const restored = await request.put("/api/dns/settings", {
      data: { version: current.version, allowTransfer: before.allowTransfer },
    });
    expect(restored.status(), await restored.text()).toBe(200);
  }
});
