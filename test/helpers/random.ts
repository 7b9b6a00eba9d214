// fast-check arbitraries: small random clusters and NetworkPolicies that use every feature
// (match expressions, named ports, endPort, ipBlock with except over pod IPs, every
// policyTypes form, empty versus absent lists).

import fc from "fast-check";

const KEYS = ["app", "tier", "env"];
const VALUES = ["a", "b", "c"];
const PORT_NAMES = ["web", "dns", "db"];

export const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });

export const selectorArb = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom("In", "NotIn"), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom("Exists", "DoesNotExist") }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

export interface RandomPod {
  ns: string;
  name: string;
  labels: Record<string, string>;
  ip: string;
  ports: { name: string; port: number; protocol: string }[];
}

const portArb = fc.record({ name: fc.constantFrom(...PORT_NAMES), port: fc.constantFrom(53, 80, 81, 5432), protocol: fc.constantFrom("TCP", "UDP") });

export const clusterArb = fc
  .record({
    namespaces: fc.uniqueArray(fc.constantFrom("x", "y", "z", "w"), { minLength: 1, maxLength: 3 }),
    nsLabels: fc.array(labelsArb, { minLength: 4, maxLength: 4 }),
    pods: fc.array(fc.record({ nsIndex: fc.nat(3), labels: labelsArb, ports: fc.uniqueArray(portArb, { maxLength: 2, selector: (p) => `${p.name}` }) }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ namespaces, nsLabels, pods }) => ({
    namespaces: namespaces.map((n, i) => ({ name: n, labels: nsLabels[i]! })),
    pods: pods.map((p, i): RandomPod => ({ ns: namespaces[p.nsIndex % namespaces.length]!, name: `p${i}`, labels: p.labels, ip: `10.1.0.${i + 1}`, ports: p.ports })),
  }));

const peerArb = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: selectorArb }),
  fc.record({ namespaceSelector: selectorArb, podSelector: selectorArb }),
  fc.record({ ipBlock: fc.constantFrom({ cidr: "10.1.0.0/24" }, { cidr: "10.1.0.0/24", except: ["10.1.0.0/30"] }, { cidr: "10.1.0.2/32" }, { cidr: "0.0.0.0/0", except: ["10.1.0.4/31"] }) }),
);

const npPortArb = fc.oneof(
  fc.record({ protocol: fc.constantFrom("TCP", "UDP", "SCTP"), port: fc.constantFrom(53, 80, 81, 5432) }, { requiredKeys: ["port"] }),
  fc.record({ port: fc.constantFrom(...PORT_NAMES), protocol: fc.constantFrom("TCP", "UDP") }, { requiredKeys: ["port"] }),
  fc.record({ port: fc.constant(80), endPort: fc.constantFrom(80, 81, 5432) }),
  fc.record({ protocol: fc.constantFrom("TCP", "UDP") }),
);

/** absent, [] or a list: empty and absent must mean the same (SEMANTICS §1.2). */
const maybeList = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), fc.constant([] as T[]), fc.array(arb, { minLength: 1, maxLength: 2 }));

const ruleArb = (peersKey: "from" | "to") =>
  fc.record({ ports: maybeList(npPortArb), peers: maybeList(peerArb) }).map((r) => {
    const out: Record<string, unknown> = {};
    if (r.ports !== undefined) out.ports = r.ports;
    if (r.peers !== undefined) out[peersKey] = r.peers;
    return out;
  });

export const policyArb = fc
  .record({
    podSelector: selectorArb,
    policyTypes: fc.constantFrom(undefined, [], ["Ingress"], ["Egress"], ["Ingress", "Egress"]),
    ingress: maybeList(ruleArb("from")),
    egress: maybeList(ruleArb("to")),
  })
  .map((s) => {
    const spec: Record<string, unknown> = { podSelector: s.podSelector };
    if (s.policyTypes !== undefined) spec.policyTypes = s.policyTypes;
    if (s.ingress !== undefined) spec.ingress = s.ingress;
    if (s.egress !== undefined) spec.egress = s.egress;
    return spec;
  });

export const scenarioArb = fc.record({ cluster: clusterArb, policies: fc.array(fc.record({ nsIndex: fc.nat(3), spec: policyArb }), { maxLength: 4 }) });

export type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The scenario as Kubernetes objects (what a user would write). */
export function scenarioObjects(s: Scenario): Record<string, unknown>[] {
  const nsNames = s.cluster.namespaces.map((n) => n.name);
  return [
    ...s.cluster.namespaces.map((n) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: n.name, labels: n.labels } })),
    ...s.cluster.pods.map((p) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: p.name, namespace: p.ns, labels: p.labels },
      spec: { containers: [{ name: "c", ports: p.ports.map((cp) => ({ name: cp.name, containerPort: cp.port, protocol: cp.protocol })) }] },
      status: { phase: "Running", podIP: p.ip },
    })),
    ...s.policies.map((p, i) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: `np${i}`, namespace: nsNames[p.nsIndex % nsNames.length] }, spec: p.spec })),
  ];
}
