// system-namespace-reachable: application pods that can reach pods of kube-system (or the
// configured system namespaces) beyond DNS. The control plane's helpers rarely expect
// application traffic, and a foothold there is a foothold on the cluster.

import type { Pod } from "../../model/cluster.js";
import { podEndpoint } from "../../engine/endpoint.js";
import { addToCause, egressBlame } from "./blame.js";
import type { Blame } from "./blame.js";
import { flowVerdict, isDnsPod, policedPods, portSamples } from "./probes.js";
import type { PortSample } from "./probes.js";
import { groupByWorkload, listPods, podName, podRelated } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const systemNamespaceReachable: LintCheck = {
  id: "system-namespace-reachable",
  severity: "warning",
  title: "Application pods reach kube-system beyond DNS",
  help: "Application pods should reach the system namespaces (lint.systemNamespaces, default kube-system) only for DNS. Restrict their egress to what they need; allow DNS with a rule that names the DNS pods and port 53.",
  run(ctx) {
    const { model, config } = ctx;
    const system = model.cluster.pods.filter((p) => config.systemNamespaces.includes(p.namespace));
    if (!system.length) return [];
    const samples = portSamples(model, ["TCP", "UDP"]);
    const portsOf = (d: Pod): PortSample[] => {
      const declared = d.ports.map((cp) => ({ protocol: cp.protocol, port: cp.port }));
      const ports = declared.length ? declared : samples;
      return isDnsPod(d, config) ? ports.filter((k) => k.port !== 53) : ports;
    };
    const causes = new Map<string, { blame: Blame; pods: Pod[]; reached: Set<string> }>();
    const apps = policedPods(model).filter((p) => !config.systemNamespaces.includes(p.namespace));
    for (const group of groupByWorkload(apps)) {
      const src = group[0]!; // replicas share labels: one speaks for the workload
      for (const d of system)
        for (const k of portsOf(d)) {
          const v = flowVerdict(model, podEndpoint(model, src), podEndpoint(model, d), k.protocol, k.port);
          if (!v.allowed) continue;
          const blame = egressBlame(v, src);
          addToCause(causes, blame.key, () => ({ blame, pods: [], reached: new Set<string>() }), group).reached.add(`${podName(d)} ${k.protocol}/${k.port}`);
        }
    }
    const out: RawFinding[] = [];
    for (const { blame, pods, reached } of causes.values()) {
      const list = [...reached];
      out.push({
        object: blame.object,
        source: blame.source,
        path: blame.path,
        message: `${listPods(pods)} can reach ${config.systemNamespaces.join("/")} pods beyond DNS (${list.slice(0, 4).join(", ")}${list.length > 4 ? ` and ${list.length - 4} more` : ""}): ${blame.why}.`,
        fix: `Restrict egress to what the workload needs; for kube-system, DNS only:\n- to:\n  - namespaceSelector:\n      matchLabels: {kubernetes.io/metadata.name: kube-system}\n    podSelector:\n      matchLabels: {k8s-app: kube-dns}\n  ports:\n  - {port: 53, protocol: UDP}\n  - {port: 53, protocol: TCP}`,
        related: podRelated(pods, (p) => `${podName(p)} reaches ${config.systemNamespaces.join("/")}`),
      });
    }
    return out;
  },
};
