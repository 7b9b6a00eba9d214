// Random clusters and IR policies for the scale property tests: small, but covering every IR
// feature the fast path must honour (tiers and actions, isolation, and/or/not peers, CIDRs
// with excepts under every clusterIPs mode, nodes, entities, named ports, endPort, ANY,
// notPorts, host-network pods, profile exemptions and families not enforced).

import type { Cluster, Pod } from "../../src/model/cluster.js";
import { emptyCluster } from "../../src/model/cluster.js";
import type { Action, Entity, Family, PeerExpr, PodSelector, PolicyIR, PortExpr, Rule, Tier } from "../../src/model/ir.js";
import { TIERS } from "../../src/model/ir.js";
import type { LabelExpr } from "../../src/model/labels.js";
import type { CniProfile } from "../../src/model/profile.js";
import { GENERIC } from "../../src/model/profiles.js";
import { createModel } from "../../src/engine/model.js";
import type { PolicyModel } from "../../src/engine/model.js";

import { rng } from "../../src/model/rng.js";

export function randomModel(seed: number): PolicyModel {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const cluster: Cluster = emptyCluster();
  const namespaces = ["a", "b", "c"];
  for (const ns of namespaces) cluster.namespaces.set(ns, { name: ns, labels: { "kubernetes.io/metadata.name": ns, team: pick(["x", "y"]) } });
  cluster.nodes.push({ name: "n1", labels: { role: "worker" }, addresses: ["192.168.0.1"] }, { name: "n2", labels: { role: "infra" }, addresses: ["192.168.0.2"] });
  const portChoices = [
    { name: "http", port: 80, protocol: "TCP" as const },
    { name: "http", port: 8080, protocol: "TCP" as const },
    { name: "dns", port: 53, protocol: "UDP" as const },
    { port: 5432, protocol: "TCP" as const },
    { name: "sig", port: 80, protocol: "SCTP" as const },
  ];
  const podCount = 3 + Math.floor(r() * 7);
  for (let i = 0; i < podCount; i++) {
    const hostNetwork = chance(0.12);
    const nodeName = pick(["n1", "n2"]);
    const labels: Record<string, string> = {};
    if (chance(0.8)) labels.app = pick(["web", "api", "db"]);
    if (chance(0.5)) labels.tier = pick(["front", "back"]);
    const pod: Pod = {
      namespace: pick(namespaces),
      name: `p${i}`,
      labels,
      ips: hostNetwork ? [nodeName === "n1" ? "192.168.0.1" : "192.168.0.2"] : chance(0.9) ? [`10.0.0.${i + 1}`] : [],
      ports: portChoices.filter(() => chance(0.35)),
      hostNetwork,
      nodeName,
      serviceAccount: pick(["default", "robot"]),
      workload: chance(0.5) ? { kind: "Deployment", name: pick(["w1", "w2"]) } : undefined,
    };
    cluster.pods.push(pod);
  }
  cluster.serviceAccounts.push({ namespace: "a", name: "robot", labels: { trusted: "yes" } });

  const labelExpr = (depth = 0): LabelExpr => {
    const k = pick(["app", "tier", "team", "kubernetes.io/metadata.name"]);
    const v = pick(["web", "api", "db", "front", "back", "x", "y", "a", "b"]);
    const roll = r();
    if (roll < 0.15) return { op: "all" };
    if (roll < 0.4) return { op: "eq", key: k, value: v };
    if (roll < 0.5) return { op: "in", key: k, values: [v, pick(["web", "x", "a"])] };
    if (roll < 0.6) return { op: "has", key: k };
    if (roll < 0.65) return { op: pick(["contains", "startsWith", "endsWith"] as const), key: k, value: v.slice(0, 1) };
    if (depth > 1) return { op: "none" };
    if (roll < 0.75) return { op: "not", expr: labelExpr(depth + 1) };
    if (roll < 0.88) return { op: "and", exprs: [labelExpr(depth + 1), labelExpr(depth + 1)] };
    return { op: "or", exprs: [labelExpr(depth + 1), labelExpr(depth + 1)] };
  };
  const podSelector = (ns: string): PodSelector => ({
    namespace: chance(0.5) ? { type: "name", name: chance(0.7) ? ns : pick(namespaces) } : { type: "labels", expr: labelExpr() },
    pod: labelExpr(),
    labelView: chance(0.2) ? "calico" : "k8s",
    serviceAccount: chance(0.1) ? { op: "eq", key: pick(["trusted", "projectcalico.org/name"]), value: pick(["yes", "robot"]) } : undefined,
  });
  const cidr = (): PeerExpr => {
    const c = pick([
      { cidr: "10.0.0.0/24", except: ["10.0.0.4/30"] },
      { cidr: "10.0.0.0/29", except: [] },
      { cidr: "192.168.0.0/24", except: ["192.168.0.2/32"] },
      { cidr: "0.0.0.0/0", except: ["10.0.0.0/30"] },
    ]);
    return { type: "cidr", ...c, clusterIPs: pick(["profile", "always", "never"] as const) };
  };
  const peer = (ns: string, depth = 0): PeerExpr => {
    const roll = r();
    if (roll < 0.12) return { type: "any" };
    if (roll < 0.5) return { type: "pods", selector: podSelector(ns) };
    if (roll < 0.65) return cidr();
    if (roll < 0.7) return { type: "nodes", selector: labelExpr() };
    if (roll < 0.8) return { type: "entity", entity: pick(["world", "cluster", "host", "remote-node", "kube-apiserver", "all"] as Entity[]) };
    if (roll < 0.82) return { type: "fqdn", patterns: ["*.example.com"] };
    if (depth > 1) return { type: "any" };
    if (roll < 0.88) return { type: "not", peer: peer(ns, depth + 1) };
    if (roll < 0.94) return { type: "and", peers: [peer(ns, depth + 1), peer(ns, depth + 1)] };
    return { type: "or", peers: [peer(ns, depth + 1), peer(ns, depth + 1)] };
  };
  const portExpr = (): PortExpr => {
    const protocol = pick(["TCP", "UDP", "SCTP", "ANY", "ICMP"]);
    const roll = r();
    if (roll < 0.25) return { protocol, name: pick(["http", "dns", "sig", "nope"]) };
    if (roll < 0.35) return { protocol };
    const from = pick([53, 80, 81, 5000, 8080]);
    return { protocol, from, to: chance(0.4) ? from + pick([0, 1, 100, 3000]) : from };
  };
  const ports = (): PortExpr[] | undefined => (chance(0.4) ? undefined : Array.from({ length: 1 + Math.floor(r() * 2) }, portExpr));
  const tiers: { tier: Tier; family: Family; actions: Action[] }[] = [
    { tier: TIERS.admin, family: "admin", actions: ["allow", "deny", "pass"] },
    { tier: { rank: [200, 1], name: "calico-security", endOfTier: "deny" }, family: "calico", actions: ["allow", "deny", "pass", "log"] },
    { tier: TIERS.ciliumDeny, family: "cilium", actions: ["deny"] },
    { tier: TIERS.networkPolicy, family: "networkpolicy", actions: ["allow"] },
    { tier: TIERS.baseline, family: "baseline", actions: ["allow", "deny"] },
  ];
  const policies: PolicyIR[] = [];
  const policyCount = Math.floor(r() * 10);
  for (let i = 0; i < policyCount; i++) {
    const t = pick(tiers);
    const ns = pick(namespaces);
    const side = () => {
      const rules: Rule[] = Array.from({ length: Math.floor(r() * 3) }, (_, j) => ({
        action: pick(t.actions),
        peer: peer(ns),
        ports: ports(),
        notPorts: chance(0.1) ? [portExpr()] : undefined,
        path: `rules[${j}]`,
      }));
      return { isolates: t.tier.endOfTier === "deny" ? chance(0.85) : false, rules };
    };
    const p: PolicyIR = {
      origin: { apiVersion: "test/v1", kind: "Random", namespace: ns, name: `pol${i}` },
      family: t.family,
      tier: t.tier,
      order: [Math.floor(r() * 3), `pol${i}`],
      subject: chance(0.3) ? { namespace: { type: "labels", expr: { op: "all" } }, pod: labelExpr() } : podSelector(ns),
    };
    if (chance(0.7)) p.ingress = side();
    if (chance(0.6)) p.egress = side();
    policies.push(p);
  }
  const profile: CniProfile = {
    ...GENERIC,
    name: "random",
    enforces: GENERIC.enforces.filter(() => chance(0.85)),
    features: { ...GENERIC.features, endPort: chance(0.8), sctp: chance(0.8), namedPorts: chance(0.8) },
    settings: {
      ipBlockMatchesPodIPs: chance(0.5),
      ipBlockMatchesNodeIPs: chance(0.5),
      ownNodeToPod: pick(["allowed", "policed"]),
      podToOwnNode: pick(["policed", "allowed"]),
      hostNetworkPods: pick(["node", "pod"]),
      podToItself: pick(["policed", "allowed"]),
    },
  };
  return createModel(cluster, policies, profile);
}

/** Every port a random model's rules or pods can tell apart. */
export const RANDOM_PORTS = [
  { protocol: "TCP" as const, port: 80 },
  { protocol: "TCP" as const, port: 81 },
  { protocol: "TCP" as const, port: 8080 },
  { protocol: "TCP" as const, port: 5432 },
  { protocol: "UDP" as const, port: 53 },
  { protocol: "UDP" as const, port: 80 },
  { protocol: "SCTP" as const, port: 80 },
  { protocol: "TCP" as const, port: 3100 },
];
