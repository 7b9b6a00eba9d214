// Lint findings for the page, from `podwall lint`'s own runner (src/analysis/lint), each
// pointed at the workload or namespace the graph can show.

import { runLint } from "../../analysis/lint/run.js";
import { formatSource } from "../../model/source.js";
import { groupOf } from "../../engine/matrix.js";
import type { LintHook } from "./session.js";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]);

export const lintHook: LintHook = (model, objects) =>
  runLint({ model, objects }).findings.map((f) => {
    const o = f.object;
    let target: string | undefined = o.namespace ?? (o.kind === "Namespace" ? o.name : undefined);
    if (o.kind === "Pod") {
      const pod = model.cluster.pods.find((p) => p.namespace === o.namespace && p.name === o.name);
      if (pod) target = groupOf(pod, "workload");
    } else if (WORKLOADS.has(o.kind) && o.namespace) target = `${o.namespace}/${o.name}`;
    return {
      id: f.checkId,
      severity: f.severity,
      message: `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}: ${f.message}${f.suppressed ? ` (suppressed: ${f.suppressed.reason})` : ""}`,
      where: formatSource(f.source),
      target,
    };
  });
