// Cilium endpoint selectors → IR peers (SEMANTICS §4.3). A Cilium selector is a Kubernetes
// LabelSelector over *endpoint* labels: the pod's labels plus labels Cilium derives from the
// namespace and service account, each with a source prefix (`k8s:`, `any:`, `reserved:`).
// Each requirement names one key, so the selector splits exactly into a namespace part, a
// service-account part and a pod part, which the IR's PodSelector already expresses.

import type { Entity, PeerExpr, PodSelector } from "../../model/ir.js";
import type { LabelExpr } from "../../model/labels.js";
import { and, not } from "../../model/labels.js";

/** Label sources a key may start with (cilium pkg/labels). */
const SOURCES = ["k8s", "any", "reserved", "container", "unspec", "cidr", "fqdn", "cilium-generated", "kvstore", "k8s-node"];

export const NAMESPACE_KEY = "io.kubernetes.pod.namespace";
export const NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";
export const SERVICE_ACCOUNT_KEY = "io.cilium.k8s.policy.serviceaccount";
export const CLUSTER_KEY = "io.cilium.k8s.policy.cluster";
/** podwall models one cluster; Cilium's default cluster name. */
export const CLUSTER_NAME = "default";

export const ENTITIES = ["all", "world", "world-ipv4", "world-ipv6", "cluster", "host", "remote-node", "kube-apiserver", "health", "init", "ingress", "unmanaged", "none"] as const;

export interface Requirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: string[];
}

export interface CiliumSelectorShape {
  matchLabels?: Record<string, unknown> | null;
  matchExpressions?: { key: string; operator: string; values?: unknown[] | null }[] | null;
}

/** `k8s:app` → {source: k8s, key: app}; a key without a known source is `any`. */
export function splitKey(raw: string): { source: string; key: string } {
  const i = raw.indexOf(":");
  if (i > 0 && SOURCES.includes(raw.slice(0, i))) return { source: raw.slice(0, i), key: raw.slice(i + 1) };
  return { source: "any", key: raw };
}

export function requirements(sel: CiliumSelectorShape | null | undefined): Requirement[] {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(sel?.matchLabels ?? {})) out.push({ key, operator: "In", values: [String(value ?? "")] });
  for (const e of sel?.matchExpressions ?? []) out.push({ key: e.key, operator: e.operator as Requirement["operator"], values: (e.values ?? []).map(String) });
  return out;
}

function toExpr(key: string, r: Requirement): LabelExpr {
  switch (r.operator) {
    case "In":
      return r.values.length === 1 ? { op: "eq", key, value: r.values[0]! } : { op: "in", key, values: r.values };
    case "NotIn":
      return not({ op: "in", key, values: r.values });
    case "Exists":
      return { op: "has", key };
    case "DoesNotExist":
      return not({ op: "has", key });
  }
}

/** The reserved identity a selector names (`reserved:host: ""`), if it names one. */
export function reservedEntity(sel: CiliumSelectorShape | null | undefined): Entity | undefined {
  for (const r of requirements(sel)) {
    const { source, key } = splitKey(r.key);
    if (source === "reserved" && r.operator === "In") return key as Entity;
  }
  return undefined;
}

export function mentionsNamespace(sel: CiliumSelectorShape | null | undefined): boolean {
  return requirements(sel).some((r) => splitKey(r.key).key === NAMESPACE_KEY);
}

/**
 * The pods a selector picks. `policyNamespace`: the CNP's namespace, added when the selector
 * does not name a namespace itself; undefined for CCNP (any namespace: Cilium adds only
 * "the namespace label exists", which every pod has).
 */
export function podSelectorOf(sel: CiliumSelectorShape | null | undefined, policyNamespace: string | undefined): PodSelector {
  const ns: LabelExpr[] = [];
  const sa: LabelExpr[] = [];
  const pod: LabelExpr[] = [];
  let mentionsNs = false;
  for (const r of requirements(sel)) {
    const { key } = splitKey(r.key);
    if (key === NAMESPACE_KEY) {
      mentionsNs = true;
      ns.push(toExpr("kubernetes.io/metadata.name", r)); // the control plane sets it on every namespace
    } else if (key.startsWith(NAMESPACE_LABELS_PREFIX)) ns.push(toExpr(key.slice(NAMESPACE_LABELS_PREFIX.length), r));
    // PodSelector.serviceAccount sees the account's name as projectcalico.org/name (match.ts).
    else if (key === SERVICE_ACCOUNT_KEY) sa.push(toExpr("projectcalico.org/name", r));
    else if (key === CLUSTER_KEY) pod.push(clusterRequirement(r));
    else pod.push(toExpr(key, r));
  }
  const nsExpr = and(ns);
  const namespace: PodSelector["namespace"] =
    !mentionsNs && policyNamespace !== undefined
      ? ns.length === 0
        ? { type: "name", name: policyNamespace }
        : { type: "labels", expr: and([{ op: "eq", key: "kubernetes.io/metadata.name", value: policyNamespace }, nsExpr]) }
      : { type: "labels", expr: nsExpr };
  return { namespace, pod: and(pod), ...(sa.length ? { serviceAccount: and(sa) } : {}) };
}

/** podwall's model is one cluster named `default`: the requirement is decided now. */
function clusterRequirement(r: Requirement): LabelExpr {
  const has = r.operator === "Exists" || ((r.operator === "In") === r.values.includes(CLUSTER_NAME));
  const holds = r.operator === "DoesNotExist" ? false : has;
  return holds ? { op: "all" } : { op: "none" };
}

/** A peer selector: reserved identities become entities, everything else pods. */
export function peerOf(sel: CiliumSelectorShape | null | undefined, policyNamespace: string | undefined): PeerExpr {
  const entity = reservedEntity(sel);
  if (entity) return entityPeer(entity);
  return { type: "pods", selector: podSelectorOf(sel, policyNamespace) };
}

/** `world-ipv4` / `world-ipv6` are world restricted to one address family. */
export function entityPeer(e: string): PeerExpr {
  if (e === "world-ipv4") return { type: "cidr", cidr: "0.0.0.0/0", except: [], clusterIPs: "never" };
  if (e === "world-ipv6") return { type: "cidr", cidr: "::/0", except: [], clusterIPs: "never" };
  return { type: "entity", entity: e as Entity };
}
