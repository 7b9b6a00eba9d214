// PeerExpr → match condition on the peer's address. Which addresses a selector stands for is
// set computation with the engine's own matchers (selectorMatchesPod, labels); the verdict
// logic stays in nftables. CIDR blocks become interval sets, so the kernel does that math.

import type { PeerExpr } from "../model/ir.js";
import { matches } from "../model/labels.js";
import { parseCidr, formatIP } from "../model/ip.js";
import { selectorMatchesPod } from "../engine/match.js";
import type { PolicyModel } from "../engine/model.js";
import type { Dnf } from "./nft-dnf.js";
import { FALSE, TRUE, and, not, or } from "./nft-dnf.js";
import type { SetBook } from "./nft-sets.js";
import type { LabPod, Topology } from "./topology.js";

export interface PeerScope {
  model: PolicyModel;
  topology: Topology;
  book: SetBook;
  /** The pod the rule's policy applies to (for `host` / `remote-node`). */
  subject: LabPod;
}

function addrs(scope: PeerScope, ips: Iterable<string>, hint: string): Dnf {
  const list = [...ips];
  if (!list.length) return FALSE;
  return [[{ k: "addr", set: scope.book.set("addr", list, hint), neg: false }]];
}

const allPodIPs = (t: Topology) => t.pods.map((p) => p.ip);
const allNodeIPs = (t: Topology) => t.nodes.flatMap((n) => n.ips);

/** Node namespaces that stand for a Node object of the cluster (the engine knows only those). */
const clusterNodes = (t: Topology) => t.nodes.filter((n) => n.node);

function cidrBlock(text: string): string | undefined {
  const c = parseCidr(text);
  if (!c || c.family !== 4) return undefined;
  return `${formatIP({ family: 4, value: c.base })}/${c.prefix}`;
}

export function compilePeer(peer: PeerExpr, scope: PeerScope): Dnf {
  const { model, topology: t } = scope;
  switch (peer.type) {
    case "any":
      return TRUE;
    case "pods":
      // Host-network pods have no namespace of their own: they are node traffic (profile `node`).
      return addrs(scope, t.pods.filter((lp) => selectorMatchesPod(model, peer.selector, lp.pod)).map((lp) => lp.ip), "pods");
    case "cidr": {
      const block = cidrBlock(peer.cidr);
      if (!block) return FALSE; // an IPv6 block never matches the lab's IPv4 traffic
      const term: Dnf[] = [[[{ k: "addr", set: scope.book.set("interval", [block], "cidr"), neg: false }]]];
      const except = peer.except.map(cidrBlock).filter((x): x is string => x !== undefined);
      if (except.length) term.push(not([[{ k: "addr", set: scope.book.set("interval", except, "except"), neg: false }]]));
      const s = model.profile.settings;
      const allowed = (profileSays: boolean) => peer.clusterIPs === "always" || (peer.clusterIPs === "profile" && profileSays);
      if (!allowed(s.ipBlockMatchesPodIPs)) term.push(not(addrs(scope, allPodIPs(t), "allpods")));
      if (!allowed(s.ipBlockMatchesNodeIPs)) term.push(not(addrs(scope, allNodeIPs(t), "allnodes")));
      return and(term);
    }
    case "nodes":
      return addrs(scope, clusterNodes(t).filter((n) => matches(peer.selector, n.node!.labels)).flatMap((n) => n.ips), "nodes");
    case "entity": {
      const own = clusterNodes(t).filter((n) => n.node!.name === scope.subject.pod.nodeName);
      switch (peer.entity) {
        case "all":
          return TRUE;
        case "world":
          return not(addrs(scope, [...allPodIPs(t), ...allNodeIPs(t)], "cluster"));
        case "cluster":
          return addrs(scope, [...allPodIPs(t), ...allNodeIPs(t)], "cluster");
        case "host":
          return addrs(scope, own.flatMap((n) => n.ips), "host");
        case "remote-node":
          return addrs(scope, t.nodes.filter((n) => !own.includes(n)).flatMap((n) => n.ips), "remote");
        case "kube-apiserver":
          return FALSE;
      }
      return FALSE;
    }
    case "fqdn":
      return FALSE; // no DNS in the lab: a name never matches a lab address
    case "and":
      return and(peer.peers.map((p) => compilePeer(p, scope)));
    case "or":
      return or(peer.peers.map((p) => compilePeer(p, scope)));
    case "not":
      return not(compilePeer(peer.peer, scope));
  }
}
