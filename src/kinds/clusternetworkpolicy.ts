// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2): one cluster-scoped kind for the
// Admin and Baseline tiers, with priority in both, Accept / Deny / Pass, `protocols` and the
// experimental nodes / networks / domainNames egress peers (SEMANTICS §2).

import { TIERS } from "../model/ir.js";
import type { AdminDialect } from "./admin-shared.js";
import { compileAdmin, validateAdmin } from "./admin-shared.js";
import type { PolicyKind } from "./kind.js";

const API_VERSION = "policy.networking.k8s.io/v1alpha2";
const TIER_WORDS = ["Admin", "Baseline"];

export const CNP_DIALECT: AdminDialect = {
  apiVersion: API_VERSION,
  kind: "ClusterNetworkPolicy",
  allowWord: "Accept",
  hasPass: true,
  portsField: "protocols",
  egressPeers: ["nodes", "networks", "domainNames"],
  feature: "cnpV1alpha2",
  maxRules: 25,
  maxPeers: 25,
  hasPriority: true,
  specFields: ["tier", "priority", "subject", "ingress", "egress"],
  checkSpec(c, spec) {
    if (spec.tier === undefined || spec.tier === null) c.error(["spec", "tier"], "tier is required: Admin or Baseline");
    else if (typeof spec.tier !== "string" || !TIER_WORDS.includes(spec.tier)) c.error(["spec", "tier"], `tier must be Admin or Baseline, got ${JSON.stringify(spec.tier)}`);
  },
  placement: (spec) => (spec.tier === "Baseline" ? { tier: TIERS.baseline, family: "baseline" } : { tier: TIERS.admin, family: "admin" }),
};

export const clusterNetworkPolicy: PolicyKind = {
  id: "clusternetworkpolicy",
  handles: [`${API_VERSION} ClusterNetworkPolicy`],
  accepts: (o) => o.apiVersion === API_VERSION && o.kind === "ClusterNetworkPolicy",
  validate: (lo) => validateAdmin(CNP_DIALECT, lo),
  compile: (lo) => compileAdmin(CNP_DIALECT, lo),
};
