// "Can X reach Y?" questions asked of the engine (evaluate(), with its trace), shared by the
// checks about DNS, the metadata endpoint, the internet and kube-system.

import type { Pod } from "../../model/cluster.js";
import type { Protocol } from "../../model/ir.js";
import { cidrLast, parseCidr } from "../../model/ip.js";
import { evaluate } from "../../engine/evaluate.js";
import { ipEndpoint, podEndpoint } from "../../engine/endpoint.js";
import type { Endpoint } from "../../engine/endpoint.js";
import type { PolicyModel } from "../../engine/model.js";
import type { Verdict } from "../../engine/verdict.js";
import type { LintConfig } from "./config.js";
import { allRules, cidrPeers } from "./subjects.js";

export function flowVerdict(model: PolicyModel, src: Endpoint, dst: Endpoint, protocol: Protocol, port: number): Verdict {
  return evaluate(model, { src, dst, protocol, port, selfVia: "service" });
}

/** Pods whose own traffic policies can police: under a `node` profile host-network pods are node traffic. */
export function policedPods(model: PolicyModel): Pod[] {
  return model.cluster.pods.filter((p) => !(p.hostNetwork && model.profile.settings.hostNetworkPods === "node"));
}

export interface DnsTarget {
  endpoint: Endpoint;
  name: string;
  /** A stand-in CoreDNS pod: the input holds none and the config names no address. */
  virtual: boolean;
}

/**
 * Where cluster DNS lives: the pods the config describes (default: kube-system pods with
 * k8s-app=kube-dns) and any configured addresses. Manifests often leave CoreDNS out; then a
 * stand-in pod with the usual labels is asked instead, so "you forgot DNS" is still found.
 */
export function dnsTargets(model: PolicyModel, config: LintConfig): DnsTarget[] {
  const out: DnsTarget[] = [];
  for (const p of model.cluster.pods)
    if (isDnsPod(p, config)) out.push({ endpoint: podEndpoint(model, p), name: `${p.namespace}/${p.name}`, virtual: false });
  for (const a of config.dns.addresses) out.push({ endpoint: ipEndpoint(model, a), name: a, virtual: false });
  if (out.length === 0) {
    const ns = config.dns.namespaces[0] ?? "kube-system";
    const pod: Pod = {
      namespace: ns,
      name: "cluster-dns",
      labels: { ...config.dns.podLabels },
      ips: [],
      ports: [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
      ],
      hostNetwork: false,
      serviceAccount: "coredns",
    };
    out.push({ endpoint: podEndpoint(model, pod), name: `${ns} pods with ${Object.entries(config.dns.podLabels).map(([k, v]) => `${k}=${v}`).join(",")} (cluster DNS, not in the input)`, virtual: true });
  }
  return out;
}

export function isDnsPod(p: Pod, config: LintConfig): boolean {
  return config.dns.namespaces.includes(p.namespace) && Object.entries(config.dns.podLabels).every(([k, v]) => p.labels[k] === v);
}

/** Whether the pod reaches at least one DNS target on protocol/53, and the verdicts asked. */
export function reachesDns(model: PolicyModel, pod: Pod, targets: readonly DnsTarget[], protocol: Protocol): { ok: boolean; verdicts: Verdict[] } {
  const src = podEndpoint(model, pod);
  const verdicts: Verdict[] = [];
  for (const t of targets) {
    const v = flowVerdict(model, src, t.endpoint, protocol, 53);
    verdicts.push(v);
    if (v.allowed) return { ok: true, verdicts };
  }
  return { ok: false, verdicts };
}

export interface PortSample {
  protocol: Protocol;
  port: number;
}

/**
 * One port per stretch of the port space that no rule and no container port splits: every
 * rule treats all ports of a stretch alike, so asking one per stretch answers "every port".
 */
export function portSamples(model: PolicyModel, protocols: readonly Protocol[] = ["TCP", "UDP", "SCTP"]): PortSample[] {
  const cuts = new Set<number>([1]);
  for (const { rule } of allRules(model.policies))
    for (const pe of [...(rule.ports ?? []), ...(rule.notPorts ?? [])]) {
      if (pe.from !== undefined) {
        cuts.add(pe.from);
        cuts.add((pe.to ?? pe.from) + 1);
      }
    }
  for (const p of model.cluster.pods)
    for (const cp of p.ports) {
      cuts.add(cp.port);
      cuts.add(cp.port + 1);
    }
  const ports = [...cuts].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b);
  return protocols.flatMap((protocol) => ports.map((port) => ({ protocol, port })));
}

/**
 * One address per stretch of the address space that no CIDR in any rule splits, outside
 * the cluster's own addresses: with pods and nodes, these stand for every possible peer.
 */
export function externalSamples(model: PolicyModel, extra: readonly string[] = []): Endpoint[] {
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  const add = (family: 4 | 6, v: bigint) => {
    const max = family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
    if (v < 0n || v > max) return;
    const text = family === 4 ? [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".") : ipv6Text(v);
    if (seen.has(text)) return;
    seen.add(text);
    const e = ipEndpoint(model, text);
    if (e.kind === "external") out.push(e);
  };
  add(4, 0n);
  add(6, 0n);
  for (const { rule } of allRules(model.policies))
    for (const c of cidrPeers(rule.peer))
      for (const text of [c.cidr, ...c.except]) {
        const parsed = parseCidr(text);
        if (!parsed) continue;
        add(parsed.family, parsed.base);
        add(parsed.family, cidrLast(parsed) + 1n);
      }
  for (const t of extra) {
    const e = ipEndpoint(model, t);
    if (e.kind === "external" && !seen.has(t)) {
      seen.add(t);
      out.push(e);
    }
  }
  return out;
}

function ipv6Text(v: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(":");
}
