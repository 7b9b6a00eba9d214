// The Calico objects that are not policies but that policies refer to: Tier, NetworkSet,
// GlobalNetworkSet (SEMANTICS §3.1, §3.6). They are validated as objects of their own and read
// by the policy compiler through CompileContext.objects; they compile to no IR themselves.

import type { LocatedObject, KubeObject } from "../../model/object.js";
import type { Labels } from "../../model/labels.js";
import type { Tier } from "../../model/ir.js";
import { CALICO_BUILTIN_TIERS, calicoTier } from "../../model/calico-tier.js";
import { Checker } from "../checker.js";
import { checkMetadata } from "../k8s-rules.js";
import type { CompileContext, PolicyKind } from "../kind.js";
import { calicoNet } from "./nets.js";

export const CALICO_API = "projectcalico.org/v3";
const SUPPORT_KINDS = ["Tier", "NetworkSet", "GlobalNetworkSet"];

export const isCalico = (o: KubeObject, kind: string) => o.apiVersion === CALICO_API && o.kind === kind;

export interface NetworkSetInfo {
  /** Undefined for a GlobalNetworkSet. */
  namespace?: string;
  name: string;
  labels: Labels;
  nets: string[];
}

/** Every (Global)NetworkSet loaded, with its nets normalized. Invalid nets are left out. */
function networkSets(objects: readonly LocatedObject[]): NetworkSetInfo[] {
  const out: NetworkSetInfo[] = [];
  for (const { object: o } of objects) {
    const global = isCalico(o, "GlobalNetworkSet");
    if (!global && !isCalico(o, "NetworkSet")) continue;
    const md = (o.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
    const spec = (o.spec ?? {}) as { nets?: unknown };
    const nets = (Array.isArray(spec.nets) ? spec.nets : []).map((n) => (typeof n === "string" ? calicoNet(n) : undefined)).filter((n): n is string => n !== undefined);
    out.push({ namespace: global ? undefined : (md.namespace ?? "default"), name: String(md.name ?? ""), labels: md.labels ?? {}, nets });
  }
  return out;
}

/** The objects Calico policies refer to, read once per compilation (not once per policy). */
export interface CalicoSupport {
  netsets: NetworkSetInfo[];
  /** Tier objects by name; the first of a name counts. */
  tiers: Map<string, LocatedObject>;
}

const SUPPORT = new WeakMap<CompileContext, CalicoSupport>();

export function calicoSupport(ctx: CompileContext): CalicoSupport {
  let s = SUPPORT.get(ctx);
  if (!s) {
    const tiers = new Map<string, LocatedObject>();
    for (const lo of ctx.objects) {
      const name = (lo.object.metadata as { name?: unknown } | undefined)?.name;
      if (isCalico(lo.object, "Tier") && typeof name === "string" && !tiers.has(name)) tiers.set(name, lo);
    }
    s = { netsets: networkSets(ctx.objects), tiers };
    SUPPORT.set(ctx, s);
  }
  return s;
}

/** The IR tier for a Calico tier name: the Tier object's order and defaultAction, else built-in, else last. */
export function tierNamed(name: string, tiers: ReadonlyMap<string, LocatedObject>): { tier: Tier; known: boolean } {
  const obj = tiers.get(name);
  if (obj) {
    const spec = (obj.object.spec ?? {}) as { order?: number; defaultAction?: string };
    const builtin = CALICO_BUILTIN_TIERS[name];
    const order = typeof spec.order === "number" ? spec.order : builtin?.order;
    return { tier: calicoTier(name, order, spec.defaultAction === "Pass" ? "Pass" : "Deny"), known: true };
  }
  const builtin = CALICO_BUILTIN_TIERS[name];
  if (builtin) return { tier: calicoTier(name, builtin.order, builtin.defaultAction), known: true };
  return { tier: calicoTier(name, undefined, "Deny"), known: false };
}

function validateSupport(lo: LocatedObject) {
  const c = new Checker(lo);
  const o = lo.object;
  const namespaced = o.kind === "NetworkSet";
  checkMetadata(c, o.metadata, namespaced);
  const spec = o.spec;
  if (!c.isObject(spec, ["spec"])) return c.diagnostics;
  if (o.kind === "Tier") {
    c.knownFields(spec, ["spec"], ["order", "defaultAction"]);
    if (spec.order !== undefined && spec.order !== null && (typeof spec.order !== "number" || !Number.isFinite(spec.order)))
      c.error(["spec", "order"], `order must be a number, got ${JSON.stringify(spec.order)}`);
    if (spec.defaultAction !== undefined && spec.defaultAction !== "Deny" && spec.defaultAction !== "Pass")
      c.error(["spec", "defaultAction"], `defaultAction must be "Deny" or "Pass", got ${JSON.stringify(spec.defaultAction)}`);
    return c.diagnostics;
  }
  c.knownFields(spec, ["spec"], ["nets", "allowedEgressDomains"]);
  if (spec.allowedEgressDomains !== undefined) c.warn(["spec", "allowedEgressDomains"], "allowedEgressDomains (Calico Enterprise) is not evaluated by podwall: only nets count");
  if (c.isArray(spec.nets, ["spec", "nets"]))
    spec.nets.forEach((n, i) => {
      if (typeof n !== "string" || !calicoNet(n)) c.error(["spec", "nets", i], `expected a CIDR or an IP address, got ${JSON.stringify(n)}`);
    });
  return c.diagnostics;
}

/** Tier, NetworkSet, GlobalNetworkSet: validated, compiled to nothing (policies read them). */
export const calicoSupportObjects: PolicyKind = {
  id: "calico-objects",
  handles: SUPPORT_KINDS.map((k) => `${CALICO_API} ${k}`),
  accepts: (o) => o.apiVersion === CALICO_API && typeof o.kind === "string" && SUPPORT_KINDS.includes(o.kind),
  validate: validateSupport,
  compile: () => [],
};
