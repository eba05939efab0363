// The zone settings form on /settings losing a race: the conflict names the field that
// differs, and "Save mine anyway" saves over their version. Put back afterwards.
import { expect, test } from "@playwright/test";
import { getJson } from "./support";

interface Settings {
  readonly defaultTtl: number;
  readonly version: number;
}

test("a settings save that lost a race shows the conflict; 'Save mine anyway' saves over it", async ({
  page,
  request,
}) => {
  const before = await getJson<Settings>(request, "/api/settings");
  try {
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Zone settings" });
    const ttl = form.getByLabel("Default TTL");
    await expect(ttl).toHaveValue(before.defaultTtl.toLocaleString("en-US"));

    // Someone else saves first.
    const theirs = await request.put("/api/settings", {
      data: { defaultTtl: before.defaultTtl + 1, version: before.version },
    });
    expect(theirs.status()).toBe(200);

    await ttl.fill(String(before.defaultTtl + 2));
    await form.getByRole("button", { name: "Save", exact: true }).click();
    const alert = page.getByTestId("conflict-alert");
    await expect(alert).toContainText("Someone else changed the settings");
    await expect(alert.getByRole("row", { name: /Default TTL/ })).toContainText(
      String(before.defaultTtl + 1),
    );
    await alert.getByRole("button", { name: "Save mine anyway" }).click();
    await expect(page.getByText("Settings saved")).toBeVisible();
    await expect(alert).toHaveCount(0);
    const stored = await getJson<Settings>(request, "/api/settings");
    expect(stored).toMatchObject({ defaultTtl: before.defaultTtl + 2, version: before.version + 2 });
  } finally {
    const current = await getJson<Settings>(request, "/api/settings");
    const restored = await request.put("/api/settings", {
      data: { defaultTtl: before.defaultTtl, version: current.version },
    });
    expect(restored.status()).toBe(200);
  }
});
