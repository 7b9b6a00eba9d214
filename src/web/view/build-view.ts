// A PolicyModel → the data the page draws: namespaces holding workloads (with their
// isolation), the classes, and class-to-class reachability per declared port.

import type { Pod } from "../../model/cluster.js";
import { podKey } from "../../model/cluster.js";
import type { Direction } from "../../model/ir.js";
import { originName } from "../../model/ir.js";
import { formatSource } from "../../model/source.js";
import { enforced, policiesFor } from "../../engine/evaluate.js";
import { declaredPorts } from "../../engine/matrix.js";
import type { PolicyModel } from "../../engine/model.js";
import { buildClasses, cmp } from "./classes.js";
import type { PodClass } from "./classes.js";
import { computeReach } from "./reach.js";
import type { ReachOptions } from "./reach.js";
import type { Isolation, NamespaceView, PolicyView, ReachView, ViewData, WorkloadView } from "./types.js";

/** As explain says it: a host-network pod that the profile treats as its node's traffic is never isolated. */
export function isolated(model: PolicyModel, pod: Pod, dir: Direction): boolean {
  if (pod.hostNetwork && model.profile.settings.hostNetworkPods === "node") return false;
  return policiesFor(model, pod, dir).some((p) => enforced(model, p) && p[dir]!.isolates && p.tier.endOfTier === "deny");
}

export function isolationOf(model: PolicyModel, pod: Pod): Isolation {
  const i = isolated(model, pod, "ingress");
  const e = isolated(model, pod, "egress");
  return i && e ? "both" : i ? "ingress" : e ? "egress" : "none";
}

export interface BuiltView {
  view: ViewData;
  classes: PodClass[];
}

export function buildView(model: PolicyModel, extra: { files: string[]; notes: string[] }, opts: ReachOptions & { classes?: PodClass[] } = {}): BuiltView {
  const t0 = now();
  const classes = opts.classes ?? buildClasses(model);
  const t1 = now();
  const reach = computeReach(model, classes, declaredPorts(model.cluster.pods), opts);
  const t2 = now();
  const view = shapeView(model, classes, reach, extra);
  view.timings = { classesMs: t1 - t0, reachMs: t2 - t1, shapeMs: now() - t2 };
  return { view, classes };
}

export function shapeView(model: PolicyModel, classes: PodClass[], reach: ReachView, extra: { files: string[]; notes: string[] }): ViewData {
  const workloads: WorkloadView[] = [];
  const byKey = new Map<string, WorkloadView>();
  for (const c of classes) {
    let w = byKey.get(c.workload);
    if (!w) {
      const rep = c.pods[0]!;
      w = {
        id: workloads.length,
        key: c.workload,
        namespace: rep.namespace,
        name: c.workload.slice(rep.namespace.length + 1),
        kind: rep.workload?.kind ?? "Pod",
        pods: [],
        labels: { ...rep.labels },
        isolation: isolationOf(model, rep),
        classes: [],
        fromTemplate: rep.fromTemplate ?? false,
      };
      workloads.push(w);
      byKey.set(c.workload, w);
    }
    w.classes.push(c.id);
    w.pods.push(...c.pods.map(podKey));
  }
  const namespaces: NamespaceView[] = [...model.cluster.namespaces.values()]
    .map((n) => ({ name: n.name, labels: { ...n.labels }, workloads: workloads.filter((w) => w.namespace === n.name).map((w) => w.id) }))
    .sort((a, b) => cmp(a.name, b.name));
  const seen = new Set<string>();
  const policies: PolicyView[] = [];
  for (const p of model.policies) {
    const name = originName(p.origin);
    if (seen.has(name)) continue;
    seen.add(name);
    policies.push({ kind: p.origin.kind, namespace: p.origin.namespace, name: p.origin.name, where: formatSource(p.origin.source) });
  }
  return {
    profile: model.profile.name,
    files: extra.files,
    namespaces,
    workloads,
    classes: classes.map((c) => ({ id: c.id, workload: byKey.get(c.workload)!.id, pods: c.pods.map(podKey) })),
    reach,
    policies,
    notes: extra.notes,
    findings: [],
    lintAvailable: false,
    timings: {},
  };
}

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());
