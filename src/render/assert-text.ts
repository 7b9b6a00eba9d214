// assert results for a terminal, and as JUnit cases (through the generic renderJUnit).

import type { AssertResult } from "../analysis/assert.js";
import type { SourceRef } from "../model/source.js";
import { formatSource } from "../model/source.js";
import { evidenceLine, rulesText } from "./evidence-text.js";
import { renderJUnit } from "./junit.js";

export interface PlacedResult extends AssertResult {
  source: SourceRef;
  expect: string;
  match: string;
}

const SHOWN = 5;

function violationLines(r: PlacedResult): string[] {
  const lines = r.violations.slice(0, SHOWN).map((v) => `${v.summary}\n      because: ${rulesText(v)}`);
  if (r.violations.length > SHOWN) lines.push(`… and ${r.violations.length - SHOWN} more (-o json lists all)`);
  return lines;
}

export function assertText(results: PlacedResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.passed ? "PASS" : "FAIL"} ${r.name}  [${formatSource(r.source)}]`);
    if (!r.passed) {
      out.push(`  expected ${r.expect} (${r.match}) from ${r.fromAs} to ${r.toAs}: ${r.match === "all" ? `${r.violations.length} of ${r.flows} flow(s) do not` : `none of ${r.flows} flow(s) does`}`);
      for (const l of violationLines(r)) out.push(`    ${l}`);
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  out.push(`${results.length - failed} passed, ${failed} failed`);
  return `${out.join("\n")}\n`;
}

export function assertJunit(results: PlacedResult[], file: string): string {
  return renderJUnit([
    {
      name: `podwall assert ${file}`,
      cases: results.map((r) => ({
        name: r.name,
        classname: formatSource(r.source),
        failure: r.passed ? undefined : { message: `expected ${r.expect} from ${r.fromAs} to ${r.toAs}: ${r.violations.length} of ${r.flows} flow(s) differ`, type: "intent", text: violationLines(r).join("\n") },
        systemOut: r.passed && r.witness ? evidenceLine(r.witness) : undefined,
      })),
    },
  ]);
}
