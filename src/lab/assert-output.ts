// `podwall lab assert` output, in the contract of `podwall assert`: text (PASS/FAIL per
// assertion with file:line, the flows that did not hold and the rules behind them, last line
// `N passed, N failed`), json, or junit. Assertions the kernel could not decide are shown as
// NOT RUNNABLE HERE (junit: skipped), counted apart and never passed.

import { formatSource } from "../model/source.js";
import { rulesText, evidenceLine } from "../render/evidence-text.js";
import { renderJUnit } from "../render/junit.js";
import type { FlowEvidence } from "../analysis/evidence.js";
import type { LabAssertResult } from "./assert.js";
import { NOT_PROBED_WORDS, notProbedLine } from "./cells.js";
import type { NotProbed } from "./cells.js";

const SHOWN = 5;

function flowLines(list: FlowEvidence[]): string[] {
  const lines = list.slice(0, SHOWN).map((v) => `${v.from} -> ${v.to} ${v.protocol}/${v.port}: ${v.summary}\n      because: ${rulesText(v)}`);
  if (list.length > SHOWN) lines.push(`… and ${list.length - SHOWN} more (-o json lists all)`);
  return lines;
}

const reasons = (r: LabAssertResult) => (Object.keys(r.notProbed) as NotProbed[]).map((k) => NOT_PROBED_WORDS[k]).join("; ");
const apart = (r: LabAssertResult) => r.flows - r.probed;

export function labAssertText(results: LabAssertResult[], seconds: number): string {
  const out: string[] = [];
  for (const r of results) {
    const where = `[${formatSource(r.source)}]`;
    if (r.status === "not-runnable") {
      out.push(`NOT RUNNABLE HERE ${r.name}  ${where}  (${r.probed ? `${r.probed} flow(s) on the kernel met none, the rest cannot be probed: ` : "every flow is "}${reasons(r)})`);
      continue;
    }
    out.push(`${r.status === "pass" ? "PASS" : "FAIL"} ${r.name}  ${where}  (${r.probed} flow(s) on the kernel${apart(r) ? `, ${apart(r)} not probed` : ""})`);
    if (r.status === "fail") {
      out.push(`  expected ${r.expect} (${r.match}) from ${r.fromAs} to ${r.toAs}: ${r.match === "all" ? `${r.violations.length} of ${r.probed} probed flow(s) do not` : `none of ${r.flows} flow(s) does`}`);
      for (const l of flowLines(r.violations)) out.push(`    ${l}`);
    }
    if (r.differ.length) {
      out.push(`  ! the kernel differs from the engine on ${r.differ.length} flow(s):`);
      for (const l of flowLines(r.differ)) out.push(`    ${l}`);
    }
  }
  const counts = new Map<NotProbed, number>();
  for (const r of results) for (const [k, n] of Object.entries(r.notProbed) as [NotProbed, number][]) counts.set(k, (counts.get(k) ?? 0) + n);
  const np = notProbedLine(counts);
  if (np) out.push(np);
  const notRunnable = results.filter((r) => r.status === "not-runnable").length;
  if (notRunnable) out.push(`${notRunnable} assertion(s) not runnable here (not counted as passed)`);
  const differ = results.reduce((n, r) => n + r.differ.length, 0);
  out.push(`${results.reduce((n, r) => n + r.probed, 0)} flow(s) probed in ${seconds.toFixed(1)}s; the kernel ${differ ? `differs from the engine on ${differ}` : "agrees with the engine on every one"}`);
  out.push(`${results.filter((r) => r.status === "pass").length} passed, ${results.filter((r) => r.status === "fail").length} failed`);
  return `${out.join("\n")}\n`;
}

export function labAssertJson(results: LabAssertResult[], meta: { profile: string; file: string; seconds: number }): string {
  const body = {
    profile: meta.profile,
    file: meta.file,
    judge: "kernel",
    passed: results.filter((r) => r.status === "pass").length,
    failed: results.filter((r) => r.status === "fail").length,
    notRunnable: results.filter((r) => r.status === "not-runnable").length,
    seconds: meta.seconds,
    results: results.map((r) => ({ ...r, passed: r.status === "pass" })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function labAssertJunit(results: LabAssertResult[], file: string): string {
  return `${renderJUnit([
    {
      name: `podwall lab assert ${file}`,
      cases: results.map((r) => ({
        name: r.name,
        classname: formatSource(r.source),
        failure: r.status === "fail" ? { message: `expected ${r.expect} from ${r.fromAs} to ${r.toAs}: ${r.violations.length} of ${r.probed} probed flow(s) differ on the kernel`, type: "intent", text: flowLines(r.violations).join("\n") } : undefined,
        skipped: r.status === "not-runnable" ? `not runnable on the kernel: ${reasons(r)}` : undefined,
        systemOut: r.status === "pass" && r.witness ? `${evidenceLine(r.witness)} (the kernel)` : undefined,
      })),
    },
  ])}\n`;
}
