// redundant-rule: an allow rule that allows nothing the other rules do not already allow.
//
// Chosen method: evaluation, not IR algebra. For every pod the rule's policy selects, every
// possible peer (each pod, each node, one external address per stretch of address space the
// CIDRs split) and one port per stretch of port space the rules split, ask the engine's own
// matcher whether the rule matches and whether another allow rule for that pod matches too.
// The stretches make this exact for the model at hand, and using the engine's matcher means
// the check cannot disagree with `podwall query`. Reasoning on the IR would need implication
// between label expressions (not/in/has, namespace labels), which is harder to get right.
// The price: "redundant for the pods and labels in the input" — said in the help. Pods that
// no rule can tell apart are asked once (podSignature), which keeps large inputs tractable.
//
// Only union tiers are checked (NetworkPolicy and alike: every rule allows, order does not
// matter). When two rules cover each other, the later one is reported and the earlier kept.

import type { Pod } from "../../model/cluster.js";
import type { Direction, PolicyIR, Rule } from "../../model/ir.js";
import { originName } from "../../model/ir.js";
import { enforced, policiesFor, portContext, ruleMatches } from "../../engine/evaluate.js";
import { podEndpoint } from "../../engine/endpoint.js";
import type { Endpoint, Flow } from "../../engine/endpoint.js";
import { selectorMatchesPod } from "../../engine/match.js";
import { externalSamples, policedPods, portSamples } from "./probes.js";
import { allRules, cidrPeers, policyObject, ruleSource } from "./subjects.js";
import { ipInBlock } from "../../engine/match.js";
import type { LintCheck, RawFinding } from "./types.js";

interface Candidate {
  policy: PolicyIR;
  direction: Direction;
  rule: Rule;
}

/**
 * Pods no rule can tell apart: same namespace, labels, container ports, service account and
 * node, and inside the same CIDRs of the rules. One of each is enough to ask.
 */
function podSignature(p: Pod, cidrs: readonly string[]): string {
  const inBlocks = cidrs.map((c) => (p.ips.some((ip) => ipInBlock(ip, c, [])) ? "1" : "0")).join("");
  return JSON.stringify([p.namespace, Object.entries(p.labels).sort(), p.ports, p.serviceAccount, p.hostNetwork, p.nodeName ?? "", inBlocks]);
}

function distinct<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const unionTier = (p: PolicyIR, d: Direction) => p.tier.endOfTier === "deny" && p[d]!.rules.every((r) => r.action === "allow");

export const redundantRule: LintCheck = {
  id: "redundant-rule",
  severity: "info",
  title: "Rule allows nothing new",
  help: "Everything this rule allows is already allowed by other rules that apply to the same pods (for the pods, labels and addresses in the input). Remove it, or narrow the other rules if this one states the intent.",
  options: { maxChecks: { default: 2_000_000, help: "skip the check when it would take more rule matches than this (large inputs)" } },
  run(ctx) {
    const { model } = ctx;
    const cidrs = allRules(model.policies).flatMap(({ rule }) => cidrPeers(rule.peer)).flatMap((c) => [c.cidr, ...c.except]);
    const sig = (p: Pod) => podSignature(p, cidrs);
    const peers: Endpoint[] = [
      ...distinct(model.cluster.pods, sig).map((p) => podEndpoint(model, p)),
      ...model.cluster.nodes.map((n): Endpoint => ({ kind: "node", node: n, ip: n.addresses[0] })),
      ...externalSamples(model, [...ctx.config.metadataAddresses, ...ctx.config.internetAddresses]),
    ];
    const ports = portSamples(model);
    const candidates: Candidate[] = [];
    for (const policy of model.policies)
      for (const direction of ["ingress", "egress"] as const)
        if (policy[direction] && enforced(model, policy) && unionTier(policy, direction)) policy[direction]!.rules.forEach((rule) => candidates.push({ policy, direction, rule }));
    const subjectsOf = new Map<PolicyIR, Pod[]>();
    const subjects = (p: PolicyIR) => {
      if (!subjectsOf.has(p)) subjectsOf.set(p, distinct(policedPods(model).filter((x) => selectorMatchesPod(model, p.subject, x)), sig));
      return subjectsOf.get(p)!;
    };
    const cost = candidates.reduce((n, c) => n + subjects(c.policy).length, 0) * peers.length * ports.length;
    if (cost > ctx.option("maxChecks")) {
      ctx.note(`skipped: it would take ${cost.toLocaleString("en")} rule matches, more than maxChecks ${ctx.option("maxChecks").toLocaleString("en")} (raise it under lint.checks.redundant-rule in .podwall.yaml)`);
      return [];
    }

    const removed = new Set<Rule>();
    const out: RawFinding[] = [];
    for (const c of [...candidates].reverse()) {
      const pods = subjects(c.policy);
      let matchedAny = false;
      let covered = true;
      check: for (const pod of pods) {
        const others = policiesFor(model, pod, c.direction)
          .filter((p) => p.tier.name === c.policy.tier.name && enforced(model, p) && unionTier(p, c.direction))
          .flatMap((p) => p[c.direction]!.rules.map((rule) => ({ p, rule })))
          .filter((o) => o.rule !== c.rule && !removed.has(o.rule));
        const self = podEndpoint(model, pod);
        for (const peer of peers) {
          if (peer.kind === "pod" && peer.pod === pod) continue; // reaching itself is another question
          for (const k of ports) {
            const flow: Flow = c.direction === "egress" ? { src: self, dst: peer, protocol: k.protocol, port: k.port } : { src: peer, dst: self, protocol: k.protocol, port: k.port };
            const pc = portContext(model, flow);
            if (!ruleMatches(model, c.rule, pod, peer, pc)) continue;
            matchedAny = true;
            if (!others.some((o) => ruleMatches(model, o.rule, pod, peer, pc))) {
              covered = false;
              break check;
            }
          }
        }
      }
      if (!matchedAny || !covered) continue; // a rule that matches nothing is peer-selects-nothing's business
      removed.add(c.rule);
      out.push({
        object: policyObject(c.policy),
        source: ruleSource(c.policy, c.rule),
        path: c.rule.path,
        message: `${originName(c.policy.origin)} ${c.rule.path} allows nothing that other ${c.direction} rules for the same pods do not already allow.`,
        fix: `Remove ${c.rule.path}, or keep it and narrow the broader rule that covers it.`,
      });
    }
    return out;
  },
};
