// Pods that every policy treats alike, grouped so the page evaluates one pod per class, not
// every pod: what makes the UI hold at thousands of pods (DESIGN.md "Scale"). Two pods share a
// class when everything the engine can look at is the same: namespace, labels, service
// account, ports, host networking; their addresses only when some policy has a CIDR peer, and
// their node only when some policy names nodes or entities. Classes never span workloads, so
// the workload view sums classes.

import type { Pod } from "../../model/cluster.js";
import { podKey } from "../../model/cluster.js";
import { groupOf } from "../../engine/matrix.js";
import type { PolicyModel } from "../../engine/model.js";

export interface PodClass {
  id: number;
  workload: string;
  /** Members, the representative first. */
  pods: Pod[];
}

/** Which pod fields beyond labels can change a verdict in this model. */
export function sensitivity(model: PolicyModel): { ips: boolean; nodes: boolean } {
  const text = JSON.stringify(model.policies.map((p) => [p.ingress, p.egress]));
  return { ips: text.includes('"type":"cidr"'), nodes: text.includes('"type":"nodes"') || text.includes('"type":"entity"') };
}

function signature(p: Pod, s: { ips: boolean; nodes: boolean }): string {
  const labels = Object.entries(p.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ports = [...p.ports].map((c) => `${c.name ?? ""}:${c.port}/${c.protocol}`).sort();
  return JSON.stringify([
    groupOf(p, "workload"),
    labels,
    p.serviceAccount,
    ports,
    p.hostNetwork,
    p.fromTemplate ?? false,
    s.ips ? p.ips : null,
    s.nodes || p.hostNetwork ? (p.nodeName ?? null) : null,
  ]);
}

export function buildClasses(model: PolicyModel): PodClass[] {
  const s = sensitivity(model);
  const bySig = new Map<string, PodClass>();
  const pods = [...model.cluster.pods].sort((a, b) => cmp(podKey(a), podKey(b)));
  for (const p of pods) {
    const sig = signature(p, s);
    let c = bySig.get(sig);
    if (!c) bySig.set(sig, (c = { id: bySig.size, workload: groupOf(p, "workload"), pods: [] }));
    c.pods.push(p);
  }
  return [...bySig.values()];
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
