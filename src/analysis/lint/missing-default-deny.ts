// missing-default-deny: a namespace with pods where some pod is not isolated for ingress, or
// for egress. Without isolation everything not mentioned is allowed: the seeds' first advice
// is "deny by default, allow what is needed".

import type { Direction } from "../../model/ir.js";
import { DIRECTIONS } from "../../model/ir.js";
import { isolatingPolicies } from "../probes.js";
import { policedPods } from "./probes.js";
import { listPods, plural } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

const snippet = (ns: string, dirs: Direction[]) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny${dirs.length === 2 ? "-all" : `-${dirs[0]}`}
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [${dirs.map((d) => (d === "ingress" ? "Ingress" : "Egress")).join(", ")}]`;

export const missingDefaultDeny: LintCheck = {
  id: "missing-default-deny",
  severity: "warning",
  title: "Namespace without default deny",
  help: "A pod that no policy isolates accepts (ingress) or opens (egress) any connection. Add a NetworkPolicy with `podSelector: {}` and both policyTypes in every namespace, then allow what each workload needs.",
  run(ctx) {
    const out: RawFinding[] = [];
    const pods = policedPods(ctx.model);
    const namespaces = [...new Set(pods.map((p) => p.namespace))].sort();
    for (const ns of namespaces) {
      const inNs = pods.filter((p) => p.namespace === ns);
      const open = DIRECTIONS.map((d) => [d, inNs.filter((p) => isolatingPolicies(ctx.model, p, d).length === 0)] as const).filter(([, ps]) => ps.length > 0);
      if (open.length === 0) continue;
      const n = ctx.model.cluster.namespaces.get(ns);
      const parts = open.map(([d, ps]) => `${ps.length === inNs.length ? "no pod" : `${plural(ps.length, "pod")} of ${inNs.length}`} ${ps.length === inNs.length ? "is" : "are not"} isolated for ${d}${ps.length === inNs.length ? "" : ` (${listPods(ps)})`}`);
      out.push({
        object: { kind: "Namespace", name: ns },
        source: n?.source ?? inNs[0]!.source ?? { file: "<unknown>", line: 0, col: 0 },
        message: `${parts.join("; ")}. Traffic no policy mentions is allowed there.`,
        fix: snippet(ns, open.map(([d]) => d)),
        related: open.flatMap(([d, ps]) => ps.filter((p) => p.source).slice(0, 5).map((p) => ({ message: `${p.namespace}/${p.name} is not isolated for ${d}`, source: p.source! }))),
      });
    }
    return out;
  },
};
