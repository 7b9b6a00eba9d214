// Kubernetes NetworkPolicy (networking.k8s.io/v1): API-server validation and compilation to
// the IR (SEMANTICS §1). Empty and absent lists mean the same (§1.2, implementation note).

import type { Direction, PeerExpr, PolicyIR, PortExpr, Rule } from "../model/ir.js";
import { TIERS } from "../model/ir.js";
import type { FieldPath, LocatedObject } from "../model/object.js";
import { formatIP, parseCidr } from "../model/ip.js";
import { ALL } from "../model/labels.js";
import { Checker } from "./checker.js";
import type { PolicyKind } from "./kind.js";
import { checkIpBlock, checkLabelSelector, checkMetadata, namedPortProblem, portNumberProblem } from "./k8s-rules.js";
import { fromLabelSelector } from "./k8s-selector.js";

const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const POLICY_TYPES = ["Ingress", "Egress"];

interface NpPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface NpPeer {
  podSelector?: unknown;
  namespaceSelector?: unknown;
  ipBlock?: { cidr: string; except?: string[] };
}
interface NpRule {
  ports?: NpPort[] | null;
  from?: NpPeer[] | null;
  to?: NpPeer[] | null;
}
interface NpSpec {
  podSelector?: unknown;
  policyTypes?: string[] | null;
  ingress?: NpRule[] | null;
  egress?: NpRule[] | null;
}

export const networkPolicy: PolicyKind = {
  id: "networkpolicy",
  handles: ["networking.k8s.io/v1 NetworkPolicy"],
  accepts: (o) => o.apiVersion === "networking.k8s.io/v1" && o.kind === "NetworkPolicy",

  validate(lo) {
    const c = new Checker(lo);
    const o = lo.object;
    checkMetadata(c, o.metadata, true);
    const spec = o.spec;
    if (spec === undefined || spec === null) return c.diagnostics; // podSelector {} and defaults
    if (!c.isObject(spec, ["spec"])) return c.diagnostics;
    c.knownFields(spec, ["spec"], ["podSelector", "policyTypes", "ingress", "egress"]);
    checkLabelSelector(c, spec.podSelector, ["spec", "podSelector"]);
    if (c.isArray(spec.policyTypes, ["spec", "policyTypes"])) {
      if (spec.policyTypes.length > 2) c.error(["spec", "policyTypes"], "may not specify more than two policyTypes");
      spec.policyTypes.forEach((t, i) => {
        if (typeof t !== "string" || !POLICY_TYPES.includes(t)) c.error(["spec", "policyTypes", i], `must be "Ingress" or "Egress", got ${JSON.stringify(t)}`);
      });
    }
    for (const [dir, peersKey] of [["ingress", "from"], ["egress", "to"]] as const) {
      if (!c.isArray(spec[dir], ["spec", dir])) continue;
      (spec[dir] as unknown[]).forEach((rule, i) => checkRule(c, rule, ["spec", dir, i], peersKey));
    }
    return c.diagnostics;
  },

  compile(lo) {
    const o = lo.object;
    const md = o.metadata as { name: string; namespace?: string };
    const ns = md.namespace ?? "default";
    const spec = (o.spec ?? {}) as NpSpec;
    const types = policyTypes(spec);
    const policy: PolicyIR = {
      origin: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", namespace: ns, name: md.name, source: lo.locate([]) },
      family: "networkpolicy",
      tier: TIERS.networkPolicy,
      order: [ns, md.name],
      subject: { namespace: { type: "name", name: ns }, pod: fromLabelSelector(spec.podSelector) },
    };
    for (const dir of ["ingress", "egress"] as Direction[]) {
      if (!types.includes(dir === "ingress" ? "Ingress" : "Egress")) continue; // rules of unlisted types do nothing (§1.1.4)
      policy[dir] = { isolates: true, rules: (spec[dir] ?? []).map((r, i) => compileRule(lo, r, dir, i, ns)) };
    }
    return [policy];
  },
};

/** §1.2: absent or empty → [Ingress] plus Egress iff there are egress rules. */
export function policyTypes(spec: NpSpec): string[] {
  if (spec.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes;
  return (spec.egress?.length ?? 0) > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function compileRule(lo: LocatedObject, r: NpRule, dir: Direction, i: number, ns: string): Rule {
  const path: FieldPath = ["spec", dir, i];
  const peers = (dir === "ingress" ? r.from : r.to) ?? [];
  const ports = r.ports ?? [];
  return {
    action: "allow",
    peer: peers.length === 0 ? { type: "any" } : peers.length === 1 ? compilePeer(peers[0]!, ns) : { type: "or", peers: peers.map((p) => compilePeer(p, ns)) },
    ports: ports.length === 0 ? undefined : ports.map(compilePort),
    path: `spec.${dir}[${i}]`,
    source: lo.locate(path),
  };
}

export function compilePeer(p: NpPeer, ns: string): PeerExpr {
  if (p.ipBlock) {
    // Host bits are masked (legacy stored objects may carry them, §1.4.2).
    const norm = (t: string) => maskedCidr(t);
    return { type: "cidr", cidr: norm(p.ipBlock.cidr), except: (p.ipBlock.except ?? []).map(norm), clusterIPs: "profile" };
  }
  return {
    type: "pods",
    selector: {
      namespace: p.namespaceSelector !== undefined && p.namespaceSelector !== null ? { type: "labels", expr: fromLabelSelector(p.namespaceSelector) } : { type: "name", name: ns },
      pod: p.podSelector !== undefined && p.podSelector !== null ? fromLabelSelector(p.podSelector) : ALL,
    },
  };
}

/** The CIDR with its host bits cleared; the text itself when it has none (or does not parse). */
export function maskedCidr(t: string): string {
  const c = parseCidr(t);
  if (!c || !c.hostBits) return t;
  return `${formatIP({ family: c.family, value: c.base })}/${c.prefix}`;
}

export function compilePort(p: NpPort): PortExpr {
  const protocol = p.protocol ?? "TCP";
  if (p.port === undefined || p.port === null) return { protocol };
  if (typeof p.port === "string") return { protocol, name: p.port };
  return { protocol, from: p.port, to: p.endPort ?? p.port };
}

function checkRule(c: Checker, rule: unknown, path: FieldPath, peersKey: "from" | "to"): void {
  if (rule === null || rule === undefined) return; // `- {}`-like null entry: an empty rule
  if (!c.isObject(rule, path)) return;
  c.knownFields(rule, path, ["ports", peersKey]);
  if (c.isArray(rule.ports, [...path, "ports"])) rule.ports.forEach((p, j) => checkPort(c, p, [...path, "ports", j]));
  if (c.isArray(rule[peersKey], [...path, peersKey])) (rule[peersKey] as unknown[]).forEach((p, j) => checkPeer(c, p, [...path, peersKey, j]));
}

function checkPeer(c: Checker, p: unknown, path: FieldPath): void {
  if (p === null || p === undefined || (typeof p === "object" && !Array.isArray(p) && Object.keys(p).length === 0)) {
    c.error(path, "must specify a peer: one of podSelector, namespaceSelector or ipBlock");
    return;
  }
  if (!c.isObject(p, path)) return;
  c.knownFields(p, path, ["podSelector", "namespaceSelector", "ipBlock"]);
  const has = (k: string) => p[k] !== undefined && p[k] !== null;
  if (!has("podSelector") && !has("namespaceSelector") && !has("ipBlock")) {
    c.error(path, "must specify a peer: one of podSelector, namespaceSelector or ipBlock");
    return;
  }
  if (has("ipBlock") && (has("podSelector") || has("namespaceSelector"))) c.error([...path, "ipBlock"], "may not specify both ipBlock and another peer (podSelector or namespaceSelector) in the same entry");
  checkLabelSelector(c, p.podSelector, [...path, "podSelector"]);
  checkLabelSelector(c, p.namespaceSelector, [...path, "namespaceSelector"]);
  checkIpBlock(c, p.ipBlock, [...path, "ipBlock"]);
}

function checkPort(c: Checker, p: unknown, path: FieldPath): void {
  if (p === null || p === undefined) return;
  if (!c.isObject(p, path)) return;
  c.knownFields(p, path, ["protocol", "port", "endPort"]);
  if (p.protocol !== undefined && p.protocol !== null && (typeof p.protocol !== "string" || !PROTOCOLS.includes(p.protocol)))
    c.error([...path, "protocol"], `protocol must be one of TCP, UDP, SCTP, got ${JSON.stringify(p.protocol)}`);
  const port = p.port;
  const endPort = p.endPort;
  const hasEnd = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (hasEnd) c.error([...path, "endPort"], "endPort may not be specified when port is not specified");
    return;
  }
  if (typeof port === "number") {
    const pp = portNumberProblem(port);
    if (pp) c.error([...path, "port"], pp);
    if (hasEnd) {
      const ep = portNumberProblem(endPort);
      if (ep) c.error([...path, "endPort"], ep);
      else if ((endPort as number) < port) c.error([...path, "endPort"], `endPort ${endPort} must be greater than or equal to port ${port}`);
    }
  } else if (typeof port === "string") {
    const np = namedPortProblem(port);
    if (np) c.error([...path, "port"], np);
    if (hasEnd) c.error([...path, "endPort"], "endPort may not be specified when port is a named port");
  } else c.error([...path, "port"], `port must be a number or a port name, got ${JSON.stringify(port)}`);
}
