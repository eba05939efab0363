import type { NaptrLookup, NaptrRule, SyncNaptrSource } from "./naptr";
import { ok, type Result } from "./result";

/** One `naptr-record=` line of a dnsmasq configuration, as dnsmasq stores it. */
export interface DnsmasqNaptr {
  /** Absolute owner name, lower case, without the trailing dot. */
  readonly name: string;
  readonly rule: NaptrRule;
  readonly line: number;
}

/** A dnsmasq configuration reduced to what ENUM needs. */
export interface DnsmasqConfig {
  readonly records: readonly DnsmasqNaptr[];
  /** Other options, kept by name so a check can say what it did not read. */
  readonly otherOptions: readonly { readonly option: string; readonly line: number }[];
}

/** dnsmasq's escapes inside double quotes (option.c read_opts); nothing is unescaped outside. */
const QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  t: "\t",
  n: "\n",
  e: "\x1b",
  b: "\b",
  r: "\r",
};

/** Stands in for a comma inside quotes so that field splitting does not see it. */
const HIDDEN_COMMA = "\u0000";

/**
 * Reads a dnsmasq configuration the way dnsmasq's `read_opts` and `one_opt` do for
 * `naptr-record=<name>,<order>,<preference>,<flags>,<service>,<regexp>[,<replacement>]`:
 * `#` at the start or after white space begins a comment; inside double quotes `\\`,
 * `\"`, `\t`, `\n`, `\e`, `\b`, `\r` are unescaped and commas are kept; outside quotes a
 * backslash is an ordinary character (so the guide's unquoted `\\1` reaches the wire as
 * two backslashes). Errors carry the line number.
 */
export function parseDnsmasqConfig(text: string): Result<DnsmasqConfig> {
  const records: DnsmasqNaptr[] = [];
  const otherOptions: { option: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const raw = lines[index]!;
    let out = "";
    let white = true;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '"') {
        let j = i + 1;
        for (; j < raw.length && raw[j] !== '"'; j++) {
          const escaped = raw[j] === "\\" ? QUOTED_ESCAPES[raw[j + 1] ?? ""] : undefined;
          if (escaped !== undefined) {
            out += escaped;
            j++;
          } else out += raw[j] === "," ? HIDDEN_COMMA : raw.charAt(j);
        }
        if (j >= raw.length) return lineError("dnsmasq-quote", 'missing closing "', lineNo);
        i = j;
        white = false;
        continue;
      }
      if (/\s/.test(c)) {
        out += " ";
        white = true;
        continue;
      }
      if (white && c === "#") break;
      white = false;
      out += c;
    }
    const line = out.trim();
    if (line === "") continue;
    const eq = line.indexOf("=");
    const option = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (option !== "naptr-record") {
      otherOptions.push({ option, line: lineNo });
      continue;
    }
    const fields = line
      .slice(eq + 1)
      .split(",")
      .map((f) => f.replace(/^ +/, "").replaceAll(HIDDEN_COMMA, ","));
    if (fields.length > 7) fields.splice(6, fields.length - 6, fields.slice(6).join(","));
    if (fields.length < 6) {
      return lineError(
        "dnsmasq-naptr",
        `bad NAPTR record: expected name,order,preference,flags,service,regexp; found ${fields.length} field(s)`,
        lineNo,
      );
    }
    const [name, order, preference, flags, service, regexp, replacement] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string?,
    ];
    const orderValue = toUint16(order);
    const preferenceValue = toUint16(preference);
    if (name.trim() === "" || orderValue === null || preferenceValue === null) {
      return lineError(
        "dnsmasq-naptr",
        "bad NAPTR record: the name must be set and order/preference must be 0-65535",
        lineNo,
      );
    }
    records.push({
      name: name.trim().replace(/\.$/, "").toLowerCase(),
      rule: {
        order: orderValue,
        preference: preferenceValue,
        flags,
        service,
        regexp,
        replacement: replacement?.trim() || ".",
      },
      line: lineNo,
    });
  }
  return ok({ records, otherOptions });
}

function toUint16(text: string): number | null {
  if (!/^\s*[0-9]+\s*$/.test(text)) return null;
  const value = Number(text);
  return value <= 0xffff ? value : null;
}

function lineError(code: string, message: string, line: number): Result<never> {
  return { ok: false, error: { code, message: `line ${line}: ${message}`, line } };
}

/**
 * What dnsmasq answers from its naptr-record lines: records only at the exact names
 * given (dnsmasq has no wildcards); any other name in the zone is NXDOMAIN, assuming the
 * zone is declared local (`local=/e164.arpa/`), which is how the guide deploys it.
 */
export function createDnsmasqSource(records: readonly DnsmasqNaptr[]): SyncNaptrSource {
  const byName = new Map<string, NaptrRule[]>();
  for (const record of records) {
    const list = byName.get(record.name) ?? [];
    list.push(record.rule);
    byName.set(record.name, list);
  }
  return {
    lookup(name: string): NaptrLookup {
      const key = name.replace(/\.$/, "").toLowerCase();
      const rules = byName.get(key);
      return rules === undefined ? { kind: "nxdomain" } : { kind: "answer", rules, owner: key };
    },
  };
}
