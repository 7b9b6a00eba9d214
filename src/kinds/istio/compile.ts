// AuthorizationPolicy and PeerAuthentication objects → the mesh IR (model/mesh.ts). Run only
// on objects without validation errors, so shapes are trusted here.

import type { AuthorizationPolicyIR, AuthzCondition, AuthzOperation, AuthzRule, AuthzSource, Matcher, PeerAuthenticationIR, PeerAuthMode } from "../../model/mesh.js";
import type { Origin } from "../../model/ir.js";
import type { LocatedObject } from "../../model/object.js";
import { ALL } from "../../model/labels.js";
import type { LabelExpr } from "../../model/labels.js";
import { fromLabelSelector } from "../k8s-selector.js";
import { rec } from "../values.js";
import type { Rec } from "../values.js";
import { OPERATION_FIELDS, SOURCE_FIELDS } from "../../model/mesh-fields.js";

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

function origin(lo: LocatedObject): Origin {
  const md = rec(lo.object.metadata);
  return { apiVersion: String(lo.object.apiVersion), kind: String(lo.object.kind), namespace: typeof md.namespace === "string" ? md.namespace : "default", name: String(md.name), source: lo.locate([]) };
}

/** Istio selectors are matchLabels only; no labels selects every workload of the scope. */
function workloadSelector(sel: unknown): LabelExpr | undefined {
  if (sel === undefined || sel === null) return undefined;
  const labels = rec(rec(sel).matchLabels);
  return Object.keys(labels).length ? fromLabelSelector({ matchLabels: labels }) : ALL;
}

function matcher(o: Rec, name: string, not: string): Matcher | undefined {
  const values = strings(o[name]);
  const notValues = strings(o[not]);
  if (values === undefined && notValues === undefined) return undefined;
  return { ...(values !== undefined ? { values } : {}), ...(notValues !== undefined ? { notValues } : {}) };
}

function compileSource(s: Rec): AuthzSource {
  const out: AuthzSource = {};
  for (const f of SOURCE_FIELDS) {
    const m = matcher(s, f.name, f.not);
    if (m) out[f.name] = m;
  }
  return out;
}

function compileOperation(o: Rec): AuthzOperation {
  const out: AuthzOperation = {};
  for (const f of OPERATION_FIELDS) {
    const m = matcher(o, f.name, f.not);
    if (m) out[f.name] = m;
  }
  return out;
}

function compileRule(lo: LocatedObject, r: unknown, i: number): AuthzRule {
  const rule = rec(r);
  const out: AuthzRule = { path: `spec.rules[${i}]`, source: lo.locate(["spec", "rules", i]) };
  if (Array.isArray(rule.from)) out.from = rule.from.map((f) => compileSource(rec(rec(f).source)));
  if (Array.isArray(rule.to)) out.to = rule.to.map((t) => compileOperation(rec(rec(t).operation)));
  if (Array.isArray(rule.when)) out.when = rule.when.map((w): AuthzCondition => ({ key: String(rec(w).key), ...(Array.isArray(rec(w).values) ? { values: strings(rec(w).values) } : {}), ...(Array.isArray(rec(w).notValues) ? { notValues: strings(rec(w).notValues) } : {}) }));
  return out;
}

export function compileAuthorizationPolicy(lo: LocatedObject): AuthorizationPolicyIR {
  const o = origin(lo);
  const md = rec(lo.object.metadata);
  const spec = rec(lo.object.spec);
  const refs = [...(spec.targetRef ? [spec.targetRef] : []), ...(Array.isArray(spec.targetRefs) ? spec.targetRefs : [])].map(rec);
  const selector = workloadSelector(spec.selector);
  const action = (spec.action as AuthorizationPolicyIR["action"] | undefined) ?? "ALLOW";
  return {
    origin: o,
    namespace: o.namespace!,
    action,
    ...(action === "CUSTOM" ? { provider: String(rec(spec.provider).name) } : {}),
    scope: refs.length ? "targetRefs" : selector ? "workload" : "namespace",
    ...(selector ? { selector } : {}),
    ...(refs.length ? { targetRefs: refs.map((r) => `${String(r.kind)}/${String(r.name)}`) } : {}),
    rules: Array.isArray(spec.rules) ? spec.rules.map((r, i) => compileRule(lo, r, i)) : [],
    dryRun: rec(md.annotations)["istio.io/dry-run"] === "true",
  };
}

export function compilePeerAuthentication(lo: LocatedObject, rootNamespace: string): PeerAuthenticationIR {
  const o = origin(lo);
  const md = rec(lo.object.metadata);
  const spec = rec(lo.object.spec);
  const selector = workloadSelector(spec.selector);
  const mode = (rec(spec.mtls).mode as PeerAuthMode | undefined) ?? "UNSET";
  const portLevel: Record<number, PeerAuthMode> = {};
  for (const [k, v] of Object.entries(rec(spec.portLevelMtls))) portLevel[Number(k)] = (rec(v).mode as PeerAuthMode | undefined) ?? "UNSET";
  return {
    origin: o,
    scope: selector ? "workload" : o.namespace === rootNamespace ? "mesh" : "namespace",
    namespace: o.namespace!,
    ...(selector ? { selector } : {}),
    mode,
    portLevel,
    ...(typeof md.creationTimestamp === "string" ? { createdAt: md.creationTimestamp } : {}),
  };
}
