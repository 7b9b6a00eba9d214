// The matrix at scale, summarized by group (namespace, workload or pod): per group its pods,
// the allowed pairs it sends and receives, and what share of the possible pairs they are.
// Counted per identity with the bitset engine (cross-count.ts), never per pod pair; the
// per-pair evaluator answers when the engine does not know something in the IR.

import type { Pod } from "../model/cluster.js";
import type { PolicyModel } from "./model.js";
import type { GroupBy, PortKey } from "./matrix.js";
import { declaredPorts, groupOf, pairAllowed, serves } from "./matrix.js";
import { fastEngine } from "./fast-engine.js";
import type { FastEngine } from "./fast-engine.js";
import { countPort, extraPerPod, weights } from "./fast-matrix.js";
import type { Progress } from "./fast-matrix.js";
import { crossSums } from "./cross-count.js";
import { meshDecides, withMesh } from "./mesh-matrix.js";
import type { Bitset } from "./bitset.js";

export interface GroupSummary {
  group: string;
  pods: number;
  /** Allowed (this group's pod → any pod, port) pairs, and how many there could be. */
  outbound: number;
  outboundPossible: number;
  /** Allowed (any pod → this group's pod, port) pairs, and how many there could be. */
  inbound: number;
  inboundPossible: number;
}

export interface MatrixSummary {
  by: GroupBy;
  ports: PortKey[];
  declaredPortsOnly: boolean;
  pods: number;
  allowedPairs: number;
  totalPairs: number;
  groups: GroupSummary[];
}

export interface SummaryOptions {
  by: GroupBy;
  ports?: PortKey[];
  servedOnly?: boolean;
  progress?: Progress;
}

/** Per pod, per port: allowed pairs out and in (what the summary adds up by group). */
type PerPod = (k: PortKey, declaredPortsOnly: boolean) => { out: (p: Pod) => number; in: (p: Pod) => number };

export function summarizeMatrix(model: PolicyModel, opts: SummaryOptions): MatrixSummary {
  const pods = model.cluster.pods;
  const declaredPortsOnly = !opts.ports?.length || opts.servedOnly === true;
  const ports = opts.ports?.length ? opts.ports : declaredPorts(pods);
  const e = fastEngine(model);
  // The bitset rows hold the L3/L4 tiers only: with mesh policies (Istio), count pair by pair
  // through mesh-matrix.ts (the bitset answer, then the mesh's verdict), slower but exact.
  const meshed = e && meshDecides(model) ? withMesh(model, (_m, s, d, k) => e.allowed(s, d, k)) : undefined;
  const perPod: PerPod = meshed ? (k, d) => slowPerPod(model, k, d, meshed) : e ? (k, d) => fastPerPod(e, k, d) : (k, d) => slowPerPod(model, k, d);
  const index = new Map<string, GroupSummary>();
  const groupOfPod = pods.map((p) => {
    const name = groupOf(p, opts.by);
    let g = index.get(name);
    if (!g) index.set(name, (g = { group: name, pods: 0, outbound: 0, outboundPossible: 0, inbound: 0, inboundPossible: 0 }));
    g.pods++;
    return g;
  });
  let allowed = 0;
  let total = 0;
  ports.forEach((k, i) => {
    const servers = declaredPortsOnly ? pods.filter((p) => serves(p, k)).length : pods.length;
    const counts = perPod(k, declaredPortsOnly);
    pods.forEach((p, j) => {
      const g = groupOfPod[j]!;
      const out = counts.out(p);
      g.outbound += out;
      g.outboundPossible += servers;
      allowed += out;
      if (declaredPortsOnly && !serves(p, k)) return;
      g.inbound += counts.in(p);
      g.inboundPossible += pods.length;
    });
    total += servers * pods.length;
    opts.progress?.("summary", i + 1, ports.length);
  });
  const groups = [...index.values()].sort((a, b) => a.group.localeCompare(b.group));
  return { by: opts.by, ports, declaredPortsOnly, pods: pods.length, allowedPairs: allowed, totalPairs: total, groups };
}

function fastPerPod(e: FastEngine, k: PortKey, declaredPortsOnly: boolean): ReturnType<PerPod> {
  const pc = countPort(e, k, declaredPortsOnly);
  const n = e.n;
  const { size, hash } = weights(e);
  // Outbound: each source identity's egress row crossed with the serving destinations' ingress rows.
  const egress: Bitset[] = [];
  const ingress: Bitset[] = [];
  for (let id = 0; id < n; id++) {
    egress.push(e.egressRow(id, k));
    ingress.push(pc.serving[id] ? e.ingressRow(id, k) : e.sets.all);
  }
  const out = crossSums({ n, rows: egress, cross: ingress, size, hash, eligible: pc.serving }).size;
  const of = (p: Pod) => e.ids.of.get(p)!;
  // Pairs only the own-node exemption allows are per pod (own-node.ts), added on top.
  const { inbound: extraIn, outbound: extraOut } = extraPerPod(pc.extra);
  // A pod reaching itself through its Service is allowed though its identity is not: countPort
  // marked it in pc.self (and counted it in pc.inbound).
  return { out: (p) => out[of(p)]! + pc.self[of(p)]! + (extraOut.get(p) ?? 0), in: (p) => pc.inbound[of(p)]! + (extraIn.get(p) ?? 0) };
}

function slowPerPod(model: PolicyModel, k: PortKey, declaredPortsOnly: boolean, allowed = pairAllowed): ReturnType<PerPod> {
  const pods = model.cluster.pods;
  const out = new Map<Pod, number>();
  const inb = new Map<Pod, number>();
  for (const d of pods) {
    if (declaredPortsOnly && !serves(d, k)) continue;
    for (const s of pods)
      if (allowed(model, s, d, k)) {
        out.set(s, (out.get(s) ?? 0) + 1);
        inb.set(d, (inb.get(d) ?? 0) + 1);
      }
  }
  return { out: (p) => out.get(p) ?? 0, in: (p) => inb.get(p) ?? 0 };
}
