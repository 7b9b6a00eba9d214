// egress-blocks-dns: a pod whose egress policy lets it reach no cluster DNS server, on UDP
// or TCP 53. Every name lookup then fails, which looks like "the network is down".

import type { Pod } from "../../model/cluster.js";
import { originName } from "../../model/ir.js";
import type { PolicyIR } from "../../model/ir.js";
import { dnsEgressRule } from "./dns-fix.js";
import { isolatingPolicies } from "../probes.js";
import { blamePolicy } from "./blame.js";
import { dnsTargets, isDnsPod, policedPods, reachesDns } from "./probes.js";
import { groupByWorkload, listPods, podRelated, policyObject, policySource, workloadOf } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const egressBlocksDns: LintCheck = {
  id: "egress-blocks-dns",
  severity: "error",
  title: "Egress policy blocks cluster DNS",
  help: "A pod isolated for egress must be allowed to reach the cluster DNS (kube-dns / CoreDNS pods, UDP and TCP 53), or every name lookup fails. Add an egress rule to the DNS pods; configure other DNS servers under lint.dns in .podwall.yaml.",
  run(ctx) {
    const { model, config } = ctx;
    const targets = dnsTargets(model, config);
    // The policies that isolate each blocked pod, kept for the finding about its workload.
    const blocked = new Map<Pod, PolicyIR[]>();
    for (const p of policedPods(model)) {
      if (isDnsPod(p, config)) continue;
      const isolators = isolatingPolicies(model, p, "egress");
      if (isolators.length > 0 && !reachesDns(model, p, targets, "UDP").ok && !reachesDns(model, p, targets, "TCP").ok) blocked.set(p, isolators);
    }
    const out: RawFinding[] = [];
    for (const group of groupByWorkload([...blocked.keys()])) {
      const pod = group[0]!;
      const isolators = blocked.get(pod)!;
      const blame = blamePolicy(isolators);
      const w = workloadOf(pod);
      out.push({
        object: policyObject(blame),
        source: policySource(blame),
        message: `${w.kind} ${w.namespace}/${w.name} (${listPods(group)}) cannot reach cluster DNS (${targets.map((t) => t.name).join(", ")}) on UDP/53 or TCP/53: it is isolated for egress by ${isolators.map((p) => originName(p.origin)).join(", ")} and no egress rule allows DNS. Name lookups will fail.`,
        fix: `Add to ${originName(blame.origin)} (or a policy that selects these pods):\n${dnsEgressRule(config)}`,
        related: podRelated(group, (p) => `${p.namespace}/${p.name} cannot resolve names`),
      });
    }
    return out;
  },
};
