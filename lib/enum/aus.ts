/** The EnumDomain suffix RFC 6116 §3.2 mandates; operators may configure another. */
export const DEFAULT_SUFFIX = "e164.arpa";

/** A string that is already an AUS. */
const AUS_SHAPE = /^\+?[0-9]*$/;

/**
 * The Application Unique String as Sprout builds it from a dialed number: digits only,
 * plus a `+` when it is the very first character (`+1 (650) 555-1234` -> `+16505551234`,
 * `a+1234` -> `1234`). RFC 3761 §2.1 applies the rule's regex to this string, `+` included.
 */
export function toAus(dialed: string): string {
  if (AUS_SHAPE.test(dialed)) return dialed;
  let aus = dialed.startsWith("+") ? "+" : "";
  for (let i = 0; i < dialed.length; i++) {
    const code = dialed.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) aus += dialed.charAt(i);
  }
  return aus;
}

/** Normalises a configured suffix: no leading or trailing dots, lower case. */
export function toSuffix(suffix: string): string {
  return suffix.replace(/^\.+|\.+$/g, "").toLowerCase();
}

/**
 * The EnumDomain for a key (RFC 6116 §2.4; Sprout's `key_to_domain`): every non-digit is
 * dropped (so `+12125550270` and `12125550270` share a name), the digits reversed and
 * dot-separated, the suffix appended. A key without digits queries the suffix itself.
 */
export function toEnumDomain(key: string, suffix: string = DEFAULT_SUFFIX): string {
  const labels: string[] = [];
  for (let i = key.length - 1; i >= 0; i--) {
    const code = key.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) labels.push(key[i]!);
  }
  const tail = toSuffix(suffix);
  if (labels.length === 0) return tail;
  return tail === "" ? labels.join(".") : `${labels.join(".")}.${tail}`;
}

/**
 * The digits an EnumDomain stands for (the responder's reverse of `toEnumDomain`), or null
 * when the name is not under the suffix or has a label that is not a single digit.
 * The apex itself gives "".
 */
export function parseEnumDomain(domain: string, suffix: string = DEFAULT_SUFFIX): string | null {
  const name = domain.replace(/\.$/, "").toLowerCase();
  const tail = toSuffix(suffix);
  let head: string;
  if (name === tail) return "";
  if (tail === "") head = name;
  else if (name.endsWith(`.${tail}`)) head = name.slice(0, -(tail.length + 1));
  else return null;
  const labels = head.split(".");
  let digits = "";
  for (let i = labels.length - 1; i >= 0; i--) {
    const label = labels[i]!;
    if (label.length !== 1 || label < "0" || label > "9") return null;
    digits += label;
  }
  return digits;
}
