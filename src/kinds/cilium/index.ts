// The two Cilium policy kinds (cilium.io/v2): one module, two PolicyKind values, because
// they differ only in scope (SEMANTICS §4.3): a CiliumNetworkPolicy lives in a namespace and
// its selectors default to it; a CiliumClusterwideNetworkPolicy spans every namespace.

import type { PolicyKind } from "../kind.js";
import { compileCilium } from "./compile.js";
import { validateCilium } from "./validate.js";

export const ciliumNetworkPolicy: PolicyKind = {
  id: "cilium",
  handles: ["cilium.io/v2 CiliumNetworkPolicy"],
  accepts: (o) => o.apiVersion === "cilium.io/v2" && o.kind === "CiliumNetworkPolicy",
  validate: (lo) => validateCilium(lo, false),
  compile: (lo, ctx) => compileCilium(lo, ctx.cluster, false),
};

export const ciliumClusterwideNetworkPolicy: PolicyKind = {
  id: "cilium-clusterwide",
  handles: ["cilium.io/v2 CiliumClusterwideNetworkPolicy"],
  accepts: (o) => o.apiVersion === "cilium.io/v2" && o.kind === "CiliumClusterwideNetworkPolicy",
  validate: (lo) => validateCilium(lo, true),
  compile: (lo, ctx) => compileCilium(lo, ctx.cluster, true),
};
