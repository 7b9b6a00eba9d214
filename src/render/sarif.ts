// Lint findings as SARIF 2.1.0, for code-scanning tools (GitHub code scanning, VS Code's
// SARIF viewer). ruleId is the check id; rules carry the help text; results carry physical
// locations with line and column; suppressed findings carry their justification.

import type { LintResult } from "../analysis/lint/run.js";
import type { LintSeverity } from "../analysis/lint/types.js";
import { formatObject } from "../analysis/lint/types.js";
import type { SourceRef } from "../model/source.js";

const LEVEL: Record<LintSeverity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** Relative, forward-slash URIs are what code-scanning tools match against the repository. */
function uri(file: string): string {
  return file.replace(/\\/g, "/").replace(/^\.\//, "");
}

function physical(s: SourceRef) {
  const region = s.line > 0 ? { region: { startLine: s.line, startColumn: Math.max(1, s.col) } } : {};
  return { physicalLocation: { artifactLocation: { uri: uri(s.file) }, ...region } };
}

export function renderSarif(result: LintResult, version = "0.1.0"): string {
  const rules = result.checks.map((r) => ({
    id: r.check.id,
    name: r.check.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.check.title },
    fullDescription: { text: r.check.help },
    help: { text: r.check.help, markdown: `**${r.check.title}**\n\n${r.check.help}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.findings.map((f) => ({
    ruleId: f.checkId,
    ruleIndex: index.get(f.checkId),
    level: LEVEL[f.severity],
    message: { text: `${formatObject(f.object)}: ${f.message}${f.fix ? `\nFix:\n${f.fix}` : ""}` },
    locations: [{ ...physical(f.source), logicalLocations: [{ name: f.object.name, fullyQualifiedName: formatObject(f.object), kind: "object" }] }],
    ...(f.related?.length ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...physical(r.source), message: { text: r.message } })) } : {}),
    // Stable across runs so code scanning can follow a finding as the file changes around it.
    partialFingerprints: { "podwall/v1": `${f.checkId}:${formatObject(f.object)}:${f.path ?? ""}` },
    ...(f.suppressed ? { suppressions: [{ kind: "external", status: "accepted", justification: f.suppressed.reason }] } : {}),
    properties: { object: formatObject(f.object), ...(f.path ? { fieldPath: f.path } : {}) },
  }));
  return JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "podwall", version, rules } },
          results,
          properties: { profile: result.profile },
        },
      ],
    },
    null,
    2,
  );
}
