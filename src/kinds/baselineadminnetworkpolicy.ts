// BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): the Baseline tier's
// singleton, named `default`, without priority and without Pass (SEMANTICS §2.2.4).

import { TIERS } from "../model/ir.js";
import type { AdminDialect } from "./admin-shared.js";
import { compileAdmin, validateAdmin } from "./admin-shared.js";
import { V1ALPHA1, V1ALPHA1_DIALECT } from "./adminnetworkpolicy.js";
import type { PolicyKind } from "./kind.js";

export const BANP_DIALECT: AdminDialect = {
  ...V1ALPHA1_DIALECT,
  kind: "BaselineAdminNetworkPolicy",
  hasPass: false,
  hasPriority: false,
  specFields: ["subject", "ingress", "egress"],
  checkSpec(c, _spec, name) {
    if (typeof name === "string" && name !== "default") c.error(["metadata", "name"], `BaselineAdminNetworkPolicy is a singleton and must be named "default", got "${name}"`);
  },
  placement: () => ({ tier: TIERS.baseline, family: "baseline" }),
};

export const baselineAdminNetworkPolicy: PolicyKind = {
  id: "baselineadminnetworkpolicy",
  handles: [`${V1ALPHA1} BaselineAdminNetworkPolicy`],
  accepts: (o) => o.apiVersion === V1ALPHA1 && o.kind === "BaselineAdminNetworkPolicy",
  validate: (lo) => validateAdmin(BANP_DIALECT, lo),
  compile: (lo) => compileAdmin(BANP_DIALECT, lo),
};
