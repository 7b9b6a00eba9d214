// The lab's plan of the cluster, before anything is created: which network namespace each
// pod and node gets, and every address. Pure (no I/O), so the compiler and the tests can use it.
//
// Shape (SEMANTICS §6.4, routed veths, no bridge): every pod is a namespace with one /32 on
// eth0, default route via 169.254.1.1 held by its node namespace; every node is a namespace
// that routes its pods and holds the node addresses on an uplink to the `wire` namespace,
// which routes between nodes (node gateway 169.254.2.1). Host-network pods live in their
// node's namespace: their traffic is node traffic. Pods without a node go to one extra node.

import type { Cluster, Node, Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import { formatIP, parseIP } from "../model/ip.js";

export const POD_GATEWAY = "169.254.1.1";
export const NODE_GATEWAY = "169.254.2.1";
/** Addresses the lab hands out when the input has none, and the node for pods without one. */
const POD_POOL = { base: (10n << 24n) | (250n << 16n), size: 65_000n }; // 10.250.0.0/16
const NODE_POOL = { base: (10n << 24n) | (251n << 16n), size: 65_000n }; // 10.251.0.0/16
export const DEFAULT_NODE = "podwall-lab-node";

export interface LabNode {
  index: number;
  name: string;
  ns: string;
  /** The node's addresses, primary first; host-network pods use them too. */
  ips: string[];
  /** The cluster's Node object, when there is one (the engine knows only those). */
  node?: Node;
  pods: LabPod[];
  hostPods: Pod[];
}

export interface LabPod {
  index: number;
  pod: Pod;
  ns: string;
  ip: string;
  node: LabNode;
}

/** An address outside the cluster that a cell names: a namespace of its own behind the wire. */
export interface LabExternal {
  index: number;
  ip: string;
  ns: string;
}

export interface Topology {
  runId: string;
  wireNs: string;
  nodes: LabNode[];
  /** Pods with their own namespace (not host-network). */
  pods: LabPod[];
  /** Outside hosts, added while the lab runs as cells need them (externals.ts). */
  externals: LabExternal[];
  /** What the lab changed about the input, for the user (assigned addresses, …). */
  notes: string[];
}

/** Every namespace the topology needs, in creation order. */
export function namespacesOf(t: Topology): string[] {
  return [t.wireNs, ...t.nodes.map((n) => n.ns), ...t.pods.map((p) => p.ns), ...t.externals.map((x) => x.ns)];
}

const v4 = (ips: readonly string[]) => ips.find((a) => parseIP(a)?.family === 4);

/**
 * A copy of the cluster where every pod and node has exactly the IPv4 address the lab will
 * give it. The engine's predictions are made on this copy, so that both judges see the same
 * addresses (a pod without `status.podIP` gets one from 10.250.0.0/16).
 */
export function withLabAddresses(cluster: Cluster): { cluster: Cluster; notes: string[] } {
  const notes: string[] = [];
  const used = new Set<string>([POD_GATEWAY, NODE_GATEWAY]);
  const take = (pool: { base: bigint; size: bigint }): string => {
    for (let i = 1n; i < pool.size; i++) {
      const a = formatIP({ family: 4, value: pool.base + i });
      if (!used.has(a)) {
        used.add(a);
        return a;
      }
    }
    throw new Error("the lab ran out of addresses");
  };
  const nodes: Node[] = cluster.nodes.map((n) => {
    const a = v4(n.addresses);
    if (a && !used.has(a)) {
      used.add(a);
      return { ...n, addresses: [a, ...n.addresses.filter((x) => x !== a && parseIP(x)?.family === 4 && !used.has(x))] };
    }
    const got = take(NODE_POOL);
    notes.push(`node ${n.name} has no usable IPv4 address: the lab gave it ${got}`);
    return { ...n, addresses: [got] };
  });
  for (const n of nodes) for (const a of n.addresses) used.add(a);
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const hostIPs = new Map<string, string>(); // node name → address for host pods of nodes without an object
  const pods: Pod[] = cluster.pods.map((p) => {
    if (p.hostNetwork) {
      const node = p.nodeName ? nodeByName.get(p.nodeName) : undefined;
      if (node) return { ...p, ips: [node.addresses[0]!] };
      const key = p.nodeName ?? DEFAULT_NODE;
      let ip = hostIPs.get(key);
      if (!ip) {
        const own = v4(p.ips);
        ip = own && !used.has(own) ? own : take(NODE_POOL);
        used.add(ip);
        hostIPs.set(key, ip);
      }
      return { ...p, ips: [ip] };
    }
    return p;
  });
  const out = pods.map((p) => {
    if (p.hostNetwork) return p;
    const own = v4(p.ips);
    if (own && !used.has(own)) {
      used.add(own);
      return { ...p, ips: [own] };
    }
    const got = take(POD_POOL);
    notes.push(`pod ${podKey(p)} ${own ? `shares ${own} with another endpoint` : "has no IPv4 address"}: the lab gave it ${got}`);
    return { ...p, ips: [got] };
  });
  return { cluster: { ...cluster, nodes, pods: out }, notes };
}

/** The plan for a cluster that already went through withLabAddresses. */
export function planTopology(cluster: Cluster, runId: string): Topology {
  const nodes: LabNode[] = [];
  const byName = new Map<string, LabNode>();
  const addNode = (name: string, ips: string[], node?: Node): LabNode => {
    const n: LabNode = { index: nodes.length, name, ns: `${runId}-n${nodes.length}`, ips, node, pods: [], hostPods: [] };
    nodes.push(n);
    byName.set(name, n);
    return n;
  };
  for (const n of cluster.nodes) addNode(n.name, [...n.addresses], n);
  const nodeFor = (p: Pod): LabNode => {
    const name = p.nodeName ?? DEFAULT_NODE;
    const known = byName.get(name);
    if (known) return known;
    // A node named by pods only: its address is its host pods' (or a fresh one, given below).
    return addNode(name, []);
  };
  const pods: LabPod[] = [];
  for (const p of cluster.pods) {
    const node = nodeFor(p);
    if (p.hostNetwork) {
      node.hostPods.push(p);
      if (!node.ips.includes(p.ips[0]!)) node.ips.push(p.ips[0]!);
      continue;
    }
    const lp: LabPod = { index: pods.length, pod: p, ns: `${runId}-p${pods.length}`, ip: p.ips[0]!, node };
    pods.push(lp);
    node.pods.push(lp);
  }
  const used = new Set([...cluster.pods.flatMap((p) => p.ips), ...nodes.flatMap((n) => n.ips)]);
  for (const n of nodes) {
    if (n.ips.length) continue;
    for (let i = 1n; ; i++) {
      const a = formatIP({ family: 4, value: NODE_POOL.base + 0x8000n + i });
      if (!used.has(a)) {
        used.add(a);
        n.ips.push(a);
        break;
      }
    }
  }
  return { runId, wireNs: `${runId}-w`, nodes, pods, externals: [], notes: [] };
}

/**
 * Which namespace a pod lives in: its own, or its node's. By name, not object identity: a lab
 * is reused across models of the same cluster shape (conformance steps that change labels).
 */
export function namespaceOfPod(t: Topology, p: Pod): string | undefined {
  const key = podKey(p);
  const own = t.pods.find((lp) => podKey(lp.pod) === key);
  if (own) return own.ns;
  return t.nodes.find((n) => n.hostPods.some((h) => podKey(h) === key))?.ns;
}

/**
 * The same lab seen through another model of the same cluster shape (same pods, addresses and
 * nodes; labels and ports may differ): the compiler must read the current model's pods.
 */
export function rebind(t: Topology, cluster: Cluster): Topology {
  const pods = new Map(cluster.pods.map((p) => [podKey(p), p]));
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const labNodes: LabNode[] = t.nodes.map((n) => ({ ...n, node: n.node ? (nodes.get(n.name) ?? n.node) : undefined, pods: [], hostPods: n.hostPods.map((h) => pods.get(podKey(h)) ?? h) }));
  const labPods: LabPod[] = t.pods.map((lp) => {
    const node = labNodes[lp.node.index]!;
    const moved: LabPod = { ...lp, pod: pods.get(podKey(lp.pod)) ?? lp.pod, node };
    node.pods.push(moved);
    return moved;
  });
  return { ...t, nodes: labNodes, pods: labPods };
}
