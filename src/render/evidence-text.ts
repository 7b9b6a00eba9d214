// One flow's evidence in words: the verdict and the rules (with file:line) behind it.

import type { FlowEvidence } from "../analysis/evidence.js";

/** `NetworkPolicy a/b spec.ingress[0] (allow) at f.yaml:3:5; …`, or the default. */
export function rulesText(e: FlowEvidence): string {
  return e.rules.length ? e.rules.map((r) => `${r.policy}${r.rule ? ` ${r.rule}` : ""} (${r.action}) at ${r.at}`).join("; ") : "no policy decided (default)";
}

export function evidenceLine(e: FlowEvidence): string {
  return `${e.from} -> ${e.to} ${e.protocol}/${e.port}: ${e.allowed ? "allowed" : "denied"} — ${rulesText(e)}`;
}
