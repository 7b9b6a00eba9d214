// Cells (source, destination, protocol/port) → probes in the lab, or the reason a cell cannot
// be probed here: a pod reaching itself never leaves its namespace, the kernel has no SCTP,
// the cell is about requests (L7) or the mesh (mTLS, Istio authorization), a destination by DNS
// name, an address the lab cannot give an outside host, or a profile setting the lab does not
// build. Cells that are not probed are counted apart, never passed.

import type { Endpoint } from "../engine/endpoint.js";
import { evaluate } from "../engine/evaluate.js";
import type { Verdict } from "../engine/verdict.js";
import type { PolicyModel } from "../engine/model.js";
import type { Protocol } from "../model/ir.js";
import type { Lab, ProbeTarget } from "./lab.js";
import type { L4 } from "./helper.js";
import { namespaceOfPod } from "./topology.js";
import type { Topology } from "./topology.js";
import { externalProblem } from "./externals.js";

export type NotProbed = "self" | "sctp" | "l7" | "mtls" | "mesh" | "fqdn" | "address" | "profile" | "outside";

export const NOT_PROBED_WORDS: Record<NotProbed, string> = {
  self: "a pod to itself (never leaves its network namespace)",
  sctp: "SCTP (this kernel has no SCTP sockets)",
  l7: "an L7 request (HTTP or DNS): the lab judges connections, not requests",
  mtls: "an mTLS status: the lab has no mesh",
  mesh: "decided by the service mesh (Istio authorization or mTLS): the lab has no mesh",
  fqdn: "a destination by DNS name (the lab has no DNS to learn addresses from)",
  address: "an outside address the lab cannot host (IPv6, loopback, link-local or multicast)",
  profile: "a host-network pod under a profile that treats it as a pod (the lab runs host-network pods as their node)",
  outside: "an end the lab has no namespace for",
};

export interface CellSpec {
  src: Endpoint;
  dst: Endpoint;
  protocol: Protocol;
  port: number;
  /** The cell asks about a request or the mesh, not the connection: never probed. */
  about?: "l7" | "mtls";
}

export interface CellOutcome {
  spec: CellSpec;
  /** The engine's verdict on the connection (L4: both sides, and the mesh), with its trace. */
  verdict: Verdict;
  /** The engine's verdict on the connection at L3/L4: what the kernel should do. */
  predicted: boolean;
  /** What the kernel did; undefined when not probed. */
  observed?: boolean;
  why?: string;
  notProbed?: NotProbed;
}

type Place = { ns: string; ip: string } | { external: string } | { no: NotProbed };

function place(t: Topology, e: Endpoint): Place {
  if (e.kind === "pod") {
    const ns = namespaceOfPod(t, e.pod);
    return ns ? { ns, ip: e.pod.ips[0]! } : { no: "outside" };
  }
  if (e.kind === "node") {
    if (e.hostPod) {
      const ns = namespaceOfPod(t, e.hostPod);
      return ns ? { ns, ip: e.ip ?? e.hostPod.ips[0]! } : { no: "outside" };
    }
    const n = t.nodes.find((x) => (e.node ? x.name === e.node.name : e.ip !== undefined && x.ips.includes(e.ip)));
    return n ? { ns: n.ns, ip: e.ip ?? n.ips[0]! } : { no: "outside" };
  }
  if (e.fqdn) return { no: "fqdn" };
  if (!e.ip || externalProblem(t, e.ip)) return { no: "address" };
  return { external: e.ip };
}

/** The profile's choices the lab cannot build for this cell (hostNetworkPods: pod). */
function unbuildable(model: PolicyModel, c: CellSpec): boolean {
  const host = (e: Endpoint) => e.kind === "pod" && e.pod.hostNetwork;
  return model.profile.settings.hostNetworkPods === "pod" && (host(c.src) || host(c.dst));
}

/** Probe every cell that can be probed (outside hosts and servers are added as needed); predictions for all. */
export async function judgeCells(lab: Lab, model: PolicyModel, specs: readonly CellSpec[]): Promise<CellOutcome[]> {
  const t = lab.topology;
  const outcomes: CellOutcome[] = specs.map((spec) => {
    const verdict = evaluate(model, { src: spec.src, dst: spec.dst, protocol: spec.protocol, port: spec.port, selfVia: "service" });
    return { spec, verdict, predicted: verdict.egress.allowed && verdict.ingress.allowed };
  });
  const planned: { o: CellOutcome; from: Place; to: Place }[] = [];
  for (const o of outcomes) {
    const from = place(t, o.spec.src);
    const to = place(t, o.spec.dst);
    const mesh = o.verdict.mesh;
    if (o.spec.about) o.notProbed = o.spec.about;
    else if ("no" in from) o.notProbed = from.no;
    else if ("no" in to) o.notProbed = to.no;
    else if ("external" in from && "external" in to) o.notProbed = "outside";
    else if ("ns" in from && "ns" in to && from.ns === to.ns) o.notProbed = "self";
    else if (o.spec.protocol === "SCTP" && !lab.sctp) o.notProbed = "sctp";
    else if (unbuildable(model, o.spec)) o.notProbed = "profile";
    // The mesh is a layer above L4 that the lab does not build: a cell it denies is not the kernel's.
    else if (mesh && mesh.status !== "not-enforced" && !mesh.allowed) o.notProbed = "mesh";
    else planned.push({ o, from, to });
  }
  const ext = (p: Place) => ("external" in p ? [p.external] : []);
  await lab.addExternals(planned.flatMap((p) => [...ext(p.from), ...ext(p.to)]));
  const nsOf = (p: Place) => ("ns" in p ? p.ns : t.externals.find((x) => x.ip === (p as { external: string }).external)!.ns);
  const ipOf = (p: Place) => ("ns" in p ? p.ip : (p as { external: string }).external);
  const served = new Map(planned.map((p) => [`${p.o.spec.protocol}/${p.o.spec.port}`, { protocol: p.o.spec.protocol, port: p.o.spec.port }]));
  await lab.serve([...served.values()]);
  const targets: ProbeTarget[] = planned.map((p) => ({ fromNs: nsOf(p.from), ip: ipOf(p.to), proto: p.o.spec.protocol.toLowerCase() as L4, port: p.o.spec.port }));
  const results = await lab.probe(targets);
  results.forEach((r, i) => {
    planned[i]!.o.observed = r.ok;
    planned[i]!.o.why = r.why;
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
