// The shipped CNI profiles, as data. Adding a profile is adding an entry here. Each choice
// names its source in `sources` (and in docs/profiles.md, which says which are documented
// and which are podwall's reading where the project documents nothing).

import type { CniProfile, ProfileFeatures, ProfileSettings } from "./profile.js";

const ALL_FEATURES: ProfileFeatures = { endPort: true, sctp: true, namedPorts: true, l7: true, fqdn: true, anpV1alpha1: true, cnpV1alpha2: true };
const NO_FEATURES: ProfileFeatures = { endPort: false, sctp: false, namedPorts: false, l7: false, fqdn: false, anpV1alpha1: false, cnpV1alpha2: false };
/** NetworkPolicy v1 as the API says, and nothing beyond it. */
const NP_ONLY: ProfileFeatures = { ...NO_FEATURES, endPort: true, sctp: true, namedPorts: true };

/** The upstream reading of the choices the API leaves open (SEMANTICS §1.10, first column). */
const UPSTREAM: ProfileSettings = {
  ipBlockMatchesPodIPs: true,
  ipBlockMatchesNodeIPs: true,
  ownNodeToPod: "allowed",
  podToOwnNode: "policed",
  hostNetworkPods: "node",
  podToItself: "policed",
};

export const GENERIC: CniProfile = {
  name: "generic",
  title: "Generic (upstream reading)",
  description:
    "The Kubernetes API as the upstream e2e tests and kube-network-policies read it: every kind podwall knows is enforced, ipBlock matches pod and node IPs, the own node may always reach its pods, pod-to-own-node traffic is policed by egress rules, host-network pods are node traffic.",
  enforces: ["networkpolicy", "admin", "baseline", "calico", "cilium", "istio"],
  features: ALL_FEATURES,
  settings: UPSTREAM,
  sources: [
    "kubernetes/kubernetes test/e2e/network/netpol/network_policy.go (ipBlock to a pod IP is allowed)",
    "kubernetes-sigs/kube-network-policies pkg/networkpolicy/networkpolicy.go",
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/ (own node, hostNetwork)",
  ],
};

export const CALICO: CniProfile = {
  name: "calico",
  title: "Calico (open source, iptables/nftables dataplane)",
  description:
    "Kubernetes NetworkPolicy, Calico's own policies and the admin tiers (CNP Admin → tier kube-admin, Baseline → kube-baseline). No L7 and no DNS-name peers in the open-source edition. Host → local pod is never policed; pod → host runs the pod's egress policy.",
  enforces: ["networkpolicy", "calico", "admin", "baseline"],
  features: { ...NP_ONLY, anpV1alpha1: true, cnpV1alpha2: true },
  settings: { ...UPSTREAM, networkPolicyPlacement: "calico-default-tier" },
  sources: [
    "ipBlock/pod IPs, node IPs: SEMANTICS §1.10 table (Calico: yes/yes); ipBlock → nets (libcalico-go conversion.go k8sRuleToCalico)",
    "own node → pod allowed: projectcalico/calico felix/rules/static.go filterOutputChain (host → workload not policed)",
    "pod → own node policed: felix config DefaultEndpointToHostAction runs after the pod's egress policy",
    "admin tiers: libcalico-go conversion/clusternetworkpolicy.go; tigera docs tiered-policy.mdx (kube-admin, kube-baseline)",
    "no L7/FQDN in open source: tigera docs (DNS policy and application layer policy are Calico Enterprise/Cloud features)",
  ],
};

export const CILIUM: CniProfile = {
  name: "cilium",
  title: "Cilium (default configuration)",
  description:
    "Kubernetes NetworkPolicy and Cilium's policies, with L7 and FQDN. ipBlock matches only addresses outside the cluster (pods and nodes are identities, not CIDRs). SCTP is off unless sctp.enabled. ClusterNetworkPolicy / ANP are not enforced yet.",
  enforces: ["networkpolicy", "cilium"],
  features: { ...ALL_FEATURES, sctp: false, anpV1alpha1: false, cnpV1alpha2: false },
  settings: { ...UPSTREAM, ipBlockMatchesPodIPs: false, ipBlockMatchesNodeIPs: false },
  sources: [
    "ipBlock is world-only: docs.cilium.io policy/language (CIDR rules do not apply to traffic where both ends are managed by Cilium); SEMANTICS §1.10",
    "node IPs only with policy-cidr-match-mode=nodes: docs.cilium.io policy/language (Selecting nodes with CIDR)",
    "endPort: supported since v1.16 (cilium/cilium PR #33389 port-range docs; earlier releases ignored endPort, issue #28684)",
    "SCTP beta, off by default: https://docs.cilium.io/en/stable/configuration/sctp/",
    "own node → pod allowed: allow-localhost=auto (docs.cilium.io policy intro, host entity)",
    "no ANP/CNP: cilium/cilium issue #23380, CFP-42904 (in progress)",
  ],
};

export const FLANNEL: CniProfile = {
  name: "flannel",
  title: "Flannel (no policy enforcement)",
  description: "Flannel only connects pods; it enforces no policy of any kind, so every policy is ignored and every flow is allowed.",
  enforces: [],
  features: NO_FEATURES,
  settings: UPSTREAM,
  sources: ["flannel-io/flannel README (\"Flannel is focused on networking. For network policy, other projects such as Calico can be used\")"],
};

export const WEAVE: CniProfile = {
  name: "weave",
  title: "Weave Net (weave-npc)",
  description:
    "Kubernetes NetworkPolicy through weave-npc (iptables + ipsets). Named ports are not supported (rules with them match nothing here; weave-npc rejects or crashes on them), and endPort and SCTP came after the project's last release.",
  enforces: ["networkpolicy"],
  features: { ...NO_FEATURES },
  settings: UPSTREAM,
  sources: [
    "named ports unsupported: weaveworks/weave issues #3032 and #3785 (open), PR #3375",
    "no endPort: weave's last release (2.8.1, 2021) predates NetworkPolicy endPort going beta (KEP-2079, 1.22); npc/analyser.go reads port only",
    "no SCTP: podwall's reading of weave npc (TCP/UDP rules only); unverified",
    "ipBlock matches pod IPs, own node allowed: podwall's reading of weave npc (ipset on addresses; host traffic enters via the weave bridge); unverified",
  ],
};

export const ANTREA: CniProfile = {
  name: "antrea",
  title: "Antrea",
  description:
    "Kubernetes NetworkPolicy and AdminNetworkPolicy / BaselineAdminNetworkPolicy v1alpha1 (since v1.13). Antrea-native ClusterNetworkPolicy (crd.antrea.io) is a different API and is not read; FQDN and L7 exist only there.",
  enforces: ["networkpolicy", "admin", "baseline"],
  features: { ...NP_ONLY, anpV1alpha1: true },
  settings: UPSTREAM,
  sources: [
    "ANP/BANP since v1.13: https://antrea.io/docs/main/docs/admin-network-policy/",
    "endPort, SCTP, named ports: antrea.io docs (antrea-network-policy.md; SCTP support for NetworkPolicy)",
    "ipBlock, own node, hostNetwork: podwall's reading (OVS flows on pod IPs; host gateway traffic allowed); same as upstream",
  ],
};

export const AWS_VPC_CNI: CniProfile = {
  name: "aws-vpc-cni",
  title: "Amazon VPC CNI without the network policy agent",
  description: "The Amazon VPC CNI before v1.14, or with enableNetworkPolicy=false: no NetworkPolicy enforcement at all (security groups are outside podwall's model).",
  enforces: [],
  features: NO_FEATURES,
  settings: UPSTREAM,
  sources: ["https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html (v1.13 or earlier needs a third-party solution; the agent is opt-in)"],
};

export const AWS_VPC_CNI_NP: CniProfile = {
  name: "aws-vpc-cni-netpol",
  title: "Amazon VPC CNI with the network policy agent (v1.14+)",
  description: "Kubernetes NetworkPolicy through aws-network-policy-agent (eBPF). Not applied to Fargate or Windows nodes, nor to host-network pods. No admin tiers.",
  enforces: ["networkpolicy"],
  features: { ...NP_ONLY, sctp: false },
  settings: UPSTREAM,
  sources: [
    "NetworkPolicy from v1.14, Linux EC2 nodes only: https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html",
    "no SCTP: podwall's reading of aws/aws-network-policy-agent (eBPF programs handle TCP and UDP); unverified",
    "ipBlock matches pod IPs: the agent resolves selectors to IPs and matches CIDRs on addresses (aws/aws-network-policy-agent)",
  ],
};

export const KUBE_ROUTER: CniProfile = {
  name: "kube-router",
  title: "kube-router",
  description: "Kubernetes NetworkPolicy in iptables/nftables with ipsets. endPort and named ports yes; SCTP no. Traffic from the local node to its pods is accepted.",
  enforces: ["networkpolicy"],
  features: { ...NP_ONLY, sctp: false },
  settings: UPSTREAM,
  sources: [
    "own node → pod accepted (fib saddr type local), endPort as dport ranges, named ports as per-port sets: cloudnativelabs/kube-router pkg/controllers/netpol/npc_nftables.go (SEMANTICS §6.2)",
    "no SCTP: cloudnativelabs/kube-router issue #1019 (open)",
    "ipBlock matches pod and node IPs: SEMANTICS §1.10 table",
  ],
};

export const OVN_KUBERNETES: CniProfile = {
  name: "ovn-kubernetes",
  title: "OVN-Kubernetes",
  description:
    "Kubernetes NetworkPolicy and AdminNetworkPolicy / BaselineAdminNetworkPolicy v1alpha1 as OVN ACL tiers (tier 1 ANP, tier 2 NetworkPolicy, tier 3 BANP). TCP, UDP and SCTP. Host-network pods are not affected by policy.",
  enforces: ["networkpolicy", "admin", "baseline"],
  features: { ...NP_ONLY, anpV1alpha1: true },
  settings: UPSTREAM,
  sources: [
    "ANP/BANP ACL tiers: https://docs.redhat.com/en/documentation/openshift_container_platform/4.17/html/network_security/admin-network-policy",
    "TCP, UDP, ICMP and SCTP; hostNetwork pods unaffected: docs.redhat.com OpenShift network_security/network-policy (About network policy)",
  ],
};

export const KINDNET: CniProfile = {
  name: "kindnet",
  title: "kindnet / kube-network-policies",
  description:
    "kind's default CNI (v0.24+) with the sig-network reference implementation kube-network-policies embedded: NetworkPolicy as the upstream e2e tests read it. The admin-tier plugins (npa-v1alpha1/v1alpha2) are opt-in in kube-network-policies and off in kindnet.",
  enforces: ["networkpolicy"],
  features: NP_ONLY,
  settings: UPSTREAM,
  sources: [
    "network policies in kind by default since v0.24.0: kubernetes-sigs/kind issue #842, release v0.24.0",
    "ipBlock, own node (root-owned sockets, i.e. kubelet), pod → host policed: kube-network-policies pkg/dataplane/controller.go (SEMANTICS §6.1)",
  ],
};

export const PROFILES: readonly CniProfile[] = [GENERIC, CALICO, CILIUM, FLANNEL, WEAVE, ANTREA, AWS_VPC_CNI, AWS_VPC_CNI_NP, KUBE_ROUTER, OVN_KUBERNETES, KINDNET];

export function findProfile(name: string): CniProfile | undefined {
  return PROFILES.find((p) => p.name === name);
}
