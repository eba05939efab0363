/**
 * A parser for RFC 1035 §5 master files ("BIND zone files"), covering what operators
 * actually write: `$ORIGIN`, `$TTL` (RFC 2308 §4, BIND's `1h30m` units), `@`, relative and
 * absolute names, blank owners, wildcards (RFC 4592), TTL and class in either order,
 * quoted and unquoted character-strings with escapes, parentheses, comments and CRLF.
 * NAPTR, SOA, NS, A, AAAA, CNAME, TXT and PTR are decoded; any other type (including the
 * RFC 3597 `TYPEnnn \# len hex` form) is kept as raw text.
 *
 * Names are returned absolute, in presentation form, without the trailing dot
 * ("4.3.2.1.e164.arpa"; the root is ""); their letters keep the case the file used, and
 * callers compare them case-insensitively (RFC 4343).
 */
import type { NaptrRule } from "./naptr";
import type { EnumIssue, Result } from "./result";
import { ok } from "./result";

/** Options for {@link parseMasterFile}. */
export interface MasterFileOptions {
  /** The zone's origin before any `$ORIGIN` (BIND takes it from the `zone` statement). */
  readonly origin?: string;
  /** The TTL for records without one before any `$TTL` (RFC 2308 §4). */
  readonly defaultTtl?: number;
}

/** A parsed master file: its records in file order. */
export interface MasterFile {
  /** The zone origin the file was read with: the `origin` option, else the first `$ORIGIN`, else null. */
  readonly origin: string | null;
  readonly records: readonly ZoneRecord[];
}

/** NAPTR RDATA (RFC 3403 §4.1): a NaptrRule's fields; `replacement` is "." for the root. */
export interface NaptrData extends Omit<NaptrRule, "ttl"> {
  readonly kind: "NAPTR";
}

/** SOA RDATA (RFC 1035 §3.3.13); the timers are in seconds. */
export interface SoaData {
  readonly kind: "SOA";
  readonly mname: string;
  readonly rname: string;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

/** RDATA that is a single domain name: NS, CNAME, PTR (RFC 1035 §3.3). */
export interface TargetData {
  readonly kind: "NS" | "CNAME" | "PTR";
  readonly target: string;
}

/** A (RFC 1035 §3.4.1) or AAAA (RFC 3596 §2.2) RDATA, as the address text. */
export interface AddressData {
  readonly kind: "A" | "AAAA";
  readonly address: string;
}

/** TXT RDATA (RFC 1035 §3.3.14): one or more character-strings, unescaped. */
export interface TxtData {
  readonly kind: "TXT";
  readonly strings: readonly string[];
}

/**
 * Any other type, kept as the RDATA tokens exactly as written (quoted tokens keep their
 * quotes, relative names stay relative), so it can be shown but is not interpreted.
 */
export interface OtherData {
  readonly kind: "other";
  readonly fields: readonly string[];
}

/** The decoded RDATA of a record, discriminated on `kind`. */
export type RecordData = NaptrData | SoaData | TargetData | AddressData | TxtData | OtherData;

/** One resource record of a master file (RFC 1035 §5.1). */
export interface ZoneRecord {
  /** Absolute owner name without the trailing dot; "" is the root. */
  readonly name: string;
  readonly ttl: number;
  /** Always "IN": other classes are rejected. */
  readonly class: string;
  /** The type mnemonic in upper case ("NAPTR", "MX", "TYPE65280"). */
  readonly type: string;
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly data: RecordData;
}

/** The largest TTL (RFC 2181 §8). */
const MAX_TTL = 2147483647;
/** SOA serial and timers are unsigned 32-bit (RFC 1035 §3.3.13). */
const MAX_U32 = 4294967295;
const MAX_LABEL = 63;
const MAX_NAME_WIRE = 255;
const MAX_STRING = 255;

/** Types this parser decodes, with their numbers so `TYPE35` means NAPTR (RFC 3597 §5). */
const DECODED_TYPES: ReadonlyMap<number, string> = new Map<number, string>([
  [1, "A"],
  [2, "NS"],
  [5, "CNAME"],
  [6, "SOA"],
  [12, "PTR"],
  [16, "TXT"],
  [28, "AAAA"],
  [35, "NAPTR"],
]);

const DECODED_NAMES: ReadonlySet<string> = new Set(DECODED_TYPES.values());

/** Other type mnemonics BIND knows; an unknown word is an error, so a typo like "NAPRT" is not silently ignored. */
const OTHER_TYPES: ReadonlySet<string> = new Set(
  (
    "MD MF MB MG MR NULL WKS HINFO MINFO MX RP AFSDB X25 ISDN RT NSAP NSAP-PTR SIG KEY PX GPOS LOC NXT " +
    "EID NIMLOC SRV ATMA KX CERT A6 DNAME SINK OPT APL DS SSHFP IPSECKEY RRSIG NSEC DNSKEY DHCID NSEC3 " +
    "NSEC3PARAM TLSA SMIMEA HIP NINFO RKEY TALINK CDS CDNSKEY OPENPGPKEY CSYNC ZONEMD SVCB HTTPS SPF " +
    "UINFO UID GID UNSPEC NID L32 L64 LP EUI48 EUI64 TKEY TSIG URI CAA AVC DOA AMTRELAY RESINFO WALLET TA DLV"
  ).split(" "),
);

/** Characters that must be escaped inside a name label so the text reads back the same (RFC 1035 §5.1). */
const NAME_SPECIALS: ReadonlySet<number> = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b]);

/** A name made of letters, digits, `_`, `-` and `*` needs no escape decoding: the common case, kept fast. */
const PLAIN_NAME = /^(?:[A-Za-z0-9_*-]+\.)*[A-Za-z0-9_*-]+\.?$/;
const PLAIN_STRING = /^[\x20-\x5b\x5d-\x7e]*$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const TTL_WITH_UNITS = /^(?:\d+[smhdw])+$/i;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Characters that end an unquoted token (RFC 1035 §5.1), as a table indexed by char code. */
const DELIMITERS = new Uint8Array(128);
for (const c of [NEWLINE, CR, SPACE, TAB, SEMICOLON, OPEN, CLOSE, QUOTE]) DELIMITERS[c] = 1;

/** A name in presentation form and its length on the wire (RFC 1035 §3.1). */
interface Name {
  readonly text: string;
  readonly wire: number;
}

const ROOT: Name = { text: "", wire: 1 };

/** A lexical token; `text` is raw (escapes not yet decoded), without the quotes of a quoted string. */
interface Token {
  readonly text: string;
  readonly quoted: boolean;
  readonly line: number;
  /** 0-based column of the token's first character (the opening quote for a quoted string). */
  readonly col: number;
}

/** One logical entry: a line, or several joined by parentheses (RFC 1035 §5.1). */
interface Entry {
  readonly tokens: readonly Token[];
  /** The entry's first line starts with a blank: the owner is the previous one. */
  readonly blankOwner: boolean;
  readonly line: number;
}

/** A failed Result located in the file. */
function fail(code: string, message: string, line?: number, at?: number): { ok: false; error: EnumIssue } {
  return {
    ok: false,
    error: { code, message, ...(line === undefined ? {} : { line }), ...(at === undefined ? {} : { at }) },
  };
}

/** Moves an error whose `at` is an offset into a token's text to the token's line and column. */
function locate(error: EnumIssue, token: Token): { ok: false; error: EnumIssue } {
  const at = token.col + (token.quoted ? 1 : 0) + (error.at ?? 0);
  return fail(error.code, error.message, token.line, at);
}

/** A failed Result pointing at a token. */
function failAt(code: string, message: string, token: Token): { ok: false; error: EnumIssue } {
  return fail(code, message, token.line, token.col);
}

/** Shows a token in a message. */
function show(token: Token): string {
  return token.quoted ? `"${token.text}"` : `'${token.text}'`;
}

/**
 * Splits a master file into entries: blanks separate tokens, `;` starts a comment outside
 * quotes, parentheses let an entry continue over newlines, a backslash escapes the next
 * character (RFC 1035 §5.1). CR is a blank, so CRLF files read like LF files.
 */
function tokenize(text: string): Result<Entry[]> {
  const entries: Entry[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  let depth = 0;
  let parenLine = 0;
  let parenCol = 0;
  let tokens: Token[] = [];
  let entryLine = 1;
  let blankOwner = false;
  let atLineStart = true;

  const flush = (): void => {
    if (tokens.length > 0) entries.push({ tokens, blankOwner, line: entryLine });
    tokens = [];
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (atLineStart) {
      atLineStart = false;
      if (depth === 0) {
        entryLine = line;
        blankOwner = c === SPACE || c === TAB;
      }
    }
    if (c === NEWLINE) {
      if (depth === 0) flush();
      i++;
      line++;
      lineStart = i;
      atLineStart = true;
    } else if (c === SPACE || c === TAB || c === CR) {
      i++;
    } else if (c === SEMICOLON) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === OPEN) {
      if (depth === 0) {
        parenLine = line;
        parenCol = i - lineStart;
      }
      depth++;
      i++;
    } else if (c === CLOSE) {
      if (depth === 0)
        return fail("unbalanced-parenthesis", "found ')' without an open '('", line, i - lineStart);
      depth--;
      i++;
    } else if (c === QUOTE) {
      const col = i - lineStart;
      const begin = ++i;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) break;
        // An escape may not hide the end of the line: quoted strings stay on one line.
        const next = d === BACKSLASH ? text.charCodeAt(i + 1) : d;
        if (Number.isNaN(next) || next === NEWLINE) {
          return fail(
            "unterminated-string",
            "this quoted string has no closing '\"' on its line (a quoted string cannot span lines)",
            line,
            col,
          );
        }
        i += d === BACKSLASH ? 2 : 1;
      }
      tokens.push({ text: text.slice(begin, i), quoted: true, line, col });
      i++;
    } else {
      const begin = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 0x80 && DELIMITERS[d] === 1) break;
        if (d === BACKSLASH) {
          const e = text.charCodeAt(i + 1);
          if (Number.isNaN(e) || e === NEWLINE || e === CR) {
            return fail("bad-escape", "a backslash must be followed by a character", line, i - lineStart);
          }
          i += 2;
        } else {
          i++;
        }
      }
      tokens.push({ text: text.slice(begin, i), quoted: false, line, col: begin - lineStart });
    }
  }
  if (depth > 0) {
    return fail(
      "unbalanced-parenthesis",
      "this '(' is never closed: expected ')' before the end of the file",
      parenLine,
      parenCol,
    );
  }
  flush();
  return ok(entries);
}

/** Appends the UTF-8 bytes of one code point. */
function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/**
 * Reads the escape at `raw[j] === "\\"`: `\DDD` is a byte in decimal, `\X` is X itself
 * (RFC 1035 §5.1). Returns the bytes appended and the index after the escape.
 */
function readEscape(raw: string, j: number, out: number[]): Result<number> {
  const d1 = raw.charCodeAt(j + 1);
  if (d1 >= 0x30 && d1 <= 0x39) {
    const digits = raw.slice(j + 1, j + 4);
    if (!/^\d{3}$/.test(digits)) {
      return fail(
        "bad-escape",
        `'\\${digits}' is not an escape: '\\' before a digit needs exactly three digits (\\DDD)`,
        undefined,
        j,
      );
    }
    const value = Number(digits);
    if (value > 255)
      return fail("bad-escape", `'\\${digits}' is not a byte: \\DDD must be at most 255`, undefined, j);
    out.push(value);
    return ok(j + 4);
  }
  const cp = raw.codePointAt(j + 1);
  if (cp === undefined)
    return fail("bad-escape", "a backslash must be followed by a character", undefined, j);
  pushUtf8(out, cp);
  return ok(j + 1 + (cp > 0xffff ? 2 : 1));
}

/** Decodes escapes into bytes; non-ASCII characters become their UTF-8 bytes. */
function decodeBytes(raw: string): Result<number[]> {
  const out: number[] = [];
  let j = 0;
  while (j < raw.length) {
    const c = raw.charCodeAt(j);
    if (c === 0x5c) {
      const next = readEscape(raw, j, out);
      if (!next.ok) return next;
      j = next.value;
    } else {
      const cp = raw.codePointAt(j)!;
      pushUtf8(out, cp);
      j += cp > 0xffff ? 2 : 1;
    }
  }
  return ok(out);
}

/** Decodes a character-string token: at most 255 bytes (RFC 1035 §3.3), read as UTF-8 text. */
function decodeCharacterString(raw: string): Result<string> {
  if (PLAIN_STRING.test(raw)) {
    if (raw.length > MAX_STRING) return tooLongString(raw.length);
    return ok(raw);
  }
  const bytes = decodeBytes(raw);
  if (!bytes.ok) return bytes;
  if (bytes.value.length > MAX_STRING) return tooLongString(bytes.value.length);
  // ASCII needs no UTF-8 decoding (the common case: regexps with escaped backslashes).
  if (bytes.value.every((b) => b < 0x80)) return ok(String.fromCharCode(...bytes.value));
  try {
    return ok(STRICT_UTF8.decode(Uint8Array.from(bytes.value)));
  } catch {
    return fail(
      "invalid-utf8",
      "this character-string is not valid UTF-8 once its \\DDD escapes are decoded",
      undefined,
      0,
    );
  }
}

function tooLongString(bytes: number): { ok: false; error: EnumIssue } {
  return fail(
    "string-too-long",
    `a character-string holds at most ${MAX_STRING} bytes (RFC 1035 §3.3), this one has ${bytes}`,
    undefined,
    0,
  );
}

function escapeNameByte(b: number): string {
  if (b <= 0x20 || b >= 0x7f) return "\\" + String(b).padStart(3, "0");
  if (NAME_SPECIALS.has(b)) return "\\" + String.fromCharCode(b);
  return String.fromCharCode(b);
}

/** Renders a label's bytes in presentation form; valid UTF-8 stays readable, other bytes become \DDD. */
function renderLabel(bytes: readonly number[]): string {
  let decoded: string | null = null;
  if (bytes.some((b) => b >= 0x80)) {
    try {
      decoded = STRICT_UTF8.decode(Uint8Array.from(bytes));
    } catch {
      decoded = null;
    }
  }
  if (decoded === null) return bytes.map(escapeNameByte).join("");
  let out = "";
  for (const ch of decoded) out += ch.codePointAt(0)! >= 0x80 ? ch : escapeNameByte(ch.codePointAt(0)!);
  return out;
}

function labelTooLong(length: number, offset: number): { ok: false; error: EnumIssue } {
  return fail(
    "label-too-long",
    `a label holds at most ${MAX_LABEL} bytes (RFC 1035 §2.3.4), this one has ${length}`,
    undefined,
    offset,
  );
}

/**
 * Reads a name token (RFC 1035 §5.1): `@` is the origin, a trailing dot makes it absolute,
 * otherwise the origin is appended. Errors carry `at` as an offset into `raw`.
 */
function decodeName(raw: string, origin: Name | null): Result<Name> {
  if (raw === "@") {
    if (origin === null) {
      return fail(
        "missing-origin",
        "'@' stands for the origin, but there is no $ORIGIN and no zone origin was given",
        undefined,
        0,
      );
    }
    return ok(origin);
  }
  if (raw === ".") return ok(ROOT);
  let text: string;
  let wire: number;
  let absolute: boolean;
  if (PLAIN_NAME.test(raw)) {
    absolute = raw.endsWith(".");
    text = absolute ? raw.slice(0, -1) : raw;
    let offset = 0;
    for (const label of text.split(".")) {
      if (label.length > MAX_LABEL) return labelTooLong(label.length, offset);
      offset += label.length + 1;
    }
    wire = text.length + 2;
  } else {
    const labels: string[] = [];
    let bytes: number[] = [];
    let labelStart = 0;
    wire = 1;
    absolute = false;
    let j = 0;
    while (j < raw.length) {
      const c = raw.charCodeAt(j);
      if (c === 0x2e) {
        if (j === labelStart) {
          return fail(
            "empty-label",
            `'${raw}' has an empty label (two dots in a row, or a leading dot)`,
            undefined,
            j,
          );
        }
        labels.push(renderLabel(bytes));
        wire += bytes.length + 1;
        bytes = [];
        j++;
        labelStart = j;
        if (j === raw.length) absolute = true;
      } else if (c === 0x5c) {
        const next = readEscape(raw, j, bytes);
        if (!next.ok) return next;
        j = next.value;
      } else {
        const cp = raw.codePointAt(j)!;
        pushUtf8(bytes, cp);
        j += cp > 0xffff ? 2 : 1;
      }
      if (bytes.length > MAX_LABEL) return labelTooLong(bytes.length, labelStart);
    }
    if (!absolute) {
      labels.push(renderLabel(bytes));
      wire += bytes.length + 1;
    }
    text = labels.join(".");
  }
  if (!absolute) {
    if (origin === null) {
      return fail(
        "missing-origin",
        `'${raw}' is a relative name but there is no origin to complete it: add $ORIGIN, give the zone origin, or end the name with '.'`,
        undefined,
        0,
      );
    }
    text = origin.text === "" ? text : `${text}.${origin.text}`;
    wire = wire - 1 + origin.wire;
  }
  if (wire > MAX_NAME_WIRE) {
    return fail(
      "name-too-long",
      `a name holds at most ${MAX_NAME_WIRE} bytes (RFC 1035 §2.3.4), '${text}' has ${wire}`,
      undefined,
      0,
    );
  }
  return ok({ text, wire });
}

/**
 * Reads a domain name in master-file syntax (RFC 1035 §5.1) and returns it absolute, in
 * canonical presentation form without the trailing dot ("" is the root). A relative name
 * is completed with `origin` (itself absolute; pass "" to treat every name as absolute).
 */
export function parseDomainName(text: string, origin: string | null = null): Result<string> {
  let base: Name | null = null;
  if (origin !== null) {
    const o = origin === "" ? ok(ROOT) : decodeName(origin.endsWith(".") ? origin : `${origin}.`, null);
    if (!o.ok) return o;
    base = o.value;
  }
  const name = decodeName(text, base);
  return name.ok ? ok(name.value.text) : name;
}

/** Reads a TTL: seconds, or BIND units like `1h30m` (RFC 2308 §4 for `$TTL`). */
function decodeTtl(raw: string, max: number): number | null {
  let value: number;
  if (/^\d+$/.test(raw)) {
    value = Number(raw);
  } else if (TTL_WITH_UNITS.test(raw)) {
    value = 0;
    for (const m of raw.matchAll(/(\d+)([smhdw])/gi))
      value += Number(m[1]) * UNIT_SECONDS[m[2]!.toLowerCase()]!;
  } else {
    return null;
  }
  return value <= max ? value : null;
}

/**
 * Formats a string as a quoted master-file character-string (RFC 1035 §5.1): `\` and `"`
 * are escaped, bytes outside printable ASCII (including each UTF-8 byte of non-ASCII
 * text) are written `\DDD`. Does not split strings longer than 255 bytes.
 */
export function renderCharacterString(s: string): string {
  const bytes: number[] = [];
  for (const ch of s) pushUtf8(bytes, ch.codePointAt(0)!);
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += "\\" + String(b).padStart(3, "0");
  }
  return out + '"';
}

function isIpv6(text: string): boolean {
  let s = text;
  const lastColon = s.lastIndexOf(":");
  if (lastColon < 0) return false;
  const tail = s.slice(lastColon + 1);
  // An embedded IPv4 address (RFC 4291 §2.2) counts as two groups.
  if (tail.includes(".")) {
    if (!IPV4.test(tail)) return false;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const group = /^[0-9a-f]{1,4}$/i;
  const gap = s.indexOf("::");
  if (gap < 0) {
    const groups = s.split(":");
    return groups.length === 8 && groups.every((g) => group.test(g));
  }
  if (s.indexOf("::", gap + 1) >= 0) return false;
  const head = s.slice(0, gap);
  const rest = s.slice(gap + 2);
  const groups = [...(head === "" ? [] : head.split(":")), ...(rest === "" ? [] : rest.split(":"))];
  return groups.length <= 7 && groups.every((g) => group.test(g));
}

/** Reads the type mnemonic; `TYPEnnn` of a decoded type becomes its mnemonic (RFC 3597 §5). */
function decodeType(token: Token, blankOwner: boolean): Result<string> {
  const upper = token.text.toUpperCase();
  const generic = token.quoted ? null : /^TYPE(\d{1,5})$/.exec(upper);
  if (generic) {
    const num = Number(generic[1]);
    if (num > 65535)
      return failAt("unknown-type", `'${token.text}' is not a type: TYPEnnn must be at most 65535`, token);
    return ok(DECODED_TYPES.get(num) ?? `TYPE${num}`);
  }
  if (!token.quoted && (DECODED_NAMES.has(upper) || OTHER_TYPES.has(upper))) return ok(upper);
  // The usual cause: an owner name indented by mistake, which makes it a blank owner.
  const hint = blankOwner ? " (this line starts with a blank, so it has no owner name of its own)" : "";
  return failAt(
    "unknown-type",
    `expected a record type such as NAPTR, SOA, NS, A or TXT, found ${show(token)}${hint}`,
    token,
  );
}

/**
 * Parses a master file (RFC 1035 §5) into records with absolute names. Supports `$ORIGIN`,
 * `$TTL` and rejects `$INCLUDE`/`$GENERATE` (the console reads one file). A record
 * without a TTL takes `$TTL`, else the last TTL written (RFC 1035 §5.1), else an SOA's
 * minimum (as BIND does). The first problem is returned with its 1-based `line` and its
 * 0-based column in `at`.
 */
export function parseMasterFile(text: string, options: MasterFileOptions = {}): Result<MasterFile> {
  let origin: Name | null = null;
  if (options.origin !== undefined) {
    const o = decodeName(options.origin.endsWith(".") ? options.origin : `${options.origin}.`, null);
    if (!o.ok)
      return fail(
        "bad-origin",
        `the zone origin '${options.origin}' is not a domain name: ${o.error.message}`,
      );
    origin = o.value;
  }
  if (
    options.defaultTtl !== undefined &&
    !(Number.isInteger(options.defaultTtl) && options.defaultTtl >= 0 && options.defaultTtl <= MAX_TTL)
  ) {
    throw new RangeError(`defaultTtl must be an integer 0..${MAX_TTL}, got ${options.defaultTtl}`);
  }
  let declaredOrigin = origin?.text ?? null;
  let ttlDirective: number | null = options.defaultTtl ?? null;
  let lastTtl: number | null = null;
  let lastOwner: Name | null = null;

  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const records: ZoneRecord[] = [];

  for (const entry of lexed.value) {
    const tokens = entry.tokens;
    const first = tokens[0]!;

    if (!entry.blankOwner && !first.quoted && first.text.startsWith("$")) {
      const directive = first.text.toUpperCase();
      if (directive === "$INCLUDE" || directive === "$GENERATE") {
        return fail(
          "unsupported-directive",
          `${directive} is not supported: the console reads a single file, so put the records in this file instead`,
          first.line,
          first.col,
        );
      }
      if (directive !== "$ORIGIN" && directive !== "$TTL") {
        return fail(
          "unknown-directive",
          `unknown directive '${first.text}': expected $ORIGIN or $TTL`,
          first.line,
          first.col,
        );
      }
      const arg = tokens[1];
      if (arg === undefined || arg.quoted) {
        const what = directive === "$ORIGIN" ? "a domain name" : "a TTL";
        return fail("missing-field", `${directive} needs ${what}`, first.line, arg?.col ?? first.col);
      }
      const extra = tokens[2];
      if (extra !== undefined) {
        return fail(
          "extra-field",
          `unexpected ${show(extra)} after ${directive} ${arg.text}`,
          extra.line,
          extra.col,
        );
      }
      if (directive === "$ORIGIN") {
        const name = decodeName(arg.text, origin);
        if (!name.ok) return locate(name.error, arg);
        origin = name.value;
        declaredOrigin ??= origin.text;
      } else {
        const ttl = decodeTtl(arg.text, MAX_TTL);
        if (ttl === null) return badTtl(arg);
        ttlDirective = ttl;
      }
      continue;
    }

    let idx = 0;
    let owner: Name;
    if (entry.blankOwner) {
      if (lastOwner === null) {
        return fail(
          "no-owner",
          "this record starts with a blank, meaning 'same owner as the previous record', but there is no previous record",
          entry.line,
          0,
        );
      }
      owner = lastOwner;
    } else {
      if (first.quoted)
        return fail("bad-name", `expected an owner name, found ${show(first)}`, first.line, first.col);
      const name = decodeName(first.text, origin);
      if (!name.ok) return locate(name.error, first);
      owner = name.value;
      lastOwner = owner;
      idx = 1;
    }

    // TTL and class may come in either order, each at most once (RFC 1035 §5.1).
    let ttl: number | null = null;
    let hasClass = false;
    for (;;) {
      const t = tokens[idx];
      if (t === undefined || t.quoted) break;
      if (/^\d/.test(t.text)) {
        if (ttl !== null)
          return fail(
            "duplicate-ttl",
            `found a second TTL ${show(t)}; expected the record type`,
            t.line,
            t.col,
          );
        ttl = decodeTtl(t.text, MAX_TTL);
        if (ttl === null) return badTtl(t);
      } else if (/^(?:IN|CLASS1|CH|HS|CS|NONE|ANY|CLASS\d+)$/i.test(t.text)) {
        if (hasClass)
          return fail(
            "duplicate-class",
            `found a second class ${show(t)}; expected the record type`,
            t.line,
            t.col,
          );
        if (!/^(?:IN|CLASS1)$/i.test(t.text)) {
          return fail("unsupported-class", `only class IN is supported, found ${show(t)}`, t.line, t.col);
        }
        hasClass = true;
      } else {
        break;
      }
      idx++;
    }
    const typeToken = tokens[idx];
    if (typeToken === undefined) {
      const last = tokens[tokens.length - 1]!;
      return fail(
        "missing-type",
        "expected a record type after the owner, TTL and class, found the end of the record",
        last.line,
        last.col,
      );
    }
    const type = decodeType(typeToken, entry.blankOwner && idx === 0);
    if (!type.ok) return type;
    const rdata = tokens.slice(idx + 1);

    const data = decodeRdata(type.value, typeToken, rdata, origin);
    if (!data.ok) return data;

    if (ttl !== null) {
      lastTtl = ttl;
    } else {
      ttl = ttlDirective ?? lastTtl;
      if (ttl === null && data.value.kind === "SOA") {
        ttl = data.value.minimum;
        lastTtl = ttl;
      }
      if (ttl === null) {
        return fail(
          "no-ttl",
          "this record has no TTL and none is in force: add '$TTL 1h' (for example) at the top of the file, or give the record a TTL",
          typeToken.line,
          typeToken.col,
        );
      }
    }
    records.push({
      name: owner.text,
      ttl,
      class: "IN",
      type: type.value,
      line: entry.line,
      data: data.value,
    });
  }
  return ok({ origin: declaredOrigin, records });
}

function badTtl(token: Token): { ok: false; error: EnumIssue } {
  return fail(
    "bad-ttl",
    `expected a TTL (seconds, or units like 1h30m, at most ${MAX_TTL}), found ${show(token)}`,
    token.line,
    token.col,
  );
}

/** Decodes the RDATA tokens of one record. */
function decodeRdata(
  type: string,
  typeToken: Token,
  rdata: readonly Token[],
  origin: Name | null,
): Result<RecordData> {
  if (rdata[0]?.text === "\\#" && !rdata[0].quoted) {
    if (DECODED_NAMES.has(type)) {
      return failAt(
        "unsupported-generic-rdata",
        `the generic form '\\#' (RFC 3597) is not supported for ${type}: write the record in its usual form`,
        rdata[0],
      );
    }
    const bad = checkGenericRdata(rdata);
    if (bad !== null) return bad;
  }
  const count = (fields: string): Result<null> => {
    const names = fields.split(" ");
    if (rdata.length < names.length) {
      const last = rdata[rdata.length - 1] ?? typeToken;
      return fail(
        "missing-field",
        `${type} needs ${names.length} field${names.length > 1 ? "s" : ""} (${fields}), found ${rdata.length}`,
        last.line,
        last.col,
      );
    }
    const extra = rdata[names.length];
    if (extra !== undefined) {
      return fail(
        "extra-field",
        `unexpected ${show(extra)} after the ${names[names.length - 1]!} of this ${type} record`,
        extra.line,
        extra.col,
      );
    }
    return ok(null);
  };
  const name = (token: Token): Result<string> => {
    if (token.quoted)
      return fail(
        "bad-name",
        `expected a domain name, found the quoted string ${show(token)}`,
        token.line,
        token.col,
      );
    const decoded = decodeName(token.text, origin);
    return decoded.ok ? ok(decoded.value.text) : locate(decoded.error, token);
  };
  const string = (token: Token): Result<string> => {
    const decoded = decodeCharacterString(token.text);
    return decoded.ok ? decoded : locate(decoded.error, token);
  };
  const integer = (token: Token, what: string, max: number, units: boolean): Result<number> => {
    const value = token.quoted
      ? null
      : units
        ? decodeTtl(token.text, max)
        : /^\d+$/.test(token.text)
          ? Number(token.text)
          : null;
    if (value === null || value > max) {
      const form = units ? "seconds or units like 1h" : "a whole number";
      return fail(
        "bad-number",
        `the ${what} must be ${form} from 0 to ${max}, found ${show(token)}`,
        token.line,
        token.col,
      );
    }
    return ok(value);
  };

  switch (type) {
    case "NAPTR": {
      const c = count("order preference flags service regexp replacement");
      if (!c.ok) return c;
      const [o, p, f, s, r, rep] = rdata as [Token, Token, Token, Token, Token, Token];
      const order = integer(o, "NAPTR order", 65535, false);
      if (!order.ok) return order;
      const preference = integer(p, "NAPTR preference", 65535, false);
      if (!preference.ok) return preference;
      const flags = string(f);
      if (!flags.ok) return flags;
      const service = string(s);
      if (!service.ok) return service;
      const regexp = string(r);
      if (!regexp.ok) return regexp;
      const replacement = name(rep);
      if (!replacement.ok) return replacement;
      return ok({
        kind: "NAPTR",
        order: order.value,
        preference: preference.value,
        flags: flags.value,
        service: service.value,
        regexp: regexp.value,
        // NaptrRule's convention (as on the wire, and dns-packet): the root is ".".
        replacement: replacement.value === "" ? "." : replacement.value,
      });
    }
    case "SOA": {
      const c = count("mname rname serial refresh retry expire minimum");
      if (!c.ok) return c;
      const [mt, rt, st, ...timerTokens] = rdata as [Token, Token, Token, Token, Token, Token, Token];
      const mname = name(mt);
      if (!mname.ok) return mname;
      const rname = name(rt);
      if (!rname.ok) return rname;
      const serial = integer(st, "SOA serial", MAX_U32, false);
      if (!serial.ok) return serial;
      const timers: number[] = [];
      for (const [k, what] of ["refresh", "retry", "expire", "minimum"].entries()) {
        const value = integer(timerTokens[k]!, `SOA ${what}`, MAX_U32, true);
        if (!value.ok) return value;
        timers.push(value.value);
      }
      const [refresh, retry, expire, minimum] = timers as [number, number, number, number];
      return ok({
        kind: "SOA",
        mname: mname.value,
        rname: rname.value,
        serial: serial.value,
        refresh,
        retry,
        expire,
        minimum,
      });
    }
    case "NS":
    case "CNAME":
    case "PTR": {
      const c = count(type === "NS" ? "nsdname" : type === "CNAME" ? "cname" : "ptrdname");
      if (!c.ok) return c;
      const target = name(rdata[0]!);
      return target.ok ? ok({ kind: type, target: target.value }) : target;
    }
    case "A":
    case "AAAA": {
      const c = count("address");
      if (!c.ok) return c;
      const t = rdata[0]!;
      const valid = !t.quoted && (type === "A" ? IPV4.test(t.text) : isIpv6(t.text));
      if (!valid) {
        const form = type === "A" ? "an IPv4 address like 192.0.2.1" : "an IPv6 address like 2001:db8::1";
        return fail("bad-address", `expected ${form}, found ${show(t)}`, t.line, t.col);
      }
      return ok({ kind: type, address: type === "A" ? t.text : t.text.toLowerCase() });
    }
    case "TXT": {
      if (rdata.length === 0)
        return fail(
          "missing-field",
          "TXT needs at least one character-string",
          typeToken.line,
          typeToken.col,
        );
      const strings: string[] = [];
      for (const t of rdata) {
        const s = string(t);
        if (!s.ok) return s;
        strings.push(s.value);
      }
      return ok({ kind: "TXT", strings });
    }
    default:
      return ok({ kind: "other", fields: rdata.map((t) => (t.quoted ? `"${t.text}"` : t.text)) });
  }
}

/** Checks RFC 3597 §5 generic RDATA: `\# <length> <hex...>` with exactly `length` bytes. */
function checkGenericRdata(rdata: readonly Token[]): { ok: false; error: EnumIssue } | null {
  const head = rdata[0]!;
  const lengthToken = rdata[1];
  if (
    lengthToken === undefined ||
    lengthToken.quoted ||
    !/^\d+$/.test(lengthToken.text) ||
    Number(lengthToken.text) > 65535
  ) {
    const at = lengthToken ?? head;
    return fail(
      "bad-generic-rdata",
      "'\\#' must be followed by the RDATA length in bytes (RFC 3597 §5)",
      at.line,
      at.col,
    );
  }
  const hexTokens = rdata.slice(2);
  for (const t of hexTokens) {
    if (t.quoted || !/^[0-9a-f]+$/i.test(t.text)) {
      return fail(
        "bad-generic-rdata",
        `expected hexadecimal RDATA after '\\# ${lengthToken.text}', found ${show(t)}`,
        t.line,
        t.col,
      );
    }
  }
  const hex = hexTokens.map((t) => t.text).join("");
  if (hex.length !== 2 * Number(lengthToken.text)) {
    return fail(
      "bad-generic-rdata",
      `'\\# ${lengthToken.text}' announces ${lengthToken.text} bytes (${2 * Number(lengthToken.text)} hex digits) but ${hex.length} hex digits follow`,
      lengthToken.line,
      lengthToken.col,
    );
  }
  return null;
}
