// Same-priority overlaps in tiers whose ties have no defined order (ANP/CNP priority,
// SEMANTICS §2.2.7): "the implementation can apply any of the matching policies". podwall
// applies them by name, as kube-network-policies does, and says in the trace when another
// policy of the same priority would have decided differently.

import type { Action, Direction, PolicyIR, Rule } from "../model/ir.js";
import { compareKeys, originName } from "../model/ir.js";
import type { TraceStep } from "./verdict.js";

const tieKey = (p: PolicyIR) => p.order.slice(0, -1);

/** Steps for every other policy of the decider's priority whose first matching rule acts differently. */
export function ambiguitySteps(
  inTier: readonly PolicyIR[],
  decider: { policy: PolicyIR; action: Action },
  direction: Direction,
  /** Whether a rule matches the flow being evaluated. */
  matchesFlow: (rule: Rule) => boolean,
): TraceStep[] {
  const steps: TraceStep[] = [];
  const key = tieKey(decider.policy);
  for (const q of inTier) {
    if (q === decider.policy || compareKeys(tieKey(q), key) !== 0) continue;
    const rule = q[direction]!.rules.find((r) => r.action !== "log" && matchesFlow(r));
    if (!rule || rule.action === decider.action) continue;
    steps.push({
      event: "ambiguous",
      tier: q.tier.name,
      policy: q.origin,
      action: rule.action,
      rulePath: rule.path,
      ruleSource: rule.source ?? q.origin.source,
      text: `ambiguous: ${originName(q.origin)} has the same priority (${key.join(", ")}) as ${originName(decider.policy.origin)} and its ${rule.path} would ${rule.action} this flow; the API leaves the order undefined (podwall applies ${decider.policy.origin.name} first, by name)`,
    });
  }
  return steps;
}
