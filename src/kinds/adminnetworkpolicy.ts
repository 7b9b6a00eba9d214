// AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1, network-policy-api v0.1.x): the Admin
// tier before ClusterNetworkPolicy replaced it. Allow / Deny / Pass, `ports` with portNumber,
// portRange and namedPort, nodes and networks egress peers (SEMANTICS §2).

import { TIERS } from "../model/ir.js";
import type { AdminDialect } from "./admin-shared.js";
import { compileAdmin, validateAdmin } from "./admin-shared.js";
import type { PolicyKind } from "./kind.js";

export const V1ALPHA1 = "policy.networking.k8s.io/v1alpha1";

/** What AdminNetworkPolicy and BaselineAdminNetworkPolicy share. */
export const V1ALPHA1_DIALECT = {
  apiVersion: V1ALPHA1,
  allowWord: "Allow",
  portsField: "ports",
  egressPeers: ["nodes", "networks"],
  feature: "anpV1alpha1",
  maxRules: 100,
  maxPeers: 100,
} as const;

export const ANP_DIALECT: AdminDialect = {
  ...V1ALPHA1_DIALECT,
  kind: "AdminNetworkPolicy",
  hasPass: true,
  hasPriority: true,
  specFields: ["priority", "subject", "ingress", "egress"],
  placement: () => ({ tier: TIERS.admin, family: "admin" }),
};

export const adminNetworkPolicy: PolicyKind = {
  id: "adminnetworkpolicy",
  handles: [`${V1ALPHA1} AdminNetworkPolicy`],
  accepts: (o) => o.apiVersion === V1ALPHA1 && o.kind === "AdminNetworkPolicy",
  validate: (lo) => validateAdmin(ANP_DIALECT, lo),
  compile: (lo) => compileAdmin(ANP_DIALECT, lo),
};
