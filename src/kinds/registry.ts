// The policy kinds podwall knows, and the one pipeline from loaded objects to a model:
// validate every object, build the cluster, compile every valid policy into the IR.
// Adding a kind is adding it to KINDS.

import type { Cluster } from "../model/cluster.js";
import type { PolicyIR } from "../model/ir.js";
import type { LocatedObject } from "../model/object.js";
import { objectName } from "../model/object.js";
import type { Diagnostic } from "../model/source.js";
import type { PolicyKind } from "./kind.js";
import { networkPolicy } from "./networkpolicy.js";
import { clusterNetworkPolicy } from "./clusternetworkpolicy.js";
import { adminNetworkPolicy } from "./adminnetworkpolicy.js";
import { baselineAdminNetworkPolicy } from "./baselineadminnetworkpolicy.js";
import { ciliumClusterwideNetworkPolicy, ciliumNetworkPolicy } from "./cilium/index.js";
import { CALICO_KINDS } from "./calico/index.js";
import { ISTIO_KINDS, buildMesh } from "./istio/index.js";
import { isClusterObject, validateClusterObject } from "./cluster-kinds.js";
import { buildCluster } from "./cluster-build.js";

export const KINDS: PolicyKind[] = [networkPolicy, clusterNetworkPolicy, adminNetworkPolicy, baselineAdminNetworkPolicy, ciliumNetworkPolicy, ciliumClusterwideNetworkPolicy, ...CALICO_KINDS, ...ISTIO_KINDS];

export function kindFor(o: LocatedObject["object"]): PolicyKind | undefined {
  return KINDS.find((k) => k.accepts(o));
}

export interface Compiled {
  cluster: Cluster;
  policies: PolicyIR[];
  diagnostics: Diagnostic[];
  /** `apiVersion kind` → count, for objects podwall does not read. */
  unknownKinds: Map<string, number>;
}

export function compileObjects(objects: readonly LocatedObject[]): Compiled {
  const diagnostics: Diagnostic[] = [];
  const unknownKinds = new Map<string, number>();
  const clusterObjects: LocatedObject[] = [];
  const policyObjects: [PolicyKind, LocatedObject][] = [];
  for (const lo of objects) {
    const o = lo.object;
    if (typeof o.kind !== "string" || typeof o.apiVersion !== "string") {
      diagnostics.push({ severity: "error", source: lo.locate([]), object: objectName(o), message: "expected a Kubernetes object with string apiVersion and kind" });
      continue;
    }
    const kind = kindFor(o);
    if (kind) {
      const d = kind.validate(lo);
      diagnostics.push(...d);
      if (!d.some((x) => x.severity === "error")) policyObjects.push([kind, lo]);
    } else if (isClusterObject(o)) {
      const d = validateClusterObject(lo);
      diagnostics.push(...d);
      if (!d.some((x) => x.severity === "error")) clusterObjects.push(lo);
    } else {
      const key = `${o.apiVersion} ${o.kind}`;
      unknownKinds.set(key, (unknownKinds.get(key) ?? 0) + 1);
    }
  }
  // Policies name namespaces too; those must exist in the model.
  const cluster = buildCluster([...clusterObjects, ...policyObjects.map(([, lo]) => lo)]);
  const ctx = { cluster, objects };
  const policies = policyObjects.flatMap(([kind, lo]) => kind.compile(lo, ctx));
  // The mesh layer (Istio) is not L3/L4 IR: it travels with the cluster (SEMANTICS §0.4).
  const mesh = buildMesh(cluster, objects, policyObjects.filter(([kind]) => ISTIO_KINDS.includes(kind)).map(([, lo]) => lo));
  if (mesh) cluster.mesh = mesh;
  return { cluster, policies, diagnostics, unknownKinds };
}
