// Lint findings as text, one block per finding: `file:line:col: severity [id] Object: message`,
// then the fix indented. Suppressed findings are listed briefly at the end.

import type { LintResult } from "../analysis/lint/run.js";
import { counts } from "../analysis/lint/run.js";
import { formatObject } from "../analysis/lint/types.js";
import { formatSource } from "../model/source.js";

export function renderLintText(result: LintResult): string {
  const lines: string[] = [];
  const active = result.findings.filter((f) => !f.suppressed);
  for (const f of active) {
    lines.push(`${formatSource(f.source)}: ${f.severity} [${f.checkId}] ${formatObject(f.object)}: ${f.message}`);
    if (f.fix) lines.push(...`fix: ${f.fix}`.split("\n").map((l) => `    ${l}`));
  }
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    if (lines.length) lines.push("");
    lines.push("Suppressed by .podwall.yaml:");
    for (const f of suppressed) lines.push(`  ${formatSource(f.source)}: [${f.checkId}] ${formatObject(f.object)} — ${f.suppressed!.reason}`);
  }
  const c = counts(result.findings);
  if (lines.length) lines.push("");
  lines.push(`${result.checks.length} checks, profile ${result.profile}: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info, ${c.suppressed} suppressed`);
  return lines.join("\n");
}
