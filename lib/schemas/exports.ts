// The exports API's query schemas and the shapes it answers with (browser-safe).
import { z } from "zod";
import { DEFAULT_DNSMASQ_CAP } from "@/lib/export/dnsmasq";
import { toDomainNameSchema } from "./fields";

/** Numbering plans the dnsmasq export can expand blocks with. */
export const DNSMASQ_PLANS = ["nanp", "e164"] as const;

/** A numbering plan's name: `nanp` (10/11-digit numbers) or `e164` (up to 15 digits). */
export type DnsmasqPlanName = (typeof DNSMASQ_PLANS)[number];

/** Largest dnsmasq cap the API accepts: dnsmasq scans every record per query, so more is useless. */
export const MAX_DNSMASQ_CAP = 1_000_000;

/** Largest number of addresses in `alsoNotify` or `allowTransfer`. */
const MAX_ADDRESSES = 32;

/** URLSearchParams as an object; empty values count as absent. */
function toQueryRecord(value: unknown): unknown {
  if (!(value instanceof URLSearchParams)) return value;
  return Object.fromEntries([...value.entries()].filter(([, v]) => v !== ""));
}

const planSchema = z
  .enum(DNSMASQ_PLANS, { error: 'plan is "nanp" or "e164".' })
  .default("nanp") satisfies z.ZodType<DnsmasqPlanName>;

const capSchema = z.coerce
  .number({ error: `cap must be a whole number from 1 to ${MAX_DNSMASQ_CAP}.` })
  .int({ error: `cap must be a whole number from 1 to ${MAX_DNSMASQ_CAP}.` })
  .min(1, { error: `cap must be a whole number from 1 to ${MAX_DNSMASQ_CAP}.` })
  .max(MAX_DNSMASQ_CAP, { error: `cap must be a whole number from 1 to ${MAX_DNSMASQ_CAP}.` })
  .default(DEFAULT_DNSMASQ_CAP);

/** `GET /api/export/dnsmasq` and `/api/export/summary`: `?plan=nanp|e164&cap=N`. */
export const dnsmasqQuerySchema = z.preprocess(toQueryRecord, z.object({ plan: planSchema, cap: capSchema }));

/** Parsed dnsmasq options. */
export type DnsmasqQuery = z.output<typeof dnsmasqQuerySchema>;

/** BIND's address-match keywords (ARM "Address Match Lists"). */
const MATCH_KEYWORDS = ["any", "none", "localhost", "localnets"];

/** A comma-separated list of items, each checked by `isItem`; the message names the field. */
function toListSchema(field: string, what: string, isItem: (item: string) => boolean) {
  return z
    .string()
    .transform((raw) =>
      raw
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    )
    .superRefine((items, ctx) => {
      if (items.length > MAX_ADDRESSES)
        ctx.addIssue({ code: "custom", message: `${field} has at most ${MAX_ADDRESSES} entries.` });
      const bad = items.find((item) => !isItem(item));
      if (bad !== undefined) ctx.addIssue({ code: "custom", message: `${field}: "${bad}" is not ${what}.` });
    })
    .optional();
}

const isIp = (item: string): boolean => z.ipv4().safeParse(item).success || z.ipv6().safeParse(item).success;
const isCidr = (item: string): boolean =>
  z.cidrv4().safeParse(item).success || z.cidrv6().safeParse(item).success;

/**
 * `GET /api/export/named.conf`: `?file=e164.arpa.db&alsoNotify=192.0.2.1,192.0.2.2&allowTransfer=192.0.2.0/24`.
 * `file` is written inside a quoted named.conf string, so quotes, backslashes, `;` and
 * control characters are refused rather than escaped.
 */
export const namedConfQuerySchema = z.preprocess(
  toQueryRecord,
  z.object({
    file: z
      .string()
      .trim()
      .max(255, { error: "file has at most 255 characters." })
      .regex(/^[A-Za-z0-9._/+-]+$/, {
        error: "file may hold letters, digits and . _ / + - only (it goes inside a quoted string).",
      })
      .optional(),
    alsoNotify: toListSchema("alsoNotify", "an IPv4 or IPv6 address", isIp),
    allowTransfer: toListSchema(
      "allowTransfer",
      'an address, a prefix such as 192.0.2.0/24, or one of "any", "none", "localhost", "localnets"',
      (item) => isIp(item) || isCidr(item) || MATCH_KEYWORDS.includes(item),
    ),
  }),
);

/** Parsed named.conf options. */
export type NamedConfQuery = z.output<typeof namedConfQuerySchema>;

/** What kind of file `POST /api/export/check` reads. */
export const CHECK_KINDS = ["bind", "dnsmasq"] as const;

/** A BIND master file (`bind`) or a dnsmasq configuration (`dnsmasq`). */
export type CheckKind = (typeof CHECK_KINDS)[number];

/** `POST /api/export/check?kind=bind|dnsmasq&origin=e164.arpa` (origin defaults to the zone suffix). */
export const checkFileQuerySchema = z.preprocess(
  toQueryRecord,
  z.object({
    kind: z.enum(CHECK_KINDS, { error: 'kind is "bind" (a zone file) or "dnsmasq" (a dnsmasq config).' }),
    origin: toDomainNameSchema("the zone origin").optional(),
  }),
);

/** Parsed check options. */
export type CheckFileQuery = z.output<typeof checkFileQuerySchema>;

/** One number the two paths route differently (as lib/export/check reports it). */
export interface CheckDifference {
  readonly number: string;
  /** What the enum.json path returns, with its status. */
  readonly json: string;
  /** What the DNS path through the file returns, with its status. */
  readonly dns: string;
  readonly why: string;
}

/** The outcome of an equivalence check, bounded for the wire. */
export interface CheckSummary {
  /** Numbers resolved on both paths. */
  readonly checked: number;
  /** How many of them route differently. */
  readonly total: number;
  /** The first differences (at most `differencesLimit`). */
  readonly differences: readonly CheckDifference[];
  /** True when only a sample of the numbers was checked (large rule sets). */
  readonly sampled: boolean;
  /** How the numbers were chosen, in one sentence. */
  readonly scope: string;
  /** Facts about the input the check could not use (records outside the zone, other options). */
  readonly notes: readonly string[];
}

/** A problem the zone compiler could not express exactly. */
export interface ExportIssue {
  readonly code: string;
  readonly message: string;
  readonly blocks: readonly string[];
}

/** A block the dnsmasq export could not list, and why. */
export interface DnsmasqOmissionSummary {
  readonly blockId: string;
  readonly prefix: string;
  readonly name: string;
  readonly reason: string;
}

/** One downloadable format on the exports page. */
export interface ExportFormatSummary {
  readonly filename: string;
  /** The API path that downloads it. */
  readonly href: string;
  /** enum.json: blocks; BIND and dnsmasq: resource records (SOA, NS and NAPTR / naptr-record lines). */
  readonly records: number;
  /** Size of the file in bytes (UTF-8). */
  readonly bytes: number;
  /** The equivalence check; null for enum.json, which is the rules themselves. */
  readonly check: CheckSummary | null;
  readonly issues: readonly ExportIssue[];
}

/** `GET /api/export/summary`: every format of the current rule set, with its proof. */
export interface ExportSummary {
  readonly apex: string;
  readonly serial: number;
  readonly revision: number;
  /** Enabled blocks (what the exports contain). */
  readonly blocks: number;
  /** When the files of this revision were generated (ISO). */
  readonly generatedAt: string;
  /** Server time spent on this summary (compiling and checking when not cached), in ms. */
  readonly elapsedMs: number;
  readonly enumJson: ExportFormatSummary;
  readonly bind: ExportFormatSummary & { readonly namedConf: string };
  readonly dnsmasq: ExportFormatSummary & {
    readonly plan: DnsmasqPlanName;
    readonly cap: number;
    /** Names (full numbers) listed. */
    readonly names: number;
    /** How many blocks it could not list, and the first of them. */
    readonly omittedTotal: number;
    readonly omitted: readonly DnsmasqOmissionSummary[];
  };
}

/** `POST /api/export/check`: an existing file compared with the current rules. */
export interface FileCheckResult extends CheckSummary {
  readonly kind: CheckKind;
  readonly origin: string;
  /** NAPTR records the file holds. */
  readonly records: number;
}
