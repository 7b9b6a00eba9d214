// ingress-only: pods isolated for ingress whose egress is left open. A compromised pod can
// then call anything — other namespaces, the metadata endpoint, the internet.

import { originName } from "../../model/ir.js";
import type { PolicyIR } from "../../model/ir.js";
import { blamePolicy } from "./blame.js";
import { isolatingPolicies } from "../probes.js";
import { policedPods } from "./probes.js";
import { listPods, podRelated, policyObject, policySource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";
import type { Pod } from "../../model/cluster.js";

export const ingressOnly: LintCheck = {
  id: "ingress-only",
  severity: "warning",
  title: "Ingress restricted, egress unrestricted",
  help: "These pods only accept the connections their policies allow, but may open any connection themselves. Add Egress to the policyTypes of a policy that selects them (with the egress they need, DNS included), or a namespace-wide egress default deny.",
  run(ctx) {
    const { model } = ctx;
    const byPolicy = new Map<PolicyIR, Pod[]>();
    for (const pod of policedPods(model)) {
      const ingress = isolatingPolicies(model, pod, "ingress");
      if (ingress.length === 0 || isolatingPolicies(model, pod, "egress").length > 0) continue;
      const blame = blamePolicy(ingress);
      if (!byPolicy.has(blame)) byPolicy.set(blame, []);
      byPolicy.get(blame)!.push(pod);
    }
    const out: RawFinding[] = [];
    for (const [policy, pods] of byPolicy)
      out.push({
        object: policyObject(policy),
        source: policySource(policy),
        message: `${pods.length === 1 ? "pod" : `${pods.length} pods`} ${listPods(pods)} ${pods.length === 1 ? "is" : "are"} isolated for ingress by ${originName(policy.origin)} but no policy restricts ${pods.length === 1 ? "its" : "their"} egress.`,
        fix: `spec:\n  policyTypes: [Ingress, Egress]\n  egress: []   # then allow what the pods need, DNS included`,
        related: podRelated(pods, (p) => `${p.namespace}/${p.name} has unrestricted egress`),
      });
    return out;
  },
};
