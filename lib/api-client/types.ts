// The domain types the API returns, for UI code (components must not import lib/db).
export type {
  ApiTokenRecord,
  BlockListPage,
  BlockListQuery,
  BlockSort,
  ImportMode,
  ImportPlan,
  ImportProgress,
  ImportResult,
  LintLevel,
  NumberBlockInput,
  NumberBlockRecord,
  NumberBlockUpdate,
  NumberMatch,
  RejectedBlock,
  SettingsRecord,
  SettingsUpdate,
  SortDirection,
  UserRecord,
} from "@/lib/db/types";
export type { FieldIssue } from "@/lib/app-error";
export type {
  AuditBlockState,
  AuditEntityType,
  AuditEventPage,
  AuditEventQuery,
  AuditEventRecord,
  RevertResult,
} from "@/lib/db/types";
export type {
  CheckDifference,
  CheckKind,
  CheckSummary,
  DnsmasqOmissionSummary,
  DnsmasqPlanName,
  ExportFormatSummary,
  ExportIssue,
  ExportSummary,
  FileCheckResult,
} from "@/lib/schemas/exports";
export type {
  BlockHitRow,
  DnsStatus,
  NxdomainRow,
  QueryLogRow,
  ReloadTiming,
} from "@/lib/schemas/dns-status";
