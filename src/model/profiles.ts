// The shipped CNI profiles, as data. Adding a profile is adding an entry here.

import type { CniProfile } from "./profile.js";

export const GENERIC: CniProfile = {
  name: "generic",
  title: "Generic (upstream reading)",
  description:
    "The Kubernetes API as the upstream e2e tests and kube-network-policies read it: every kind podwall knows is enforced, ipBlock matches pod and node IPs, the own node may always reach its pods, pod-to-own-node traffic is policed by egress rules, host-network pods are node traffic.",
  enforces: ["networkpolicy", "admin", "baseline", "calico", "cilium", "istio"],
  features: { endPort: true, sctp: true, namedPorts: true },
  settings: {
    ipBlockMatchesPodIPs: true,
    ipBlockMatchesNodeIPs: true,
    ownNodeToPod: "allowed",
    podToOwnNode: "policed",
    hostNetworkPods: "node",
    podToItself: "policed",
  },
  sources: [
    "kubernetes/kubernetes test/e2e/network/netpol/network_policy.go (ipBlock to a pod IP is allowed)",
    "kubernetes-sigs/kube-network-policies pkg/networkpolicy/networkpolicy.go",
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/ (own node, hostNetwork)",
  ],
};

export const PROFILES: readonly CniProfile[] = [GENERIC];

export function findProfile(name: string): CniProfile | undefined {
  return PROFILES.find((p) => p.name === name);
}
