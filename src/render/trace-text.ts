// A verdict and its trace, in words, for a terminal.

import { formatSource } from "../model/source.js";
import type { SideVerdict, TraceStep, Verdict } from "../engine/verdict.js";
import { l7Text } from "./l7-text.js";
import { meshText } from "./mesh-text.js";

function stepLine(s: TraceStep): string {
  const where = s.ruleSource ? `  [${formatSource(s.ruleSource)}]` : s.policy?.source ? `  [${formatSource(s.policy.source)}]` : "";
  const mark = s.event === "matched" ? (s.action === "deny" ? "✗" : s.action === "allow" ? "✓" : "→") : s.event === "isolated" ? "✗" : s.event === "also-matched" ? "+" : "·";
  return `    ${mark} ${s.text}${where}`;
}

export function sideText(s: SideVerdict): string {
  const head = `  ${s.direction === "egress" ? "egress of the source" : "ingress of the destination"}: ${s.allowed ? "ALLOWED" : "DENIED"} (${s.decidedBy})`;
  const iso = s.isolatedBy.length ? [`    isolated for ${s.direction} by ${s.isolatedBy.map((o) => `${o.name}${o.source ? ` [${formatSource(o.source)}]` : ""}`).join(", ")}`] : [];
  return [head, ...iso, ...s.steps.map(stepLine)].join("\n");
}

export function verdictText(v: Verdict): string {
  return [v.summary, sideText(v.egress), sideText(v.ingress), ...(v.l7 ? [l7Text(v.l7)] : []), ...(v.mesh ? [meshText(v.mesh)] : [])].join("\n");
}
