// A CNI profile: what the network plugin enforces, and its choices where the Kubernetes API
// leaves one to the implementation (SEMANTICS §1.10). Profiles are data; the engine reads
// these settings and never guesses. profiles.ts lists the shipped ones.

import type { Family } from "./ir.js";

export interface ProfileSettings {
  /** Whether NetworkPolicy ipBlock (and other `clusterIPs: profile` CIDR peers) match pod IPs. */
  ipBlockMatchesPodIPs: boolean;
  /** Whether such CIDR peers match node IPs (and host-network pods, which use them). */
  ipBlockMatchesNodeIPs: boolean;
  /** Traffic from a pod's own node to the pod: exempt from ingress policy, or policed. */
  ownNodeToPod: "allowed" | "policed";
  /** Traffic from a pod to its own node: subject to the pod's egress policy, or exempt. */
  podToOwnNode: "policed" | "allowed";
  /**
   * Host-network pods: `node` — not selectable by pod selectors, their traffic is their
   * node's; `pod` — treated as ordinary pods.
   */
  hostNetworkPods: "node" | "pod";
  /**
   * A pod reaching itself by name (through its Service, hairpinned by the node): `policed`
   * evaluates policy as for any other pod; `allowed` exempts it. Reaching its own IP never
   * leaves the pod and is always allowed, whatever this says.
   */
  podToItself: "policed" | "allowed";
  /**
   * Where Kubernetes NetworkPolicies sit among the tiers. `own-tier` (absent): their own tier
   * after every Calico tier. `calico-default-tier`: as Calico places them (SEMANTICS §3.8),
   * inside Calico's `default` tier at order 1000, so Calico policies of that tier with a lower
   * order run first and the tier's end-of-tier deny covers both. Applied in createModel.
   */
  networkPolicyPlacement?: "own-tier" | "calico-default-tier";
}

export interface ProfileFeatures {
  endPort: boolean;
  sctp: boolean;
  namedPorts: boolean;
  /** L7 rules (Cilium HTTP/DNS). Data for the L7 step; without it L7 rules do not filter. */
  l7: boolean;
  /** DNS-name peers (Cilium toFQDNs, ClusterNetworkPolicy domainNames). */
  fqdn: boolean;
  /** AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). */
  anpV1alpha1: boolean;
  /** ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2). */
  cnpV1alpha2: boolean;
}

export type FeatureName = keyof ProfileFeatures;

export interface CniProfile {
  name: string;
  title: string;
  description: string;
  /** The policy families it enforces; policies of other families have no effect. */
  enforces: Family[];
  features: ProfileFeatures;
  settings: ProfileSettings;
  /** Where each choice comes from. */
  sources: string[];
}

/** Words for `podwall profiles`: what each setting does. */
export const SETTING_HELP: Record<keyof ProfileSettings, string> = {
  ipBlockMatchesPodIPs: "NetworkPolicy ipBlock matches pod IPs (the upstream e2e tests expect it; Cilium does not)",
  ipBlockMatchesNodeIPs: "ipBlock matches node IPs and host-network pods",
  ownNodeToPod: "traffic from a pod's own node to the pod: allowed (exempt) or policed by ingress rules",
  podToOwnNode: "traffic from a pod to its own node: policed by egress rules or allowed",
  hostNetworkPods: "host-network pods: treated as their node (not selectable) or as ordinary pods",
  podToItself: "a pod reaching itself through its Service: policed or allowed (its own IP is always allowed)",
  networkPolicyPlacement: "where NetworkPolicies sit: their own tier, or Calico's default tier at order 1000 (Calico policies with a lower order run first)",
};

export const FEATURE_HELP: Record<keyof ProfileFeatures, string> = {
  endPort: "port ranges (endPort); without it only `port` is enforced",
  sctp: "SCTP rules",
  namedPorts: "named ports",
  l7: "L7 rules (HTTP method/path/host/headers, DNS names)",
  fqdn: "DNS-name peers (toFQDNs, domainNames)",
  anpV1alpha1: "AdminNetworkPolicy / BaselineAdminNetworkPolicy v1alpha1 (admin and baseline tiers)",
  cnpV1alpha2: "ClusterNetworkPolicy v1alpha2 (tiers Admin and Baseline)",
};
