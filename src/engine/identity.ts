// Identities: pods that no policy can tell apart, grouped once so the matrix is computed per
// identity instead of per pod (DESIGN.md "Scale"). The key holds everything any selector,
// peer or port of the IR can see of a pod, and nothing else:
// - namespace (its labels follow from its name), pod labels restricted to the keys any
//   selector mentions (keysOf), the service account when a selector looks at it;
// - container ports: the named ports rules resolve, and the ports the pod serves;
// - the CIDR atom its address falls in (CIDR peers cannot split an atom);
// - the node, for host/remote-node entities; host-network pods treated as nodes by the
//   profile are node endpoints keyed by node and address.
// The own-node exemption (a pod and a host-network pod on its node) is not part of the key:
// it is a per-pod-pair correction (own-node.ts), so pods are not split by node for it.
// Whatever the key leaves out cannot change a verdict, so one representative pod answers for all.

import type { Pod } from "../model/cluster.js";
import type { PeerExpr, PodSelector, PolicyIR, PortExpr } from "../model/ir.js";
import { keysOf } from "../model/labels.js";
import { podEndpoint } from "./endpoint.js";
import type { Endpoint } from "./endpoint.js";
import type { PolicyModel } from "./model.js";
import { CidrAtoms } from "./atoms.js";

export interface Identity {
  index: number;
  key: string;
  /** The pod that answers for every member. */
  rep: Pod;
  endpoint: Endpoint;
  kind: "pod" | "node";
  namespace: string;
  pods: Pod[];
}

/** What the policies look at, gathered once from the IR. */
export interface Vocabulary {
  labelKeys: string[];
  serviceAccount: boolean;
  portNames: Set<string>;
  nodeEntities: boolean;
  cidrs: CidrAtoms;
  /** A peer type or shape this engine does not know (a kind newer than it): fall back. */
  unsupported?: string;
}

const KNOWN_PEERS = new Set(["any", "pods", "cidr", "nodes", "entity", "fqdn", "and", "or", "not"]);

export function vocabulary(policies: readonly PolicyIR[]): Vocabulary {
  const keys = new Set<string>();
  const v: Vocabulary = { labelKeys: [], serviceAccount: false, portNames: new Set(), nodeEntities: false, cidrs: new CidrAtoms() };
  const selector = (s: PodSelector) => {
    keysOf(s.pod, keys);
    if (s.serviceAccount || s.labelView === "calico") v.serviceAccount = true;
  };
  const ports = (list: PortExpr[] | undefined) => {
    for (const p of list ?? []) if (p.name !== undefined) v.portNames.add(p.name);
  };
  const peer = (p: PeerExpr): void => {
    if (!KNOWN_PEERS.has(p.type)) v.unsupported = `peer type ${p.type}`;
    switch (p.type) {
      case "pods":
        selector(p.selector);
        break;
      case "cidr":
        v.cidrs.addBlock(p.cidr);
        for (const e of p.except) v.cidrs.addBlock(e);
        break;
      case "entity":
        if (p.entity === "host" || p.entity === "remote-node") v.nodeEntities = true;
        break;
      case "and":
      case "or":
        p.peers.forEach(peer);
        break;
      case "not":
        peer(p.peer);
        break;
    }
  };
  for (const pol of policies) {
    selector(pol.subject);
    for (const d of [pol.ingress, pol.egress])
      for (const r of d?.rules ?? []) {
        peer(r.peer);
        ports(r.ports);
        ports(r.notPorts);
      }
  }
  v.labelKeys = [...keys].sort();
  v.cidrs.seal();
  return v;
}

export interface Identities {
  list: Identity[];
  of: Map<Pod, number>;
  byNamespace: Map<string, number[]>;
  /** With node entities (vocabulary.nodeEntities) pods are also told apart by node: a peer's answer depends on the subject's node. */
  vocabulary: Vocabulary;
}

function podIdentityKey(pod: Pod, ep: Endpoint, v: Vocabulary): string {
  const atom = v.cidrs.size ? v.cidrs.atomOf(ep.ip) : -1;
  // A host-network pod is its node's endpoint; what it serves still tells the matrix apart.
  const served = pod.ports.map((cp) => `${cp.protocol}/${cp.port}`).join(",");
  if (ep.kind === "node") return `node\u0000${ep.node?.name ?? ""}\u0000${ep.ip ?? ""}\u0000${atom}\u0000${served}`;
  const parts: string[] = [pod.namespace];
  for (const k of v.labelKeys) if (Object.hasOwn(pod.labels, k)) parts.push(`${k}=${pod.labels[k]}`);
  parts.push("\u0001");
  if (v.serviceAccount) parts.push(`sa:${pod.serviceAccount}`);
  for (const cp of pod.ports) parts.push(v.portNames.has(cp.name ?? "") ? `${cp.name}/${cp.protocol}/${cp.port}` : `${cp.protocol}/${cp.port}`);
  parts.push(`@${atom}`);
  if (v.nodeEntities) parts.push(`n:${pod.nodeName ?? ""}`);
  return parts.join("\u0000");
}

export function buildIdentities(model: PolicyModel, v: Vocabulary = vocabulary(model.policies)): Identities {
  const byKey = new Map<string, Identity>();
  const list: Identity[] = [];
  const of = new Map<Pod, number>();
  const byNamespace = new Map<string, number[]>();
  // The own-node exemption does not split identities: it is corrected per pod pair (own-node.ts).
  for (const pod of model.cluster.pods) {
    const ep = podEndpoint(model, pod);
    const key = podIdentityKey(pod, ep, v);
    let id = byKey.get(key);
    if (!id) {
      id = { index: list.length, key, rep: pod, endpoint: ep, kind: ep.kind === "node" ? "node" : "pod", namespace: pod.namespace, pods: [] };
      byKey.set(key, id);
      list.push(id);
      let ns = byNamespace.get(pod.namespace);
      if (!ns) byNamespace.set(pod.namespace, (ns = []));
      ns.push(id.index);
    }
    id.pods.push(pod);
    of.set(pod, id.index);
  }
  return { list, of, byNamespace, vocabulary: v };
}
