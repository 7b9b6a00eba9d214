// How podwall decides that a pod is in the mesh (docs/istio.md, "Who is in the mesh").
// The evidence, strongest first:
//   1. hostNetwork pods are never in the mesh (the injector skips them; ztunnel cannot
//      redirect the node's own network namespace).
//   2. A container (or native-sidecar init container) named istio-proxy: a sidecar.
//   3. A running pod (one with a status) without it is not in the mesh by sidecar, whatever
//      the labels say: injection happens once, when the pod is created.
//   4. Pods not yet created (workload templates, Pod manifests without status): Istio's
//      injection policy — pod label/annotation sidecar.istio.io/inject, namespace label
//      istio-injection (enabled/disabled), namespace label istio.io/rev; "disabled" wins.
//   5. Ambient: label istio.io/dataplane-mode=ambient on the namespace or the pod, unless
//      the pod says istio.io/dataplane-mode=none. Applies to running pods too: ztunnel
//      captures pods when the label appears.

import type { Cluster, Pod } from "../../model/cluster.js";
import { podKey } from "../../model/cluster.js";
import type { MeshMembership } from "../../model/mesh.js";
import type { LocatedObject } from "../../model/object.js";
import { WORKLOAD_KINDS, podTemplate } from "../cluster-kinds.js";
import { list as arr, rec } from "../values.js";
import type { Rec } from "../values.js";


interface PodFacts {
  labels: Rec;
  annotations: Rec;
  spec: Rec;
  /** A pod that exists (has a status): its containers are what injection made of it. */
  running: boolean;
}

/** The raw pod (or pod template) behind each pod of the cluster. */
function podFacts(objects: readonly LocatedObject[]): Map<string, PodFacts> {
  const out = new Map<string, PodFacts>();
  for (const lo of objects) {
    const o = lo.object;
    const md = rec(o.metadata);
    const ns = typeof md.namespace === "string" ? md.namespace : "default";
    if (o.kind === "Pod" && o.apiVersion === "v1") {
      const status = rec(o.status);
      out.set(`${ns}/${String(md.name)}`, { labels: rec(md.labels), annotations: rec(md.annotations), spec: rec(o.spec), running: Object.keys(status).length > 0 });
    } else if (WORKLOAD_KINDS.includes(o.kind as string)) {
      const t = podTemplate(o);
      if (!t) continue;
      const tmd = rec(t.template.metadata);
      out.set(`${ns}/${String(md.name)}`, { labels: rec(tmd.labels), annotations: rec(tmd.annotations), spec: rec(t.template.spec), running: false });
    }
  }
  return out;
}

const hasProxy = (spec: Rec): boolean => [...arr(spec.containers), ...arr(spec.initContainers)].some((c) => rec(c).name === "istio-proxy");

function injection(pod: Pod, f: PodFacts, nsLabels: Rec): { injected: boolean; reason: string } | undefined {
  const podSays = f.labels["sidecar.istio.io/inject"] ?? f.annotations["sidecar.istio.io/inject"];
  const nsSays = nsLabels["istio-injection"];
  if (podSays === "false") return { injected: false, reason: `${podKey(pod)} has sidecar.istio.io/inject=false` };
  if (nsSays === "disabled") return { injected: false, reason: `namespace ${pod.namespace} has istio-injection=disabled` };
  if (nsSays === "enabled") return { injected: true, reason: `namespace ${pod.namespace} has istio-injection=enabled: the sidecar is injected` };
  if (podSays === "true") return { injected: true, reason: `${podKey(pod)} has sidecar.istio.io/inject=true` };
  if (typeof nsLabels["istio.io/rev"] === "string") return { injected: true, reason: `namespace ${pod.namespace} has istio.io/rev=${String(nsLabels["istio.io/rev"])}: the sidecar is injected` };
  return undefined;
}

export function meshMembers(cluster: Cluster, objects: readonly LocatedObject[]): Map<string, MeshMembership> {
  const facts = podFacts(objects);
  const out = new Map<string, MeshMembership>();
  for (const pod of cluster.pods) out.set(podKey(pod), membershipOf(pod, facts.get(podKey(pod)), rec(cluster.namespaces.get(pod.namespace)?.labels)));
  return out;
}

function membershipOf(pod: Pod, f: PodFacts | undefined, nsLabels: Rec): MeshMembership {
  const key = podKey(pod);
  if (pod.hostNetwork) return { dataplane: "none", reason: `${key} uses the host network: never in the mesh` };
  const facts = f ?? { labels: pod.labels as Rec, annotations: {}, spec: {}, running: false };
  if (hasProxy(facts.spec)) return { dataplane: "sidecar", reason: `${key} has an istio-proxy container` };
  let notInjected: string | undefined;
  if (!facts.running) {
    const inj = injection(pod, facts, nsLabels);
    if (inj?.injected) return { dataplane: "sidecar", reason: inj.reason };
    notInjected = inj?.reason;
  } else if (injection(pod, facts, nsLabels)?.injected) {
    notInjected = `${key} is running without an istio-proxy container although its labels ask for injection (injection happens when a pod is created)`;
  }
  const podMode = facts.labels["istio.io/dataplane-mode"];
  if (podMode === "none") return { dataplane: "none", reason: `${key} has istio.io/dataplane-mode=none` };
  if (podMode === "ambient") return { dataplane: "ambient", reason: `${key} has istio.io/dataplane-mode=ambient: ztunnel carries its traffic` };
  if (nsLabels["istio.io/dataplane-mode"] === "ambient") return { dataplane: "ambient", reason: `namespace ${pod.namespace} has istio.io/dataplane-mode=ambient: ztunnel carries its traffic` };
  return { dataplane: "none", reason: notInjected ?? `${key} has no istio-proxy container and no injection or ambient label applies` };
}
