// The mesh layer of a verdict, in words, for a terminal (engine/mesh.ts).

import { formatSource } from "../model/source.js";
import type { MeshVerdict } from "../engine/verdict.js";

const MARK = { allow: "✓", deny: "✗", log: "·" } as const;

export function meshText(m: MeshVerdict): string {
  const word = m.status === "denied" ? "DENIED" : m.status === "allowed" ? "ALLOWED" : "NOT ENFORCED";
  const head = `  mesh (Istio): ${word} (${m.decidedBy}) — ${m.summary}`;
  const lines = m.steps.map((s) => {
    const where = s.ruleSource ? `  [${formatSource(s.ruleSource)}]` : s.policy?.source ? `  [${formatSource(s.policy.source)}]` : "";
    return `    ${MARK[(s.action ?? "log") as keyof typeof MARK] ?? "·"} ${s.text}${where}`;
  });
  return [head, ...lines].join("\n");
}
