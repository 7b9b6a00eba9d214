// admin-priority-conflict: two admin (or baseline) policies with the same priority that
// select a common pod. Their relative order is then left to the implementation (the API
// says it is undefined), so the outcome of conflicting rules can differ between CNIs.

import type { PolicyIR } from "../../model/ir.js";
import { originName } from "../../model/ir.js";
import { selectorMatchesPod } from "../../engine/match.js";
import { listPods, policyObject, policySource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

const ORDERED_FAMILIES = ["admin", "baseline"];

export const adminPriorityConflict: LintCheck = {
  id: "admin-priority-conflict",
  severity: "warning",
  title: "Overlapping admin policies with the same priority",
  help: "Admin network policies are evaluated by priority; two that select the same pods with the same priority have no defined order, so which rule wins can differ between implementations. Give each a distinct priority.",
  run(ctx) {
    const { model } = ctx;
    const ordered = model.policies.filter((p) => ORDERED_FAMILIES.includes(p.family) && typeof p.order[0] === "number");
    const out: RawFinding[] = [];
    for (let i = 0; i < ordered.length; i++)
      for (let j = i + 1; j < ordered.length; j++) {
        const [a, b] = [ordered[i]!, ordered[j]!] as [PolicyIR, PolicyIR];
        if (a.tier.name !== b.tier.name || a.order[0] !== b.order[0]) continue;
        const both = model.cluster.pods.filter((p) => selectorMatchesPod(model, a.subject, p) && selectorMatchesPod(model, b.subject, p));
        if (!both.length) continue;
        out.push({
          object: policyObject(b),
          source: policySource(b),
          message: `${originName(b.origin)} and ${originName(a.origin)} both have priority ${a.order[0]} in the ${a.tier.name} tier and both select ${listPods(both)}: their order is undefined.`,
          related: a.origin.source ? [{ message: `${originName(a.origin)} has the same priority`, source: a.origin.source }] : undefined,
          fix: `spec:\n  priority: ${(a.order[0] as number) + 1}   # any priority no overlapping policy uses`,
        });
      }
    return out;
  },
};
