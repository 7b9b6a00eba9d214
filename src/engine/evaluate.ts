// Evaluate one flow, with its trace (DESIGN.md "Tiers"; SEMANTICS §0.2, §1.9, §2.2, §3.2).
// Each side walks the tiers in order; the first tier to decide ends it; a connection is
// allowed only if the source's egress and the destination's ingress both allow it.

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import type { Direction, PolicyIR, Rule } from "../model/ir.js";
import { originName } from "../model/ir.js";
import { describeEndpoint } from "./endpoint.js";
import type { Endpoint, Flow } from "./endpoint.js";
import { describePeer, describePorts } from "./describe.js";
import { peerMatches, portsMatch, selectorMatchesPod } from "./match.js";
import type { PortContext } from "./match.js";
import type { PolicyModel } from "./model.js";
import type { SideVerdict, TraceStep, Verdict } from "./verdict.js";
import { evaluateL7 } from "./l7.js";
import { evaluateMesh } from "./mesh.js";
import { ambiguitySteps } from "./ambiguity.js";
import { notEnforcedReason } from "./enforcement.js";

const applicableCache = new WeakMap<PolicyModel, Map<Pod, { ingress: PolicyIR[]; egress: PolicyIR[] }>>();

/** Policies whose subject selects the pod and that have rules or isolation for `dir`, in order. */
export function policiesFor(model: PolicyModel, pod: Pod, dir: Direction): PolicyIR[] {
  let perModel = applicableCache.get(model);
  if (!perModel) applicableCache.set(model, (perModel = new Map()));
  let entry = perModel.get(pod);
  if (!entry) {
    const selecting = model.policies.filter((p) => selectorMatchesPod(model, p.subject, pod));
    entry = { ingress: selecting.filter((p) => p.ingress), egress: selecting.filter((p) => p.egress) };
    perModel.set(pod, entry);
  }
  return entry[dir];
}

export function enforced(model: PolicyModel, p: PolicyIR): boolean {
  return notEnforcedReason(model.profile, p) === undefined;
}

export function portContext(model: PolicyModel, flow: Flow): PortContext {
  const f = model.profile.features;
  return {
    protocol: flow.protocol,
    port: flow.port,
    dstPod: flow.dst.kind === "pod" ? flow.dst.pod : undefined,
    endPort: f.endPort,
    namedPorts: f.namedPorts,
    sctp: f.sctp,
  };
}

export function ruleMatches(model: PolicyModel, rule: Rule, subject: Pod, peer: Endpoint, ports: PortContext): boolean {
  return portsMatch(rule.ports, rule.notPorts, ports) && peerMatches(rule.peer, peer, { model, subject });
}

const ACTION_VERB: Record<Rule["action"], string> = { allow: "allows", deny: "denies", pass: "passes", log: "logs" };

function side(direction: Direction, allowed: boolean, decidedBy: string, steps: TraceStep[], summary: string, isolatedBy: PolicyIR[] = []): SideVerdict {
  return { direction, allowed, decidedBy, steps, summary, isolatedBy: isolatedBy.map((p) => p.origin) };
}

/** One side: `subject` is the pod whose policies apply; `peer` the other end. */
export function evaluateSide(model: PolicyModel, flow: Flow, direction: Direction): SideVerdict {
  const self = direction === "egress" ? flow.src : flow.dst;
  const peer = direction === "egress" ? flow.dst : flow.src;
  const flowText = `${flow.protocol}/${flow.port}`;
  if (self.kind !== "pod") {
    const why = self.kind === "node" ? (self.hostPod ? "a host-network pod is node traffic under this profile" : "a node") : "outside the cluster";
    return side(direction, true, "not-applicable", [{ event: "not-applicable", text: `${describeEndpoint(self)} is ${why}: no pod ${direction} policy applies` }], `no ${direction} check (${describeEndpoint(self)} is not a policed pod)`);
  }
  const pod = self.pod;
  const podName = podKey(pod);
  const settings = model.profile.settings;

  // Exemptions the profile decides (SEMANTICS §0.6, §1.6).
  if (flow.src.kind === "pod" && flow.dst.kind === "pod" && flow.src.pod === flow.dst.pod) {
    if (flow.selfVia === "ip") return exempt(direction, `${podName} reaching its own IP never leaves the pod`);
    if (settings.podToItself === "allowed") return exempt(direction, `profile ${model.profile.name}: a pod reaching itself through its Service is allowed`);
  }
  // A host-network pod's traffic is its node's (profile hostNetworkPods: node), so the
  // own-node exemption covers it too, as it does on the kernel (the lab's node namespace).
  if (peer.kind === "node" && peer.node && peer.node.name === pod.nodeName) {
    if (direction === "ingress" && settings.ownNodeToPod === "allowed")
      return exempt(direction, `traffic from ${podName}'s own node ${peer.node.name} is always allowed (profile ${model.profile.name})`);
    if (direction === "egress" && settings.podToOwnNode === "allowed")
      return exempt(direction, `traffic from ${podName} to its own node ${peer.node.name} is allowed (profile ${model.profile.name})`);
  }

  const steps: TraceStep[] = [];
  const all = policiesFor(model, pod, direction);
  const active: PolicyIR[] = [];
  for (const p of all) {
    if (enforced(model, p)) active.push(p);
    else steps.push({ event: "ignored", policy: p.origin, tier: p.tier.name, text: `${originName(p.origin)} is ignored: ${notEnforcedReason(model.profile, p)}` });
  }
  const ports = portContext(model, flow);
  const peerText = direction === "ingress" ? `from ${describeEndpoint(peer)}` : `to ${describeEndpoint(peer)}`;

  let i = 0;
  while (i < active.length) {
    const tier = active[i]!.tier;
    const inTier: PolicyIR[] = [];
    while (i < active.length && active[i]!.tier.name === tier.name) inTier.push(active[i++]!);
    let passed = false;
    let decided: { allowed: boolean; step: TraceStep } | undefined;
    let decider: { policy: PolicyIR; action: Rule["action"] } | undefined; // for same-priority ambiguity
    scan: for (const p of inTier) {
      for (const rule of p[direction]!.rules) {
        if (!ruleMatches(model, rule, pod, peer, ports)) continue;
        const step: TraceStep = {
          event: decided ? "also-matched" : "matched",
          tier: tier.name,
          policy: p.origin,
          action: rule.action,
          rulePath: rule.path,
          ruleSource: rule.source ?? p.origin.source,
          text: `${originName(p.origin)} ${rule.path} ${ACTION_VERB[rule.action]} ${describePeer(rule.peer)} on ${describePorts(rule.ports, rule.notPorts)}`,
        };
        if (decided) {
          // Union tiers: record the other allows too, they are part of "why".
          if (rule.action === "allow") steps.push(step);
          continue;
        }
        steps.push(step);
        if (rule.action === "log") continue;
        decider ??= { policy: p, action: rule.action };
        if (rule.action === "pass") {
          passed = true;
          break scan;
        }
        decided = { allowed: rule.action === "allow", step };
        if (tier.endOfTier !== "deny" || rule.action !== "allow") break scan;
      }
    }
    if (tier.tiesUndefined && decider) steps.push(...ambiguitySteps(inTier, decider, direction, (r) => ruleMatches(model, r, pod, peer, ports)));
    const isolators = isolating(inTier, direction);
    if (decided) {
      const { allowed, step } = decided;
      return side(direction, allowed, tier.name, steps, `${allowed ? "allowed" : "denied"} by ${originName(step.policy!)} ${step.rulePath} (${tier.name} tier)`, isolators);
    }
    if (!passed && tier.endOfTier === "deny" && isolators.length > 0) {
      const names = isolators.map((p) => p.origin.name).join(", ");
      steps.push({
        event: "isolated",
        tier: tier.name,
        text: `${podName} is isolated for ${direction} by ${names} and no ${direction} rule allows ${flowText} ${peerText}`,
      });
      return side(direction, false, tier.name, steps, `${podName} is isolated for ${direction} by ${names} and no rule allows ${flowText} ${peerText}`, isolators);
    }
    steps.push({ event: "passed-through", tier: tier.name, text: passed ? `${tier.name} tier: passed on to the next tier` : `${tier.name} tier: no rule matched ${flowText} ${peerText}; evaluation goes on` });
  }
  const text = all.length === 0 ? `no policy selects ${podName} for ${direction}` : `no tier decided ${flowText} ${peerText}: ${podName} is not isolated for ${direction}`;
  steps.push({ event: "default", text: `${text}; allowed by default` });
  return side(direction, true, "default", steps, `${text} (default allow)`);
}

function exempt(direction: Direction, text: string): SideVerdict {
  return side(direction, true, "exempt", [{ event: "exempt", text }], text);
}

function isolating(policies: PolicyIR[], direction: Direction): PolicyIR[] {
  return policies.filter((p) => p[direction]!.isolates);
}

export function evaluate(model: PolicyModel, flow: Flow): Verdict {
  const egress = evaluateSide(model, flow, "egress");
  const ingress = evaluateSide(model, flow, "ingress");
  // The L7 step (l7.ts): requests on a connection both sides allowed.
  const l7 = evaluateL7(model, flow, egress, ingress);
  // The mesh layer (mesh.ts): Istio at the destination's proxy; every enforcing layer must allow.
  const mesh = evaluateMesh(model, flow);
  const l4l7 = egress.allowed && ingress.allowed && (l7?.allowed ?? true);
  const allowed = l4l7 && (mesh?.allowed ?? true);
  const head = `${describeEndpoint(flow.src)} -> ${describeEndpoint(flow.dst)} ${flow.protocol}/${flow.port}`;
  let summary: string;
  if (allowed) summary = `${head}: ALLOWED${l7 && l7.status !== "unrestricted" ? ` — ${l7.summary}` : ""}${mesh ? ` — mesh: ${mesh.summary}` : ""}`;
  else if (l4l7 && mesh) summary = `${head}: DENIED by the mesh — ${mesh.summary}`;
  else if (l7 && !l7.allowed) summary = `${head}: DENIED at L7 — ${l7.summary}`;
  else {
    const failing = [egress, ingress].filter((s) => !s.allowed).map((s) => s.summary);
    summary = `${head}: DENIED — ${failing.join("; ")}`;
  }
  return { flow, allowed, egress, ingress, summary, ...(l7 ? { l7 } : {}), ...(mesh ? { mesh } : {}) };
}
