// Representative endpoints and ports for questions that range over infinite sets ("can this
// pod reach the internet?", "on some port?"). Shared by audit, compliance, diff and assert.
//
// Ports: rules only ever compare a port with interval bounds, so testing every bound, the port
// on each side of it, and 1 and 65535 tries every distinct behaviour (port atoms, DESIGN.md).
// Addresses: the same holds for CIDR bounds; "the internet" is the public addresses among
// those bounds plus a few well-known public ones, never a private, special or cluster address.

import type { Pod } from "../model/cluster.js";
import type { Direction, PolicyIR, Protocol } from "../model/ir.js";
import { PROTOCOLS } from "../model/ir.js";
import { cidrContains, cidrLast, formatIP, parseCidr, parseIP } from "../model/ip.js";
import { enforced, policiesFor } from "../engine/evaluate.js";
import type { PolicyModel } from "../engine/model.js";
import type { Origin } from "../model/ir.js";
import { cidrPeers } from "./lint/subjects.js";

/** Stand-ins for "somewhere on the internet" when no rule names a public address. */
export const WELL_KNOWN_PUBLIC = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"];
/** The cloud instance metadata endpoint (AWS, GCP, Azure, OpenStack), HTTP on port 80. */
export const METADATA_IP = "169.254.169.254";
export const METADATA_PORT = { protocol: "TCP" as Protocol, port: 80 };

/** Ranges that are never "the internet": private, shared, loopback, link-local, multicast, reserved. */
const NOT_INTERNET = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
  "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
  "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
].map((c) => parseCidr(c)!);

export function isPublicAddress(ip: string): boolean {
  const a = parseIP(ip);
  return !!a && !NOT_INTERNET.some((c) => cidrContains(c, a));
}

function enforcedRules(model: PolicyModel, dir?: Direction) {
  return model.policies.filter((p) => enforced(model, p)).flatMap((p) => [...(dir !== "egress" ? (p.ingress?.rules ?? []) : []), ...(dir !== "ingress" ? (p.egress?.rules ?? []) : [])]);
}

/** Addresses outside the cluster that stand for the internet under this model's rules. */
export function internetAddresses(model: PolicyModel): string[] {
  const out = new Set<string>(WELL_KNOWN_PUBLIC);
  for (const rule of enforcedRules(model))
    for (const { cidr, except } of cidrPeers(rule.peer)) {
      const c = parseCidr(cidr);
      if (!c) continue;
      const bounds = [c.base, cidrLast(c)];
      for (const e of except) {
        const x = parseCidr(e);
        if (x && x.family === c.family) bounds.push(x.base - 1n, cidrLast(x) + 1n);
      }
      for (const v of bounds) if (v >= c.base && v <= cidrLast(c)) out.add(formatIP({ family: c.family, value: v }));
    }
  const owned = new Set(model.cluster.services.flatMap((s) => s.clusterIPs));
  return [...out].filter((ip) => isPublicAddress(ip) && !model.index.byIP(ip) && !owned.has(ip));
}

export interface PortProbe {
  protocol: Protocol;
  port: number;
}

/** One port per distinct behaviour of the rules in `dir` (named ports aside), per protocol. */
export function portProbes(model: PolicyModel, dir?: Direction): PortProbe[] {
  const points = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set([1, 65535])]));
  for (const rule of enforcedRules(model, dir))
    for (const pe of [...(rule.ports ?? []), ...(rule.notPorts ?? [])]) {
      if (pe.from === undefined) continue;
      const to = pe.to ?? pe.from;
      const protos = pe.protocol === "ANY" ? PROTOCOLS : PROTOCOLS.filter((p) => p === pe.protocol);
      for (const proto of protos) for (const v of [pe.from - 1, pe.from, to, to + 1]) if (v >= 1 && v <= 65535) points.get(proto)!.add(v);
    }
  return PROTOCOLS.flatMap((protocol) => [...points.get(protocol)!].sort((a, b) => a - b).map((port) => ({ protocol, port })));
}

export interface Isolation {
  isolated: boolean;
  /** The enforced policies that isolate the pod in this direction. */
  by: Origin[];
}

/** The enforced policies that isolate the pod in a direction (empty: not isolated). */
export function isolatingPolicies(model: PolicyModel, pod: Pod, dir: Direction): PolicyIR[] {
  return policiesFor(model, pod, dir).filter((p) => enforced(model, p) && p[dir]!.isolates);
}

/** Whether enforced policies isolate the pod in a direction (NetworkPolicy-style default deny). */
export function isolation(model: PolicyModel, pod: Pod, dir: Direction): Isolation {
  const by = isolatingPolicies(model, pod, dir).map((p) => p.origin);
  return { isolated: by.length > 0, by };
}

/** Pods whose `dir` policies are the same list behave alike toward any non-pod peer. */
export function groupByPolicies(model: PolicyModel, pods: readonly Pod[], dir: Direction): Pod[][] {
  const groups = new Map<string, Pod[]>();
  const ids = new Map<PolicyIR, number>(model.policies.map((p, i) => [p, i]));
  for (const pod of pods) {
    // Host-network pods are node traffic under some profiles; their own group.
    const key = `${pod.hostNetwork ? "h" : ""}|${policiesFor(model, pod, dir).map((p) => ids.get(p)).join(",")}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(pod);
  }
  return [...groups.values()];
}
