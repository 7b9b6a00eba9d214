// cni-does-not-enforce: a policy, or a feature of one, that the chosen CNI profile does not
// enforce (`--cni`). Such a policy looks like protection in review and does nothing.
// Whole policies: the engine's own notEnforcedReason (families, and features a policy
// requires), so lint and the traces agree. Rule features: profile.features, each with a
// detector below; a feature the profiles gain later without a detector is not checked here.

import type { PeerExpr, PolicyIR, PortExpr, Rule } from "../../model/ir.js";
import { FEATURE_HELP } from "../../model/profile.js";
import { notEnforcedReason } from "../../engine/enforcement.js";
import { allRules, policyObject, policySource, ruleSource } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

const anyPort = (r: Rule, f: (pe: PortExpr) => boolean) => [...(r.ports ?? []), ...(r.notPorts ?? [])].some(f);
const hasFqdn = (p: PeerExpr): boolean => p.type === "fqdn" || ((p.type === "and" || p.type === "or") && p.peers.some(hasFqdn)) || (p.type === "not" && hasFqdn(p.peer));

/** Rule-level features: the rule uses it. */
const RULE_FEATURES: Record<string, { uses: (r: Rule) => boolean; effect: string }> = {
  endPort: { uses: (r) => anyPort(r, (pe) => pe.to !== undefined && pe.from !== undefined && pe.to !== pe.from), effect: "only the first port of the range is allowed" },
  sctp: { uses: (r) => anyPort(r, (pe) => pe.protocol === "SCTP"), effect: "the SCTP entry allows nothing" },
  namedPorts: { uses: (r) => anyPort(r, (pe) => pe.name !== undefined), effect: "the named-port entry allows nothing" },
  l7: { uses: (r) => r.l7 !== undefined, effect: "the L7 conditions filter nothing" },
  fqdn: { uses: (r) => hasFqdn(r.peer), effect: "the DNS-name peer matches nothing" },
};

const help = (f: string) => ((FEATURE_HELP as Record<string, string>)[f] ?? f).split(";")[0];

export const cniDoesNotEnforce: LintCheck = {
  id: "cni-does-not-enforce",
  severity: "error",
  title: "Policy or feature the CNI does not enforce",
  help: "The CNI profile chosen with --cni does not enforce this kind of policy, or this feature (port ranges, SCTP, named ports, L7, DNS names). The cluster behaves as if it were not there. Use a CNI that enforces it, or rewrite the rule with what it supports (see podwall profiles).",
  run(ctx) {
    const { model } = ctx;
    const profile = model.profile;
    const features = profile.features as unknown as Record<string, boolean>;
    const off = (f: string) => Object.hasOwn(features, f) && !features[f];
    const out: RawFinding[] = [];
    const ignored = new Set<PolicyIR>();
    for (const p of model.policies) {
      const reason = notEnforcedReason(profile, p);
      if (!reason) continue;
      ignored.add(p);
      out.push({ object: policyObject(p), source: policySource(p), message: `this ${p.family} policy is not enforced: ${reason}. It has no effect on that cluster.` });
    }
    for (const { policy, rule } of allRules(model.policies)) {
      if (ignored.has(policy)) continue;
      for (const [f, d] of Object.entries(RULE_FEATURES))
        if (off(f) && d.uses(rule))
          out.push({
            object: policyObject(policy),
            source: ruleSource(policy, rule),
            path: rule.path,
            message: `${rule.path} uses ${help(f)}, which CNI profile ${profile.name} does not enforce: ${d.effect}.`,
          });
    }
    return out;
  },
};
