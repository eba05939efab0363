// The public /api/health body: the verdict and revisions, never an error text or an address.
import { describe, expect, it } from "vitest";
import type { HealthStatus } from "@/lib/schemas/dns-status";
import { toPublicHealth } from "./health";

const HEALTHY: HealthStatus = {
  ok: true,
  reason: null,
  database: { ok: true, revision: 7, error: null },
  responder: { enabled: true, listening: true, servedRevision: 7, serial: 2026112301 },
};

describe("toPublicHealth", () => {
  it.each<{ name: string; health: HealthStatus; reason: string | null; secret: string | null }>([
    { name: "healthy", health: HEALTHY, reason: null, secret: null },
    {
      name: "database down",
      health: {
        ...HEALTHY,
        ok: false,
        reason: "the database does not answer: SQLITE_CANTOPEN /srv/enum/secret-path.db",
        database: { ok: false, revision: null, error: "SQLITE_CANTOPEN /srv/enum/secret-path.db" },
      },
      reason: "the database does not answer",
      secret: "secret-path",
    },
    {
      name: "not listening",
      health: {
        ...HEALTHY,
        ok: false,
        reason: "the DNS responder is not listening on 10.1.2.3:53: EADDRINUSE",
        responder: { ...HEALTHY.responder, listening: false },
      },
      reason: "the DNS responder is not listening",
      secret: "10.1.2.3",
    },
    {
      name: "behind",
      health: {
        ...HEALTHY,
        ok: false,
        reason:
          "the DNS responder serves revision 6, the database is at 7 (last reload failed: bad row x-secret)",
        responder: { ...HEALTHY.responder, servedRevision: 6 },
      },
      reason: "the DNS responder serves revision 6, the database is at 7",
      secret: "x-secret",
    },
  ])("$name", ({ health, reason, secret }) => {
    const shown = toPublicHealth(health);
    expect(shown).toEqual({
      ok: health.ok,
      reason,
      database: { ok: health.database.ok, revision: health.database.revision },
      responder: health.responder,
    });
    if (secret !== null) expect(JSON.stringify(shown)).not.toContain(secret);
  });
});
