// Random small clusters and NetworkPolicies for `podwall lab fuzz`, from a seed alone (the same
// seed gives the same cases). Every feature of the API appears: match expressions, named
// ports (resolved differently on different pods), endPort, ipBlock with except (including
// pod addresses), every policyTypes form, empty versus absent lists.

import type { KubeObject } from "../../model/object.js";

import { rng } from "../../model/rng.js";
export { rng };

export interface FuzzCase {
  namespaces: KubeObject[];
  pods: KubeObject[];
  policies: KubeObject[];
  ports: { protocol: "TCP" | "UDP"; port: number }[];
}

export const FUZZ_PORTS: FuzzCase["ports"] = [
  { protocol: "TCP", port: 80 },
  { protocol: "TCP", port: 81 },
  { protocol: "UDP", port: 53 },
  { protocol: "TCP", port: 8080 },
];

// Named ports: the same name means different numbers on different pods.
const NAMED: { name: string; choices: { port: number; protocol: "TCP" | "UDP" }[] }[] = [
  { name: "http", choices: [{ port: 80, protocol: "TCP" }, { port: 8080, protocol: "TCP" }] },
  { name: "alt", choices: [{ port: 81, protocol: "TCP" }, { port: 81, protocol: "UDP" }] },
  { name: "dns", choices: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
];

export function generateCase(seed: number): FuzzCase {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;

  const nsCount = int(2, 4);
  const nsNames = Array.from({ length: nsCount }, (_, i) => `ns${i}`);
  const namespaces: KubeObject[] = nsNames.map((name) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...(chance(0.7) ? { env: pick(["dev", "prod"]) } : {}) } },
  }));
  const podCount = int(3, 8);
  const podIPs: string[] = [];
  const pods: KubeObject[] = Array.from({ length: podCount }, (_, i) => {
    const ns = i < nsCount ? nsNames[i]! : pick(nsNames);
    const labels: Record<string, string> = {};
    if (chance(0.85)) labels.app = pick(["a", "b", "c"]);
    if (chance(0.5)) labels.role = pick(["x", "y"]);
    const ports = NAMED.filter(() => chance(0.6)).map((n) => {
      const c = pick(n.choices);
      return { name: n.name, containerPort: c.port, protocol: c.protocol };
    });
    const ip = `10.70.${nsNames.indexOf(ns)}.${10 + i}`;
    podIPs.push(ip);
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `p${i}`, namespace: ns, labels },
      spec: { containers: [{ name: "c", image: "fuzz", ports }] },
      status: chance(0.9) ? { phase: "Running", podIP: ip, podIPs: [{ ip }] } : { phase: "Running" },
    };
  });

  const labelSelector = (): Record<string, unknown> => {
    switch (int(0, 4)) {
      case 0:
        return {};
      case 1:
        return { matchLabels: { app: pick(["a", "b", "c"]) } };
      case 2:
        return { matchExpressions: [{ key: "app", operator: pick(["In", "NotIn"]), values: pick([["a"], ["a", "b"], ["c"]]) }] };
      case 3:
        return { matchExpressions: [{ key: "role", operator: pick(["Exists", "DoesNotExist"]) }] };
      default:
        return { matchLabels: { role: pick(["x", "y"]) }, matchExpressions: [{ key: "app", operator: "NotIn", values: ["c"] }] };
    }
  };
  const nsSelector = (): Record<string, unknown> =>
    pick([{}, { matchLabels: { env: pick(["dev", "prod"]) } }, { matchExpressions: [{ key: "env", operator: pick(["Exists", "DoesNotExist"]) }] }, { matchLabels: { "kubernetes.io/metadata.name": pick(nsNames) } }]);
  const ipBlock = (): Record<string, unknown> => {
    const ip = pick(podIPs);
    const [a, b, c] = ip.split(".");
    const cidr = pick([`${ip}/32`, `${a}.${b}.${c}.0/24`, "10.70.0.0/16", "0.0.0.0/0", `${a}.${b}.${c}.0/28`]);
    const block: Record<string, unknown> = { cidr };
    const prefix = Number(cidr.split("/")[1]);
    if (prefix < 32 && chance(0.5)) {
      // except must lie strictly inside the block: a pod's /32 or its /24 when the block is wider
      const inside = podIPs.filter((p) => contains(cidr, p));
      const ex: string[] = [];
      if (inside.length) ex.push(`${pick(inside)}/32`);
      if (prefix < 24 && inside.length && chance(0.5)) {
        const [x, y, z] = pick(inside).split(".");
        ex.push(`${x}.${y}.${z}.0/24`);
      }
      if (ex.length) block.except = [...new Set(ex)];
    }
    return block;
  };
  const peer = (): Record<string, unknown> => {
    switch (int(0, 3)) {
      case 0:
        return { podSelector: labelSelector() };
      case 1:
        return { namespaceSelector: nsSelector() };
      case 2:
        return { namespaceSelector: nsSelector(), podSelector: labelSelector() };
      default:
        return { ipBlock: ipBlock() };
    }
  };
  const port = (): Record<string, unknown> => {
    const proto = pick([undefined, "TCP", "UDP", "TCP"]);
    switch (int(0, 3)) {
      case 0:
        return { ...(proto ? { protocol: proto } : {}), port: pick(NAMED).name };
      case 1:
        return { ...(proto ? { protocol: proto } : {}), port: pick([53, 80, 81, 8080]) };
      case 2: {
        const from = pick([53, 79, 80, 81]);
        return { ...(proto ? { protocol: proto } : {}), port: from, endPort: from + pick([0, 1, 2, 8000]) };
      }
      default:
        return proto ? { protocol: proto } : {};
    }
  };
  // absent, empty, or a few
  const list = <T>(make: () => T, max: number): T[] | undefined => (chance(0.25) ? undefined : chance(0.15) ? [] : Array.from({ length: int(1, max) }, make));
  const rule = (peerKey: "from" | "to"): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const peers = list(peer, 2);
    if (peers) out[peerKey] = peers;
    const ports = list(port, 2);
    if (ports) out.ports = ports;
    return out;
  };

  // Policies live where pods are, so that most of them select something.
  const podNamespaces = pods.map((p) => (p.metadata as { namespace: string }).namespace);
  const policies: KubeObject[] = Array.from({ length: int(1, 3) }, (_, i) => {
    const spec: Record<string, unknown> = { podSelector: labelSelector() };
    const types = pick([undefined, ["Ingress"], ["Egress"], ["Ingress", "Egress"]]);
    if (types) spec.policyTypes = types;
    const ingress = list(() => rule("from"), 2);
    const egress = list(() => rule("to"), 2);
    if (ingress && (!types || types.includes("Ingress"))) spec.ingress = ingress;
    if (egress && (types?.includes("Egress") || (!types && chance(0.5)))) spec.egress = egress;
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: `np${i}`, namespace: pick(podNamespaces) }, spec };
  });
  return { namespaces, pods, policies, ports: FUZZ_PORTS };
}

function contains(cidr: string, ip: string): boolean {
  const [base, p] = cidr.split("/");
  const n = (s: string) => s.split(".").reduce((acc, x) => acc * 256 + Number(x), 0);
  const prefix = Number(p);
  const size = 2 ** (32 - prefix);
  return Math.floor(n(ip) / size) === Math.floor(n(base!) / size);
}
