// Lint as JUnit: one suite per check; each finding is a failing case (or a skipped one when
// suppressed, or when its severity is below --fail-on); a check with no findings is one passing case.

import type { LintResult } from "../analysis/lint/run.js";
import { reaches } from "../analysis/lint/run.js";
import type { FailOn } from "../analysis/lint/config.js";
import { formatObject } from "../analysis/lint/types.js";
import { formatSource } from "../model/source.js";
import { renderJUnit } from "./junit.js";
import type { JUnitSuite } from "./junit.js";

export function renderLintJUnit(result: LintResult, failOn: FailOn = "error"): string {
  const suites: JUnitSuite[] = result.checks.map((r) => {
    const mine = result.findings.filter((f) => f.checkId === r.check.id);
    return {
      name: `podwall lint ${r.check.id}`,
      properties: { severity: r.severity, title: r.check.title },
      cases: mine.length
        ? mine.map((f) => {
            const name = `${formatObject(f.object)}${f.path ? ` ${f.path}` : ""} (${formatSource(f.source)})`;
            const text = `${formatSource(f.source)}: ${f.message}${f.fix ? `\nFix:\n${f.fix}` : ""}`;
            if (f.suppressed) return { name, classname: r.check.id, skipped: `suppressed: ${f.suppressed.reason}` };
            if (!reaches(f.severity, failOn)) return { name, classname: r.check.id, skipped: `${f.severity}: ${f.message}` };
            return { name, classname: r.check.id, failure: { message: f.message, type: f.severity, text } };
          })
        : [{ name: "no findings", classname: r.check.id }],
    };
  });
  return renderJUnit(suites, "podwall lint");
}
