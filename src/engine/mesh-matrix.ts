// The mesh in the matrix. The bitset engine (fast-engine.ts) answers the L3/L4 tiers only;
// evaluate() then applies Istio at the destination's proxy (STRICT rejects plaintext, ALLOW
// policies deny other sources). This combines the two for computeMatrix: a cell is allowed
// when the fast L3/L4 answer allows and the mesh's connection-level verdict (no HTTP
// attributes, as evaluate() judges a flow without --http) allows too.
//
// The mesh verdict is computed once per (source key, destination key, port) and shared:
// without HTTP, evaluateMesh reads of the source only its endpoint kind, whether it is in the
// mesh, its namespace and service account (the principal; only read where the destination's
// policies use identity fields, so only then part of the key), and of the destination its
// endpoint kind, dataplane, effective mTLS mode for the port and the AuthorizationPolicies at
// its proxy. IP-based fields (ipBlocks, remoteIpBlocks, source.ip, remote.ip, destination.ip)
// add the address to the key, which then is per pair: still exact, only less shared.

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import { SOURCE_FIELDS, conditionNeeds } from "../model/mesh-fields.js";
import type { AuthorizationPolicyIR, MeshIR } from "../model/mesh.js";
import { podEndpoint } from "./endpoint.js";
import type { Endpoint } from "./endpoint.js";
import type { PortKey } from "./matrix.js";
import type { PolicyModel } from "./model.js";
import { authorizationPoliciesFor, evaluateMesh, meshMembership, mtlsMode } from "./mesh.js";

export type PairAllowed = (m: PolicyModel, src: Pod, dst: Pod, k: PortKey) => boolean;

/** Whether the mesh can deny anything: without Istio policies it allows every connection. */
export function meshDecides(model: PolicyModel): boolean {
  const mesh = model.cluster.mesh;
  return !!mesh && (mesh.authorization.length > 0 || mesh.peerAuthentication.length > 0);
}

/** Which addresses the AuthorizationPolicies look at: then the key must carry them. */
/** Whether Istio rules read the source or destination address (then addresses tell pods apart). */
export function ipFieldsUsed(mesh: MeshIR): { src: boolean; dst: boolean } {
  const out = { src: false, dst: false };
  for (const p of mesh.authorization)
    for (const r of p.rules) {
      for (const s of r.from ?? []) if (s.ipBlocks || s.remoteIpBlocks) out.src = true;
      for (const c of r.when ?? []) {
        if (c.key === "source.ip" || c.key === "remote.ip") out.src = true;
        if (c.key === "destination.ip") out.dst = true;
      }
    }
  return out;
}

/** Whether a policy reads the source's identity (namespace, service account, principal). */
function readsIdentity(p: AuthorizationPolicyIR): boolean {
  return p.rules.some((r) => (r.from ?? []).some((f) => SOURCE_FIELDS.some((x) => x.needs === "mtls" && f[x.name])) || (r.when ?? []).some((c) => conditionNeeds(c.key) === "mtls"));
}

/**
 * The L3/L4 answer `l4` combined with the mesh's connection-level verdict; `l4` itself when
 * the mesh cannot deny (no mesh, or no PeerAuthentication and no AuthorizationPolicy).
 */
export function withMesh(model: PolicyModel, l4: PairAllowed): PairAllowed {
  if (!meshDecides(model)) return l4;
  const mesh = model.cluster.mesh!;
  const ipUsed = ipFieldsUsed(mesh);
  const policyIds = new Map<AuthorizationPolicyIR, number>(mesh.authorization.map((p, i) => [p, i]));
  const endpoints = new Map<Pod, Endpoint>();
  const srcKeys = new Map<Pod, string>();
  const dstKeys = new Map<Pod, string>(); // without the port-dependent mTLS mode
  const verdicts = new Map<string, boolean>();
  const identityAt = new Set<Pod>(); // destinations whose policies read the peer identity
  const modes = new Map<string, string>(); // `ns/pod|port` → effective mTLS mode

  const endpointOf = (p: Pod): Endpoint => {
    let e = endpoints.get(p);
    if (!e) endpoints.set(p, (e = podEndpoint(model, p)));
    return e;
  };
  /** The source's key; its namespace and service account only where the destination's policies read the identity. */
  const srcKey = (p: Pod, identity: boolean): string => {
    let k = srcKeys.get(p);
    if (k === undefined) {
      const e = endpointOf(p);
      const inMesh = meshMembership(model, p).dataplane !== "none";
      k = `${e.kind}|${inMesh ? "in" : "out"}${ipUsed.src ? `|${e.ip ?? ""}` : ""}`;
      srcKeys.set(p, k);
    }
    return identity ? `${k}|${p.namespace}|${p.serviceAccount}` : k;
  };
  const dstKey = (p: Pod, k: PortKey): string => {
    let base = dstKeys.get(p);
    if (base === undefined) {
      const e = endpointOf(p);
      const dataplane = meshMembership(model, p).dataplane;
      // Outside the mesh no proxy decides: every such destination behaves alike.
      const policies = e.kind !== "pod" || dataplane === "none" ? [] : authorizationPoliciesFor(model, p);
      base = e.kind !== "pod" || dataplane === "none" ? "open" : `${dataplane}|${policies.map((x) => policyIds.get(x)).join(",")}${ipUsed.dst ? `|${e.ip ?? ""}` : ""}`;
      if (policies.some(readsIdentity)) identityAt.add(p);
      dstKeys.set(p, base);
    }
    // The mode only matters for TCP into the mesh; the policies' own namespace comes with their ids.
    if (base === "open" || k.protocol !== "TCP") return base;
    const mk = `${podKey(p)}|${k.port}`;
    let mode = modes.get(mk);
    if (mode === undefined) modes.set(mk, (mode = mtlsMode(model, p, k.port).mode));
    return `${base}|${mode}`;
  };

  return (m, src, dst, k) => {
    if (!l4(m, src, dst, k)) return false;
    const dk = dstKey(dst, k);
    const key = `${srcKey(src, identityAt.has(dst))}>${dk}>${k.protocol}/${k.port}`;
    let allowed = verdicts.get(key);
    if (allowed === undefined) {
      const v = evaluateMesh(model, { src: endpointOf(src), dst: endpointOf(dst), protocol: k.protocol, port: k.port, selfVia: "service" });
      allowed = v?.allowed ?? true;
      verdicts.set(key, allowed);
    }
    return allowed;
  };
}
