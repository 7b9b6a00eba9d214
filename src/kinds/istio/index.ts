// Istio's security kinds (security.istio.io v1 and v1beta1). They are not L3/L4 rules: the
// mesh is its own layer (SEMANTICS §0.4), so compile() gives the L3/L4 IR nothing and
// buildMesh() turns the valid objects, with the cluster, into the mesh IR (model/mesh.ts)
// that compileObjects attaches to the cluster.

import type { Cluster } from "../../model/cluster.js";
import type { MeshIR } from "../../model/mesh.js";
import { DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN, meshPresent } from "../../model/mesh.js";
import type { KubeObject, LocatedObject } from "../../model/object.js";
import type { PolicyKind } from "../kind.js";
import { rec } from "../values.js";
import { compileAuthorizationPolicy, compilePeerAuthentication } from "./compile.js";
import { meshMembers } from "./membership.js";
import { validateAuthorizationPolicy, validatePeerAuthentication } from "./validate.js";

const VERSIONS = ["security.istio.io/v1", "security.istio.io/v1beta1"];
const isKind = (o: KubeObject, kind: string) => typeof o.apiVersion === "string" && VERSIONS.includes(o.apiVersion) && o.kind === kind;

export const authorizationPolicy: PolicyKind = {
  id: "istio-authorizationpolicy",
  handles: VERSIONS.map((v) => `${v} AuthorizationPolicy`),
  accepts: (o) => isKind(o, "AuthorizationPolicy"),
  validate: validateAuthorizationPolicy,
  compile: () => [], // the mesh layer: see buildMesh
};

export const peerAuthentication: PolicyKind = {
  id: "istio-peerauthentication",
  handles: VERSIONS.map((v) => `${v} PeerAuthentication`),
  accepts: (o) => isKind(o, "PeerAuthentication"),
  validate: validatePeerAuthentication,
  compile: () => [],
};

export const ISTIO_KINDS: PolicyKind[] = [authorizationPolicy, peerAuthentication];


/**
 * meshConfig, when the input holds Istio's `istio` ConfigMap (its `mesh` key is YAML text):
 * rootNamespace and trustDomain are top-level scalars there, read without a YAML parser so
 * that this module stays free of I/O and dependencies.
 */
function meshConfig(objects: readonly LocatedObject[]): { rootNamespace: string; trustDomain: string } {
  const out = { rootNamespace: DEFAULT_ROOT_NAMESPACE, trustDomain: DEFAULT_TRUST_DOMAIN };
  for (const lo of objects) {
    const o = lo.object;
    if (o.kind !== "ConfigMap" || rec(o.metadata).name !== "istio") continue;
    const mesh = rec(o.data).mesh;
    if (typeof mesh !== "string") continue;
    const root = /^rootNamespace:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(mesh);
    const td = /^trustDomain:\s*["']?([A-Za-z0-9.-]+)["']?\s*$/m.exec(mesh);
    if (root) out.rootNamespace = root[1]!;
    if (td) out.trustDomain = td[1]!;
  }
  return out;
}

/** The mesh IR from every loaded object and the valid Istio policy objects; undefined without a mesh. */
export function buildMesh(cluster: Cluster, objects: readonly LocatedObject[], istioObjects: readonly LocatedObject[]): MeshIR | undefined {
  const { rootNamespace, trustDomain } = meshConfig(objects);
  const mesh: MeshIR = {
    rootNamespace,
    trustDomain,
    members: meshMembers(cluster, objects),
    authorization: istioObjects.filter((lo) => authorizationPolicy.accepts(lo.object)).map(compileAuthorizationPolicy),
    peerAuthentication: istioObjects.filter((lo) => peerAuthentication.accepts(lo.object)).map((lo) => compilePeerAuthentication(lo, rootNamespace)),
  };
  // No pod in the mesh and no Istio policy: no mesh layer at all (and nothing kept per pod).
  return meshPresent(mesh) ? mesh : undefined;
}
