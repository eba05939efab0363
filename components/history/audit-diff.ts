// The readable diff of a history event: which fields changed, before and after, as text.
import type { AuditEventRecord } from "@/lib/api-client/types";

/** One line of an event's diff. */
export interface AuditDiffRow {
  readonly field: string;
  readonly label: string;
  readonly before: string;
  readonly after: string;
  /** Regexes, prefixes and rules are shown monospace: every character matters there. */
  readonly monospace: boolean;
}

const LABELS: Readonly<Record<string, string>> = {
  name: "Name",
  prefix: "Prefix",
  regex: "Regex",
  enumservice: "Enumservice",
  extraRules: "Extra NAPTR rules",
  enabled: "Enabled",
  notes: "Notes",
  zoneSuffix: "Zone suffix",
  defaultTtl: "Default TTL",
  soaPrimaryNs: "SOA primary NS",
  soaAdminMailbox: "SOA admin mailbox",
  soaRefresh: "SOA refresh",
  soaRetry: "SOA retry",
  soaExpire: "SOA expire",
  soaMinimum: "SOA minimum",
  nsNames: "NS names",
  profile: "Client profile",
  username: "User name",
  role: "Role",
  disabled: "Disabled",
  passwordChanged: "Password changed",
  owner: "Owner",
  scopes: "Scopes",
  prefixes: "Number prefixes",
  expiresAt: "Expires",
  revokedAt: "Revoked",
};

const MONOSPACE = new Set([
  "prefix",
  "prefixes",
  "regex",
  "enumservice",
  "extraRules",
  "zoneSuffix",
  "nsNames",
]);

/** Lists of plain words, shown comma-separated. */
const LISTS = new Set(["scopes", "prefixes"]);

/** Fields whose null means "never" (a token without expiry, one not revoked). */
const NEVER_WHEN_NULL = new Set(["expiresAt", "revokedAt"]);

/** A field's value as the diff shows it ("" for a side that does not exist). */
export function toDiffText(field: string, value: unknown): string {
  if (value === undefined) return "";
  if (field === "prefix" && value === "") return "(catch-all)";
  if (value === null) return NEVER_WHEN_NULL.has(field) ? "never" : "(none)";
  // A token without prefixes may touch every block: "(any)", not "(none)".
  if (field === "prefixes" && Array.isArray(value) && value.length === 0) return "(any)";
  if (LISTS.has(field) && Array.isArray(value) && value.length > 0) return value.join(", ");
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value) && value.length === 0) return "(none)";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
}

/**
 * The diff rows of an event: every field of a created or deleted entity (one side empty),
 * only the changed fields of an update.
 */
export function toAuditDiffRows(event: Pick<AuditEventRecord, "before" | "after">): AuditDiffRow[] {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const isUpdate = event.before !== null && event.after !== null;
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields
    .filter((field) => !isUpdate || JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({
      field,
      label: LABELS[field] ?? field,
      before: event.before === null ? "" : toDiffText(field, before[field]),
      after: event.after === null ? "" : toDiffText(field, after[field]),
      monospace: MONOSPACE.has(field),
    }));
}

/** What reverting an event will do, in one sentence for the confirmation. */
export function toRevertEffect(event: AuditEventRecord): string {
  const state = event.after ?? event.before ?? {};
  const label =
    typeof state.name === "string" && typeof state.prefix === "string"
      ? `block “${state.name}” (${state.prefix === "" ? "catch-all" : state.prefix})`
      : "this block";
  const changed = toAuditDiffRows(event).map((row) => row.label.toLowerCase());
  switch (event.action) {
    case "block.create":
      return `Deletes ${label} again.`;
    case "block.delete":
      return `Re-creates ${label} as it was before it was deleted.`;
    case "block.update":
      return `Puts back the previous ${changed.join(", ") || "values"} of ${label}.`;
    case "settings.update":
      return `Puts back the previous settings (${changed.join(", ") || "no fields changed"}).`;
    default:
      return "This change cannot be reverted.";
  }
}

/** Whether the console can revert an event (block and settings changes). */
export function isRevertible(event: Pick<AuditEventRecord, "action">): boolean {
  return ["block.create", "block.update", "block.delete", "settings.update"].includes(event.action);
}
