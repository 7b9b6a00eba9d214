// What AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy
// (v1alpha2) have in common: cluster-scoped, a subject, ordered rules with Allow|Accept / Deny
// / Pass, peers by namespace, pod, node, CIDR and domain name (SEMANTICS §2). The three kind
// modules only say how their dialect differs; validation and compilation live here once.

import type { Action, Direction, PeerExpr, PodSelector, PolicyIR, PortExpr, Rule, Tier } from "../model/ir.js";
import type { FieldPath, LocatedObject } from "../model/object.js";
import { ALL } from "../model/labels.js";
import type { FeatureName } from "../model/profile.js";
import { Checker } from "./checker.js";
import { checkCidr, checkLabelSelector, checkMetadata, namedPortProblem, portNumberProblem } from "./k8s-rules.js";
import { fromLabelSelector } from "./k8s-selector.js";
import { maskedCidr } from "./networkpolicy.js";

export interface AdminDialect {
  apiVersion: string;
  kind: string;
  /** The API's word for allow: `Allow` (v1alpha1) or `Accept` (v1alpha2). */
  allowWord: "Allow" | "Accept";
  /** Whether the Pass action exists (not in the v1alpha1 baseline). */
  hasPass: boolean;
  /** `ports` (v1alpha1: portNumber / portRange / namedPort) or `protocols` (v1alpha2). */
  portsField: "ports" | "protocols";
  /** Egress peer fields besides namespaces and pods. */
  egressPeers: readonly string[];
  maxRules: number;
  maxPeers: number;
  /** Whether spec.priority is required (absent in the v1alpha1 baseline singleton). */
  hasPriority: boolean;
  /** Extra spec checks (tier, singleton name). */
  checkSpec?(c: Checker, spec: Record<string, unknown>, name: unknown): void;
  /** The tier and family of a valid object. */
  placement(spec: Record<string, unknown>): { tier: Tier; family: "admin" | "baseline" };
  /** The CNI profile feature this API version needs (v1alpha1 ANP/BANP or v1alpha2 CNP). */
  feature: FeatureName;
  /** The spec fields the dialect knows, for unknown-field warnings. */
  specFields: readonly string[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null;
const INGRESS_PEERS = ["namespaces", "pods"];
const PROTOCOL_KEYS = ["tcp", "udp", "sctp"];

export function validateAdmin(d: AdminDialect, lo: LocatedObject) {
  const c = new Checker(lo);
  const o = lo.object;
  checkMetadata(c, o.metadata, false);
  if (isRec(o.metadata) && present(o.metadata.namespace))
    c.warn(["metadata", "namespace"], `${d.kind} is cluster-scoped: metadata.namespace is ignored`);
  const spec = o.spec;
  if (!present(spec)) {
    c.error(["spec"], "spec is required");
    return c.diagnostics;
  }
  if (!c.isObject(spec, ["spec"])) return c.diagnostics;
  c.knownFields(spec, ["spec"], d.specFields);
  if (d.hasPriority) {
    const p = spec.priority;
    if (!present(p)) c.error(["spec", "priority"], "priority is required (0-1000; lower values run first)");
    else if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 1000) c.error(["spec", "priority"], `priority must be a whole number from 0 to 1000, got ${JSON.stringify(p)}`);
  }
  d.checkSpec?.(c, spec, isRec(o.metadata) ? o.metadata.name : undefined);
  checkSubject(c, spec.subject);
  for (const dir of ["ingress", "egress"] as const) {
    const rules = spec[dir];
    if (!c.isArray(rules, ["spec", dir])) continue;
    if (rules.length > d.maxRules) c.error(["spec", dir], `at most ${d.maxRules} ${dir} rules are allowed, got ${rules.length}`);
    rules.forEach((r, i) => checkRule(d, c, r, dir, ["spec", dir, i]));
  }
  return c.diagnostics;
}

function checkSubject(c: Checker, s: unknown): void {
  const path = ["spec", "subject"];
  if (!present(s)) return c.error(path, "subject is required: exactly one of namespaces or pods");
  if (!c.isObject(s, path)) return;
  c.knownFields(s, path, ["namespaces", "pods"]);
  const set = ["namespaces", "pods"].filter((k) => present(s[k]));
  if (set.length !== 1) return c.error(path, `subject must set exactly one of namespaces or pods, got ${set.length ? set.join(" and ") : "neither"}`);
  checkLabelSelector(c, s.namespaces, [...path, "namespaces"]);
  checkNamespacedPod(c, s.pods, [...path, "pods"]);
}

function checkNamespacedPod(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isObject(v, path)) return;
  c.knownFields(v, path, ["namespaceSelector", "podSelector"]);
  if (!present(v.podSelector)) c.error([...path, "podSelector"], "podSelector is required ({} selects every pod)");
  checkLabelSelector(c, v.namespaceSelector, [...path, "namespaceSelector"]);
  checkLabelSelector(c, v.podSelector, [...path, "podSelector"]);
}

function checkRule(d: AdminDialect, c: Checker, r: unknown, dir: Direction, path: FieldPath): void {
  if (!present(r)) return c.error(path, "a rule must be a mapping with action and " + (dir === "ingress" ? "from" : "to"));
  if (!c.isObject(r, path)) return;
  const peersKey = dir === "ingress" ? "from" : "to";
  c.knownFields(r, path, ["name", "action", peersKey, d.portsField]);
  if (present(r.name) && c.isString(r.name, [...path, "name"]) && r.name.length > 100) c.error([...path, "name"], "rule name must be at most 100 characters");
  const actions = [d.allowWord, "Deny", ...(d.hasPass ? ["Pass"] : [])];
  if (typeof r.action !== "string" || !actions.includes(r.action)) c.error([...path, "action"], `action must be one of ${actions.join(", ")}, got ${JSON.stringify(r.action ?? null)}`);
  const peers = r[peersKey];
  if (!present(peers)) c.error([...path, peersKey], `${peersKey} is required and must list at least one peer`);
  else if (c.isArray(peers, [...path, peersKey])) {
    if (peers.length === 0) c.error([...path, peersKey], `${peersKey} must list at least one peer`);
    if (peers.length > d.maxPeers) c.error([...path, peersKey], `at most ${d.maxPeers} peers are allowed, got ${peers.length}`);
    peers.forEach((p, j) => checkPeer(d, c, p, dir, r.action, [...path, peersKey, j]));
  }
  const ports = r[d.portsField];
  if (c.isArray(ports, [...path, d.portsField])) {
    if (d.portsField === "protocols" && ports.length === 0) c.error([...path, "protocols"], "protocols must list at least one entry when present (leave it out to match every protocol)");
    if (ports.length > d.maxPeers) c.error([...path, d.portsField], `at most ${d.maxPeers} entries are allowed`);
    ports.forEach((p, j) => (d.portsField === "ports" ? checkV1Port : checkV2Protocol)(c, p, [...path, d.portsField, j]));
    const named = ports.some((p) => isRec(p) && present(p.namedPort ?? p.destinationNamedPort));
    const nonPod = Array.isArray(peers) && peers.some((p) => isRec(p) && (present(p.networks) || present(p.nodes) || present(p.domainNames)));
    if (named && nonPod) c.error([...path, d.portsField], "a named port cannot be used with networks, nodes or domainNames peers: they have no named ports");
  }
}

function checkPeer(d: AdminDialect, c: Checker, p: unknown, dir: Direction, action: unknown, path: FieldPath): void {
  const known = dir === "ingress" ? INGRESS_PEERS : [...INGRESS_PEERS, ...d.egressPeers];
  if (!present(p)) return c.error(path, `a peer must set one of ${known.join(", ")}`);
  if (!c.isObject(p, path)) return;
  c.knownFields(p, path, known);
  const set = known.filter((k) => present(p[k]));
  if (set.length === 0) {
    // Version skew: a field this API version does not know (SEMANTICS §2.3.6). Not rejected by
    // an older CRD, so podwall warns and fails closed, as implementations must.
    c.warn(path, `peer sets none of ${known.join(", ")}; podwall fails closed: ${action === "Deny" || action === "Pass" ? "this rule denies all traffic" : "this rule matches nothing"}`);
    return;
  }
  if (set.length > 1) c.error(path, `a peer must set exactly one of ${known.join(", ")}, got ${set.join(" and ")}`);
  checkLabelSelector(c, p.namespaces, [...path, "namespaces"]);
  checkNamespacedPod(c, p.pods, [...path, "pods"]);
  checkLabelSelector(c, p.nodes, [...path, "nodes"]);
  if (present(p.networks) && c.isArray(p.networks, [...path, "networks"])) {
    if (p.networks.length === 0 || p.networks.length > 25) c.error([...path, "networks"], `networks must list 1 to 25 CIDRs, got ${p.networks.length}`);
    p.networks.forEach((n, k) => checkCidr(c, n, [...path, "networks", k]));
  }
  if (present(p.domainNames) && c.isArray(p.domainNames, [...path, "domainNames"])) {
    if (action !== d.allowWord) c.error([...path, "domainNames"], `domainNames peers are only allowed in ${d.allowWord} rules`);
    if (p.domainNames.length === 0 || p.domainNames.length > 25) c.error([...path, "domainNames"], `domainNames must list 1 to 25 names, got ${p.domainNames.length}`);
    p.domainNames.forEach((n, k) => {
      if (typeof n !== "string" || !DOMAIN_NAME.test(n)) c.error([...path, "domainNames", k], `${JSON.stringify(n)} is not a domain name (exact, or "*." followed by a name)`);
    });
  }
}

// The CRD's pattern for DomainName (v1alpha2).
const DOMAIN_NAME = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

function checkProtocolName(c: Checker, v: unknown, path: FieldPath): void {
  if (present(v) && (typeof v !== "string" || !["TCP", "UDP", "SCTP"].includes(v))) c.error(path, `protocol must be one of TCP, UDP, SCTP, got ${JSON.stringify(v)}`);
}

function checkRange(c: Checker, start: unknown, end: unknown, path: FieldPath, startKey: string, endKey: string): void {
  const sp = portNumberProblem(start);
  if (sp) c.error([...path, startKey], sp);
  const ep = portNumberProblem(end);
  if (ep) c.error([...path, endKey], ep);
  if (!sp && !ep && (start as number) >= (end as number)) c.error(path, `${startKey} ${start} must be less than ${endKey} ${end}`);
}

/** v1alpha1: exactly one of portNumber {protocol, port}, portRange {protocol, start, end}, namedPort. */
function checkV1Port(c: Checker, p: unknown, path: FieldPath): void {
  if (!c.isObject(p, path)) return void (p === null && c.error(path, "a port entry must set one of portNumber, portRange or namedPort"));
  const keys = ["portNumber", "portRange", "namedPort"];
  c.knownFields(p, path, keys);
  const set = keys.filter((k) => present(p[k]));
  if (set.length !== 1) return c.error(path, `a port entry must set exactly one of ${keys.join(", ")}, got ${set.length ? set.join(" and ") : "none"}`);
  if (c.isObject(p.portNumber, [...path, "portNumber"])) {
    c.knownFields(p.portNumber, [...path, "portNumber"], ["protocol", "port"]);
    checkProtocolName(c, p.portNumber.protocol, [...path, "portNumber", "protocol"]);
    const pp = portNumberProblem(p.portNumber.port);
    if (pp) c.error([...path, "portNumber", "port"], pp);
  }
  if (c.isObject(p.portRange, [...path, "portRange"])) {
    c.knownFields(p.portRange, [...path, "portRange"], ["protocol", "start", "end"]);
    checkProtocolName(c, p.portRange.protocol, [...path, "portRange", "protocol"]);
    checkRange(c, p.portRange.start, p.portRange.end, [...path, "portRange"], "start", "end");
  }
  if (present(p.namedPort) && c.isString(p.namedPort, [...path, "namedPort"])) {
    const np = namedPortProblem(p.namedPort);
    if (np) c.error([...path, "namedPort"], np);
  }
}

/** v1alpha2: exactly one of tcp / udp / sctp {destinationPort: {number | range}} or destinationNamedPort. */
function checkV2Protocol(c: Checker, p: unknown, path: FieldPath): void {
  if (!c.isObject(p, path)) return void (p === null && c.error(path, "a protocols entry must set one of tcp, udp, sctp or destinationNamedPort"));
  const keys = [...PROTOCOL_KEYS, "destinationNamedPort"];
  c.knownFields(p, path, keys);
  const set = keys.filter((k) => present(p[k]));
  if (set.length !== 1) return c.error(path, `a protocols entry must set exactly one of ${keys.join(", ")}, got ${set.length ? set.join(" and ") : "none"}`);
  for (const proto of PROTOCOL_KEYS) {
    const v = p[proto];
    if (!c.isObject(v, [...path, proto])) continue;
    c.knownFields(v, [...path, proto], ["destinationPort"]);
    const dp = v.destinationPort;
    if (!c.isObject(dp, [...path, proto, "destinationPort"])) continue;
    const dpath = [...path, proto, "destinationPort"];
    c.knownFields(dp, dpath, ["number", "range"]);
    const dset = ["number", "range"].filter((k) => present(dp[k]));
    if (dset.length !== 1) {
      c.error(dpath, "destinationPort must set exactly one of number or range");
      continue;
    }
    if (present(dp.number)) {
      const pp = portNumberProblem(dp.number);
      if (pp) c.error([...dpath, "number"], pp);
    }
    if (c.isObject(dp.range, [...dpath, "range"])) {
      c.knownFields(dp.range, [...dpath, "range"], ["start", "end"]);
      checkRange(c, dp.range.start, dp.range.end, [...dpath, "range"], "start", "end");
    }
  }
  if (present(p.destinationNamedPort) && c.isString(p.destinationNamedPort, [...path, "destinationNamedPort"])) {
    const np = namedPortProblem(p.destinationNamedPort);
    if (np) c.error([...path, "destinationNamedPort"], np);
  }
}

// ---------------------------------------------------------------------------------------
// Compilation

export function compileAdmin(d: AdminDialect, lo: LocatedObject): PolicyIR[] {
  const o = lo.object;
  const name = (o.metadata as { name: string }).name;
  const spec = o.spec as Rec;
  const { tier, family } = d.placement(spec);
  // Priority first, then name: kube-network-policies breaks same-priority ties by name, and
  // the engine reports such ties as ambiguous (SEMANTICS §2.2.7).
  const priority = typeof spec.priority === "number" ? spec.priority : 0;
  const policy: PolicyIR = {
    origin: { apiVersion: d.apiVersion, kind: d.kind, name, source: lo.locate([]) },
    family,
    tier,
    order: [priority, name],
    subject: compileSubject(spec.subject as Rec),
    requires: [d.feature],
  };
  for (const dir of ["ingress", "egress"] as Direction[]) {
    const rules = spec[dir];
    // No implicit isolation (§2.2.5): only the rules count; none means no effect.
    if (Array.isArray(rules) && rules.length > 0) policy[dir] = { isolates: false, rules: rules.map((r, i) => compileRule(d, lo, r as Rec, dir, i)) };
  }
  return [policy];
}

function compileSubject(s: Rec): PodSelector {
  if (present(s.namespaces)) return { namespace: { type: "labels", expr: fromLabelSelector(s.namespaces) }, pod: ALL };
  return namespacedPod(s.pods as Rec);
}

function namespacedPod(p: Rec): PodSelector {
  return { namespace: { type: "labels", expr: fromLabelSelector(p.namespaceSelector) }, pod: fromLabelSelector(p.podSelector) };
}

function actionOf(d: AdminDialect, word: unknown): Action {
  if (word === d.allowWord) return "allow";
  return word === "Pass" ? "pass" : "deny";
}

function compileRule(d: AdminDialect, lo: LocatedObject, r: Rec, dir: Direction, i: number): Rule {
  const fieldPath: FieldPath = ["spec", dir, i];
  const label = `spec.${dir}[${i}]${typeof r.name === "string" && r.name ? ` "${r.name}"` : ""}`;
  const action = actionOf(d, r.action);
  const peersRaw = ((dir === "ingress" ? r.from : r.to) ?? []) as unknown[];
  const peers = peersRaw.map((p) => compilePeer(isRec(p) ? p : {}, dir));
  if (peers.some((p) => p === undefined)) {
    // Fail closed (§2.3.6): an Accept rule matches nothing; Deny and Pass become deny-all.
    if (action === "allow") return { action, peer: { type: "or", peers: [] }, path: `${label} (fail-closed: a peer sets no known field; matches nothing)`, source: lo.locate(fieldPath) };
    return { action: "deny", peer: { type: "any" }, path: `${label} (fail-closed: a peer sets no known field; denies all traffic)`, source: lo.locate(fieldPath) };
  }
  const ports = r[d.portsField];
  return {
    action,
    peer: peers.length === 1 ? peers[0]! : { type: "or", peers: peers as PeerExpr[] },
    ports: Array.isArray(ports) && ports.length > 0 ? ports.flatMap((p) => (d.portsField === "ports" ? v1Port(p as Rec) : v2Protocol(p as Rec))) : undefined,
    path: label,
    source: lo.locate(fieldPath),
  };
}

/** undefined: the peer sets no field this version knows (fail closed). */
function compilePeer(p: Rec, dir: Direction): PeerExpr | undefined {
  if (present(p.namespaces)) return { type: "pods", selector: { namespace: { type: "labels", expr: fromLabelSelector(p.namespaces) }, pod: ALL } };
  if (present(p.pods)) return { type: "pods", selector: namespacedPod(p.pods as Rec) };
  if (dir === "ingress") return undefined;
  if (present(p.nodes)) return { type: "nodes", selector: fromLabelSelector(p.nodes) };
  // `networks` match every address in range, pod and node addresses included (§2.3.4).
  if (Array.isArray(p.networks)) {
    const blocks: PeerExpr[] = p.networks.map((n) => ({ type: "cidr", cidr: maskedCidr(String(n)), except: [], clusterIPs: "always" }));
    return blocks.length === 1 ? blocks[0] : { type: "or", peers: blocks };
  }
  if (Array.isArray(p.domainNames)) return { type: "fqdn", patterns: p.domainNames.map(String) };
  return undefined;
}

function v1Port(p: Rec): PortExpr[] {
  if (isRec(p.portNumber)) return [{ protocol: (p.portNumber.protocol as string) ?? "TCP", from: p.portNumber.port as number, to: p.portNumber.port as number }];
  if (isRec(p.portRange)) return [{ protocol: (p.portRange.protocol as string) ?? "TCP", from: p.portRange.start as number, to: p.portRange.end as number }];
  // A named port matches the container port of that name with that port's own protocol.
  if (typeof p.namedPort === "string") return [{ protocol: "ANY", name: p.namedPort }];
  return [];
}

function v2Protocol(p: Rec): PortExpr[] {
  if (typeof p.destinationNamedPort === "string") return [{ protocol: "ANY", name: p.destinationNamedPort }];
  for (const key of PROTOCOL_KEYS) {
    const v = p[key];
    if (!isRec(v)) continue;
    const protocol = key.toUpperCase();
    const dp = v.destinationPort;
    // A missing destinationPort means every port of the protocol (§2.4).
    if (!isRec(dp)) return [{ protocol }];
    if (typeof dp.number === "number") return [{ protocol, from: dp.number, to: dp.number }];
    if (isRec(dp.range)) return [{ protocol, from: dp.range.start as number, to: dp.range.end as number }];
    return [{ protocol }];
  }
  return [];
}
