import type { DnsStep, JsonStep, Resolution, RuleApplication } from "./trace";

/** Renders a resolution as the plain-text trace the CLI prints, one fact per line. */
export function renderTraceText(resolution: Resolution): string {
  const { trace } = resolution;
  const lines: string[] = [];
  lines.push(resolution.input);
  lines.push(
    `  AUS          ${trace.aus === "" ? "(empty)" : trace.aus}   [${trace.mode} path, ${trace.profile} profile]`,
  );
  for (const step of trace.steps) {
    if (step.kind === "json-prefix") lines.push(...renderJsonStep(step));
    else lines.push(...renderDnsStep(step));
  }
  for (const note of trace.notes) lines.push(`  note         ${note}`);
  lines.push(
    `  result       ${resolution.result === "" ? '""' : resolution.result}   (${resolution.status})`,
  );
  return lines.join("\n");
}

function renderJsonStep(step: JsonStep): string[] {
  const lines: string[] = [];
  if (step.chosen === null) lines.push("  block        none covers this number");
  else {
    const name = step.chosen.name === "" ? "" : ` "${step.chosen.name}"`;
    lines.push(
      `  block        #${step.chosen.index + 1}${name}, prefix "${step.chosen.prefix}"${step.shortNumberQuirk ? "  (short-number quirk)" : ""}`,
    );
  }
  for (const skipped of step.skippedBlocks) {
    lines.push(
      `  skipped      #${skipped.block.index + 1} prefix "${skipped.block.prefix}": ${skipped.reason}`,
    );
  }
  if (step.application) lines.push(...renderApplication(step.application));
  return lines;
}

function renderDnsStep(step: DnsStep): string[] {
  const lines: string[] = [];
  lines.push(`  query        NAPTR ${step.domain}  (key ${step.key})`);
  for (const attempt of step.attempts ?? []) {
    const time = attempt.elapsedMs !== undefined ? ` in ${Math.round(attempt.elapsedMs)} ms` : "";
    lines.push(
      `    server     ${attempt.server} ${attempt.transport ?? ""} -> ${attempt.outcome}${time}${attempt.detail ? ` (${attempt.detail})` : ""}`,
    );
  }
  if (step.outcome !== "answer") {
    lines.push(`    answer     ${step.outcome.toUpperCase()}${step.reason ? `: ${step.reason}` : ""}`);
    return lines;
  }
  if (step.owner !== undefined) lines.push(`    owner      ${step.owner}`);
  for (const record of step.records) {
    const r = record.rule;
    const mark = record.verdict === "chosen" ? "=>" : record.verdict === "skipped" ? "x " : "  ";
    const why = record.reason
      ? `  -- ${record.reason}`
      : record.verdict === "not-reached"
        ? "  -- not reached"
        : "";
    lines.push(
      `    ${mark} NAPTR ${r.order} ${r.preference} "${r.flags}" "${r.service}" "${r.regexp}" ${r.replacement}${why}`,
    );
  }
  if (step.application) lines.push(...renderApplication(step.application));
  if (step.terminal === false) lines.push("    non-terminal: the output is looked up again");
  return lines;
}

function renderApplication(app: RuleApplication): string[] {
  const lines = [`  regex        ${app.regexp}  on "${app.subject}"`];
  if (!app.matched) {
    lines.push("  match        none");
    return lines;
  }
  const groups = app.captures
    .map((c) => (c.text === null ? `\\${c.index}=unset` : `\\${c.index}="${c.text}"[${c.start},${c.end})`))
    .join(" ");
  lines.push(
    `  match        ${groups}${app.matchCount > 1 ? `  (${app.matchCount} matches: global replace)` : ""}`,
  );
  lines.push(`  output       ${app.output}`);
  return lines;
}
