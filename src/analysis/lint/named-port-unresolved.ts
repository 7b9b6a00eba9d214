// named-port-unresolved: a rule's named port that no destination pod declares with that
// protocol. Named ports resolve on the destination pod (the subject for ingress, the peer for
// egress); when none declares it, the port entry allows nothing.

import type { Pod } from "../../model/cluster.js";
import type { PortExpr } from "../../model/ir.js";
import { peerMatches, selectorMatchesPod } from "../../engine/match.js";
import { podEndpoint } from "../../engine/endpoint.js";
import { allRules, policyObject, ruleSource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

const declares = (p: Pod, pe: PortExpr) => p.ports.some((cp) => cp.name === pe.name && (pe.protocol === "ANY" || cp.protocol === pe.protocol));

export const namedPortUnresolved: LintCheck = {
  id: "named-port-unresolved",
  severity: "warning",
  title: "Named port no destination declares",
  help: "A named port (`port: http`) matches only on destination pods that declare a container port with that name and the rule's protocol (TCP unless given). None does here, so the entry allows nothing. Fix the name or the protocol, or use the port number.",
  run(ctx) {
    const { model } = ctx;
    const out: RawFinding[] = [];
    for (const { policy, direction, rule } of allRules(model.policies)) {
      const named = (rule.ports ?? []).filter((pe) => pe.name !== undefined);
      if (!named.length) continue;
      const subjects = model.cluster.pods.filter((p) => selectorMatchesPod(model, policy.subject, p));
      if (subjects.length === 0) continue; // policy-selects-nothing says it
      // Destinations: the selected pods for ingress; for egress, the pods the peer matches from some subject.
      const destinations =
        direction === "ingress"
          ? subjects
          : model.cluster.pods.filter((d) => subjects.some((s) => peerMatches(rule.peer, podEndpoint(model, d), { model, subject: s })));
      for (const pe of named) {
        if (destinations.some((d) => declares(d, pe))) continue;
        const proto = pe.protocol === "ANY" ? "any protocol" : pe.protocol;
        const near = [...new Set(destinations.flatMap((d) => d.ports.filter((cp) => cp.name).map((cp) => `${cp.name}/${cp.protocol}`)))].slice(0, 5);
        out.push({
          object: policyObject(policy),
          source: ruleSource(policy, rule),
          path: rule.path,
          message:
            destinations.length === 0
              ? `${rule.path}: named port "${pe.name}" can only match pods, and this ${direction} rule's peers match no pod: the port entry allows nothing.`
              : `${rule.path}: no destination pod (${destinations.length} ${direction === "ingress" ? "selected by the policy" : "matched by the rule's peers"}) declares a ${proto} container port named "${pe.name}": the port entry allows nothing.${near.length ? ` Declared: ${near.join(", ")}.` : ""}`,
          fix: `ports:\n- port: <the container port's name or number>\n  protocol: ${pe.protocol === "ANY" ? "TCP" : pe.protocol}`,
        });
      }
    }
    return out;
  },
};
