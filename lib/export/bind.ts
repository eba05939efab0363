import { renderCharacterString, type RecordData } from "../enum/master-file";
import type { CompiledZone } from "./compile";

/** Header lines describing the export: what it is and how its check went. */
export interface RenderHeader {
  readonly title: string;
  /** Lines about the equivalence check (or its differences), written as comments. */
  readonly notes: readonly string[];
}

/**
 * Renders a compiled zone as a BIND master file (RFC 1035 §5): `$ORIGIN`, `$TTL`, the SOA
 * and NS at `@`, then the NAPTR RRsets in the compiler's stable order with names relative
 * to the origin. Character-strings are quoted with `\\`, `\"` and `\DDD` escapes, so
 * what BIND puts on the wire is byte for byte the compiled regexp.
 */
export function renderBindZone(zone: CompiledZone, header: RenderHeader): string {
  const lines: string[] = [];
  lines.push(`; ${header.title}`);
  for (const note of header.notes) lines.push(`; ${note}`);
  lines.push(`$ORIGIN ${zone.apex}.`, `$TTL ${zone.ttl}`);
  // The compiler shares RDATA objects between names: render each one once.
  const rdata = new Map<RecordData, string>();
  const suffix = `.${zone.apex}`;
  for (const record of zone.records) {
    let text = rdata.get(record.data);
    if (text === undefined) {
      text = renderRdata(record.data);
      rdata.set(record.data, text);
    }
    const owner =
      record.name === zone.apex
        ? "@"
        : record.name.endsWith(suffix)
          ? record.name.slice(0, -suffix.length)
          : `${record.name}.`;
    lines.push(`${owner} ${record.ttl} IN ${record.type} ${text}`);
  }
  return `${lines.join("\n")}\n`;
}

function renderRdata(data: RecordData): string {
  switch (data.kind) {
    case "SOA":
      return `${toAbsolute(data.mname)} ${toAbsolute(data.rname)} ( ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum} )`;
    case "NS":
    case "CNAME":
    case "PTR":
      return toAbsolute(data.target);
    case "NAPTR":
      return `${data.order} ${data.preference} ${renderCharacterString(data.flags)} ${renderCharacterString(data.service)} ${renderCharacterString(data.regexp)} ${data.replacement === "." ? "." : toAbsolute(data.replacement)}`;
    case "A":
    case "AAAA":
      return data.address;
    case "TXT":
      return data.strings.map(renderCharacterString).join(" ");
    case "other":
      return data.fields.join(" ");
  }
}

function toAbsolute(name: string): string {
  return name === "" ? "." : `${name}.`;
}

/** A named.conf zone statement for the exported file (primary, optional notify/transfer). */
export function renderNamedConf(
  apex: string,
  file: string,
  options: { readonly alsoNotify?: readonly string[]; readonly allowTransfer?: readonly string[] } = {},
): string {
  const lines = [`zone "${apex}" {`, "  type primary;", `  file "${file}";`];
  if (options.alsoNotify?.length)
    lines.push(`  also-notify { ${options.alsoNotify.map((a) => `${a};`).join(" ")} };`);
  lines.push(
    `  allow-transfer { ${options.allowTransfer?.length ? options.allowTransfer.map((a) => `${a};`).join(" ") : "none;"} };`,
  );
  lines.push("};");
  return `${lines.join("\n")}\n`;
}
