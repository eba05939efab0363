// What /api/health tells a caller without credentials: enough for a load balancer or an
// uptime check to decide, nothing an outsider could use (no error texts, paths or addresses).
import type { HealthStatus } from "@/lib/schemas/dns-status";

/** GET /api/health for a caller that did not prove "read": the status without details. */
export interface PublicHealthStatus {
  readonly ok: boolean;
  /** A short reason when not ok (no error messages, which may name files or hosts); null when ok. */
  readonly reason: string | null;
  readonly database: { readonly ok: boolean; readonly revision: number | null };
  readonly responder: {
    readonly enabled: boolean;
    readonly listening: boolean;
    readonly servedRevision: number | null;
    readonly serial: number | null;
  };
}

/**
 * The public view of a health report: the same verdict and revisions, the reason rebuilt
 * from them without the database error, the bound address or the reload error.
 */
export function toPublicHealth(health: HealthStatus): PublicHealthStatus {
  const { database, responder } = health;
  return {
    ok: health.ok,
    reason: health.ok ? null : toPublicReason(health),
    database: { ok: database.ok, revision: database.revision },
    responder: {
      enabled: responder.enabled,
      listening: responder.listening,
      servedRevision: responder.servedRevision,
      serial: responder.serial,
    },
  };
}

function toPublicReason({ database, responder }: HealthStatus): string {
  if (!database.ok) return "the database does not answer";
  if (responder.enabled && !responder.listening) return "the DNS responder is not listening";
  if (responder.enabled && responder.servedRevision !== database.revision)
    return `the DNS responder serves revision ${responder.servedRevision ?? "none"}, the database is at ${database.revision ?? "?"}`;
  return "unhealthy";
}
