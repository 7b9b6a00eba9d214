// The own-node exemption as a correction of the identity counts. Rows hold what policies
// decide per identity; evaluate.ts also lets a host-network pod (its node's traffic) reach the
// pods of its own node (ownNodeToPod) and those pods reach it (podToOwnNode). That depends on
// the pod's node, which identities do not hold, so the pairs the rows refuse but the exemption
// lets through are listed here: host-network pods × the pods of their node, a few per pod.

import type { Pod } from "../model/cluster.js";
import type { FastEngine } from "./fast-engine.js";
import type { PortKey } from "./matrix.js";
import { has } from "./bitset.js";

/** Every pod of `from` reaches every pod of `to` though the identity rows say no. */
export interface ExtraPairs {
  from: readonly Pod[];
  to: readonly Pod[];
}

const podsByNode = new WeakMap<FastEngine, Map<string, Pod[]>>();

/** Pod-kind pods on the nodes that carry a node-kind identity, by node. */
function localPods(e: FastEngine): Map<string, Pod[]> {
  let m = podsByNode.get(e);
  if (m) return m;
  m = new Map();
  const nodes = e.nodeIdentities();
  for (const p of e.model.cluster.pods) {
    if (!p.nodeName || !nodes.has(p.nodeName) || e.ids.list[e.ids.of.get(p)!]!.kind !== "pod") continue;
    const list = m.get(p.nodeName);
    if (list) list.push(p);
    else m.set(p.nodeName, [p]);
  }
  podsByNode.set(e, m);
  return m;
}

/**
 * Pairs at port k that only the exemption allows, destinations limited to `serving` (by
 * identity). The other side must still allow them: a node-kind identity's rows are always
 * full, so it is the pod's row on that side that is checked.
 */
export function ownNodeExtras(e: FastEngine, k: PortKey, serving: Uint8Array): ExtraPairs[] {
  const s = e.model.profile.settings;
  const toPod = s.ownNodeToPod === "allowed";
  const toNode = s.podToOwnNode === "allowed";
  if (!toPod && !toNode) return [];
  const out: ExtraPairs[] = [];
  for (const [node, ts] of e.nodeIdentities()) {
    const pods = localPods(e).get(node);
    if (!pods) continue;
    for (const t of ts) {
      const tPods = e.ids.list[t]!.pods;
      for (const p of pods) {
        const id = e.ids.of.get(p)!;
        // Host-network pod → pod of its node: exempt on ingress, the node's egress decides.
        if (toPod && serving[id] && has(e.egressRow(t, k), id) && !has(e.ingressRow(id, k), t)) out.push({ from: tPods, to: [p] });
        // Pod → host-network pod of its node: exempt on egress, the node's ingress decides.
        if (toNode && serving[t] && has(e.ingressRow(t, k), id) && !has(e.egressRow(id, k), t)) out.push({ from: [p], to: tPods });
      }
    }
  }
  return out;
}
