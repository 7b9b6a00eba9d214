// The L7 step of a verdict, in words, for a terminal (engine/l7.ts).

import { formatSource } from "../model/source.js";
import type { L7Verdict } from "../engine/verdict.js";

const MARK = { allow: "✓", deny: "✗", log: "·" } as const;

export function l7Text(l7: L7Verdict): string {
  // The steps say why; the summary only when there are none.
  const status = l7.status === "denied" ? "DENIED" : l7.status === "filtered" ? "FILTERED" : "ALLOWED";
  const head = `  L7 (requests on the connection): ${status}${l7.steps.length ? "" : ` — ${l7.summary}`}`;
  const lines = l7.steps.map((s) => {
    const where = s.ruleSource ? `  [${formatSource(s.ruleSource)}]` : "";
    const mark = MARK[(s.action ?? "log") as keyof typeof MARK] ?? "·";
    return `    ${mark} ${s.text}${where}`;
  });
  return [head, ...lines].join("\n");
}
