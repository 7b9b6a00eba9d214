// Run the checks: apply the config's severities and thresholds, mark suppressed findings
// (kept, with their reason, so reports can show what was accepted and why), sort by place.

import type { PolicyModel } from "../../engine/model.js";
import type { LocatedObject } from "../../model/object.js";
import type { FailOn, LintConfig, Suppression } from "./config.js";
import { defaultConfig } from "./config.js";
import { CHECKS } from "./registry.js";
import type { Finding, LintCheck, LintSeverity } from "./types.js";
import { formatObject } from "./types.js";

export interface CheckRun {
  check: LintCheck;
  severity: LintSeverity;
  findings: number;
}

export interface LintResult {
  findings: Finding[];
  /** The checks that ran (not turned off), with their effective severity. */
  checks: CheckRun[];
  unusedSuppressions: Suppression[];
  profile: string;
  /** What the checks want the user to know about this run. */
  notes: string[];
}

export interface LintInput {
  model: PolicyModel;
  config?: LintConfig;
  objects?: readonly LocatedObject[];
  checks?: readonly LintCheck[];
}

export function runLint(input: LintInput): LintResult {
  const config = input.config ?? defaultConfig();
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  const runs: CheckRun[] = [];
  const notes: string[] = [];
  for (const check of input.checks ?? CHECKS) {
    const cc = config.checks[check.id];
    if (cc?.severity === "off") continue;
    const severity = cc?.severity ?? check.severity;
    const option = (key: string): number => {
      const o = check.options?.[key];
      if (!o) throw new Error(`check ${check.id} reads undeclared option ${key}`);
      return cc?.options[key] ?? o.default;
    };
    const note = (text: string) => notes.push(`${check.id}: ${text}`);
    const raw = check.run({ model: input.model, config, objects: input.objects ?? [], option, note });
    for (const r of raw) {
      const f: Finding = { checkId: check.id, severity, ...r };
      const s = config.suppressions.find((x) => suppresses(x, f));
      if (s) {
        used.add(s);
        f.suppressed = { reason: s.reason };
      }
      findings.push(f);
    }
    runs.push({ check, severity, findings: raw.length });
  }
  findings.sort((a, b) => a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line || a.source.col - b.source.col || a.checkId.localeCompare(b.checkId) || a.message.localeCompare(b.message));
  return { findings, checks: runs, unusedSuppressions: config.suppressions.filter((s) => !used.has(s)), profile: input.model.profile.name, notes };
}

export function suppresses(s: Suppression, f: Finding): boolean {
  if (s.check !== "*" && s.check !== f.checkId) return false;
  if (s.namespace !== undefined && s.namespace !== (f.object.namespace ?? f.object.name)) return false;
  if (s.object !== undefined && !glob(s.object).test(formatObject(f.object))) return false;
  return true;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

const RANK: Record<LintSeverity, number> = { error: 2, warning: 1, info: 0 };

/** Whether a severity reaches the --fail-on threshold. */
export function reaches(severity: LintSeverity, failOn: FailOn): boolean {
  return RANK[severity] >= RANK[failOn];
}

/** The unsuppressed findings at or above the threshold: non-empty means exit 1. */
export function failing(result: LintResult, failOn: FailOn): Finding[] {
  return result.findings.filter((f) => !f.suppressed && reaches(f.severity, failOn));
}

export function counts(findings: readonly Finding[]): Record<LintSeverity | "suppressed", number> {
  const c = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const f of findings) f.suppressed ? c.suppressed++ : c[f.severity]++;
  return c;
}
