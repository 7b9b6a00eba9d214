// Helpers that name what findings are about: policies, rules, pods grouped by workload.

import type { Pod } from "../../model/cluster.js";
import type { Direction, PeerExpr, PolicyIR, Rule } from "../../model/ir.js";
import { DIRECTIONS } from "../../model/ir.js";
import type { SourceRef } from "../../model/source.js";
import type { FindingObject, RelatedLocation } from "./types.js";

const NOWHERE: SourceRef = { file: "<unknown>", line: 0, col: 0 };

export function policyObject(p: PolicyIR): FindingObject {
  return { kind: p.origin.kind, namespace: p.origin.namespace, name: p.origin.name };
}

export function policySource(p: PolicyIR): SourceRef {
  return p.origin.source ?? NOWHERE;
}

export function ruleSource(p: PolicyIR, r: Rule): SourceRef {
  return r.source ?? policySource(p);
}

export interface RuleRef {
  policy: PolicyIR;
  direction: Direction;
  rule: Rule;
  index: number;
}

/** Every rule of every policy, in model order. */
export function allRules(policies: readonly PolicyIR[]): RuleRef[] {
  const out: RuleRef[] = [];
  for (const policy of policies)
    for (const direction of DIRECTIONS) policy[direction]?.rules.forEach((rule, index) => out.push({ policy, direction, rule, index }));
  return out;
}

/** The leaves of a peer expression that stand alone (the branches of an `or`). */
export function peerAlternatives(peer: PeerExpr): PeerExpr[] {
  return peer.type === "or" ? peer.peers.flatMap(peerAlternatives) : [peer];
}

/** Every CIDR peer inside a peer expression, however nested. */
export function cidrPeers(peer: PeerExpr): Extract<PeerExpr, { type: "cidr" }>[] {
  switch (peer.type) {
    case "cidr":
      return [peer];
    case "and":
    case "or":
      return peer.peers.flatMap(cidrPeers);
    case "not":
      return cidrPeers(peer.peer);
    default:
      return [];
  }
}

/** The workload a pod belongs to, or the pod itself: findings about many replicas name it once. */
export function workloadOf(p: Pod): FindingObject {
  if (p.workload && p.workload.kind !== "ReplicaSet") return { kind: p.workload.kind, namespace: p.namespace, name: p.workload.name };
  return { kind: "Pod", namespace: p.namespace, name: p.name };
}

/** The object whose line podSource gives: the pod, or the workload whose template stands for it. */
export function podObject(p: Pod): FindingObject {
  return p.fromTemplate && p.workload ? { kind: p.workload.kind, namespace: p.namespace, name: p.workload.name } : { kind: "Pod", namespace: p.namespace, name: p.name };
}

export function workloadKey(p: Pod): string {
  const w = workloadOf(p);
  return `${w.kind} ${w.namespace}/${w.name}`;
}

export function groupByWorkload(pods: readonly Pod[]): Pod[][] {
  const groups = new Map<string, Pod[]>();
  for (const p of pods) {
    const k = workloadKey(p);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(p);
  }
  return [...groups.values()];
}

export const podName = (p: Pod): string => `${p.namespace}/${p.name}`;

/** `ns/a, ns/b and 3 more` */
export function listPods(pods: readonly Pod[], max = 4): string {
  const names = pods.map(podName);
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}

export function podRelated(pods: readonly Pod[], message: (p: Pod) => string, max = 10): RelatedLocation[] {
  return pods.filter((p) => p.source).slice(0, max).map((p) => ({ message: message(p), source: p.source! }));
}

export function podSource(p: Pod): SourceRef {
  return p.source ?? NOWHERE;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
