// peer-selects-nothing: a selector in a rule that matches no namespace or no pod. The rule
// allows (or denies) nothing; usually a label typo that silently breaks a connection.

import { describePods } from "../../engine/describe.js";
import { selectorMatchesPod } from "../../engine/match.js";
import { matches } from "../../model/labels.js";
import { allRules, peerAlternatives, policyObject, ruleSource } from "./subjects.js";
import { suggestLabels, suggestNamespaceLabels } from "./suggest.js";
import type { LintCheck, RawFinding } from "./types.js";

export const peerSelectsNothing: LintCheck = {
  id: "peer-selects-nothing",
  severity: "warning",
  title: "Rule peer selects nothing",
  help: "A podSelector or namespaceSelector in a rule matches no pod or namespace of the input, so that part of the rule has no effect. Check the labels (the message suggests the nearest existing ones); namespaces need the labels on the Namespace object, not on pods.",
  run(ctx) {
    const { model } = ctx;
    const out: RawFinding[] = [];
    const namespaces = [...model.cluster.namespaces.values()];
    for (const { policy, direction, rule } of allRules(model.policies)) {
      for (const peer of peerAlternatives(rule.peer)) {
        if (peer.type === "nodes" && peer.selector.op !== "all" && model.cluster.nodes.length > 0 && !model.cluster.nodes.some((n) => matches(peer.selector, n.labels))) {
          out.push({ object: policyObject(policy), source: ruleSource(policy, rule), path: rule.path, message: `${rule.path}: the node selector matches none of the ${model.cluster.nodes.length} nodes in the input.` });
          continue;
        }
        if (peer.type !== "pods") continue;
        const sel = peer.selector;
        const nsSel = sel.namespace;
        let message: string;
        if (nsSel.type === "labels" && !namespaces.some((n) => matches(nsSel.expr, n.labels))) {
          message = `${rule.path}: the namespaceSelector matches no namespace in the input, so this ${direction} peer (${describePods(sel)}) matches nothing.${suggestNamespaceLabels(model, nsSel.expr)}`;
        } else if (nsSel.type === "name" && !model.cluster.pods.some((p) => p.namespace === nsSel.name)) {
          if (sel.pod.op === "all") continue; // "every pod of my namespace" in an empty namespace: nothing to fix
          message = `${rule.path}: this ${direction} peer (${describePods(sel)}) matches nothing: namespace ${nsSel.name} has no pods in the input.`;
        } else if (!model.cluster.pods.some((p) => selectorMatchesPod(model, sel, p))) {
          message = `${rule.path}: the podSelector matches no pod, so this ${direction} peer (${describePods(sel)}) matches nothing.${suggestLabels(model, sel)}`;
        } else continue;
        out.push({ object: policyObject(policy), source: ruleSource(policy, rule), path: rule.path, message });
      }
    }
    return out;
  },
};
