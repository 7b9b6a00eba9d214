// Where to point a reachability finding: the rule that allowed the flow on the source's
// egress side, or — when nothing isolates the source — the pod itself.

import type { Pod } from "../../model/cluster.js";
import type { Verdict } from "../../engine/verdict.js";
import type { SourceRef } from "../../model/source.js";
import type { FindingObject } from "./types.js";
import type { PolicyIR } from "../../model/ir.js";
import { podObject, podSource, workloadOf } from "./subjects.js";

export interface Blame {
  object: FindingObject;
  source: SourceRef;
  path?: string;
  /** Plain words: "allowed by NetworkPolicy a/b spec.egress[0]" or "its egress is not restricted". */
  why: string;
  /** Stable key to group findings that share the same cause. */
  key: string;
}

export function egressBlame(v: Verdict, pod: Pod): Blame {
  const step = v.egress.steps.find((s) => s.event === "matched" && s.action === "allow");
  if (step?.policy && step.ruleSource) {
    const o = step.policy;
    return {
      object: { kind: o.kind, namespace: o.namespace, name: o.name },
      source: step.ruleSource,
      path: step.rulePath,
      why: `allowed by ${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name} ${step.rulePath}`,
      key: `${o.kind} ${o.namespace}/${o.name} ${step.rulePath}`,
    };
  }
  const w = workloadOf(pod);
  return { object: podObject(pod), source: podSource(pod), why: v.egress.decidedBy === "default" ? "its egress is not restricted by any policy" : v.egress.summary, key: `pod ${w.kind} ${w.namespace}/${w.name}` };
}

export interface Cause {
  blame: Blame;
  pods: Pod[];
}

/**
 * Reachability findings grouped by cause: the cause under `key` (made by `make` on first use),
 * with `pods` added to it once each. The checks about the metadata endpoint, the internet and
 * kube-system report one finding per cause.
 */
export function addToCause<C extends Cause>(causes: Map<string, C>, key: string, make: () => C, pods: readonly Pod[]): C {
  let c = causes.get(key);
  if (!c) causes.set(key, (c = make()));
  for (const p of pods) if (!c.pods.includes(p)) c.pods.push(p);
  return c;
}

/** The policy to point at: the most specific one that isolates (a named workload's, before `podSelector: {}`). */
export function blamePolicy(policies: readonly PolicyIR[]): PolicyIR {
  return policies.find((p) => p.subject.pod.op !== "all") ?? policies[0]!;
}
