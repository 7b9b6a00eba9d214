// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy → IR (SEMANTICS §4).
//
// Each rule (`spec`, `specs[i]`) becomes up to two policies:
// - its deny sections in the cilium-deny tier (rank 300): a Cilium deny beats every allow of
//   the NetworkPolicy tier, whatever kind wrote it (§4.7);
// - its allow sections in the networkpolicy tier (rank 400), unioned with Kubernetes
//   NetworkPolicies, isolating a direction per Cilium's default-deny activation (§4.2).
// One IR rule per (section entry, toPorts entry): L7 rules belong to a toPorts entry.

import type { Cluster } from "../../model/cluster.js";
import type { Direction, DirectionPolicy, HttpMatch, L7Match, Origin, PeerExpr, PolicyIR, PortExpr, Rule } from "../../model/ir.js";
import { TIERS } from "../../model/ir.js";
import type { LocatedObject } from "../../model/object.js";
import { fromLabelSelector } from "../k8s-selector.js";
import { maskedCidr } from "../networkpolicy.js";
import { entityPeer, peerOf, podSelectorOf } from "./selector.js";
import type { CiliumSelectorShape } from "./selector.js";
import { PEER_FIELDS, isDeny, list, rec, ruleEntries, sectionRules } from "./fields.js";
import type { Rec, Section } from "./fields.js";

const NOTHING: PeerExpr = { type: "or", peers: [] };

export function compileCilium(lo: LocatedObject, cluster: Cluster, clusterwide: boolean): PolicyIR[] {
  const o = lo.object;
  const md = rec(o.metadata);
  const name = md.name as string;
  const ns = clusterwide ? undefined : typeof md.namespace === "string" ? md.namespace : "default";
  const origin: Origin = {
    apiVersion: String(o.apiVersion),
    kind: String(o.kind),
    ...(ns !== undefined ? { namespace: ns } : {}),
    name,
    source: lo.locate([]),
  };
  const out: PolicyIR[] = [];
  for (const { rule, path, label } of ruleEntries(o.spec, o.specs)) {
    if (rule.endpointSelector === undefined || rule.endpointSelector === null) continue; // host policies: not evaluated (validation says so)
    // A CNP's endpointSelector always applies in its own namespace (§4.3.1).
    const subject = podSelectorOf(withoutNamespace(rule.endpointSelector as CiliumSelectorShape), ns);
    const order = [ns ?? "", name, path.length > 1 ? (path[1] as number) : -1];
    const allow: PolicyIR = { origin, family: "cilium", tier: TIERS.networkPolicy, order, subject };
    const deny: PolicyIR = { origin, family: "cilium", tier: TIERS.ciliumDeny, order, subject };
    for (const dir of ["ingress", "egress"] as Direction[]) {
      const allowSection: Section = dir;
      const denySection: Section = dir === "ingress" ? "ingressDeny" : "egressDeny";
      const isolates = defaultDeny(rule, dir);
      const allowRules = compileSection(lo, rule, path, label, allowSection, ns, cluster);
      if (allowRules.length || isolates) allow[dir] = { isolates, rules: allowRules } satisfies DirectionPolicy;
      const denyRules = compileSection(lo, rule, path, label, denySection, ns, cluster);
      if (denyRules.length) deny[dir] = { isolates: false, rules: denyRules };
    }
    if (deny.ingress || deny.egress) out.push(deny);
    if (allow.ingress || allow.egress) out.push(allow);
  }
  return out;
}

/** §4.2: a non-empty allow or deny section turns default deny on, unless enableDefaultDeny says. */
export function defaultDeny(rule: Rec, dir: Direction): boolean {
  const explicit = rec(rule.enableDefaultDeny)[dir];
  if (typeof explicit === "boolean") return explicit;
  return sectionRules(rule, dir).length > 0 || sectionRules(rule, dir === "ingress" ? "ingressDeny" : "egressDeny").length > 0;
}

function withoutNamespace(sel: CiliumSelectorShape): CiliumSelectorShape {
  const isNs = (k: string) => k === "io.kubernetes.pod.namespace" || k.endsWith(":io.kubernetes.pod.namespace");
  return {
    matchLabels: Object.fromEntries(Object.entries(sel.matchLabels ?? {}).filter(([k]) => !isNs(k))),
    matchExpressions: (sel.matchExpressions ?? []).filter((e) => !isNs(e.key)),
  };
}

function compileSection(lo: LocatedObject, rule: Rec, base: (string | number)[], label: string, s: Section, ns: string | undefined, cluster: Cluster): Rule[] {
  const out: Rule[] = [];
  sectionRules(rule, s).forEach((raw, i) => {
    const entry = rec(raw);
    const peers = peerFields(entry, s, ns, cluster);
    const toPorts = list(entry.toPorts).map(rec);
    // §4.2.4: no peer field and no ports selects nothing; ports alone mean any peer.
    if (peers === undefined && toPorts.length === 0) return;
    const peer: PeerExpr = peers === undefined ? { type: "any" } : peers.length === 1 ? peers[0]! : { type: "or", peers };
    const entryPath = [...base, s, i];
    const action = isDeny(s) ? "deny" : "allow";
    if (toPorts.length === 0) {
      out.push({ action, peer, path: `${label}.${s}[${i}]`, source: lo.locate(entryPath) });
      return;
    }
    toPorts.forEach((pr, j) => {
      const ports = list(pr.ports).map(rec).map(compilePort);
      const l7 = isDeny(s) ? undefined : compileL7(rec(pr.rules));
      out.push({
        action,
        peer,
        ports: ports.length ? ports : undefined,
        ...(l7 ? { l7 } : {}),
        path: `${label}.${s}[${i}].toPorts[${j}]`,
        source: lo.locate([...entryPath, "toPorts", j]),
      });
    });
  });
  return out;
}

/** The L3 peers of a section entry, OR'ed; undefined when it names none (a wildcard). */
function peerFields(e: Rec, s: Section, ns: string | undefined, cluster: Cluster): PeerExpr[] | undefined {
  const given = PEER_FIELDS[s].filter((f) => Array.isArray(e[f]));
  if (given.length === 0) return undefined;
  const out: PeerExpr[] = [];
  for (const f of given) {
    const items = e[f] as unknown[];
    switch (f) {
      case "fromEndpoints":
      case "toEndpoints":
        for (const sel of items) out.push(peerOf((sel ?? {}) as CiliumSelectorShape, ns));
        break;
      case "fromEntities":
      case "toEntities":
        for (const x of items) out.push(entityPeer(String(x)));
        break;
      case "fromCIDR":
      case "toCIDR":
        // CIDR peers match only addresses without a cluster identity (§1.4.4, §4.4).
        for (const x of items) out.push({ type: "cidr", cidr: bareToCidr(String(x)), except: [], clusterIPs: "never" });
        break;
      case "fromCIDRSet":
      case "toCIDRSet":
        for (const x of items.map(rec)) {
          if (typeof x.cidr !== "string") out.push(NOTHING); // CIDR groups are not resolved
          else out.push({ type: "cidr", cidr: maskedCidr(x.cidr), except: list(x.except).map((c) => maskedCidr(String(c))), clusterIPs: "never" });
        }
        break;
      case "fromNodes":
      case "toNodes":
        for (const sel of items) out.push({ type: "nodes", selector: fromLabelSelector(sel ?? {}) });
        break;
      case "toFQDNs": {
        const patterns = items.map(rec).map((x) => String(x.matchName ?? x.matchPattern ?? ""));
        out.push({ type: "fqdn", patterns, syntax: "cilium" });
        break;
      }
      case "toServices":
        for (const x of items.map(rec)) out.push(servicePeer(rec(x.k8sService), ns, cluster));
        break;
      default:
        out.push(NOTHING); // groups: not resolvable
    }
  }
  return out;
}

function bareToCidr(x: string): string {
  if (x.includes("/")) return maskedCidr(x);
  return `${x}/${x.includes(":") ? 128 : 32}`;
}

/** A Service with a selector stands for its pods (§4.4 toServices); without one, nothing podwall can see. */
function servicePeer(ref: Rec, ns: string | undefined, cluster: Cluster): PeerExpr {
  const svcNs = typeof ref.namespace === "string" ? ref.namespace : ns;
  const svc = cluster.services.find((s) => s.namespace === svcNs && s.name === ref.serviceName);
  if (!svc?.selector || !svcNs) return NOTHING;
  return {
    type: "pods",
    selector: { namespace: { type: "name", name: svcNs }, pod: fromLabelSelector({ matchLabels: svc.selector }) },
  };
}

/** §4.5: absent protocol is ANY; port "0" or absent is every port; a name is a named port. */
export function compilePort(p: Rec): PortExpr {
  const protocol = typeof p.protocol === "string" ? p.protocol : "ANY";
  const port = p.port;
  if (port === undefined || port === null || port === "" || port === 0 || port === "0") return { protocol };
  if (typeof port === "string" && !/^\d+$/.test(port)) return { protocol, name: port };
  const from = Number(port);
  const end = typeof p.endPort === "number" && p.endPort >= from ? p.endPort : from;
  return { protocol, from, to: end };
}

function compileL7(rules: Rec): L7Match | undefined {
  if (Array.isArray(rules.http)) return { http: rules.http.map((h) => compileHttp(rec(h))) };
  if (Array.isArray(rules.dns)) return { dns: rules.dns.map(rec).map((d) => (typeof d.matchName === "string" ? { matchName: d.matchName } : { matchPattern: String(d.matchPattern ?? "") })) };
  // Kafka and generic L7 parsers: requests are filtered by rules podwall does not read.
  if (rules.kafka !== undefined) return { other: "kafka" };
  if (typeof rules.l7proto === "string") return { other: rules.l7proto };
  return undefined;
}

/** Cilium `headers: ["X-Key"]` is presence, `["X-Key value"]` / `["X-Key: value"]` an exact value. */
function compileHttp(h: Rec): HttpMatch {
  const m: HttpMatch = {};
  if (typeof h.method === "string" && h.method !== "") m.method = h.method;
  if (typeof h.path === "string" && h.path !== "") m.path = h.path;
  if (typeof h.host === "string" && h.host !== "") m.host = h.host;
  const headers: Record<string, string> = {};
  const present: string[] = [];
  for (const raw of list(h.headers)) {
    const text = String(raw).trim();
    const sp = text.indexOf(" ");
    if (sp < 0) present.push(text.replace(/:$/, ""));
    else headers[text.slice(0, sp).replace(/:$/, "")] = text.slice(sp + 1);
  }
  for (const x of list(h.headerMatches).map(rec)) {
    if (typeof x.name !== "string" || x.mismatch !== undefined) continue; // with a mismatch action the request goes on
    if (typeof x.value === "string" && x.value !== "" && x.secret === undefined) headers[x.name] = x.value;
    else present.push(x.name);
  }
  if (Object.keys(headers).length) m.headers = headers;
  if (present.length) m.headersPresent = present;
  return m;
}
