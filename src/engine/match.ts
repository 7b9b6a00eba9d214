// Matching IR selectors, peers and ports against endpoints. Pure; shared by the per-flow
// evaluator, explain and the matrix.

import type { Pod } from "../model/cluster.js";
import type { Labels } from "../model/labels.js";
import { matches } from "../model/labels.js";
import type { NamespaceSel, PeerExpr, PodSelector, PortExpr, Protocol } from "../model/ir.js";
import { cidrContains, parseCidr, parseIP } from "../model/ip.js";
import type { Cidr } from "../model/ip.js";
import type { Endpoint } from "./endpoint.js";
import type { PolicyModel } from "./model.js";
import { ciliumPatternMatches } from "./dns-name.js";

const calicoViews = new WeakMap<Pod, Labels>();

/** The labels a selector sees on a pod (SEMANTICS §3.3 for the Calico view). */
export function podLabels(pod: Pod, view: PodSelector["labelView"]): Labels {
  if (view !== "calico") return pod.labels;
  let l = calicoViews.get(pod);
  if (!l) {
    l = {
      ...pod.labels,
      "projectcalico.org/namespace": pod.namespace,
      "projectcalico.org/orchestrator": "k8s",
      "projectcalico.org/serviceaccount": pod.serviceAccount,
    };
    calicoViews.set(pod, l);
  }
  return l;
}

export function namespaceMatches(model: PolicyModel, sel: NamespaceSel, ns: string): boolean {
  if (sel.type === "name") return sel.name === ns;
  const n = model.index.namespace(ns);
  return matches(sel.expr, n?.labels ?? { "kubernetes.io/metadata.name": ns });
}

export function selectorMatchesPod(model: PolicyModel, sel: PodSelector, pod: Pod): boolean {
  if (!namespaceMatches(model, sel.namespace, pod.namespace)) return false;
  if (!matches(sel.pod, podLabels(pod, sel.labelView))) return false;
  if (sel.serviceAccount) {
    const sa = model.index.serviceAccount(pod.namespace, pod.serviceAccount);
    const labels = { ...(sa?.labels ?? {}), "projectcalico.org/name": pod.serviceAccount };
    if (!matches(sel.serviceAccount, labels)) return false;
  }
  return true;
}

const cidrCache = new Map<string, Cidr | undefined>();
function cidr(text: string): Cidr | undefined {
  if (!cidrCache.has(text)) cidrCache.set(text, parseCidr(text));
  return cidrCache.get(text);
}

export function ipInBlock(ipText: string, block: string, except: readonly string[]): boolean {
  const ip = parseIP(ipText);
  const c = cidr(block);
  if (!ip || !c || !cidrContains(c, ip)) return false;
  return !except.some((e) => {
    const x = cidr(e);
    return x !== undefined && cidrContains(x, ip);
  });
}

export interface PeerContext {
  model: PolicyModel;
  /** The pod the policy applies to (for `host` / `remote-node`). */
  subject: Pod;
}

export function peerMatches(peer: PeerExpr, ep: Endpoint, ctx: PeerContext): boolean {
  const { model } = ctx;
  switch (peer.type) {
    case "any":
      return true;
    case "pods":
      return ep.kind === "pod" && selectorMatchesPod(model, peer.selector, ep.pod);
    case "cidr": {
      if (!ep.ip) return false;
      if (ep.kind === "pod" && !clusterAddressAllowed(peer.clusterIPs, model.profile.settings.ipBlockMatchesPodIPs)) return false;
      if (ep.kind === "node" && !clusterAddressAllowed(peer.clusterIPs, model.profile.settings.ipBlockMatchesNodeIPs)) return false;
      return ipInBlock(ep.ip, peer.cidr, peer.except);
    }
    case "nodes":
      return ep.kind === "node" && ep.node !== undefined && matches(peer.selector, ep.node.labels);
    case "entity":
      switch (peer.entity) {
        case "all":
          return true;
        case "world":
          return ep.kind === "external";
        case "cluster":
          return ep.kind !== "external";
        case "host":
          return ep.kind === "node" && ep.node !== undefined && ep.node.name === ctx.subject.nodeName;
        case "remote-node":
          return ep.kind === "node" && (ep.node === undefined || ep.node.name !== ctx.subject.nodeName);
        case "kube-apiserver":
          return false;
      }
      return false;
    case "fqdn":
      if (ep.kind !== "external" || ep.fqdn === undefined) return false;
      return peer.patterns.some((p) => (peer.syntax === "cilium" ? ciliumPatternMatches(p, ep.fqdn!) : fqdnMatches(p, ep.fqdn!)));
    case "and":
      return peer.peers.every((p) => peerMatches(p, ep, ctx));
    case "or":
      return peer.peers.some((p) => peerMatches(p, ep, ctx));
    case "not":
      return !peerMatches(peer.peer, ep, ctx);
  }
}

function clusterAddressAllowed(mode: "profile" | "always" | "never", profileSays: boolean): boolean {
  return mode === "always" || (mode === "profile" && profileSays);
}

/** `*.example.com` matches one or more whole labels before `example.com`; otherwise exact. */
export function fqdnMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, "");
  const n = name.toLowerCase().replace(/\.$/, "");
  if (p.startsWith("*.")) return n.endsWith(p.slice(1)) && n.length > p.length - 1;
  return p === n;
}

export interface PortContext {
  protocol: Protocol;
  port: number;
  /** The destination pod, where named ports are resolved; undefined for non-pod destinations. */
  dstPod?: Pod;
  endPort: boolean;
  namedPorts: boolean;
  sctp: boolean;
}

export function portMatches(pe: PortExpr, c: PortContext): boolean {
  if (pe.protocol !== "ANY" && pe.protocol !== c.protocol) return false;
  if (!c.sctp && pe.protocol === "SCTP") return false;
  if (pe.name !== undefined) {
    if (!c.namedPorts || !c.dstPod) return false;
    return c.dstPod.ports.some((cp) => cp.name === pe.name && cp.protocol === c.protocol && cp.port === c.port);
  }
  if (pe.from === undefined) return true;
  const to = c.endPort ? (pe.to ?? pe.from) : pe.from;
  return c.port >= pe.from && c.port <= to;
}

export function portsMatch(ports: PortExpr[] | undefined, notPorts: PortExpr[] | undefined, c: PortContext): boolean {
  if (ports && !ports.some((p) => portMatches(p, c))) return false;
  if (notPorts && notPorts.some((p) => portMatches(p, c))) return false;
  return true;
}
