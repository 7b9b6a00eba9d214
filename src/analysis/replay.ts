// Replay observed flows through the policies: what would each one get, and what would break.
// A flow whose pod is not in the model is reported as unresolved, never dropped silently.
// Hubble ends are found by namespace/pod, then by workload (pods come and go), then by IP.

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import { evaluate } from "../engine/evaluate.js";
import { ipEndpoint, podEndpoint } from "../engine/endpoint.js";
import type { Endpoint } from "../engine/endpoint.js";
import { groupOf } from "../engine/matrix.js";
import type { PolicyModel } from "../engine/model.js";
import type { Verdict } from "../engine/verdict.js";
import { parseIP } from "../model/ip.js";
import type { FlowEnd, ObservedFlow } from "../load/flows.js";
import { resolveSpec } from "./endpoint-spec.js";

export interface ReplayedFlow {
  flow: ObservedFlow;
  /** How each end was matched to the model: `pod`, `workload web`, `address`, … */
  srcAs: string;
  dstAs: string;
  /** One verdict per (source, destination) the ends stand for; usually one. */
  verdicts: Verdict[];
  allowed: boolean;
  /** The log says the dataplane forwarded it, and the policies would drop it. */
  wouldBreak: boolean;
}

export interface Unresolved {
  flow: ObservedFlow;
  reason: string;
}

export interface DropGroup {
  from: string;
  to: string;
  protocol: string;
  port: number;
  flows: number;
  lines: number[];
}

export interface ReplayReport {
  profile: string;
  replayed: ReplayedFlow[];
  unresolved: Unresolved[];
  summary: { flows: number; allowed: number; dropped: number; wouldBreak: number; unresolved: number; drops: DropGroup[] };
}

type EndResult = { ok: true; endpoints: Endpoint[]; as: string } | { ok: false; reason: string };

function resolveHubbleEnd(model: PolicyModel, e: FlowEnd): EndResult {
  if (e.namespace && e.pod) {
    const pod = model.cluster.pods.find((p) => p.namespace === e.namespace && p.name === e.pod);
    if (pod) return { ok: true, endpoints: [podEndpoint(model, pod)], as: "pod" };
    if (e.workload) {
      const owned = model.cluster.pods.filter((p: Pod) => p.namespace === e.namespace && p.workload?.name === e.workload);
      // Pods of one workload share a template; one stands for the gone pod.
      if (owned.length) return { ok: true, endpoints: [podEndpoint(model, owned[0]!)], as: `workload ${e.workload} (pod ${e.pod} is not in the model; ${podKey(owned[0]!)} stands for it)` };
    }
    return { ok: false, reason: `pod ${e.namespace}/${e.pod}${e.workload ? ` (workload ${e.workload})` : ""} is not in the model` };
  }
  if (e.ip && parseIP(e.ip)) {
    const ep = ipEndpoint(model, e.ip);
    return { ok: true, endpoints: [ep], as: ep.kind === "pod" ? "address of a pod" : ep.kind === "node" ? "address of a node" : "address outside the cluster" };
  }
  return { ok: false, reason: "no pod name and no IP address" };
}

function resolveEnd(model: PolicyModel, e: FlowEnd): EndResult {
  if (e.text === undefined) return resolveHubbleEnd(model, e);
  const r = resolveSpec(model, e.text);
  return r.ok ? { ok: true, endpoints: r.value.endpoints, as: r.value.as } : { ok: false, reason: r.error };
}

const endName = (e: Endpoint): string => (e.kind === "pod" ? groupOf(e.pod, "workload") : e.kind === "node" ? `node ${e.node?.name ?? e.ip ?? "?"}` : e.ip ?? e.fqdn ?? "?");

export function replay(model: PolicyModel, flows: readonly ObservedFlow[]): ReplayReport {
  const replayed: ReplayedFlow[] = [];
  const unresolved: Unresolved[] = [];
  for (const flow of flows) {
    const src = resolveEnd(model, flow.src);
    const dst = resolveEnd(model, flow.dst);
    if (!src.ok || !dst.ok) {
      unresolved.push({ flow, reason: [!src.ok ? `source: ${src.reason}` : "", !dst.ok ? `destination: ${dst.reason}` : ""].filter(Boolean).join("; ") });
      continue;
    }
    const verdicts = src.endpoints.flatMap((s) => dst.endpoints.map((d) => evaluate(model, { src: s, dst: d, protocol: flow.protocol, port: flow.port, selfVia: s.kind === "pod" && d.kind === "pod" && s.pod === d.pod && flow.src.ip && flow.src.ip === flow.dst.ip ? "ip" : "service" })));
    const allowed = verdicts.every((v) => v.allowed);
    replayed.push({ flow, srcAs: src.as, dstAs: dst.as, verdicts, allowed, wouldBreak: !allowed && flow.observed.some((o) => /^FORWARDED$/i.test(o)) });
  }
  const drops = new Map<string, DropGroup>();
  for (const r of replayed.filter((x) => !x.allowed))
    for (const v of r.verdicts.filter((x) => !x.allowed)) {
      const g = { from: endName(v.flow.src), to: endName(v.flow.dst), protocol: r.flow.protocol, port: r.flow.port };
      const key = JSON.stringify(g);
      if (!drops.has(key)) drops.set(key, { ...g, flows: 0, lines: [] });
      const d = drops.get(key)!;
      d.flows += r.flow.count;
      if (!d.lines.includes(r.flow.line)) d.lines.push(r.flow.line);
    }
  const total = (xs: { flow: ObservedFlow }[]) => xs.reduce((n, x) => n + x.flow.count, 0);
  return {
    profile: model.profile.name,
    replayed,
    unresolved,
    summary: {
      flows: total(replayed) + total(unresolved),
      allowed: total(replayed.filter((r) => r.allowed)),
      dropped: total(replayed.filter((r) => !r.allowed)),
      wouldBreak: total(replayed.filter((r) => r.wouldBreak)),
      unresolved: total(unresolved),
      drops: [...drops.values()].sort((a, b) => b.flows - a.flows || a.from.localeCompare(b.from)),
    },
  };
}
