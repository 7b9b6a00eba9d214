// Where the CNI puts Kubernetes NetworkPolicies among the tiers (profile setting
// networkPolicyPlacement). The one place this happens, so that no kind module needs to know
// the profile: under `calico-default-tier`, every NetworkPolicy moves into Calico's `default`
// tier as Calico's converter does (SEMANTICS §3.8: name knp.default.<name>, order 1000).

import type { PolicyIR } from "../model/ir.js";
import type { CniProfile } from "../model/profile.js";
import { CALICO_DEFAULT_TIER, CALICO_KNP_ORDER } from "../model/calico-tier.js";

export function placeNetworkPolicies(policies: PolicyIR[], profile: CniProfile): PolicyIR[] {
  if (profile.settings.networkPolicyPlacement !== "calico-default-tier") return policies;
  return policies.map((p) => (p.family === "networkpolicy" ? { ...p, tier: CALICO_DEFAULT_TIER, order: [CALICO_KNP_ORDER, `knp.default.${p.origin.name}`] } : p));
}
