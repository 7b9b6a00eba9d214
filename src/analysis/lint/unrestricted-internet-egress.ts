// unrestricted-internet-egress: a pod that can reach addresses outside the cluster on every
// port. "Somewhere on the internet" is asked with documentation addresses (203.0.113.10,
// 2001:db8::10) that no real policy names, over one port per stretch the rules distinguish.

import type { Pod } from "../../model/cluster.js";
import { ipEndpoint, podEndpoint } from "../../engine/endpoint.js";
import { addToCause, egressBlame } from "./blame.js";
import type { Blame } from "./blame.js";
import { flowVerdict, policedPods, portSamples } from "./probes.js";
import { groupByWorkload, listPods, podRelated } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const unrestrictedInternetEgress: LintCheck = {
  id: "unrestricted-internet-egress",
  severity: "warning",
  title: "Pod reaches the internet on every port",
  help: "The pod may open a connection to any address outside the cluster on any port: the easiest way out for stolen data. Allow only the destinations and ports the workload needs (or send it through an egress gateway). The addresses asked are set under lint.internetAddresses.",
  run(ctx) {
    const { model, config } = ctx;
    const ports = portSamples(model, ["TCP", "UDP"]);
    const causes = new Map<string, { blame: Blame; address: string; pods: Pod[] }>();
    for (const group of groupByWorkload(policedPods(model)))
      for (const address of config.internetAddresses) {
        const dst = ipEndpoint(model, address);
        if (dst.kind !== "external") continue;
        const open = group.filter((p) => ports.every((k) => flowVerdict(model, podEndpoint(model, p), dst, k.protocol, k.port).allowed));
        if (!open.length) continue;
        const blame = egressBlame(flowVerdict(model, podEndpoint(model, open[0]!), dst, "TCP", 443), open[0]!);
        addToCause(causes, blame.key, () => ({ blame, address, pods: [] }), open);
      }
    const out: RawFinding[] = [];
    for (const { blame, address, pods } of causes.values())
      out.push({
        object: blame.object,
        source: blame.source,
        path: blame.path,
        message: `${listPods(pods)} can reach addresses outside the cluster (such as ${address}) on every TCP and UDP port: ${blame.why}.`,
        fix: `Allow only what is needed, for example:\negress:\n- to:\n  - ipBlock: {cidr: 203.0.113.0/24}   # the API the workload calls\n  ports:\n  - {port: 443, protocol: TCP}`,
        related: podRelated(pods, (p) => `${p.namespace}/${p.name} reaches the internet on every port`),
      });
    return out;
  },
};
