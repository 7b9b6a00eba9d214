// Validation of the cluster objects podwall reads (Namespace, Pod, Node, Service, workloads).
// Only what the model uses is checked; the rest of these objects is not podwall's business.

import type { LocatedObject, KubeObject, FieldPath } from "../model/object.js";
import type { Diagnostic } from "../model/source.js";
import { Checker } from "./checker.js";
import { checkLabelSelector, checkLabels, checkMetadata, namedPortProblem, portNumberProblem } from "./k8s-rules.js";

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController"];
export const CLUSTER_KINDS = ["Namespace", "Pod", "Node", "Service", "ServiceAccount", ...WORKLOAD_KINDS];

export function isClusterObject(o: KubeObject): boolean {
  return typeof o.kind === "string" && CLUSTER_KINDS.includes(o.kind) && typeof o.apiVersion === "string" && /^(v1|apps\/v1|batch\/v1)$/.test(o.apiVersion);
}

/** The pod template inside a workload object, and its path. */
export function podTemplate(o: KubeObject): { template: Record<string, unknown>; path: FieldPath } | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (o.kind === "CronJob") {
    const jt = (spec.jobTemplate as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined;
    const t = jt?.template as Record<string, unknown> | undefined;
    return t ? { template: t, path: ["spec", "jobTemplate", "spec", "template"] } : undefined;
  }
  const t = spec.template as Record<string, unknown> | undefined;
  return t ? { template: t, path: ["spec", "template"] } : undefined;
}

export function validateClusterObject(lo: LocatedObject): Diagnostic[] {
  const c = new Checker(lo);
  const o = lo.object;
  const namespaced = o.kind !== "Namespace" && o.kind !== "Node";
  checkMetadata(c, o.metadata, namespaced);
  if (o.kind === "Pod") checkPodSpec(c, o.spec, ["spec"]);
  if (WORKLOAD_KINDS.includes(o.kind as string)) {
    const t = podTemplate(o);
    if (t) {
      if (c.isObject(t.template.metadata, [...t.path, "metadata"])) checkLabels(c, (t.template.metadata as Record<string, unknown>).labels, [...t.path, "metadata", "labels"]);
      checkPodSpec(c, t.template.spec, [...t.path, "spec"]);
    }
    const spec = o.spec as Record<string, unknown> | undefined;
    if (spec && spec.selector !== undefined && o.kind !== "ReplicationController") checkLabelSelector(c, spec.selector, ["spec", "selector"]);
  }
  if (o.kind === "Service") {
    const spec = o.spec;
    if (c.isObject(spec, ["spec"])) {
      if (spec.selector !== undefined) checkLabels(c, spec.selector, ["spec", "selector"]);
      if (c.isArray(spec.ports, ["spec", "ports"]))
        spec.ports.forEach((p, i) => {
          if (!c.isObject(p, ["spec", "ports", i])) return;
          const pp = portNumberProblem(p.port);
          if (pp) c.error(["spec", "ports", i, "port"], pp);
        });
    }
  }
  return c.diagnostics;
}

function checkPodSpec(c: Checker, spec: unknown, path: FieldPath): void {
  if (!c.isObject(spec, path)) return;
  for (const key of ["containers", "initContainers"]) {
    if (!c.isArray(spec[key], [...path, key])) continue;
    (spec[key] as unknown[]).forEach((ct, i) => {
      if (!c.isObject(ct, [...path, key, i])) return;
      if (!c.isArray(ct.ports, [...path, key, i, "ports"])) return;
      ct.ports.forEach((p, j) => {
        const pp: FieldPath = [...path, key, i, "ports", j];
        if (!c.isObject(p, pp)) return;
        const np = portNumberProblem(p.containerPort);
        if (np) c.error([...pp, "containerPort"], p.containerPort === undefined ? "containerPort is required" : np);
        if (p.name !== undefined) {
          if (typeof p.name !== "string") c.error([...pp, "name"], "port name must be a string");
          else {
            const nn = namedPortProblem(p.name);
            if (nn) c.error([...pp, "name"], nn);
          }
        }
        if (p.protocol !== undefined && !["TCP", "UDP", "SCTP"].includes(p.protocol as string)) c.error([...pp, "protocol"], `protocol must be one of TCP, UDP, SCTP, got ${JSON.stringify(p.protocol)}`);
      });
    });
  }
}
