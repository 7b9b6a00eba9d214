// The mesh IR: Istio's layer, kept apart from the L3/L4 IR (SEMANTICS §0.4, §5). The CNI
// tiers decide whether a connection is let through; the mesh then decides, per request at
// the destination's proxy, with its own order (CUSTOM → DENY → ALLOW) and with an identity
// that only exists under mutual TLS. Built once from the loaded objects (kinds/istio).

import type { LabelExpr } from "./labels.js";
import type { Origin } from "./ir.js";
import type { SourceRef } from "./source.js";

/** How a pod takes part in the mesh, and the evidence podwall read it from. */
export interface MeshMembership {
  /** `sidecar`: an istio-proxy beside the app; `ambient`: ztunnel on the node; `none`: outside. */
  dataplane: "sidecar" | "ambient" | "none";
  /** The evidence, in words: "has an istio-proxy container", "namespace shop has istio-injection=enabled", … */
  reason: string;
}

/** PeerAuthentication modes; UNSET inherits from the next broader scope (§5.5.1). */
export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";
export type PeerAuthMode = MtlsMode | "UNSET";

export interface PeerAuthenticationIR {
  origin: Origin;
  /** `mesh`: root namespace, no selector; `namespace`: no selector; `workload`: a selector. */
  scope: "mesh" | "namespace" | "workload";
  namespace: string;
  selector?: LabelExpr;
  mode: PeerAuthMode;
  /** Container (target) port → mode; only with a selector (§5.5.3). */
  portLevel: Record<number, PeerAuthMode>;
  /** metadata.creationTimestamp: the oldest policy of a scope wins (§5.5.2). */
  createdAt?: string;
}

/** A list field of an AuthorizationPolicy source/operation, with its negative form. */
export interface Matcher {
  values?: string[];
  notValues?: string[];
}

/** Source fields (§5.3.2). Identity fields need mTLS; requestPrincipals needs HTTP. */
export interface AuthzSource {
  principals?: Matcher;
  requestPrincipals?: Matcher;
  namespaces?: Matcher;
  serviceAccounts?: Matcher;
  ipBlocks?: Matcher;
  remoteIpBlocks?: Matcher;
}

/** Operation fields (§5.3.3). All but ports need HTTP. */
export interface AuthzOperation {
  hosts?: Matcher;
  ports?: Matcher;
  methods?: Matcher;
  paths?: Matcher;
}

export interface AuthzCondition {
  key: string;
  values?: string[];
  notValues?: string[];
}

export interface AuthzRule {
  /** Absent: no constraint. Entries are OR'ed, fields inside an entry AND'ed. */
  from?: AuthzSource[];
  to?: AuthzOperation[];
  when?: AuthzCondition[];
  path: string;
  source?: SourceRef;
}

export type AuthzAction = "ALLOW" | "DENY" | "AUDIT" | "CUSTOM";

export interface AuthorizationPolicyIR {
  origin: Origin;
  namespace: string;
  action: AuthzAction;
  /** CUSTOM: the extension provider that decides. */
  provider?: string;
  /** `namespace`: no selector (in the root namespace: the whole mesh); `workload`: selector; `targetRefs`: gateways/waypoints. */
  scope: "namespace" | "workload" | "targetRefs";
  selector?: LabelExpr;
  /** `Kind/name` of each targetRef, for the trace. */
  targetRefs?: string[];
  /** Absent `rules`: the policy never matches (an ALLOW policy then allows nothing). */
  rules: AuthzRule[];
  /** `istio.io/dry-run: "true"`: evaluated and reported, never enforced. */
  dryRun: boolean;
}

export interface MeshIR {
  /** meshConfig rootNamespace (istio-system unless the `istio` ConfigMap says otherwise). */
  rootNamespace: string;
  /** meshConfig trustDomain, the first part of every principal. */
  trustDomain: string;
  /** `namespace/name` → membership, for every pod of the cluster. */
  members: Map<string, MeshMembership>;
  authorization: AuthorizationPolicyIR[];
  peerAuthentication: PeerAuthenticationIR[];
}

export const DEFAULT_ROOT_NAMESPACE = "istio-system";
export const DEFAULT_TRUST_DOMAIN = "cluster.local";

/** Whether the input has anything of a mesh: a pod in it, or an Istio policy. */
export function meshPresent(mesh: MeshIR | undefined): boolean {
  if (!mesh) return false;
  if (mesh.authorization.length || mesh.peerAuthentication.length) return true;
  for (const m of mesh.members.values()) if (m.dataplane !== "none") return true;
  return false;
}
