// SEMANTICS §1.9's reference algorithm, written directly over the raw Kubernetes objects of a
// random scenario (no IR, no engine code): the oracle the engine is checked against.

import type { RandomPod, Scenario } from "./random.js";

type Sel = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Spec = { podSelector?: Sel; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
type Rule = { ports?: Port[]; from?: Peer[]; to?: Peer[] };
type Port = { protocol?: string; port?: number | string; endPort?: number };
type Peer = { podSelector?: Sel; namespaceSelector?: Sel; ipBlock?: { cidr: string; except?: string[] } };

function selects(sel: Sel | undefined, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === "In" && !(has && e.values!.includes(labels[e.key]!))) return false;
    if (e.operator === "NotIn" && has && e.values!.includes(labels[e.key]!)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

const ipNum = (ip: string) => ip.split(".").reduce((a, b) => a * 256 + Number(b), 0);
function inCidr(ip: string, cidr: string): boolean {
  const [base, p] = cidr.split("/");
  const size = 2 ** (32 - Number(p));
  return Math.floor(ipNum(ip) / size) === Math.floor(ipNum(base!) / size);
}

function types(spec: Spec): string[] {
  if (spec.policyTypes && spec.policyTypes.length) return spec.policyTypes;
  return spec.egress && spec.egress.length ? ["Ingress", "Egress"] : ["Ingress"];
}

export function referenceAllowed(s: Scenario, src: RandomPod, dst: RandomPod, protocol: string, port: number): boolean {
  const nsNames = s.cluster.namespaces.map((n) => n.name);
  const nsLabels = (ns: string) => ({ ...s.cluster.namespaces.find((n) => n.name === ns)!.labels, "kubernetes.io/metadata.name": ns });
  const policies = s.policies.map((p) => ({ ns: nsNames[p.nsIndex % nsNames.length]!, spec: p.spec as Spec }));

  const side = (subject: RandomPod, peer: RandomPod, dir: "Ingress" | "Egress"): boolean => {
    const applying = policies.filter((p) => p.ns === subject.ns && selects(p.spec.podSelector, subject.labels) && types(p.spec).includes(dir));
    if (!applying.length) return true;
    return applying.some((p) =>
      ((dir === "Ingress" ? p.spec.ingress : p.spec.egress) ?? []).some((r) => {
        const ports = r.ports ?? [];
        const portsOk =
          ports.length === 0 ||
          ports.some((pp) => {
            if ((pp.protocol ?? "TCP") !== protocol) return false;
            if (pp.port === undefined) return true;
            if (typeof pp.port === "string") return dst.ports.some((cp) => cp.name === pp.port && cp.protocol === protocol && cp.port === port);
            return pp.endPort !== undefined ? port >= pp.port && port <= pp.endPort : port === pp.port;
          });
        const peers = (dir === "Ingress" ? r.from : r.to) ?? [];
        const peersOk =
          peers.length === 0 ||
          peers.some((x) => {
            if (x.ipBlock) return inCidr(peer.ip, x.ipBlock.cidr) && !(x.ipBlock.except ?? []).some((e) => inCidr(peer.ip, e));
            const nsOk = x.namespaceSelector ? selects(x.namespaceSelector, nsLabels(peer.ns)) : peer.ns === p.ns;
            const podOk = x.podSelector ? selects(x.podSelector, peer.labels) : true;
            return nsOk && podOk;
          });
        return portsOk && peersOk;
      }),
    );
  };
  return side(src, dst, "Egress") && side(dst, src, "Ingress");
}
