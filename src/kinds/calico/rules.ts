// Calico rules → IR rules (SEMANTICS §3.5). An EntityRule's fields AND together; selectors are
// scoped as libcalico-go's updateprocessors/rules.go scopes them:
//   - positive set = namespace scope AND (serviceAccounts AND selector), where the namespace
//     scope is the rule's namespaceSelector, else the policy's namespace (namespaced policy),
//     else nothing (global policy); it exists as soon as selector or serviceAccounts is set,
//     or, in a scoped rule, notSelector or namespaceSelector is;
//   - notSelector is NOT scoped: the IP must not belong to any endpoint or network set it
//     matches anywhere (so in a namespaced policy a lone notSelector still keeps to the
//     policy's namespace, through the positive set above).
// A selector matches pods and network sets; a network set contributes its nets.

import type { Cluster } from "../../model/cluster.js";
import type { Direction, L7Match, NamespaceSel, PeerExpr, PodSelector, PortExpr, Rule } from "../../model/ir.js";
import type { LabelExpr } from "../../model/labels.js";
import { ALL, NONE, and, matches } from "../../model/labels.js";
import type { LocatedObject } from "../../model/object.js";
import { fromLabelSelector } from "../k8s-selector.js";
import { calicoNet } from "./nets.js";
import type { NetworkSetInfo } from "./objects.js";
import { parsePortSpec, protocolName } from "./ports.js";
import { parseSelector, toLabelExpr } from "./selector.js";
import type { SelNode } from "./selector.js";

export interface RuleContext {
  lo: LocatedObject;
  /** The policy's namespace; undefined for a GlobalNetworkPolicy. */
  namespace?: string;
  netsets: readonly NetworkSetInfo[];
  cluster: Cluster;
}

interface CalicoEntity {
  nets?: string[] | null;
  notNets?: string[] | null;
  selector?: string | null;
  notSelector?: string | null;
  namespaceSelector?: string | null;
  ports?: (number | string)[] | null;
  notPorts?: (number | string)[] | null;
  serviceAccounts?: { names?: string[] | null; selector?: string | null } | null;
  services?: { name: string; namespace?: string } | null;
}

export interface CalicoRule {
  action: "Allow" | "Deny" | "Log" | "Pass";
  protocol?: string | number | null;
  notProtocol?: string | number | null;
  ipVersion?: 4 | 6 | null;
  source?: CalicoEntity | null;
  destination?: CalicoEntity | null;
  http?: { methods?: string[] | null; paths?: ({ exact?: string; prefix?: string } | null)[] | null } | null;
}

/** A condition on the policy's own endpoint (destination of an ingress rule, source of an egress rule). */
export interface LocalConstraint {
  pod: LabelExpr;
  namespace?: LabelExpr;
  serviceAccount?: LabelExpr;
}

const ACTIONS = { Allow: "allow", Deny: "deny", Log: "log", Pass: "pass" } as const;

/** How a namespace selector reads a Kubernetes namespace: all() = any namespace, global() = none. */
const NS_VIEW = { all: ALL, global: NONE, rename: { "projectcalico.org/name": "kubernetes.io/metadata.name" } };
/** How it reads a non-namespaced object (GlobalNetworkSet): all() needs a namespace, global() holds. */
const GLOBAL_VIEW = { all: NONE, global: ALL };

const sel = (text: string | null | undefined): SelNode | undefined => (typeof text === "string" && text.trim() !== "" ? parseSelector(text) : typeof text === "string" ? { op: "all" } : undefined);

export function compileRule(r: CalicoRule, dir: Direction, i: number, ctx: RuleContext): { rule: Rule; local?: LocalConstraint } {
  const path = ["spec", dir, i];
  const remote = (dir === "ingress" ? r.source : r.destination) ?? {};
  const localSide = (dir === "ingress" ? r.destination : r.source) ?? {};
  const dst = r.destination ?? {};
  const proto = protocolName(r.protocol ?? undefined);
  const notProto = protocolName(r.notProtocol ?? undefined);

  const peers: PeerExpr[] = [];
  if (r.ipVersion === 4 || r.ipVersion === 6) peers.push(cidr(r.ipVersion === 4 ? "0.0.0.0/0" : "::/0"));
  peers.push(...entityPeers(remote, ctx));
  const peer: PeerExpr = peers.length === 0 ? { type: "any" } : peers.length === 1 ? peers[0]! : { type: "and", peers };

  let ports: PortExpr[] | undefined;
  const notPorts: PortExpr[] = [];
  if (dst.ports) ports = dst.ports.map((p) => portExpr(proto ?? "TCP", p));
  else if (proto) ports = [{ protocol: proto }];
  for (const p of dst.notPorts ?? []) notPorts.push(portExpr(proto ?? "TCP", p));
  if (notProto) notPorts.push({ protocol: notProto });
  // A Service destination brings its own ports (egress): the Service's target ports.
  if (dir === "egress" && dst.services) ports = servicePorts(dst.services, ctx);
  // Source ports are ephemeral: a podwall flow has none, so such a rule cannot match (validation warns).
  if (r.source?.ports) ports = [];

  const rule: Rule = {
    action: ACTIONS[r.action],
    peer,
    ports,
    notPorts: notPorts.length ? notPorts : undefined,
    l7: httpMatch(r.http),
    path: `spec.${dir}[${i}]`,
    source: ctx.lo.locate(path),
  };
  return { rule, local: localConstraint(localSide) };
}

function cidr(c: string): PeerExpr {
  return { type: "cidr", cidr: c, except: [], clusterIPs: "always" };
}

function portExpr(protocol: string, p: number | string): PortExpr {
  const spec = parsePortSpec(p);
  if ("error" in spec) return { protocol: "invalid" }; // validation rejected it already
  return spec.name !== undefined ? { protocol, name: spec.name } : { protocol, from: spec.from, to: spec.to };
}

/** The remote end's conditions, AND'ed. */
function entityPeers(e: CalicoEntity, ctx: RuleContext): PeerExpr[] {
  const out: PeerExpr[] = [];
  const nets = (e.nets ?? []).map(calicoNet).filter((n): n is string => !!n);
  if (nets.length) out.push(nets.length === 1 ? cidr(nets[0]!) : { type: "or", peers: nets.map(cidr) });
  const notNets = (e.notNets ?? []).map(calicoNet).filter((n): n is string => !!n);
  if (notNets.length) out.push({ type: "not", peer: notNets.length === 1 ? cidr(notNets[0]!) : { type: "or", peers: notNets.map(cidr) } });
  if (e.services) {
    out.push(servicePeer(e.services, ctx));
    return out;
  }
  const nsSel = sel(e.namespaceSelector);
  const epSel = sel(e.selector);
  const notSel = sel(e.notSelector);
  const sa = serviceAccountExpr(e.serviceAccounts);
  const scope: Scope = nsSel ? { type: "selector", sel: nsSel } : ctx.namespace !== undefined ? { type: "name", name: ctx.namespace } : { type: "none" };
  const hasSelector = epSel !== undefined || sa !== undefined;
  if (hasSelector || (scope.type !== "none" && (notSel !== undefined || nsSel !== undefined))) out.push(selectorPeer(scope, epSel, sa, ctx));
  if (notSel) out.push({ type: "not", peer: selectorPeer({ type: "none" }, notSel, undefined, ctx) });
  return out;
}

type Scope = { type: "none" } | { type: "name"; name: string } | { type: "selector"; sel: SelNode };

/** Pods and network sets in `scope` whose labels match `epSel` (and whose service account matches `sa`). */
function selectorPeer(scope: Scope, epSel: SelNode | undefined, sa: LabelExpr | undefined, ctx: RuleContext): PeerExpr {
  const podExpr = epSel ? toLabelExpr(epSel) : ALL;
  const namespace: NamespaceSel =
    scope.type === "name" ? { type: "name", name: scope.name } : { type: "labels", expr: scope.type === "selector" ? toLabelExpr(scope.sel, NS_VIEW) : ALL };
  const pods: PodSelector = { namespace, pod: podExpr, labelView: "calico", ...(sa ? { serviceAccount: sa } : {}) };
  const peers: PeerExpr[] = [{ type: "pods", selector: pods }];
  // Network sets have no service account, so a service-account condition never matches them.
  if (!sa)
    for (const ns of ctx.netsets) {
      if (!netsetInScope(ns, scope, ctx.cluster)) continue;
      const labels = ns.namespace !== undefined ? { ...ns.labels, "projectcalico.org/namespace": ns.namespace } : ns.labels;
      if (!matches(podExpr, labels)) continue;
      for (const n of ns.nets) peers.push(cidr(n));
    }
  return peers.length === 1 ? peers[0]! : { type: "or", peers };
}

function netsetInScope(ns: NetworkSetInfo, scope: Scope, cluster: Cluster): boolean {
  switch (scope.type) {
    case "none":
      return true;
    case "name":
      return ns.namespace === scope.name;
    case "selector":
      if (ns.namespace === undefined) return matches(toLabelExpr(scope.sel, GLOBAL_VIEW), {});
      return matches(toLabelExpr(scope.sel, NS_VIEW), cluster.namespaces.get(ns.namespace)?.labels ?? { "kubernetes.io/metadata.name": ns.namespace });
  }
}

/** serviceAccounts: names AND selector, read on the service account (`projectcalico.org/name` = its name). */
function serviceAccountExpr(sa: CalicoEntity["serviceAccounts"]): LabelExpr | undefined {
  if (!sa) return undefined;
  const parts: LabelExpr[] = [];
  if (sa.names && sa.names.length) parts.push({ op: "in", key: "projectcalico.org/name", values: sa.names });
  const s = sel(sa.selector);
  if (s) parts.push(toLabelExpr(s));
  return parts.length ? and(parts) : undefined;
}

/** The policy's own endpoint must also match these (ingress destination / egress source selectors). */
function localConstraint(e: CalicoEntity): LocalConstraint | undefined {
  const nsSel = sel(e.namespaceSelector);
  const epSel = sel(e.selector);
  const notSel = sel(e.notSelector);
  const sa = serviceAccountExpr(e.serviceAccounts);
  if (!nsSel && !epSel && !notSel && !sa) return undefined;
  return {
    pod: and([epSel ? toLabelExpr(epSel) : ALL, notSel ? { op: "not", expr: toLabelExpr(notSel) } : ALL]),
    namespace: nsSel ? toLabelExpr(nsSel, NS_VIEW) : undefined,
    serviceAccount: sa,
  };
}

function findService(s: { name: string; namespace?: string }, ctx: RuleContext) {
  const ns = s.namespace ?? ctx.namespace ?? "default";
  return { ns, svc: ctx.cluster.services.find((x) => x.namespace === ns && x.name === s.name) };
}

/** A Service's endpoints: the pods its selector picks (none when it has no selector or is unknown). */
function servicePeer(s: { name: string; namespace?: string }, ctx: RuleContext): PeerExpr {
  const { ns, svc } = findService(s, ctx);
  if (!svc) ctx.cluster.notes.push(`Calico rule in ${ctx.lo.file} names Service ${ns}/${s.name}, which is not in the model: the rule matches no endpoint`);
  const pod: LabelExpr = svc?.selector ? fromLabelSelector({ matchLabels: svc.selector }) : NONE;
  return { type: "pods", selector: { namespace: { type: "name", name: ns }, pod } };
}

function servicePorts(s: { name: string; namespace?: string }, ctx: RuleContext): PortExpr[] {
  const { svc } = findService(s, ctx);
  return (svc?.ports ?? []).map((p) => (typeof p.targetPort === "string" ? { protocol: p.protocol, name: p.targetPort } : { protocol: p.protocol, from: p.targetPort, to: p.targetPort }));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Calico ALP `http`: methods OR'ed, paths (exact or prefix) OR'ed, the two AND'ed. */
function httpMatch(h: CalicoRule["http"]): L7Match | undefined {
  if (!h) return undefined;
  const methods = h.methods ?? [];
  const paths = (h.paths ?? []).filter((p): p is { exact?: string; prefix?: string } => !!p);
  const method = methods.length ? methods.map(escapeRe).join("|") : undefined;
  const path = paths.length ? paths.map((p) => (p.exact !== undefined ? escapeRe(p.exact) : `${escapeRe(p.prefix ?? "")}.*`)).join("|") : undefined;
  return { http: [{ ...(method ? { method } : {}), ...(path ? { path } : {}) }] };
}
