// The domain types the API returns, for UI code (components must not import lib/db).
export type {
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
} from "@/lib/db/types";
export type { FieldIssue } from "@/lib/app-error";
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
