// The cluster as the engine sees it: namespaces, pods, nodes and services, with their
// sources. Built from Kubernetes objects by build-cluster.ts; nothing here does I/O.

import type { Labels } from "./labels.js";
import type { Protocol } from "./ir.js";
import type { SourceRef } from "./source.js";
import type { MeshIR } from "./mesh.js";

export interface Namespace {
  name: string;
  labels: Labels;
  source?: SourceRef;
  /** Not given in the input; created because something referenced it. */
  synthesized?: boolean;
}

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

export interface Pod {
  namespace: string;
  name: string;
  labels: Labels;
  ips: string[];
  ports: ContainerPort[];
  hostNetwork: boolean;
  nodeName?: string;
  serviceAccount: string;
  /** The workload that owns it (Deployment, StatefulSet, …), when known. */
  workload?: { kind: string; name: string };
  /** Stands for the pods of a workload that has none live (built from its template). */
  fromTemplate?: boolean;
  source?: SourceRef;
}

export interface Node {
  name: string;
  labels: Labels;
  addresses: string[];
  source?: SourceRef;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol: Protocol;
}

export interface Service {
  namespace: string;
  name: string;
  selector?: Labels;
  clusterIPs: string[];
  ports: ServicePort[];
  source?: SourceRef;
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  labels: Labels;
}

export interface Cluster {
  namespaces: Map<string, Namespace>;
  pods: Pod[];
  nodes: Node[];
  services: Service[];
  serviceAccounts: ServiceAccount[];
  /** Things the user should know about how the model was built (synthesized namespaces, …). */
  notes: string[];
  /**
   * The service mesh (Istio): which pods are in it and its policies. Cluster state rather than
   * L3/L4 policy, so every model built on this cluster sees it (kinds/istio, engine/mesh.ts).
   */
  mesh?: MeshIR;
}

export function emptyCluster(): Cluster {
  return { namespaces: new Map(), pods: [], nodes: [], services: [], serviceAccounts: [], notes: [] };
}

export const podKey = (p: Pod): string => `${p.namespace}/${p.name}`;
