// Pods that every policy treats alike, grouped so the page evaluates one pod per class, not
// every pod: what makes the UI hold at thousands of pods (DESIGN.md "Scale"). Two pods share a
// class when everything the engine can look at is the same: namespace, labels, service
// account, ports, host networking; their addresses only when some policy has a CIDR peer (or
// an Istio policy reads addresses), their node only when some policy names nodes or entities,
// and their place in the mesh only when the mesh can deny. Classes never span workloads, so
// the workload view sums classes.

import type { Pod } from "../../model/cluster.js";
import { podKey } from "../../model/cluster.js";
import { groupOf } from "../../engine/matrix.js";
import { meshMembership } from "../../engine/mesh.js";
import { meshDecides } from "../../engine/mesh-matrix.js";
import type { PolicyModel } from "../../engine/model.js";
import { ipFieldsUsed } from "../../engine/mesh-matrix.js";

export interface PodClass {
  id: number;
  workload: string;
  /** Members, the representative first. */
  pods: Pod[];
}

interface Sensitivity {
  ips: boolean;
  nodes: boolean;
  /** The mesh can deny: then whether a pod is behind a proxy (and which) matters. */
  mesh?: PolicyModel;
}

/** Which pod fields beyond labels can change a verdict in this model. */
export function sensitivity(model: PolicyModel): Sensitivity {
  const text = JSON.stringify(model.policies.map((p) => [p.ingress, p.egress]));
  const mesh = meshDecides(model);
  // Istio reads addresses through ipBlocks, remoteIpBlocks and the source/remote/destination.ip conditions.
  const ipUsed = mesh ? ipFieldsUsed(model.cluster.mesh!) : undefined;
  const meshIps = ipUsed !== undefined && (ipUsed.src || ipUsed.dst);
  return { ips: text.includes('"type":"cidr"') || meshIps, nodes: text.includes('"type":"nodes"') || text.includes('"type":"entity"'), ...(mesh ? { mesh: model } : {}) };
}

function signature(p: Pod, s: Sensitivity): string {
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
    s.mesh ? meshMembership(s.mesh, p).dataplane : null,
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
