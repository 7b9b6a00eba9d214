// Lint findings as JSON for tools: every finding with its check, severity, object, place,
// message, fix, related places and suppression; the checks that ran; a summary.

import type { LintResult } from "../analysis/lint/run.js";
import { counts } from "../analysis/lint/run.js";
import { formatObject } from "../analysis/lint/types.js";

export function renderLintJson(result: LintResult): string {
  return JSON.stringify(
    {
      tool: "podwall",
      profile: result.profile,
      summary: counts(result.findings),
      checks: result.checks.map((r) => ({ id: r.check.id, severity: r.severity, title: r.check.title, findings: r.findings })),
      findings: result.findings.map((f) => ({
        check: f.checkId,
        severity: f.severity,
        object: { ...f.object, ref: formatObject(f.object) },
        file: f.source.file,
        line: f.source.line,
        column: f.source.col,
        path: f.path,
        message: f.message,
        fix: f.fix,
        related: f.related?.map((r) => ({ message: r.message, file: r.source.file, line: r.source.line, column: r.source.col })),
        suppressed: f.suppressed,
      })),
      notes: result.notes,
      unusedSuppressions: result.unusedSuppressions.map((s) => ({ check: s.check, object: s.object, namespace: s.namespace, reason: s.reason, line: s.source?.line })),
    },
    null,
    2,
  );
}
