// Calico tiers as IR tiers (SEMANTICS §3.1–§3.2). They all sit at rank 200, between the admin
// tier and the Cilium deny / NetworkPolicy tiers, and sort among themselves by Tier.spec.order
// (absent = last) and then name. Shared by the Calico kinds and by the CNI-profile placement
// of Kubernetes NetworkPolicies into Calico's `default` tier (engine/model.ts), so it lives
// in the model rather than in a kind module.

import type { Tier } from "./ir.js";

/** Built-in tier orders and default actions (calico api/pkg/apis/projectcalico/v3/tier.go). */
export const CALICO_BUILTIN_TIERS: Record<string, { order: number; defaultAction: "Deny" | "Pass" }> = {
  "kube-admin": { order: 1_000, defaultAction: "Pass" },
  default: { order: 1_000_000, defaultAction: "Deny" },
  "kube-baseline": { order: 10_000_000, defaultAction: "Pass" },
};

export function calicoTier(name: string, order: number | undefined, defaultAction: "Deny" | "Pass"): Tier {
  return { rank: [200, order ?? Infinity, name], name: `calico:${name}`, endOfTier: defaultAction === "Pass" ? "continue" : "deny" };
}

/** Calico's `default` tier: untiered Calico policies, and Kubernetes NetworkPolicies on Calico. */
export const CALICO_DEFAULT_TIER: Tier = calicoTier("default", CALICO_BUILTIN_TIERS.default!.order, "Deny");

/** Where Calico puts a Kubernetes NetworkPolicy inside the default tier (§3.8: order 1000, name knp.default.<name>). */
export const CALICO_KNP_ORDER = 1000;
