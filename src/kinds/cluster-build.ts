// Kubernetes objects → Cluster. Workloads without live pods stand for their pods through
// their template, so manifests can be checked before they are deployed.

import type { Cluster, ContainerPort, Namespace, Pod } from "../model/cluster.js";
import { emptyCluster } from "../model/cluster.js";
import type { LocatedObject, KubeObject } from "../model/object.js";
import { matches } from "../model/labels.js";
import type { Protocol } from "../model/ir.js";
import { fromLabelSelector } from "./k8s-selector.js";
import { WORKLOAD_KINDS, podTemplate } from "./cluster-kinds.js";
import { list as arr, rec } from "./values.js";
import type { Rec } from "./values.js";

const strMap = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(rec(v)).filter(([, x]) => typeof x === "string")) as Record<string, string>;

function containerPorts(spec: Rec): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of [...arr(spec.containers), ...arr(spec.initContainers)])
    for (const p of arr(rec(c).ports)) {
      const r = rec(p);
      if (typeof r.containerPort !== "number") continue;
      out.push({ name: typeof r.name === "string" ? r.name : undefined, port: r.containerPort, protocol: ((r.protocol as string) ?? "TCP") as Protocol });
    }
  return out;
}

function podIPs(status: Rec): string[] {
  const ips = arr(status.podIPs).map((x) => rec(x).ip).filter((x): x is string => typeof x === "string");
  if (ips.length) return ips;
  return typeof status.podIP === "string" ? [status.podIP] : [];
}

/** Deployment pods are owned by a ReplicaSet `<deployment>-<pod-template-hash>`. */
function ownerWorkload(o: KubeObject, labels: Record<string, string>): { kind: string; name: string } | undefined {
  const owner = arr(rec(o.metadata).ownerReferences).map(rec).find((r) => r.controller === true) ?? arr(rec(o.metadata).ownerReferences).map(rec)[0];
  if (!owner || typeof owner.kind !== "string" || typeof owner.name !== "string") return undefined;
  const hash = labels["pod-template-hash"];
  if (owner.kind === "ReplicaSet" && hash && owner.name.endsWith(`-${hash}`)) return { kind: "Deployment", name: owner.name.slice(0, -hash.length - 1) };
  if (owner.kind === "Job" && /-\d+$/.test(owner.name)) return { kind: "Job", name: owner.name };
  return { kind: owner.kind, name: owner.name };
}

export function buildCluster(objects: readonly LocatedObject[]): Cluster {
  const cluster = emptyCluster();
  const workloads: LocatedObject[] = [];
  let completed = 0;
  for (const lo of objects) {
    const o = lo.object;
    const md = rec(o.metadata);
    const name = md.name as string;
    const ns = typeof md.namespace === "string" ? md.namespace : "default";
    const labels = strMap(md.labels);
    switch (o.kind) {
      case "Namespace":
        // The control plane always sets this immutable label (SEMANTICS §1.3.6).
        cluster.namespaces.set(name, { name, labels: { ...labels, "kubernetes.io/metadata.name": name }, source: lo.locate([]) });
        break;
      case "Pod": {
        const spec = rec(o.spec);
        const status = rec(o.status);
        if (status.phase === "Succeeded" || status.phase === "Failed") {
          completed++;
          continue; // completed pods hold no IP and no policy effect (SEMANTICS §1.8.3)
        }
        cluster.pods.push({
          namespace: ns,
          name,
          labels,
          ips: podIPs(status),
          ports: containerPorts(spec),
          hostNetwork: spec.hostNetwork === true,
          nodeName: typeof spec.nodeName === "string" ? spec.nodeName : undefined,
          serviceAccount: typeof spec.serviceAccountName === "string" ? spec.serviceAccountName : "default",
          workload: ownerWorkload(o, labels),
          source: lo.locate([]),
        });
        break;
      }
      case "Node":
        cluster.nodes.push({
          name,
          labels,
          addresses: arr(rec(o.status).addresses).map(rec).filter((a) => a.type === "InternalIP" || a.type === "ExternalIP").map((a) => a.address).filter((a): a is string => typeof a === "string"),
          source: lo.locate([]),
        });
        break;
      case "Service": {
        const spec = rec(o.spec);
        cluster.services.push({
          namespace: ns,
          name,
          selector: spec.selector ? strMap(spec.selector) : undefined,
          clusterIPs: arr(spec.clusterIPs).filter((x): x is string => typeof x === "string" && x !== "None").concat(typeof spec.clusterIP === "string" && !arr(spec.clusterIPs).length && spec.clusterIP !== "None" ? [spec.clusterIP] : []),
          ports: arr(spec.ports).map(rec).map((p) => ({ name: p.name as string | undefined, port: p.port as number, targetPort: (p.targetPort as number | string) ?? (p.port as number), protocol: ((p.protocol as string) ?? "TCP") as Protocol })),
          source: lo.locate([]),
        });
        break;
      }
      case "ServiceAccount":
        cluster.serviceAccounts.push({ namespace: ns, name, labels });
        break;
      default:
        if (WORKLOAD_KINDS.includes(o.kind as string)) workloads.push(lo);
    }
  }
  if (completed) cluster.notes.push(`${completed} completed pod(s) (Succeeded/Failed) ignored`);
  addTemplatePods(cluster, workloads);
  synthesizeNamespaces(cluster, objects);
  return cluster;
}

function addTemplatePods(cluster: Cluster, workloads: LocatedObject[]): void {
  for (const lo of workloads) {
    const o = lo.object;
    const md = rec(o.metadata);
    const ns = typeof md.namespace === "string" ? md.namespace : "default";
    const name = md.name as string;
    const kind = o.kind as string;
    // A ReplicaSet owned by a Deployment is that Deployment's business.
    if (kind === "ReplicaSet" && arr(md.ownerReferences).some((r) => rec(r).kind === "Deployment")) continue;
    const t = podTemplate(o);
    if (!t) continue;
    const tmd = rec(t.template.metadata);
    const labels = strMap(tmd.labels);
    const selector = rec(o.spec).selector;
    // A ReplicationController's selector is a plain label map (its template's labels by default).
    const sel = kind === "ReplicationController" ? fromLabelSelector({ matchLabels: strMap(selector ?? labels) }) : selector ? fromLabelSelector(selector) : undefined;
    const live = cluster.pods.some(
      (p) => p.namespace === ns && ((p.workload && p.workload.name === name && p.workload.kind === kind) || (sel && Object.keys(labels).length > 0 && matches(sel, p.labels))),
    );
    if (live) continue;
    const spec = rec(t.template.spec);
    const pod: Pod = {
      namespace: ns,
      name,
      labels,
      ips: [],
      ports: containerPorts(spec),
      hostNetwork: spec.hostNetwork === true,
      serviceAccount: typeof spec.serviceAccountName === "string" ? spec.serviceAccountName : "default",
      workload: { kind, name },
      fromTemplate: true,
      source: lo.locate(t.path),
    };
    cluster.pods.push(pod);
    cluster.notes.push(`${kind} ${ns}/${name} has no live pods: its pod template stands for them as ${ns}/${name}`);
  }
}

function synthesizeNamespaces(cluster: Cluster, objects: readonly LocatedObject[]): void {
  const referenced = new Set<string>();
  for (const p of cluster.pods) referenced.add(p.namespace);
  for (const s of cluster.services) referenced.add(s.namespace);
  for (const lo of objects) {
    const ns = rec(lo.object.metadata).namespace;
    if (typeof ns === "string" && lo.object.kind !== "Namespace") referenced.add(ns);
  }
  const made: string[] = [];
  for (const name of [...referenced].sort()) {
    if (cluster.namespaces.has(name)) continue;
    const ns: Namespace = { name, labels: { "kubernetes.io/metadata.name": name }, synthesized: true };
    cluster.namespaces.set(name, ns);
    made.push(name);
  }
  if (made.length) cluster.notes.push(`namespace(s) not given, created with only their kubernetes.io/metadata.name label: ${made.join(", ")}`);
}
