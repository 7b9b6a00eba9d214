// Plain words for IR pieces, used by traces and explain.

import { describe as describeLabels } from "../model/labels.js";
import type { NamespaceSel, PeerExpr, PodSelector, PortExpr } from "../model/ir.js";

export function describeNamespaces(sel: NamespaceSel): string {
  if (sel.type === "name") return `namespace ${sel.name}`;
  return sel.expr.op === "all" ? "every namespace" : `namespaces with ${describeLabels(sel.expr)}`;
}

export function describePods(sel: PodSelector): string {
  const pods = sel.pod.op === "all" ? "every pod" : `pods with ${describeLabels(sel.pod)}`;
  const sa = sel.serviceAccount ? ` and service account ${describeLabels(sel.serviceAccount)}` : "";
  return `${pods}${sa} in ${describeNamespaces(sel.namespace)}`;
}

export function describePeer(p: PeerExpr): string {
  switch (p.type) {
    case "any":
      return "anywhere";
    case "pods":
      return describePods(p.selector);
    case "cidr":
      return p.except.length ? `${p.cidr} except ${p.except.join(", ")}` : p.cidr;
    case "nodes":
      return p.selector.op === "all" ? "every node" : `nodes with ${describeLabels(p.selector)}`;
    case "entity":
      return `entity ${p.entity}`;
    case "fqdn":
      return `DNS names ${p.patterns.join(", ")}`;
    case "and":
      return p.peers.map(describePeer).join(" and ");
    case "or":
      return p.peers.map(describePeer).join(" or ");
    case "not":
      return `not (${describePeer(p.peer)})`;
  }
}

export function describePort(p: PortExpr): string {
  const proto = p.protocol === "ANY" ? "any protocol" : p.protocol;
  if (p.name !== undefined) return `${proto}/${p.name} (named)`;
  if (p.from === undefined) return `${proto}, every port`;
  if (p.to !== undefined && p.to !== p.from) return `${proto}/${p.from}-${p.to}`;
  return `${proto}/${p.from}`;
}

export function describePorts(ports: PortExpr[] | undefined, notPorts?: PortExpr[]): string {
  const base = ports ? ports.map(describePort).join(", ") : "every port";
  return notPorts?.length ? `${base} except ${notPorts.map(describePort).join(", ")}` : base;
}
