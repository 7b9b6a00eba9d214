// Semantic diff of two models: the flows a change newly allows and newly blocks. Pods are
// matched by namespace/name; pods on one side only are reported as added or removed, not as
// flow changes. Compared per (source, destination, port) on the ports the destination
// declares on either side, plus exposure to and reach of the internet (probes.ts).

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import { evaluate } from "../engine/evaluate.js";
import { ipEndpoint, podEndpoint } from "../engine/endpoint.js";
import { groupOf, pairAllowed } from "../engine/matrix.js";
import type { PortKey } from "../engine/matrix.js";
import type { PolicyModel } from "../engine/model.js";
import { flowEvidence } from "./evidence.js";
import type { FlowEvidence } from "./evidence.js";
import { internetAddresses, portProbes } from "./probes.js";

export interface FlowChange {
  kind: "allowed" | "blocked";
  from: string;
  to: string;
  fromWorkload: string;
  toWorkload: string;
  protocol: string;
  port: number;
  /** Head's verdict: the rule that now allows it, or why it is now refused. */
  now: FlowEvidence;
  /** Base's verdict, one line. */
  before: string;
}

export interface DiffReport {
  pods: { added: string[]; removed: string[]; common: number };
  changes: FlowChange[];
  summaries: {
    newlyExposed: FlowChange[]; // from outside the cluster
    newlyReachesInternet: FlowChange[];
    dnsNewlyBlocked: FlowChange[];
    newCrossNamespace: FlowChange[];
    kubeSystemNewlyReachable: FlowChange[];
  };
}

const isDnsPod = (p: Pod) => p.labels["k8s-app"] === "kube-dns" || (p.namespace === "kube-system" && p.ports.some((c) => c.port === 53));

export function diffModels(base: PolicyModel, head: PolicyModel): DiffReport {
  const baseBy = new Map(base.cluster.pods.map((p) => [podKey(p), p]));
  const headBy = new Map(head.cluster.pods.map((p) => [podKey(p), p]));
  const common = [...headBy.keys()].filter((k) => baseBy.has(k)).sort();
  const changes: FlowChange[] = [];
  const record = (kind: FlowChange["kind"], hv: ReturnType<typeof evaluate>, bv: ReturnType<typeof evaluate>, from: string, to: string, fromWorkload: string, toWorkload: string) =>
    changes.push({ kind, from, to, fromWorkload, toWorkload, protocol: hv.flow.protocol, port: hv.flow.port, now: flowEvidence(hv), before: bv.summary });

  // Pod to pod.
  for (const sk of common)
    for (const dk of common) {
      if (sk === dk) continue;
      const [sb, sh, db, dh] = [baseBy.get(sk)!, headBy.get(sk)!, baseBy.get(dk)!, headBy.get(dk)!];
      const ports = new Map<string, PortKey>();
      for (const cp of [...db.ports, ...dh.ports]) ports.set(`${cp.protocol}/${cp.port}`, { protocol: cp.protocol, port: cp.port });
      for (const k of ports.values()) {
        const a = pairAllowed(base, sb, db, k);
        const b = pairAllowed(head, sh, dh, k);
        if (a === b) continue;
        const hv = evaluate(head, { src: podEndpoint(head, sh), dst: podEndpoint(head, dh), ...k, selfVia: "service" });
        const bv = evaluate(base, { src: podEndpoint(base, sb), dst: podEndpoint(base, db), ...k, selfVia: "service" });
        record(b ? "allowed" : "blocked", hv, bv, sk, dk, groupOf(sh, "workload"), groupOf(dh, "workload"));
      }
    }

  // The internet, both ways: the same probes on both sides so that only policy differs.
  const addrs = [...new Set([...internetAddresses(base), ...internetAddresses(head)])];
  const egressPorts = new Map<string, PortKey>();
  for (const k of [...portProbes(base, "egress"), ...portProbes(head, "egress")]) egressPorts.set(`${k.protocol}/${k.port}`, k);
  for (const key of common) {
    const pb = baseBy.get(key)!;
    const ph = headBy.get(key)!;
    // In: the first address that changes anything, per declared port.
    const inPorts = new Map<string, PortKey>();
    for (const cp of [...pb.ports, ...ph.ports]) inPorts.set(`${cp.protocol}/${cp.port}`, { protocol: cp.protocol, port: cp.port });
    for (const k of inPorts.values()) {
      const reach = (m: PolicyModel, p: Pod) => addrs.find((ip) => evaluate(m, { src: ipEndpoint(m, ip), dst: podEndpoint(m, p), ...k }).allowed);
      const a = reach(base, pb);
      const b = reach(head, ph);
      if (!!a === !!b) continue;
      const ip = (b ?? addrs[0])!;
      record(b ? "allowed" : "blocked", evaluate(head, { src: ipEndpoint(head, ip), dst: podEndpoint(head, ph), ...k }), evaluate(base, { src: ipEndpoint(base, a ?? ip), dst: podEndpoint(base, pb), ...k }), ip, key, "internet", groupOf(ph, "workload"));
    }
    // Out: does the pod reach the internet at all (on some probe), before and after?
    const out = (m: PolicyModel, p: Pod) => {
      for (const ip of addrs) for (const k of egressPorts.values()) if (evaluate(m, { src: podEndpoint(m, p), dst: ipEndpoint(m, ip), ...k }).allowed) return { ip, k };
      return undefined;
    };
    const a = out(base, pb);
    const b = out(head, ph);
    if (!!a !== !!b) {
      const hit = (b ?? a)!;
      record(b ? "allowed" : "blocked", evaluate(head, { src: podEndpoint(head, ph), dst: ipEndpoint(head, hit.ip), ...hit.k }), evaluate(base, { src: podEndpoint(base, pb), dst: ipEndpoint(base, hit.ip), ...hit.k }), key, hit.ip, groupOf(ph, "workload"), "internet");
    }
  }

  const ns = (k: string) => k.split("/")[0];
  const allowed = changes.filter((c) => c.kind === "allowed");
  return {
    pods: { added: [...headBy.keys()].filter((k) => !baseBy.has(k)).sort(), removed: [...baseBy.keys()].filter((k) => !headBy.has(k)).sort(), common: common.length },
    changes,
    summaries: {
      newlyExposed: allowed.filter((c) => c.fromWorkload === "internet"),
      newlyReachesInternet: allowed.filter((c) => c.toWorkload === "internet"),
      dnsNewlyBlocked: changes.filter((c) => c.kind === "blocked" && c.port === 53 && headBy.has(c.to) && isDnsPod(headBy.get(c.to)!)),
      // DNS to the cluster's DNS pods crosses namespaces by design; it is not news.
      newCrossNamespace: allowed.filter((c) => headBy.has(c.from) && headBy.has(c.to) && ns(c.from) !== ns(c.to) && !(c.port === 53 && isDnsPod(headBy.get(c.to)!))),
      kubeSystemNewlyReachable: allowed.filter((c) => headBy.has(c.from) && ns(c.to) === "kube-system" && ns(c.from) !== "kube-system" && !(c.port === 53 && isDnsPod(headBy.get(c.to)!))),
    },
  };
}

/** New exposure, for --fail-on-new-exposure: anything newly reachable that was not before. */
export function hasNewExposure(d: DiffReport): boolean {
  const s = d.summaries;
  return s.newlyExposed.length + s.newlyReachesInternet.length + s.newCrossNamespace.length + s.kubeSystemNewlyReachable.length > 0;
}
