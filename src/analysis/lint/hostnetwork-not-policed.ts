// hostnetwork-not-policed: a policy that selects host-network pods. Under most CNIs (profile
// setting hostNetworkPods: node) their traffic is their node's, so the policy does not apply.

import { originName } from "../../model/ir.js";
import { selectorMatchesPod } from "../../engine/match.js";
import { listPods, podRelated, policyObject, policySource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const hostnetworkNotPoliced: LintCheck = {
  id: "hostnetwork-not-policed",
  severity: "warning",
  title: "Policy selects host-network pods it cannot police",
  help: "Pods with hostNetwork: true share their node's network; under this CNI profile pod policies neither select them nor apply to their traffic. Protect them with node-level firewalling or host policies (Calico HostEndpoint, Cilium host policies).",
  run(ctx) {
    const { model } = ctx;
    if (model.profile.settings.hostNetworkPods !== "node") return [];
    const host = model.cluster.pods.filter((p) => p.hostNetwork);
    if (!host.length) return [];
    const out: RawFinding[] = [];
    for (const p of model.policies) {
      const selected = host.filter((pod) => selectorMatchesPod(model, p.subject, pod));
      if (!selected.length) continue;
      out.push({
        object: policyObject(p),
        source: policySource(p),
        message: `${originName(p.origin)} selects host-network pod${selected.length > 1 ? "s" : ""} ${listPods(selected)}; under CNI profile ${model.profile.name} their traffic is node traffic and this policy does not apply to them.`,
        related: podRelated(selected, (pod) => `${pod.namespace}/${pod.name} has hostNetwork: true`),
      });
    }
    return out;
  },
};
