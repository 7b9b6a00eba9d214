// The one intermediate representation. Every policy kind compiles to PolicyIR; the engine
// evaluates only this and knows nothing of YAML kinds (DESIGN.md, "The one IR").

import type { LabelExpr } from "./labels.js";
import type { SourceRef } from "./source.js";
import type { FeatureName } from "./profile.js";

export type Direction = "ingress" | "egress";
export const DIRECTIONS: readonly Direction[] = ["ingress", "egress"];

/** The L4 protocols a flow can have. */
export type Protocol = "TCP" | "UDP" | "SCTP";
export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

/**
 * allow / deny end the side's evaluation; pass leaves the current tier for the next one;
 * log records and goes on (Calico).
 */
export type Action = "allow" | "deny" | "pass" | "log";

/** Which namespaces a pod selector looks in. */
export type NamespaceSel =
  | { type: "name"; name: string } // the policy's own namespace, say
  | { type: "labels"; expr: LabelExpr }; // namespaces whose labels match (`all` = every namespace)

/** Pods: a namespace scope AND a pod label expression (AND a service-account expression). */
export interface PodSelector {
  namespace: NamespaceSel;
  pod: LabelExpr;
  /**
   * Which labels `pod` sees. `k8s`: the pod's own labels. `calico`: the pod's labels plus
   * projectcalico.org/namespace, projectcalico.org/orchestrator=k8s and
   * projectcalico.org/serviceaccount, as Calico's selectors see them.
   */
  labelView?: "k8s" | "calico";
  /** Matched against the pod's service account: its name as `projectcalico.org/name`. */
  serviceAccount?: LabelExpr;
}

/** Cilium-style entities, for peers that are not selectors. */
export type Entity =
  | "world" // outside the cluster
  | "cluster" // every endpoint of the cluster: pods and nodes
  | "host" // the subject pod's own node
  | "remote-node" // the other nodes
  | "kube-apiserver"
  | "all"
  // Cilium's other reserved identities: podwall's cluster model has no such endpoints, so
  // they match nothing, but a trace still names them.
  | "health"
  | "init"
  | "ingress"
  | "unmanaged"
  | "none";

/** The other end of a connection, as a rule sees it. */
export type PeerExpr =
  | { type: "any" } // anything: every pod, node and external address
  | { type: "pods"; selector: PodSelector }
  | {
      type: "cidr";
      cidr: string;
      except: string[];
      /**
       * Whether the block matches addresses of pods and nodes. `profile` leaves it to the CNI
       * profile (NetworkPolicy ipBlock: SEMANTICS §1.4.4); `always` for APIs that say so
       * (ClusterNetworkPolicy `networks`); `never` for world-only CIDR peers.
       */
      clusterIPs: "profile" | "always" | "never";
    }
  | { type: "nodes"; selector: LabelExpr } // node IPs (and host-network pods on them)
  | { type: "entity"; entity: Entity }
  | { type: "fqdn"; patterns: string[]; syntax?: "cilium" } // DNS names, `*.example.com` style; `cilium`: matchName/matchPattern rules (engine/dns-name.ts)
  | { type: "and"; peers: PeerExpr[] }
  | { type: "or"; peers: PeerExpr[] }
  | { type: "not"; peer: PeerExpr };

/**
 * A destination port condition. `protocol: "ANY"` matches TCP, UDP and SCTP. A named port is
 * resolved on the destination pod: a container port with that name, and the rule's protocol
 * unless the protocol is ANY (then the container port's own protocol counts).
 */
export interface PortExpr {
  protocol: Protocol | "ANY" | string; // other strings (ICMP, …) never match a TCP/UDP/SCTP flow
  from?: number; // absent with no name: every port of the protocol
  to?: number; // inclusive; equals `from` for a single port
  name?: string;
}

export interface HttpMatch {
  method?: string; // regular expressions, full match (Cilium)
  path?: string;
  host?: string;
  headers?: Record<string, string>; // exact values (Cilium `headers: ["X-Key value"]`)
  /** Header names that must be present, whatever their value (Cilium `headers: ["X-Key"]`). */
  headersPresent?: string[];
}

/** L7 conditions on an allow rule; the connection is allowed, requests are filtered. */
export interface L7Match {
  http?: HttpMatch[];
  dns?: { matchName?: string; matchPattern?: string }[];
  /** An L7 protocol whose rules podwall does not evaluate (Cilium `kafka`, `l7proto`). */
  other?: string;
}

export interface Rule {
  action: Action;
  peer: PeerExpr;
  /** Absent: every port of every protocol. Entries are OR'ed. */
  ports?: PortExpr[];
  /** The port must match none of these (Calico notPorts). */
  notPorts?: PortExpr[];
  l7?: L7Match;
  /** Field path of the rule inside its object, e.g. `spec.ingress[1]`. */
  path: string;
  source?: SourceRef;
}

export interface DirectionPolicy {
  /**
   * Whether selecting a pod in this direction isolates it: at the end of the tier, a pod that
   * some isolating policy selected and nothing allowed is denied.
   */
  isolates: boolean;
  rules: Rule[];
}

export interface Tier {
  /** Sort key, compared element by element; lower runs first. See TIERS. */
  rank: (number | string)[];
  name: string;
  /** What happens to a selected pod that no rule decided: Kubernetes/Calico deny, ANP goes on. */
  endOfTier: "deny" | "continue";
  /**
   * Policies whose `order` differs only in its last element (the name tiebreak) have no
   * defined order: ANP/CNP of equal priority (SEMANTICS §2.2.7). The trace reports overlaps.
   */
  tiesUndefined?: boolean;
}

export interface Origin {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  source?: SourceRef;
}

/** The feature families a CNI profile may or may not enforce (profiles.ts). */
export type Family = "networkpolicy" | "admin" | "baseline" | "calico" | "cilium" | "istio";

export interface PolicyIR {
  origin: Origin;
  family: Family;
  tier: Tier;
  /** Order inside the tier, compared element by element (priority, then name). */
  order: (number | string)[];
  subject: PodSelector;
  /** CNI profile features without which the policy has no effect (engine/enforcement.ts). */
  requires?: FeatureName[];
  ingress?: DirectionPolicy;
  egress?: DirectionPolicy;
}

/** The standard tiers, in evaluation order (DESIGN.md). Calico tiers sit at rank 200. */
export const TIERS = {
  admin: { rank: [100], name: "admin", endOfTier: "continue", tiesUndefined: true },
  ciliumDeny: { rank: [300], name: "cilium-deny", endOfTier: "continue" },
  networkPolicy: { rank: [400], name: "networkpolicy", endOfTier: "deny" },
  baseline: { rank: [500], name: "baseline", endOfTier: "continue", tiesUndefined: true },
} as const satisfies Record<string, Tier>;

export function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export function originName(o: Origin): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}
