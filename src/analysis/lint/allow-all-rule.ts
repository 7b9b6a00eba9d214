// allow-all-rule: a rule that allows every peer on every port — `- {}` in a NetworkPolicy.
// It cancels the isolation of the pods it selects in that direction.

import type { PeerExpr } from "../../model/ir.js";
import { allRules, policyObject, ruleSource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

function everyPeer(p: PeerExpr): boolean {
  if (p.type === "any") return true;
  if (p.type === "entity") return p.entity === "all";
  if (p.type === "or") return p.peers.some(everyPeer);
  return false;
}

export const allowAllRule: LintCheck = {
  id: "allow-all-rule",
  severity: "warning",
  title: "Rule allows every peer on every port",
  help: "An allow rule without peers and without ports (for example `ingress: [{}]`) allows everything in its direction for the pods its policy selects, undoing their isolation. Name the peers (`from`/`to`) and the ports they use.",
  run(ctx) {
    const out: RawFinding[] = [];
    for (const { policy, direction, rule } of allRules(ctx.model.policies)) {
      if (rule.action !== "allow" || rule.ports !== undefined || rule.notPorts?.length || !everyPeer(rule.peer)) continue;
      out.push({
        object: policyObject(policy),
        source: ruleSource(policy, rule),
        path: rule.path,
        message: `${rule.path} allows all ${direction} traffic, ${direction === "ingress" ? "from" : "to"} anywhere on every port: the pods this policy selects are not protected in that direction.`,
        fix: direction === "ingress" ? `- from:\n  - podSelector:\n      matchLabels: {app: client}\n  ports:\n  - {port: 8080, protocol: TCP}` : `- to:\n  - podSelector:\n      matchLabels: {app: server}\n  ports:\n  - {port: 8080, protocol: TCP}`,
      });
    }
    return out;
  },
};
