// A PolicyModel is everything the engine evaluates: the cluster, the compiled policies and
// the CNI profile, plus lookup indexes built once.

import type { Cluster, Namespace, Node, Pod, ServiceAccount } from "../model/cluster.js";
import type { PolicyIR } from "../model/ir.js";
import { compareKeys } from "../model/ir.js";
import type { CniProfile } from "../model/profile.js";
import { parseIP } from "../model/ip.js";
import { placeNetworkPolicies } from "./placement.js";

export interface PolicyModel {
  cluster: Cluster;
  /** Sorted by tier rank, then order inside the tier. */
  policies: PolicyIR[];
  profile: CniProfile;
  index: ClusterIndex;
}

export interface ClusterIndex {
  namespace(name: string): Namespace | undefined;
  node(name: string): Node | undefined;
  serviceAccount(namespace: string, name: string): ServiceAccount | undefined;
  /** The pod or node that owns an address, if any (canonical text via parseIP). */
  byIP(ip: string): { pod?: Pod; node?: Node } | undefined;
}

const ipKey = (ip: string): string | undefined => {
  const p = parseIP(ip);
  return p ? `${p.family}:${p.value.toString(16)}` : undefined;
};

function buildIndex(cluster: Cluster): ClusterIndex {
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  // The first of a name wins, as a linear search would find it.
  const serviceAccounts = new Map<string, ServiceAccount>();
  for (const sa of cluster.serviceAccounts) if (!serviceAccounts.has(`${sa.namespace}/${sa.name}`)) serviceAccounts.set(`${sa.namespace}/${sa.name}`, sa);
  const ips = new Map<string, { pod?: Pod; node?: Node }>();
  for (const n of cluster.nodes)
    for (const a of n.addresses) {
      const k = ipKey(a);
      if (k) ips.set(k, { node: n });
    }
  for (const p of cluster.pods) {
    if (p.hostNetwork) continue; // a host-network pod's IP is its node's
    for (const a of p.ips) {
      const k = ipKey(a);
      if (k) ips.set(k, { pod: p });
    }
  }
  return {
    namespace: (name) => cluster.namespaces.get(name),
    node: (name) => nodes.get(name),
    serviceAccount: (namespace, name) => serviceAccounts.get(`${namespace}/${name}`),
    byIP: (ip) => {
      const k = ipKey(ip);
      return k ? ips.get(k) : undefined;
    },
  };
}

function sortPolicies(policies: PolicyIR[]): PolicyIR[] {
  return [...policies].sort(
    (a, b) =>
      compareKeys(a.tier.rank, b.tier.rank) ||
      compareKeys(a.order, b.order) ||
      compareKeys([a.origin.namespace ?? "", a.origin.name], [b.origin.namespace ?? "", b.origin.name]),
  );
}

export function createModel(cluster: Cluster, policies: PolicyIR[], profile: CniProfile): PolicyModel {
  return { cluster, policies: sortPolicies(placeNetworkPolicies(policies, profile)), profile, index: buildIndex(cluster) };
}
