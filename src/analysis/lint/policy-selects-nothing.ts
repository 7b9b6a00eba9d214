// policy-selects-nothing: a policy whose subject matches no pod. Usually a label typo, and
// then the pods it was written for are not protected at all.

import { describePods } from "../../engine/describe.js";
import { selectorMatchesPod } from "../../engine/match.js";
import { suggestLabels } from "./suggest.js";
import { policyObject, policySource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

export const policySelectsNothing: LintCheck = {
  id: "policy-selects-nothing",
  severity: "warning",
  title: "Policy selects no pod",
  help: "The policy's subject (podSelector and namespace) matches none of the pods in the input, so it has no effect. Check the labels for typos. A namespace-wide policy in a namespace with no pods yet is not reported.",
  run(ctx) {
    const { model } = ctx;
    const out: RawFinding[] = [];
    for (const p of model.policies) {
      const sel = p.subject;
      // Preparing an empty namespace (default deny before the first deploy) is good practice.
      if (sel.namespace.type === "name" && !model.cluster.pods.some((x) => x.namespace === (sel.namespace as { name: string }).name)) continue;
      if (model.cluster.pods.some((x) => selectorMatchesPod(model, sel, x))) continue;
      const hint = suggestLabels(model, sel);
      out.push({
        object: policyObject(p),
        source: policySource(p),
        message: `${p.origin.kind} ${p.origin.namespace ? `${p.origin.namespace}/` : ""}${p.origin.name} applies to ${describePods(sel)}, and no pod in the input matches: it has no effect.${hint}`,
      });
    }
    return out;
  },
};
