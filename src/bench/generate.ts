// A synthetic cluster with a realistic shape, deterministic for a seed: applications made of
// workloads with replicas (web, api, data tiers), per-namespace default deny, DNS allows,
// allows within and across namespaces by namespace and pod selectors, match expressions,
// named ports, endPort ranges, ipBlocks with excepts, host-network node agents, and a share
// of AdminNetworkPolicy / BaselineAdminNetworkPolicy. Pure: objects out, no I/O.

import type { KubeObject } from "../model/object.js";
import { rng } from "../model/rng.js";
import { hash32 } from "../engine/fast-matrix.js";

export interface GenerateOptions {
  pods: number;
  namespaces: number;
  policies: number;
  seed: number;
}

export interface Generated {
  namespaces: KubeObject[];
  nodes: KubeObject[];
  pods: KubeObject[];
  policies: KubeObject[];
}

interface Role {
  name: string;
  tier: string;
  ports: { name: string; containerPort: number; protocol?: string }[];
}

const ROLES: Role[] = [
  { name: "frontend", tier: "web", ports: [{ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090 }] },
  { name: "backend", tier: "api", ports: [{ name: "api", containerPort: 8443 }, { name: "metrics", containerPort: 9090 }] },
  { name: "db", tier: "data", ports: [{ name: "postgres", containerPort: 5432 }] },
  { name: "cache", tier: "data", ports: [{ name: "redis", containerPort: 6379 }] },
  { name: "worker", tier: "api", ports: [{ name: "metrics", containerPort: 9091 }] },
];

const SYSTEM = ["kube-system", "ingress-nginx", "monitoring"];
const ENVS = ["prod", "staging", "dev"];

const hex = (r: () => number, n: number) => Array.from({ length: n }, () => "bcdfghjklmnpqrstvwxz2456789"[Math.floor(r() * 27)]).join("");
const ip = (i: number) => `10.${64 + ((i >>> 16) & 63)}.${(i >>> 8) & 255}.${i & 255}`;

export function generateCluster(o: GenerateOptions): Generated {
  const r = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Generated = { namespaces: [], nodes: [], pods: [], policies: [] };
  const appNamespaces = Math.max(1, o.namespaces - SYSTEM.length);
  const nsNames = [...SYSTEM, ...Array.from({ length: appNamespaces }, (_, i) => `app-${String(i + 1).padStart(5, "0")}`)];
  const teams = Math.max(1, Math.round(appNamespaces / 20));
  for (const [i, name] of nsNames.entries()) {
    const labels: Record<string, string> = SYSTEM.includes(name) ? { role: "system" } : { team: `team-${(i % teams) + 1}`, env: ENVS[i % 3]! };
    out.namespaces.push({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
  }
  const nodeCount = Math.max(1, Math.ceil(o.pods / 100));
  for (let i = 0; i < nodeCount; i++)
    out.nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${i + 1}`, labels: { "topology.kubernetes.io/zone": `zone-${"abc"[i % 3]}`, "node-role.kubernetes.io/worker": "" } },
      status: { addresses: [{ type: "InternalIP", address: `172.16.${(i >>> 8) & 255}.${i & 255}` }] },
    });

  let podIndex = 0;
  const addPod = (ns: string, workload: string, labels: Record<string, string>, ports: Role["ports"], sa: string, hostNode?: number) => {
    const hash = `${hex(rng(hash32(ns + workload)), 9)}`;
    const node = hostNode ?? Math.floor(r() * nodeCount);
    const nodeIP = `172.16.${(node >>> 8) & 255}.${node & 255}`;
    const podIP = hostNode !== undefined ? nodeIP : ip(podIndex);
    out.pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `${workload}-${hash}-${hex(r, 5)}`,
        namespace: ns,
        labels: { ...labels, "pod-template-hash": hash },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${workload}-${hash}`, controller: true, uid: "00000000-0000-0000-0000-000000000000" }],
      },
      spec: { nodeName: `node-${node + 1}`, serviceAccountName: sa, hostNetwork: hostNode !== undefined ? true : undefined, containers: [{ name: workload, image: `example.com/${workload}:1`, ports }] },
      status: { phase: "Running", podIP, podIPs: [{ ip: podIP }] },
    });
    podIndex++;
  };

  // System workloads: DNS, the ingress controller, Prometheus, a host-network node agent on some nodes.
  for (let i = 0; i < 2; i++) addPod("kube-system", "coredns", { "k8s-app": "kube-dns" }, [{ name: "dns", containerPort: 53, protocol: "UDP" }, { name: "dns-tcp", containerPort: 53 }, { name: "metrics", containerPort: 9153 }], "coredns");
  for (let i = 0; i < 2; i++) addPod("ingress-nginx", "ingress-nginx-controller", { "app.kubernetes.io/name": "ingress-nginx" }, [{ name: "http", containerPort: 80 }, { name: "https", containerPort: 443 }], "ingress-nginx");
  addPod("monitoring", "prometheus", { app: "prometheus" }, [{ name: "web", containerPort: 9090 }], "prometheus");
  const agents = Math.min(nodeCount, Math.max(1, Math.floor(o.pods / 1000)));
  for (let i = 0; i < agents; i++) addPod("monitoring", `node-exporter-${i}`, { app: "node-exporter" }, [{ name: "metrics", containerPort: 9100 }], "node-exporter", i);

  // Applications: 2–4 workloads per namespace, replicas to reach the pod count.
  const appNs = nsNames.slice(SYSTEM.length);
  const remaining = Math.max(0, o.pods - podIndex);
  const perNs = remaining / appNs.length;
  const nsRoles = new Map<string, Role[]>();
  appNs.forEach((ns, i) => {
    const roles = ROLES.filter((_, j) => j < 2 || r() < 0.5).slice(0, 4);
    nsRoles.set(ns, roles);
    const budget = Math.floor(perNs * (i + 1)) - Math.floor(perNs * i);
    for (let j = 0; j < budget; j++) {
      const role = roles[j % roles.length]!;
      addPod(ns, role.name, { app: role.name, tier: role.tier, "app.kubernetes.io/part-of": ns, version: r() < 0.9 ? "v1" : "v2" }, role.ports, role.name);
    }
  });

  // Policies: templates per namespace, spread evenly; a share of admin policies.
  const admin = Math.floor(o.policies / 500);
  const perPolicyNs = Math.max(0, o.policies - admin - (admin > 0 ? 1 : 0)) / appNs.length;
  appNs.forEach((ns, i) => {
    const budget = Math.floor(perPolicyNs * (i + 1)) - Math.floor(perPolicyNs * i);
    // Most namespaces start from default deny; the rest of the budget is a random mix.
    const [deny, ...rest] = namespacePolicies(ns, nsRoles.get(ns)!, appNs, teams, r);
    for (let j = rest.length - 1; j > 0; j--) {
      const x = Math.floor(r() * (j + 1));
      [rest[j], rest[x]] = [rest[x]!, rest[j]!];
    }
    const templates = r() < 0.6 ? [deny!, ...rest] : [...rest, deny!];
    for (let j = 0; j < budget; j++) {
      const t = templates[j % templates.length]!;
      out.policies.push(j < templates.length ? t : { ...t, metadata: { ...(t.metadata as object), name: `${(t.metadata as { name: string }).name}-${j}` } });
    }
  });
  for (let i = 0; i < admin; i++) out.policies.push(adminPolicy(i, pick));
  if (admin > 0) out.policies.push(baselinePolicy());
  return out;
}

const np = (ns: string, name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec });
const nsName = (n: string) => ({ matchLabels: { "kubernetes.io/metadata.name": n } });

/** The policies a namespace may have, most common first. */
function namespacePolicies(ns: string, roles: Role[], all: string[], teams: number, r: () => number): KubeObject[] {
  const has = (n: string) => roles.some((x) => x.name === n);
  const other = all[Math.floor(r() * all.length)]!;
  // Real ipBlocks name external ranges (partners, VPNs) and only a few pod ranges: a generator
  // that cuts the pod range at random /24s gives pods CIDR atoms no real policy would.
  const partner = Math.floor(r() * 256);
  const podRange = r() < 0.1;
  const list: KubeObject[] = [
    np(ns, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    np(ns, "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: nsName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
    }),
    np(ns, "frontend-from-ingress", {
      podSelector: { matchLabels: { app: "frontend" } },
      ingress: [{ from: [{ namespaceSelector: nsName("ingress-nginx") }], ports: [{ port: "http" }] }],
    }),
    np(ns, "backend-from-frontend", {
      podSelector: { matchLabels: { app: "backend" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: "api" }] }],
    }),
    np(ns, "app-egress", {
      podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] },
      policyTypes: ["Egress"],
      egress: [
        { to: [{ podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["backend", "db", "cache"] }] } }] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "169.254.169.254/32"] } }], ports: [{ protocol: "TCP", port: 443 }] },
      ],
    }),
    np(ns, "data-from-app", {
      podSelector: { matchLabels: { tier: "data" } },
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["api"] }, { key: "version", operator: "NotIn", values: ["v0"] }] } }], ports: [{ port: 5432 }, { port: 6379 }] }],
    }),
    np(ns, "metrics-from-monitoring", {
      podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: "system" } }, podSelector: { matchLabels: { app: "prometheus" } } }], ports: [{ protocol: "TCP", port: 9090, endPort: 9100 }] }],
    }),
    np(ns, "api-from-team", {
      podSelector: { matchLabels: { app: "backend" } },
      ingress: [
        {
          from: [{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: [`team-${1 + Math.floor(r() * teams)}`] }, { key: "env", operator: "NotIn", values: ["dev"] }] }, podSelector: { matchLabels: { app: "backend" } } }],
          ports: [{ port: "api" }],
        },
      ],
    }),
    np(ns, "to-partner", {
      podSelector: { matchLabels: { app: "backend" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: nsName(other), podSelector: { matchLabels: { app: "backend" } } }], ports: [{ protocol: "TCP", port: 8443 }] }],
    }),
    np(ns, "partner-ingress", {
      podSelector: { matchLabels: { app: "backend" } },
      ingress: [{ from: [{ ipBlock: podRange ? { cidr: "10.64.0.0/10", except: [`10.${64 + (partner & 3)}.0.0/16`] } : { cidr: `198.18.${partner}.0/24`, except: [`198.18.${partner}.${16 * (partner & 15)}/28`] } }], ports: [{ port: 8443 }] }],
    }),
  ];
  if (!has("db") && !has("cache")) list.splice(5, 1);
  return list;
}

function adminPolicy(i: number, pick: <T>(xs: readonly T[]) => T): KubeObject {
  const env = pick(["prod", "staging"]);
  return {
    apiVersion: "policy.networking.k8s.io/v1alpha1",
    kind: "AdminNetworkPolicy",
    metadata: { name: `guard-${env}-${i}` },
    spec: {
      priority: 10 + (i % 900),
      subject: { namespaces: { matchLabels: { env } } },
      ingress: [
        { name: "allow-monitoring", action: "Allow", from: [{ namespaces: { matchLabels: { role: "system" } } }], ports: [{ portRange: { protocol: "TCP", start: 9090, end: 9100 } }] },
        { name: "deny-from-dev", action: "Deny", from: [{ namespaces: { matchLabels: { env: "dev" } } }] },
        { name: "pass-same-env", action: "Pass", from: [{ namespaces: { matchLabels: { env } } }] },
      ],
    },
  };
}

function baselinePolicy(): KubeObject {
  return {
    apiVersion: "policy.networking.k8s.io/v1alpha1",
    kind: "BaselineAdminNetworkPolicy",
    metadata: { name: "default" },
    spec: {
      subject: { namespaces: { matchLabels: { env: "dev" } } },
      ingress: [{ name: "deny-other-teams", action: "Deny", from: [{ namespaces: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] } }] }],
    },
  };
}

/** All objects, in the order a loader expects them. */
export function allObjects(g: Generated): KubeObject[] {
  return [...g.namespaces, ...g.nodes, ...g.pods, ...g.policies];
}
