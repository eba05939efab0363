// The embedded DNS responder in the built app: its status page, and an edit in the browser
// answered by a real UDP query as soon as the save returns.
import dgram from "node:dgram";
import dnsPacket from "dns-packet";
import { expect, test } from "@playwright/test";
import { createBlock, toUniquePrefix } from "./support";

/** The responder port playwright.config.ts gives the e2e server. */
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5399);

/** The EnumDomain of a number (RFC 6116 §2.4). */
function toEnumDomain(number: string): string {
  return `${number.replace(/\D/g, "").split("").reverse().join(".")}.e164.arpa`;
}

/** The SIP hosts of the NAPTR rules the responder answers for `name`, over UDP. */
async function queryTargets(name: string): Promise<{ rcode: number; hosts: string[] }> {
  const socket = dgram.createSocket("udp4");
  const id = Math.floor(Math.random() * 65535);
  try {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no DNS reply from 127.0.0.1:${DNS_PORT}`));
      }, 3000);
      socket.on("message", (message) => {
        if (message.readUInt16BE(0) !== id) return;
        clearTimeout(timer);
        resolve(message);
      });
      socket.send(
        dnsPacket.encode({ type: "query", id, questions: [{ type: "NAPTR", name }] }),
        DNS_PORT,
        "127.0.0.1",
      );
    });
    const hosts = (dnsPacket.decode(reply).answers ?? []).flatMap((answer) => {
      if (answer.type !== "NAPTR") return [];
      const host = /@([^!]+)!$/.exec((answer.data as { regexp: string }).regexp)?.[1];
      return host === undefined ? [] : [host];
    });
    return { rcode: reply.readUInt16BE(2) & 0x0f, hosts };
  } finally {
    socket.close();
  }
}

test("the status page shows the listening socket and the zone serial", async ({ page }) => {
  const settings = (await (await page.request.get("/api/settings")).json()) as { zoneSerial: number };
  await page.goto("/dns");
  await expect(page.getByRole("heading", { name: "DNS responder" })).toBeVisible();
  await expect(page.getByText("Listening", { exact: true })).toBeVisible();
  await expect(page.getByText(`udp 127.0.0.1:${DNS_PORT}`)).toBeVisible();
  await expect(page.getByTestId("dns-zone-serial")).toHaveText(String(settings.zoneSerial));

  // The guide's seeded rule answers, and the query appears in the log.
  const guide = await queryTargets("0.7.2.0.5.5.5.2.1.2.e164.arpa");
  expect(guide.rcode).toBe(0);
  expect(guide.hosts).toContain("10.147.226.2");
  await expect(page.getByRole("cell", { name: "0.7.2.0.5.5.5.2.1.2.e164.arpa" }).first()).toBeVisible();
});

test("an edit saved in the browser is answered by the responder at once", async ({ page }) => {
  const prefix = toUniquePrefix();
  const name = toEnumDomain(`${prefix}1234`);
  const block = await createBlock(page.request, {
    name: `e2e dns ${prefix}`,
    prefix,
    regex: "!(^.*$)!sip:\\1@before.example!",
  });
  expect((await queryTargets(name)).hosts).toContain("before.example");

  await page.goto(`/blocks/${block.id}`);
  await page.getByLabel("Regex", { exact: true }).fill("!(^.*$)!sip:\\1@after.example!");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/blocks(\?|$)/);
  // No waiting: the save's response left only once the responder served the new zone.
  const after = await queryTargets(name);
  expect(after.hosts).toContain("after.example");
  expect(after.hosts).not.toContain("before.example");

  await page.goto("/dns");
  const hits = page.getByRole("region", { name: "Top blocks by hits" });
  await expect(hits.getByRole("link", { name: `e2e dns ${prefix}` })).toBeVisible();
});
