// explain: pods that policies treat alike, grouped, with what applies to them in words.

import type { Pod } from "../model/cluster.js";
import type { Direction, PolicyIR } from "../model/ir.js";
import { DIRECTIONS, originName } from "../model/ir.js";
import type { SourceRef } from "../model/source.js";
import { enforced, policiesFor } from "../engine/evaluate.js";
import { describePeer, describePorts } from "../engine/describe.js";
import type { PolicyModel } from "../engine/model.js";

export interface RuleWords {
  policy: string;
  action: string;
  peer: string;
  ports: string;
  path: string;
  source?: SourceRef;
}

export interface DirectionWords {
  isolated: boolean;
  /** Policies selecting the group in this direction (name and where). */
  policies: { name: string; source?: SourceRef; enforced: boolean; tier: string }[];
  rules: RuleWords[];
}

export interface ExplainGroup {
  pods: string[];
  namespaces: string[];
  fromTemplate: boolean;
  ingress: DirectionWords;
  egress: DirectionWords;
}

function directionWords(model: PolicyModel, policies: PolicyIR[], dir: Direction): DirectionWords {
  const active = policies.filter((p) => enforced(model, p));
  return {
    isolated: active.some((p) => p[dir]!.isolates && p.tier.endOfTier === "deny"),
    policies: policies.map((p) => ({ name: originName(p.origin), source: p.origin.source, enforced: enforced(model, p), tier: p.tier.name })),
    rules: active.flatMap((p) =>
      p[dir]!.rules.map((r) => ({ policy: originName(p.origin), action: r.action, peer: describePeer(r.peer), ports: describePorts(r.ports, r.notPorts), path: r.path, source: r.source })),
    ),
  };
}

export function explainGroups(model: PolicyModel): ExplainGroup[] {
  const groups = new Map<string, { pods: Pod[]; ingress: PolicyIR[]; egress: PolicyIR[] }>();
  const ids = new Map<PolicyIR, number>(model.policies.map((p, i) => [p, i]));
  for (const pod of model.cluster.pods) {
    const sel = Object.fromEntries(DIRECTIONS.map((d) => [d, model.profile.settings.hostNetworkPods === "node" && pod.hostNetwork ? [] : policiesFor(model, pod, d)])) as Record<Direction, PolicyIR[]>;
    const key = `${sel.ingress.map((p) => ids.get(p)).join(",")}|${sel.egress.map((p) => ids.get(p)).join(",")}|${pod.hostNetwork && model.profile.settings.hostNetworkPods === "node"}`;
    if (!groups.has(key)) groups.set(key, { pods: [], ...sel });
    groups.get(key)!.pods.push(pod);
  }
  return [...groups.values()].map((g) => ({
    pods: g.pods.map((p) => `${p.namespace}/${p.name}`).sort(),
    namespaces: [...new Set(g.pods.map((p) => p.namespace))].sort(),
    fromTemplate: g.pods.some((p) => p.fromTemplate),
    ingress: directionWords(model, g.ingress, "ingress"),
    egress: directionWords(model, g.egress, "egress"),
  }));
}
