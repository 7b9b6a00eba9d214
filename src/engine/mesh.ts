// The mesh layer (SEMANTICS §0.4, §5): Istio's PeerAuthentication and AuthorizationPolicy,
// evaluated at the destination's proxy after the CNI tiers and the L7 step.
//
// Enforced by the mesh, not by the CNI: `--cni` never turns it off (flannel enforces no
// NetworkPolicy, yet Istio still enforces AuthorizationPolicy). A profile's `enforces` list
// says nothing about the istio family; the mesh is on whenever the input has one.
//
// Plain functions for other checks (lint): meshMembership, mtlsMode, mtlsStatus,
// authorizationPoliciesFor.

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import { matches } from "../model/labels.js";
import type { AuthorizationPolicyIR, MeshIR, MeshMembership, MtlsMode, PeerAuthenticationIR } from "../model/mesh.js";
import { DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN, meshPresent } from "../model/mesh.js";
import { originName } from "../model/ir.js";
import type { SourceRef } from "../model/source.js";
import type { Flow } from "./endpoint.js";
import type { PolicyModel } from "./model.js";
import type { MeshVerdict, MtlsStatus, TraceStep } from "./verdict.js";
import { meshRuleMatches } from "./mesh-match.js";
import type { MeshRequest } from "./mesh-match.js";

const NOT_IN_MESH: MeshMembership = { dataplane: "none", reason: "the input has no mesh data" };

/** Whether and how a pod is in the mesh (kinds/istio/membership.ts says how it is decided). */
export function meshMembership(model: PolicyModel, pod: Pod): MeshMembership {
  return model.cluster.mesh?.members.get(podKey(pod)) ?? { dataplane: "none", reason: model.cluster.mesh ? `${podKey(pod)} is not known to the mesh` : NOT_IN_MESH.reason };
}

export interface EffectiveMode {
  mode: MtlsMode;
  /** The PeerAuthentication that set it; absent for Istio's default (PERMISSIVE). */
  policy?: PeerAuthenticationIR;
  /** Set by a portLevelMtls entry. */
  portLevel?: boolean;
  text: string;
}

const byAge = (a: PeerAuthenticationIR, b: PeerAuthenticationIR) =>
  (a.createdAt ?? "\uffff").localeCompare(b.createdAt ?? "\uffff") || `${a.namespace}/${a.origin.name}`.localeCompare(`${b.namespace}/${b.origin.name}`);

const byAgeCache = new WeakMap<MeshIR, readonly PeerAuthenticationIR[]>();

/** The mesh's PeerAuthentications, oldest first: sorted once per mesh, not per flow. */
function peerAuthenticationsByAge(mesh: MeshIR): readonly PeerAuthenticationIR[] {
  let sorted = byAgeCache.get(mesh);
  if (!sorted) byAgeCache.set(mesh, (sorted = [...mesh.peerAuthentication].sort(byAge)));
  return sorted;
}

/**
 * The destination's effective mTLS mode for a port (§5.5.2): workload > namespace > mesh;
 * the oldest policy of a scope wins; UNSET inherits; portLevelMtls overrides for its port.
 */
export function mtlsMode(model: PolicyModel, pod: Pod, port: number): EffectiveMode {
  const mesh = model.cluster.mesh;
  const root = mesh?.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const all = mesh ? peerAuthenticationsByAge(mesh) : [];
  const meshWide = all.find((p) => p.scope === "mesh");
  const nsWide = all.find((p) => p.scope === "namespace" && p.namespace === pod.namespace);
  // Selector policies in the root namespace are ignored (§5.5.2).
  const workload = all.find((p) => p.scope === "workload" && p.namespace === pod.namespace && p.namespace !== root && matches(p.selector!, pod.labels));
  let out: EffectiveMode = { mode: "PERMISSIVE", text: "no PeerAuthentication applies: Istio's default is PERMISSIVE" };
  for (const [p, scope] of [[meshWide, "mesh-wide"], [nsWide, "namespace"], [workload, "workload"]] as const) {
    if (!p || p.mode === "UNSET") continue;
    out = { mode: p.mode, policy: p, text: `${originName(p.origin)} (${scope}) sets ${p.mode}` };
  }
  const portMode = workload?.portLevel[port];
  if (workload && portMode && portMode !== "UNSET") out = { mode: portMode, policy: workload, portLevel: true, text: `${originName(workload.origin)} portLevelMtls ${port} sets ${portMode}` };
  return out;
}

const principalOf = (model: PolicyModel, pod: Pod) => `${model.cluster.mesh?.trustDomain ?? DEFAULT_TRUST_DOMAIN}/ns/${pod.namespace}/sa/${pod.serviceAccount}`;

/** Mutual TLS with the source's principal, or plaintext, and why (§5.4, §5.5). */
export function mtlsStatus(model: PolicyModel, flow: Flow): MtlsStatus {
  const plain = (reason: string, mode?: MtlsMode): MtlsStatus => ({ status: "plaintext", reason, ...(mode ? { mode } : {}) });
  if (flow.protocol !== "TCP") return plain(`Istio's proxies carry only TCP: ${flow.protocol} bypasses the mesh`);
  if (flow.src.kind !== "pod") return plain("the source is not a pod of the mesh (a node or outside the cluster)");
  if (flow.dst.kind !== "pod") return plain("the destination is not a pod of the mesh (a node or outside the cluster)");
  const src = meshMembership(model, flow.src.pod);
  const dst = meshMembership(model, flow.dst.pod);
  if (dst.dataplane === "none") return plain(`the destination is not in the mesh: ${dst.reason}`);
  const eff = mtlsMode(model, flow.dst.pod, flow.port);
  if (src.dataplane === "none") return plain(`the source is not in the mesh: ${src.reason}`, eff.mode);
  const principal = principalOf(model, flow.src.pod);
  // ztunnel always tunnels meshed traffic over HBONE (mTLS); DISABLE is not supported there (§5.5.4).
  if (dst.dataplane === "ambient") return { status: "mutual", principal, mode: eff.mode, reason: `both ends are in the mesh and the destination is ambient: ztunnel uses mTLS (HBONE)${eff.mode === "DISABLE" ? "; DISABLE is not supported in ambient mode" : ""}` };
  if (eff.mode === "DISABLE") return plain(`${eff.text}: clients send plaintext (auto mTLS follows the server's mode)`, eff.mode);
  return { status: "mutual", principal, mode: eff.mode, reason: `both ends are in the mesh; ${eff.text}: auto mTLS` };
}

/** The AuthorizationPolicies that apply at a pod's proxy, in input order (§5.1). */
export function authorizationPoliciesFor(model: PolicyModel, pod: Pod): AuthorizationPolicyIR[] {
  const mesh = model.cluster.mesh;
  if (!mesh) return [];
  return mesh.authorization.filter((p) => {
    if (p.scope === "targetRefs") return false; // gateways and waypoints, not the pod's own proxy
    if (p.namespace !== pod.namespace && p.namespace !== mesh.rootNamespace) return false;
    return p.scope === "namespace" || matches(p.selector!, pod.labels);
  });
}

function meshStep(text: string, p?: AuthorizationPolicyIR | PeerAuthenticationIR, action?: "allow" | "deny" | "log", rule?: { path: string; source?: SourceRef }): TraceStep {
  return {
    event: "mesh",
    tier: "mesh",
    text,
    ...(action ? { action } : {}),
    ...(p ? { policy: p.origin } : {}),
    ...(rule ? { rulePath: rule.path, ...(rule.source ? { ruleSource: rule.source } : {}) } : {}),
  };
}

function request(model: PolicyModel, flow: Flow, mtls: MtlsStatus, policyNamespace: string, proxySeesHttp: boolean): MeshRequest {
  const src = flow.src.kind === "pod" ? flow.src.pod : undefined;
  return {
    ...(mtls.status === "mutual" && src ? { peer: { namespace: src.namespace, serviceAccount: src.serviceAccount, principal: mtls.principal! } } : {}),
    ...(proxySeesHttp && flow.http ? { http: flow.http } : {}),
    srcIP: flow.src.ip,
    dstIP: flow.dst.ip,
    port: flow.port,
    policyNamespace,
  };
}

const presentCache = new WeakMap<PolicyModel, boolean>();

/** The mesh layer for one flow; undefined when the input has no mesh at all. */
export function evaluateMesh(model: PolicyModel, flow: Flow): MeshVerdict | undefined {
  let present = presentCache.get(model);
  if (present === undefined) presentCache.set(model, (present = meshPresent(model.cluster.mesh)));
  if (!present) return undefined;
  const mtls = mtlsStatus(model, flow);
  const mtlsText = mtls.status === "mutual" ? `mutual TLS as ${mtls.principal}` : `plaintext (${mtls.reason})`;
  const steps: TraceStep[] = [meshStep(`mTLS: ${mtlsText}`)];
  const open = (decidedBy: string, why: string): MeshVerdict => ({ mtls, status: "not-enforced", allowed: true, decidedBy, steps: [...steps, meshStep(why)], summary: why });
  if (flow.dst.kind !== "pod") return open("not-in-mesh", "the destination is not a pod: no mesh proxy receives this traffic");
  const dstPod = flow.dst.pod;
  const dst = meshMembership(model, dstPod);
  if (dst.dataplane === "none") return open("not-in-mesh", `no mesh authorization: ${dst.reason}`);
  if (flow.protocol !== "TCP") return open("not-proxied", `no mesh authorization: Istio's proxies carry only TCP, ${flow.protocol} bypasses them`);
  steps.push(meshStep(`${podKey(dstPod)} is in the mesh (${dst.dataplane}): ${dst.reason}`));

  if (mtls.status === "plaintext" && mtls.mode === "STRICT") {
    const eff = mtlsMode(model, dstPod, flow.port);
    const text = `${eff.text}: the destination's proxy rejects plaintext before authorization runs (${mtls.reason})`;
    return { mtls, status: "denied", allowed: false, decidedBy: "peer-authentication", steps: [...steps, meshStep(text, eff.policy, "deny")], summary: text };
  }

  // ztunnel (ambient, no waypoint modelled) sees no HTTP: L7 fields are unusable there.
  const seesHttp = dst.dataplane === "sidecar";
  if (flow.http && !seesHttp) steps.push(meshStep(`${podKey(dstPod)} is ambient: ztunnel enforces L4 attributes only, the HTTP request is not seen (L7 policy needs a waypoint)`));
  else if (!flow.http) steps.push(meshStep("no HTTP request given: the connection is judged as TCP traffic (give --http to check a request)"));

  const policies = authorizationPoliciesFor(model, dstPod);
  const matchOf = (p: AuthorizationPolicyIR) => {
    const req = request(model, flow, mtls, p.namespace, seesHttp);
    const notes: string[] = [];
    const misses: string[] = [];
    for (const r of p.rules) {
      const m = meshRuleMatches(r, p.action, req);
      notes.push(...m.notes);
      if (m.matched) return { rule: r, notes, misses };
      misses.push(m.why!);
    }
    return { rule: undefined, notes, misses };
  };
  const deny = (decidedBy: string, text: string, p: AuthorizationPolicyIR, rule?: { path: string }): MeshVerdict => ({
    mtls,
    status: "denied",
    allowed: false,
    decidedBy,
    steps: [...steps, meshStep(text, p, "deny", rule)],
    summary: text,
  });

  // Dry-run policies are evaluated and reported, never enforced.
  for (const p of policies.filter((x) => x.dryRun)) {
    const m = matchOf(p);
    steps.push(meshStep(`${originName(p.origin)} (${p.action}, dry run: not enforced) ${m.rule ? `would match ${m.rule.path}` : "would not match"}`, p, "log", m.rule));
  }
  const live = policies.filter((p) => !p.dryRun);

  for (const p of live.filter((x) => x.action === "CUSTOM")) {
    const m = matchOf(p);
    if (m.rule) steps.push(meshStep(`${originName(p.origin)} ${m.rule.path} (CUSTOM) sends the request to provider ${p.provider}: its answer is outside the input, podwall assumes it allows`, p, "log", m.rule));
  }
  for (const p of live.filter((x) => x.action === "DENY")) {
    const m = matchOf(p);
    for (const n of m.notes) steps.push(meshStep(n, p));
    if (m.rule) return deny("deny", `denied by ${originName(p.origin)} ${m.rule.path} (DENY policies run before ALLOW)`, p, m.rule);
  }
  for (const p of live.filter((x) => x.action === "AUDIT")) {
    const m = matchOf(p);
    if (m.rule) steps.push(meshStep(`${originName(p.origin)} ${m.rule.path} (AUDIT) marks the request for audit; no effect on the verdict`, p, "log", m.rule));
  }
  const allows = live.filter((x) => x.action === "ALLOW");
  if (allows.length === 0) {
    const text = `no ALLOW policy applies to ${podKey(dstPod)}: the mesh allows`;
    return { mtls, status: "allowed", allowed: true, decidedBy: "no-allow-policy", steps: [...steps, meshStep(text, undefined, "allow")], summary: text };
  }
  const why: string[] = [];
  for (const p of allows) {
    const m = matchOf(p);
    for (const n of m.notes) steps.push(meshStep(n, p));
    if (m.rule) {
      const text = `allowed by ${originName(p.origin)} ${m.rule.path} (${mtlsText})`;
      return { mtls, status: "allowed", allowed: true, decidedBy: "allow", steps: [...steps, meshStep(text, p, "allow", m.rule)], summary: text };
    }
    why.push(p.rules.length ? `${originName(p.origin)}: ${m.misses.join("; ")}` : `${originName(p.origin)} has no rules (allow-nothing)`);
  }
  const text = `ALLOW policies select ${podKey(dstPod)} and none matches: ${why.join("; ")}`;
  return deny("no-allow-match", text, allows[0]!);
}
