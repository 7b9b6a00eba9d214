// Cells (source, destination, protocol/port) → probes in the lab, or the reason a cell cannot
// be probed here: a pod reaching itself never leaves its namespace, the kernel has no SCTP,
// or an end is outside the cluster. Cells that are not probed are counted apart, never passed.

import type { Endpoint } from "../engine/endpoint.js";
import { evaluate } from "../engine/evaluate.js";
import type { Verdict } from "../engine/verdict.js";
import type { PolicyModel } from "../engine/model.js";
import type { Protocol } from "../model/ir.js";
import type { Lab, ProbeTarget } from "./lab.js";
import type { L4 } from "./helper.js";
import { namespaceOfPod } from "./topology.js";
import type { Topology } from "./topology.js";

export type NotProbed = "self" | "sctp" | "outside";

export const NOT_PROBED_WORDS: Record<NotProbed, string> = {
  self: "a pod to itself (never leaves its network namespace)",
  sctp: "SCTP (this kernel has no SCTP sockets)",
  outside: "an end outside the cluster (the lab has no external hosts)",
};

export interface CellSpec {
  src: Endpoint;
  dst: Endpoint;
  protocol: Protocol;
  port: number;
}

export interface CellOutcome {
  spec: CellSpec;
  /** The engine's verdict on the connection (L4: both sides), with its trace. */
  verdict: Verdict;
  predicted: boolean;
  /** What the kernel did; undefined when not probed. */
  observed?: boolean;
  why?: string;
  notProbed?: NotProbed;
}

function place(t: Topology, e: Endpoint): { ns: string; ip: string } | undefined {
  if (e.kind === "pod") {
    const ns = namespaceOfPod(t, e.pod);
    return ns ? { ns, ip: e.pod.ips[0]! } : undefined;
  }
  if (e.kind === "node") {
    if (e.hostPod) {
      const ns = namespaceOfPod(t, e.hostPod);
      return ns ? { ns, ip: e.ip ?? e.hostPod.ips[0]! } : undefined;
    }
    const n = t.nodes.find((x) => (e.node ? x.name === e.node.name : e.ip !== undefined && x.ips.includes(e.ip)));
    return n ? { ns: n.ns, ip: e.ip ?? n.ips[0]! } : undefined;
  }
  return undefined;
}

/** Probe every cell that can be probed; predictions for all. */
export async function judgeCells(lab: Lab, model: PolicyModel, specs: readonly CellSpec[]): Promise<CellOutcome[]> {
  const t = lab.topology;
  const outcomes: CellOutcome[] = specs.map((spec) => {
    const verdict = evaluate(model, { src: spec.src, dst: spec.dst, protocol: spec.protocol, port: spec.port, selfVia: "service" });
    return { spec, verdict, predicted: verdict.egress.allowed && verdict.ingress.allowed };
  });
  const targets: ProbeTarget[] = [];
  const probed: CellOutcome[] = [];
  for (const o of outcomes) {
    const from = place(t, o.spec.src);
    const to = place(t, o.spec.dst);
    if (!from || !to) o.notProbed = "outside";
    else if (from.ns === to.ns) o.notProbed = "self";
    else if (o.spec.protocol === "SCTP" && !lab.sctp) o.notProbed = "sctp";
    else {
      targets.push({ fromNs: from.ns, ip: to.ip, proto: o.spec.protocol.toLowerCase() as L4, port: o.spec.port });
      probed.push(o);
    }
  }
  const results = await lab.probe(targets);
  results.forEach((r, i) => {
    probed[i]!.observed = r.ok;
    probed[i]!.why = r.why;
  });
  return outcomes;
}

export function countNotProbed(outcomes: readonly CellOutcome[]): Map<NotProbed, number> {
  const m = new Map<NotProbed, number>();
  for (const o of outcomes) if (o.notProbed) m.set(o.notProbed, (m.get(o.notProbed) ?? 0) + 1);
  return m;
}

export function notProbedLine(counts: Map<NotProbed, number>): string | undefined {
  if (!counts.size) return undefined;
  return `not probed (counted apart, never passed): ${[...counts].map(([k, n]) => `${n} cell(s) ${NOT_PROBED_WORDS[k]}`).join("; ")}`;
}
