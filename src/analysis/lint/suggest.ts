// "Did you mean": the existing labels nearest to the ones a selector asks for.

import type { Pod } from "../../model/cluster.js";
import type { LabelExpr } from "../../model/labels.js";
import type { PodSelector } from "../../model/ir.js";
import { namespaceMatches } from "../../engine/match.js";
import type { PolicyModel } from "../../engine/model.js";
import { editDistance } from "./config.js";

/** key=value pairs a selector requires (its eq / in terms, outside any `not`). */
export function requiredPairs(e: LabelExpr): [string, string][] {
  if (e.op === "eq") return [[e.key, e.value]];
  if (e.op === "in") return e.values.map((v) => [e.key, v] as [string, string]);
  if (e.op === "and") return e.exprs.flatMap(requiredPairs);
  return [];
}

export function nearestPairs(wanted: [string, string][], have: Iterable<string>, max = 3): string[] {
  const pool = [...new Set(have)];
  const out = new Set<string>();
  for (const [k, v] of wanted) {
    const w = `${k}=${v}`;
    if (pool.includes(w)) continue;
    pool
      .map((h) => [h, editDistance(w, h)] as const)
      .filter(([h, d]) => d <= Math.max(3, Math.floor(w.length / 3)) || h.startsWith(`${k}=`))
      .sort((a, b) => a[1] - b[1])
      .slice(0, max)
      .forEach(([h]) => out.add(h));
  }
  return [...out].slice(0, max);
}

const pairsOf = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/** ` Nearest existing pod labels: app=web.` or "" */
export function suggestLabels(model: PolicyModel, sel: PodSelector): string {
  const inScope: Pod[] = model.cluster.pods.filter((p) => namespaceMatches(model, sel.namespace, p.namespace));
  const pods = inScope.length ? inScope : model.cluster.pods;
  const near = nearestPairs(requiredPairs(sel.pod), pods.flatMap((p) => pairsOf(p.labels)));
  return near.length ? ` Nearest existing pod labels: ${near.join(", ")}.` : "";
}

export function suggestNamespaceLabels(model: PolicyModel, expr: LabelExpr): string {
  const near = nearestPairs(requiredPairs(expr), [...model.cluster.namespaces.values()].flatMap((n) => pairsOf(n.labels as Record<string, string>)));
  return near.length ? ` Nearest existing namespace labels: ${near.join(", ")}.` : "";
}
