// Calico NetworkPolicy and GlobalNetworkPolicy (projectcalico.org/v3) → IR (SEMANTICS §3).
// One IR policy per Calico policy, in its Calico tier, ordered by (order ?? ∞, name). Every
// type the policy has isolates: at the end of the tier, an endpoint some policy of the tier
// selected in that direction is denied unless a rule allowed or passed (end-of-tier deny),
// unless the tier's defaultAction is Pass.

import type { Direction, NamespaceSel, PodSelector, PolicyIR, Rule } from "../../model/ir.js";
import { and, ALL } from "../../model/labels.js";
import type { LocatedObject } from "../../model/object.js";
import type { CompileContext, PolicyKind } from "../kind.js";
import { CALICO_API, calicoSupport, tierNamed } from "./objects.js";
import { compileRule } from "./rules.js";
import type { CalicoRule, LocalConstraint } from "./rules.js";
import { parseSelector, toLabelExpr } from "./selector.js";
import { validateCalicoPolicy } from "./validate.js";

interface CalicoPolicySpec {
  order?: number | null;
  tier?: string | null;
  selector?: string | null;
  namespaceSelector?: string | null;
  serviceAccountSelector?: string | null;
  types?: string[] | null;
  ingress?: CalicoRule[] | null;
  egress?: CalicoRule[] | null;
  doNotTrack?: boolean;
  preDNAT?: boolean;
}

/**
 * §3.3: `types` absent or empty → Ingress when there are ingress rules or no rules at all,
 * Egress when there are egress rules; so egress rules alone give [Egress] (Kubernetes would
 * give [Ingress, Egress]).
 */
export function calicoTypes(spec: CalicoPolicySpec): Direction[] {
  if (spec.types && spec.types.length > 0) return (["ingress", "egress"] as const).filter((d) => spec.types!.includes(d === "ingress" ? "Ingress" : "Egress"));
  const hasIn = (spec.ingress?.length ?? 0) > 0;
  const hasEg = (spec.egress?.length ?? 0) > 0;
  if (hasEg && !hasIn) return ["egress"];
  if (hasEg && hasIn) return ["ingress", "egress"];
  return ["ingress"];
}

const NS_NAME_VIEW = { all: ALL, rename: { "projectcalico.org/name": "kubernetes.io/metadata.name" } };

function compilePolicy(lo: LocatedObject, ctx: CompileContext, global: boolean): PolicyIR[] {
  const o = lo.object;
  const md = o.metadata as { name: string; namespace?: string };
  const ns = global ? undefined : (md.namespace ?? "default");
  const spec = (o.spec ?? {}) as CalicoPolicySpec;
  // doNotTrack / preDNAT policies only ever apply to host endpoints (§3.7), which are not modelled.
  if (global && (spec.doNotTrack || spec.preDNAT)) return [];
  const tierName = spec.tier || "default";
  const support = calicoSupport(ctx);
  const { tier, known } = tierNamed(tierName, support.tiers);
  if (!known) ctx.cluster.notes.push(`${o.kind} ${ns ? `${ns}/` : ""}${md.name}: tier "${tierName}" has no Tier object; it is placed after every ordered tier`);

  const namespace: NamespaceSel = ns !== undefined ? { type: "name", name: ns } : { type: "labels", expr: spec.namespaceSelector ? toLabelExpr(parseSelector(spec.namespaceSelector), NS_NAME_VIEW) : ALL };
  const subject: PodSelector = {
    namespace,
    pod: spec.selector ? toLabelExpr(parseSelector(spec.selector)) : ALL,
    labelView: "calico",
    ...(spec.serviceAccountSelector ? { serviceAccount: toLabelExpr(parseSelector(spec.serviceAccountSelector)) } : {}),
  };
  const base = {
    origin: { apiVersion: CALICO_API, kind: String(o.kind), namespace: ns, name: md.name, source: lo.locate([]) },
    family: "calico" as const,
    tier,
  };
  const order = typeof spec.order === "number" ? spec.order : Infinity;
  const ruleCtx = { lo, namespace: ns, netsets: support.netsets, cluster: ctx.cluster };

  // Rules whose own-endpoint side (ingress destination / egress source) has a selector apply
  // to fewer endpoints than the policy: such runs of rules become parts of the policy with a
  // narrower subject, kept in rule order. The whole-subject part comes first so that the
  // policy still isolates every endpoint it selects.
  const parts: PolicyIR[] = [];
  const whole: PolicyIR = { ...base, order: [order, md.name, 0], subject };
  parts.push(whole);
  for (const dir of calicoTypes(spec)) {
    whole[dir] = { isolates: true, rules: [] };
    let current = whole;
    let currentKey = "";
    (spec[dir] ?? []).forEach((r, i) => {
      const { rule, local } = compileRule(r, dir, i, ruleCtx);
      const key = local ? JSON.stringify(local) : "";
      if (key !== currentKey) {
        current = { ...base, order: [order, md.name, parts.length], subject: local ? narrow(subject, local) : subject, [dir]: { isolates: true, rules: [] as Rule[] } };
        parts.push(current);
        currentKey = key;
      }
      current[dir]!.rules.push(rule);
    });
  }
  return parts;
}

function narrow(s: PodSelector, c: LocalConstraint): PodSelector {
  let namespace = s.namespace;
  if (c.namespace) {
    const current = s.namespace.type === "name" ? { op: "eq" as const, key: "kubernetes.io/metadata.name", value: s.namespace.name } : s.namespace.expr;
    namespace = { type: "labels", expr: and([current, c.namespace]) };
  }
  const sa = [s.serviceAccount, c.serviceAccount].filter((x) => x !== undefined);
  return { ...s, namespace, pod: and([s.pod, c.pod]), ...(sa.length ? { serviceAccount: and(sa) } : {}) };
}

export const calicoNetworkPolicy: PolicyKind = {
  id: "calico-networkpolicy",
  handles: [`${CALICO_API} NetworkPolicy`],
  accepts: (o) => o.apiVersion === CALICO_API && o.kind === "NetworkPolicy",
  validate: (lo) => validateCalicoPolicy(lo, false).diagnostics,
  compile: (lo, ctx) => compilePolicy(lo, ctx, false),
};

export const calicoGlobalNetworkPolicy: PolicyKind = {
  id: "calico-globalnetworkpolicy",
  handles: [`${CALICO_API} GlobalNetworkPolicy`],
  accepts: (o) => o.apiVersion === CALICO_API && o.kind === "GlobalNetworkPolicy",
  validate: (lo) => validateCalicoPolicy(lo, true).diagnostics,
  compile: (lo, ctx) => compilePolicy(lo, ctx, true),
};
