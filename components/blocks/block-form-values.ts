import type { FieldIssue } from "@/lib/app-error";
import type { NumberBlockInput, NumberBlockRecord } from "@/lib/api-client/types";
import { DEFAULT_ENUMSERVICE } from "@/lib/enum/ruleset";

/** One extra DNS rule as the form holds it (numbers may be "" while typing). */
export interface ExtraRuleDraft {
  /** React key: stable while rows are added and removed. */
  readonly key: string;
  readonly order: number | string;
  readonly preference: number | string;
  readonly flags: string;
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
}

/** What the block form holds. */
export interface BlockFormValues {
  readonly name: string;
  readonly prefix: string;
  readonly regex: string;
  readonly enumservice: string;
  readonly enabled: boolean;
  readonly notes: string;
  readonly extraRules: readonly ExtraRuleDraft[];
}

let nextRuleKey = 0;

/** A fresh rule row: an `E2U+pstn:tel` style answer is the common extra, so start from one. */
export function toNewExtraRule(order: number): ExtraRuleDraft {
  nextRuleKey += 1;
  return {
    key: `rule-${nextRuleKey}`,
    order,
    preference: 10,
    flags: "u",
    service: "E2U+pstn:tel",
    regexp: "",
    replacement: ".",
  };
}

/** Empty values for a new block. */
export const EMPTY_BLOCK_VALUES: BlockFormValues = {
  name: "",
  prefix: "",
  regex: "",
  enumservice: DEFAULT_ENUMSERVICE,
  enabled: true,
  notes: "",
  extraRules: [],
};

/** Form values from a stored block. */
export function toBlockFormValues(block: NumberBlockRecord): BlockFormValues {
  return {
    name: block.name,
    prefix: block.prefix,
    regex: block.regex,
    enumservice: block.enumservice,
    enabled: block.enabled,
    notes: block.notes,
    extraRules: block.extraRules.map((rule) => {
      nextRuleKey += 1;
      return { key: `rule-${nextRuleKey}`, ...rule };
    }),
  };
}

function toNumber(value: number | string): number {
  return typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
}

/** The request body (before schema parsing) for form values. */
export function toBlockPayload(values: BlockFormValues): Required<NumberBlockInput> {
  return {
    name: values.name,
    prefix: values.prefix,
    regex: values.regex,
    enumservice: values.enumservice,
    enabled: values.enabled,
    notes: values.notes,
    extraRules: values.extraRules.map((rule) => ({
      order: toNumber(rule.order),
      preference: toNumber(rule.preference),
      flags: rule.flags,
      service: rule.service,
      regexp: rule.regexp,
      replacement: rule.replacement,
    })),
  };
}

/** The form fields a conflict diff compares, with their labels. */
export const DIFF_FIELDS: readonly { readonly key: keyof BlockFormValues; readonly label: string }[] = [
  { key: "name", label: "Name" },
  { key: "prefix", label: "Prefix" },
  { key: "regex", label: "Regex" },
  { key: "enumservice", label: "Enumservice" },
  { key: "enabled", label: "Enabled" },
  { key: "notes", label: "Notes" },
  { key: "extraRules", label: "Extra DNS rules" },
];

/** A field's value as short display text for the conflict diff. */
export function toDiffText(values: BlockFormValues, key: keyof BlockFormValues): string {
  if (key === "enabled") return values.enabled ? "Enabled" : "Disabled";
  if (key === "extraRules") {
    const rules = toBlockPayload(values).extraRules;
    if (rules.length === 0) return "none";
    return rules
      .map((r) => `${r.order} ${r.preference} "${r.flags}" ${r.service} ${r.regexp} ${r.replacement}`)
      .join("\n");
  }
  const text = values[key];
  return text === "" ? "(empty)" : text;
}

/** Field issues grouped by field path; the first issue of a field wins. */
export function toIssueMap(issues: readonly FieldIssue[]): ReadonlyMap<string, FieldIssue> {
  const map = new Map<string, FieldIssue>();
  for (const issue of issues) if (!map.has(issue.field)) map.set(issue.field, issue);
  return map;
}

/** The sample number the preview starts from: the prefix padded with zeros to 11 digits. */
export function toExampleNumber(prefix: string): string {
  const clean = prefix.trim();
  const digits = clean.replace(/^\+/, "").length;
  return clean + "0".repeat(Math.max(1, 11 - digits));
}
