// The console end to end as a hidden primary: a block edited through the route handler is
// served by the embedded responder, which sends NOTIFY to the secondary configured in the
// responder settings; real BIND transfers the new zone and answers the new rule.
import { readBody, removeTestDir, toContext, toRequest } from "@/test/api/support";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PATCH as patchBlock } from "@/app/api/blocks/[id]/route";
import { POST as postBlock } from "@/app/api/blocks/route";
import { PUT as putResponderSettings, GET as getResponderSettings } from "@/app/api/dns/settings/route";
import { disconnectPrisma } from "@/lib/db/client";
import type { ResponderSettingsRecord } from "@/lib/db/types";
import { createServerSource } from "@/lib/dns/client";
import { DEFAULT_POLL_MS, getResponderAddress, startResponder, stopResponder } from "@/lib/server/responder";
import { describeWithBind, startBindSecondary, type BindServer } from "@/test/support/bind";

/** +44 20 1234 under the block's prefix +4420. */
const NUMBER_NAME = "4.3.2.1.0.2.4.4.e164.arpa";

/** The SIP hosts BIND answers for the number (empty while it has none). */
async function readHosts(bind: BindServer): Promise<string[]> {
  const result = await createServerSource([bind.address], { tcp: true }).lookup(NUMBER_NAME);
  if (result.kind !== "answer") return [];
  return result.rules.map((rule) => /@([^!]+)!$/.exec(rule.regexp)?.[1] ?? rule.regexp);
}

/** Polls BIND until it answers `host`, or fails after `timeoutMs` with what it answered last. */
async function waitForHost(bind: BindServer, host: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await readHosts(bind);
    if (last.includes(host)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `BIND answers ${JSON.stringify(last)}, not ${host}, after ${timeoutMs} ms\n${bind.readOutput()}`,
  );
}

describeWithBind("the console as hidden primary of a BIND secondary", () => {
  let bind: BindServer;
  let blockId = "";
  let blockVersion = 0;

  beforeAll(async () => {
    const res = await postBlock(
      toRequest("/api/blocks", {
        method: "POST",
        json: { name: "London", prefix: "+4420", regex: "!^(.*)$!sip:\\1@before.example!" },
      }),
    );
    expect(res.status).toBe(201);
    ({ id: blockId, version: blockVersion } = await readBody<{ id: string; version: number }>(res));
    await startResponder({
      host: "127.0.0.1",
      port: 0,
      pollMs: DEFAULT_POLL_MS,
      bindRetryMs: 100,
      bindRetryMaxMs: 400,
      onBindFailure: "fail",
    });
    const address = getResponderAddress();
    if (address === null) throw new Error("the responder is not listening");
    bind = await startBindSecondary("e164.arpa", address.port);
  });

  afterAll(async () => {
    await bind.stop();
    await stopResponder();
    await disconnectPrisma();
    removeTestDir();
  });

  it("an edit in the console reaches BIND through NOTIFY and AXFR", async () => {
    await waitForHost(bind, "before.example", 5_000);

    // The secondary is configured through the API, as an operator would.
    const current = await readBody<ResponderSettingsRecord>(
      await getResponderSettings(toRequest("/api/dns/settings")),
    );
    const saved = await putResponderSettings(
      toRequest("/api/dns/settings", {
        method: "PUT",
        json: { version: current.version, notify: [bind.address] },
      }),
    );
    expect(saved.status).toBe(200);

    const res = await patchBlock(
      toRequest(`/api/blocks/${blockId}`, {
        method: "PATCH",
        json: { regex: "!^(.*)$!sip:\\1@after.example!", version: blockVersion },
      }),
      toContext(blockId),
    );
    expect(res.status).toBe(200);
    // The SOA refresh is an hour: only the NOTIFY makes BIND transfer within seconds.
    await waitForHost(bind, "after.example", 10_000);
    expect(await readHosts(bind)).not.toContain("before.example");
  });
});
