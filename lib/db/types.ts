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
