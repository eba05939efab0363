// The console as a hidden primary: real BIND as a secondary transfers the responder's zone
// (AXFR over TCP), answers a number from it, and after a rule change with a higher serial
// and a NOTIFY from us, transfers again and answers the new rule.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createServerSource } from "@/lib/dns/client";
import { sendNotify } from "@/lib/dns/notify";
import { startDnsServer, type DnsServerHandle, type QueryLogEntry } from "@/lib/dns/server";
import type { ConsoleBlock } from "@/lib/enum/ruleset";
import { createZone, type Zone } from "@/lib/enum/zone";
import { compileZone } from "@/lib/export/compile";
import { describeWithBind, startBindSecondary, type BindServer } from "@/test/support/bind";
import { readGuideBlocks, toTestRuleSet } from "@/test/support/dns-queries";

/** 6505551234, served by the guide's "Clearwater internal numbers" block (prefix 650555). */
const NUMBER_NAME = "4.3.2.1.5.5.5.0.5.6.e164.arpa";

function toZone(blocks: readonly ConsoleBlock[], serial: number): Zone {
  const compiled = compileZone(toTestRuleSet(blocks, serial));
  return createZone(compiled.apex, compiled.records);
}

/** The regexps BIND answers for the number (empty while it has none). */
async function readRegexps(bind: BindServer): Promise<string[]> {
  const result = await createServerSource([bind.address], { tcp: true }).lookup(NUMBER_NAME);
  return result.kind === "answer" ? result.rules.map((rule) => rule.regexp) : [];
}

/** Polls until `accept` holds for what BIND answers, or fails after `timeoutMs` with the last answer. */
async function waitForRegexps(
  bind: BindServer,
  accept: (regexps: string[]) => boolean,
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await readRegexps(bind);
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`BIND still answers ${JSON.stringify(last)} after ${timeoutMs} ms\n${bind.readOutput()}`);
}

describeWithBind("BIND as a secondary of the responder (AXFR + NOTIFY)", () => {
  const blocks = readGuideBlocks();
  const internal = blocks.find((block) => block.prefix === "650555");
  if (internal === undefined) throw new Error("the guide has no 650555 block");
  const changed = blocks.map((block) =>
    block === internal ? { ...block, regex: "!(^.*$)!sip:\\1@moved.example.com!" } : block,
  );
  let current = toZone(blocks, 2026112301);
  const log: QueryLogEntry[] = [];
  let responder: DnsServerHandle;
  let bind: BindServer;

  beforeAll(async () => {
    responder = await startDnsServer({
      host: "127.0.0.1",
      port: 0,
      getZone: () => current,
      onQuery: (entry) => log.push(entry),
    });
    bind = await startBindSecondary("e164.arpa", responder.port);
  });

  afterAll(async () => {
    await bind.stop();
    await responder.close();
  });

  it("transfers the zone and answers a number from it", async () => {
    const regexps = await readRegexps(bind);
    expect(regexps).toContain("!(^.*$)!sip:\\1@ngv.example.com!");
    expect(log.some((entry) => entry.qtype === "AXFR" && entry.rcode === "NOERROR")).toBe(true);
  });

  it("follows a changed rule after NOTIFY with the new serial", async () => {
    current = toZone(changed, 2026112302);
    const results = await sendNotify([bind.address], "e164.arpa", 2026112302, { timeoutMs: 500 });
    expect(results).toEqual([expect.objectContaining({ target: bind.address, status: "acked" })]);
    // The SOA refresh timer is an hour: only the NOTIFY can make BIND transfer this soon.
    const regexps = await waitForRegexps(
      bind,
      (r) => r.includes("!(^.*$)!sip:\\1@moved.example.com!"),
      10_000,
    );
    expect(regexps).not.toContain("!(^.*$)!sip:\\1@ngv.example.com!");
    const transfers = log.filter((entry) => entry.qtype === "AXFR" && entry.rcode === "NOERROR");
    expect(transfers.length).toBeGreaterThanOrEqual(2);
  });
});
