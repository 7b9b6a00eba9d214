// Where to point a reachability finding: the rule that allowed the flow on the source's
// egress side, or — when nothing isolates the source — the pod itself.

import type { Pod } from "../../model/cluster.js";
import type { Verdict } from "../../engine/verdict.js";
import type { SourceRef } from "../../model/source.js";
import type { FindingObject } from "./types.js";
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
