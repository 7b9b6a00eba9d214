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

/** Candidate pairs, gathered once per engine: node-kind identity t and a pod-kind pod p of its node. */
interface Candidates {
  t: Int32Array;
  pod: Pod[];
  id: Int32Array;
}

const candidatesOf = new WeakMap<FastEngine, Candidates>();

function candidates(e: FastEngine): Candidates {
  let c = candidatesOf.get(e);
  if (c) return c;
  const nodes = e.nodeIdentities();
  const byNode = new Map<string, Pod[]>();
  for (const p of e.model.cluster.pods) {
    if (!p.nodeName || !nodes.has(p.nodeName) || e.ids.list[e.ids.of.get(p)!]!.kind !== "pod") continue;
    const list = byNode.get(p.nodeName);
    if (list) list.push(p);
    else byNode.set(p.nodeName, [p]);
  }
  const t: number[] = [];
  const pod: Pod[] = [];
  const id: number[] = [];
  for (const [node, ts] of nodes)
    for (const x of ts)
      for (const p of byNode.get(node) ?? []) {
        t.push(x);
        pod.push(p);
        id.push(e.ids.of.get(p)!);
      }
  candidatesOf.set(e, (c = { t: Int32Array.from(t), pod, id: Int32Array.from(id) }));
  return c;
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
  const c = candidates(e);
  for (let j = 0; j < c.t.length; j++) {
    const t = c.t[j]!;
    const id = c.id[j]!;
    // Host-network pod → pod of its node: exempt on ingress, the node's egress decides.
    if (toPod && serving[id] && has(e.egressRow(t, k), id) && !has(e.ingressRow(id, k), t)) out.push({ from: e.ids.list[t]!.pods, to: [c.pod[j]!] });
    // Pod → host-network pod of its node: exempt on egress, the node's ingress decides.
    if (toNode && serving[t] && has(e.ingressRow(t, k), id) && !has(e.egressRow(id, k), t)) out.push({ from: [c.pod[j]!], to: e.ids.list[t]!.pods });
  }
  return out;
}
