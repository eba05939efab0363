// Domain types lib/db returns (Prisma types never leave lib/db). Dates are ISO strings so
// the same values travel through route handlers as JSON unchanged.
import type { ConsoleBlock, ExtraNaptrRule, ZoneSettings } from "@/lib/enum/ruleset";
import type { Profile } from "@/lib/enum/profile";

/** Worst per-block lint: 0 none, 1 info, 2 warning, 3 error. */
export type LintLevel = 0 | 1 | 2 | 3;

/** A stored number block. */
export interface NumberBlockRecord extends ConsoleBlock {
  readonly notes: string;
  readonly lintLevel: LintLevel;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a client sends to create a block (validated by lib/schemas before lib/db sees it). */
export interface NumberBlockInput {
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
  readonly enumservice?: string;
  readonly extraRules?: readonly ExtraNaptrRule[];
  readonly enabled?: boolean;
  readonly notes?: string;
}

/** An update names the version it was based on (optimistic concurrency). */
export type NumberBlockUpdate = Partial<NumberBlockInput> & { readonly version: number };

export type BlockSort = "name" | "prefix" | "updated";
export type SortDirection = "asc" | "desc";

/** A page request for the blocks list. `page` is 1-based. */
export interface BlockListQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly sort: BlockSort;
  readonly dir: SortDirection;
  /** Case-insensitive substring of the name. */
  readonly name?: string;
  /** A dialed number: list the blocks whose prefix covers it, and say which one the client picks. */
  readonly number?: string;
  readonly enabled?: boolean;
  /** Only blocks with (true) or without (false) lint findings. */
  readonly hasLints?: boolean;
}

/** Which block a dialed number lands in (Sprout's prefix walk over the enabled blocks). */
export interface NumberMatch {
  readonly input: string;
  readonly aus: string;
  readonly blockId: string | null;
  readonly shortNumberQuirk: boolean;
}

export interface BlockListPage {
  readonly items: readonly NumberBlockRecord[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly numberMatch?: NumberMatch;
}

/** The stored settings plus publication state. */
export interface SettingsRecord extends ZoneSettings {
  readonly version: number;
  readonly updatedAt: string;
  readonly revision: number;
  readonly zoneSerial: number;
}

export type SettingsUpdate = Partial<ZoneSettings> & { readonly version: number };

/** The embedded responder's access and abuse settings (one row; lists of CIDRs and "host:port"). */
export interface ResponderSettingsValues {
  /** CIDRs allowed to query; empty lets every client query. */
  readonly allowQuery: readonly string[];
  /** CIDRs allowed AXFR over TCP. */
  readonly allowTransfer: readonly string[];
  /** "host:port" secondaries sent a NOTIFY on every new serial. */
  readonly notify: readonly string[];
  /** RRL responses per second per client prefix; 0 turns it off. */
  readonly rrlResponsesPerSecond: number;
  /** Every Nth limited response is sent truncated; 0 drops them all. */
  readonly rrlSlip: number;
  /** CIDRs never rate limited. */
  readonly rrlExempt: readonly string[];
}

/** The stored responder settings with their optimistic version. */
export interface ResponderSettingsRecord extends ResponderSettingsValues {
  readonly version: number;
  readonly updatedAt: string;
}

export type ResponderSettingsUpdate = Partial<ResponderSettingsValues> & { readonly version: number };

/** enum.json import: replace the whole set, or merge (add and change; never remove). */
export type ImportMode = "replace" | "merge";

/** A block of the file Sprout would skip or the console refuses, with where it is. */
export interface RejectedBlock {
  readonly index: number;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
  readonly name?: string;
  readonly prefix?: string;
}

/** The dry-run diff of an import against the database. */
export interface ImportPlan {
  readonly mode: ImportMode;
  readonly profile: Profile;
  readonly added: readonly {
    readonly index: number;
    readonly line: number;
    readonly block: NumberBlockInput;
  }[];
  readonly changed: readonly {
    readonly index: number;
    readonly line: number;
    readonly before: NumberBlockRecord;
    readonly after: NumberBlockInput;
  }[];
  readonly removed: readonly NumberBlockRecord[];
  readonly unchanged: number;
  readonly rejected: readonly RejectedBlock[];
}

/** What an applied import did. */
export interface ImportResult {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
  readonly revision: number;
  readonly zoneSerial: number;
}

/** Progress of a long import, for the progress bar. */
export interface ImportProgress {
  readonly phase: "parsing" | "validating" | "writing" | "done";
  readonly done: number;
  readonly total: number;
}

/** Who made a change, for the audit history. */
export interface Actor {
  readonly type: "user" | "token" | "system";
  readonly id: string | null;
  /** A user name, or "token NAME (user)", or "system". */
  readonly name: string;
  /** Where the change came from: the browser UI, the HTTP API, an import, the CLI. */
  readonly source: "ui" | "api" | "import" | "cli" | "system";
  readonly remoteAddr: string;
  /** Number prefixes a token is limited to; empty when unlimited. */
  readonly prefixes: readonly string[];
}

/** The actor for changes nobody signed in made: seeding, CLI commands on the database. */
export const SYSTEM_ACTOR: Actor = {
  type: "system",
  id: null,
  name: "system",
  source: "system",
  remoteAddr: "",
  prefixes: [],
};

/** A console user (never with the password hash). `role` is one of lib/roles.ts's roles. */
export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly role: "admin" | "editor" | "tester" | "viewer";
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A stored API token (never its secret or hash). */
export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly username: string;
  readonly name: string;
  readonly scopes: readonly ("read" | "export" | "test" | "write")[];
  /** Number prefixes the token may touch; empty when unlimited. */
  readonly prefixes: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** What the audit history records changes to. */
export type AuditEntityType = "block" | "settings" | "responder-settings" | "user" | "token";

/**
 * A block as the audit history stores it in `before` / `after`: the fields that decide
 * routing plus name, notes and enabled (not the version, timestamps or derived lint level).
 */
export interface AuditBlockState {
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
  readonly enumservice: string;
  readonly extraRules: readonly ExtraNaptrRule[];
  readonly enabled: boolean;
  readonly notes: string;
}

/** One recorded change: who, when, from where, and the entity before and after. */
export interface AuditEventRecord {
  readonly id: number;
  readonly at: string;
  readonly actorType: Actor["type"];
  readonly actorId: string | null;
  readonly actorName: string;
  readonly source: Actor["source"];
  readonly remoteAddr: string;
  /** e.g. "block.create", "block.update", "block.delete", "settings.update". */
  readonly action: string;
  readonly entityType: AuditEntityType;
  readonly entityId: string | null;
  /** The import or batch revert this event belongs to. */
  readonly batchId: string | null;
  /** The entity before / after (null for a create / a delete). */
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  /** The rule-set revision this change published. */
  readonly revision: number | null;
  /** The event this one reverts. */
  readonly revertOf: number | null;
  /** The latest event that reverted this one, if any. */
  readonly revertedBy: number | null;
  readonly summary: string;
}

/** Filters of the history list; every one is optional. `cursor` is the last id of the previous page. */
export interface AuditEventQuery {
  readonly entityType?: AuditEntityType;
  readonly entityId?: string;
  /** A block prefix: the events whose before or after has exactly this prefix. */
  readonly prefix?: string;
  /** A user name, token name as recorded, or actor id. */
  readonly actor?: string;
  readonly action?: string;
  readonly batchId?: string;
  /** ISO times, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly cursor?: number;
  readonly limit: number;
}

/** One page of history, newest first; `nextCursor` asks for the next (older) page. */
export interface AuditEventPage {
  readonly items: readonly AuditEventRecord[];
  readonly nextCursor: number | null;
}

/** What a revert did. */
export interface RevertResult {
  /** The batch of the revert's events (a batch revert), else null. */
  readonly batchId: string | null;
  /** How many events the revert recorded (one per reverted event). */
  readonly eventCount: number;
  readonly revision: number;
  readonly zoneSerial: number;
}

/** A saved number of the test plan: the canonical AUS and the outcome it must keep. */
export interface TestNumberRecord {
  readonly id: string;
  readonly number: string;
  /** A URI or a status token (lib/enum/test-plan ExpectedOutcome), canonical. */
  readonly expected: string;
  readonly note: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A new saved number as a client sends it (lib/db normalises and checks it). */
export interface TestNumberInput {
  readonly number: string;
  readonly expected: string;
  readonly note?: string;
}

export type TestNumberUpdate = Partial<TestNumberInput>;

/** A page request for the test plan. `page` is 1-based; `search` matches number, expected or note. */
export interface TestNumberListQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly search?: string;
}

export interface TestNumberPage {
  readonly items: readonly TestNumberRecord[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** A problem in an uploaded test plan CSV, at a 1-based line (and column when known). */
export interface TestPlanCsvError {
  readonly line: number;
  readonly column: number | null;
  readonly message: string;
}

/** The dry run of a test plan CSV upload: what merge or replace would do, or why it cannot. */
export interface TestNumberImportPlan {
  readonly mode: ImportMode;
  readonly added: readonly { readonly line: number; readonly number: TestNumberInput }[];
  readonly changed: readonly {
    readonly line: number;
    readonly before: TestNumberRecord;
    readonly after: TestNumberInput;
  }[];
  readonly removed: readonly TestNumberRecord[];
  readonly unchanged: number;
  /** Any error refuses the whole upload. */
  readonly errors: readonly TestPlanCsvError[];
}

/** What an applied test plan upload did. */
export interface TestNumberImportResult {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
}
