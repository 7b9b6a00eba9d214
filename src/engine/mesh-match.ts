// Does an AuthorizationPolicy rule match a request? (SEMANTICS §5.3, §5.4)
// Two pitfalls are the point of this file:
//  - identity fields (principals, namespaces, serviceAccounts, source.principal, …) come from
//    the peer certificate: on plaintext they compare against "", so positive forms never
//    match and negative forms always match;
//  - fields the enforcing proxy cannot see (HTTP fields on TCP traffic, or at ztunnel) make
//    an ALLOW rule match nothing, and are ignored in DENY/AUDIT/CUSTOM rules (istio/istio
//    pilot/pkg/security/authz/model/model.go: the error is kept for ALLOW only).

import type { AuthzAction, AuthzCondition, AuthzOperation, AuthzRule, AuthzSource, Matcher } from "../model/mesh.js";
import { sameIP } from "../model/ip.js";
import { OPERATION_FIELDS, SOURCE_FIELDS, conditionNeeds } from "../model/mesh-fields.js";
import type { Needs } from "../model/mesh-fields.js";
import { requestHeader, type HttpRequest } from "./endpoint.js";
import { ipInBlock } from "./match.js";

/** What the destination's proxy knows about one request. */
export interface MeshRequest {
  /** Peer identity, present only under mutual TLS. */
  peer?: { namespace: string; serviceAccount: string; principal: string };
  /** The HTTP request, when the proxy sees one (sidecar, HTTP traffic). */
  http?: HttpRequest;
  srcIP?: string;
  dstIP?: string;
  port: number;
  /** Namespace of the policy: `serviceAccounts: [name]` means this namespace. */
  policyNamespace: string;
}

export interface RuleMatch {
  matched: boolean;
  /** Why not, in words, when it did not match. */
  why?: string;
  /** Things the trace should say even when it matched (ignored fields, plaintext identity). */
  notes: string[];
}

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*` (any non-empty value). */
export function istioStringMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  if (p === "*") return v !== "";
  if (p.startsWith("*")) return v.endsWith(p.slice(1));
  if (p.endsWith("*")) return v.startsWith(p.slice(0, -1));
  return v === p;
}

/** `paths`: matched on the path without its query; `{*}` is one segment, `{**}` the rest. */
export function istioPathMatch(pattern: string, rawPath: string): boolean {
  const path = rawPath.split("?")[0]!;
  if (!/\{\*\*?\}/.test(pattern)) return istioStringMatch(pattern, path);
  const re = pattern
    .split("/")
    .map((seg) => (seg === "{*}" ? "[^/]+" : seg === "{**}" ? ".+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${re}$`).test(path);
}

/** A CIDR or a single address. */
function ipIn(pattern: string, ip: string | undefined): boolean {
  if (!ip) return false;
  return pattern.includes("/") ? ipInBlock(ip, pattern, []) : sameIP(pattern, ip);
}

/** values: some must match; notValues: none may. */
function matcherOk(m: Matcher, test: (pattern: string) => boolean): boolean {
  if (m.values && !m.values.some(test)) return false;
  if (m.notValues && m.notValues.some(test)) return false;
  return true;
}

const header = (req: MeshRequest, name: string): string => requestHeader(req.http, name) ?? "";

/** The value of a source/operation field for this request ("" when the proxy has none). */
function fieldTest(field: string, req: MeshRequest): (pattern: string) => boolean {
  const peer = req.peer;
  switch (field) {
    case "principals":
      return (p) => istioStringMatch(p, peer?.principal ?? "");
    case "requestPrincipals":
      return (p) => istioStringMatch(p, ""); // podwall models no JWT: never a request principal
    case "namespaces":
      return (p) => istioStringMatch(p, peer?.namespace ?? "");
    case "serviceAccounts":
      return (p) => !!peer && (p.includes("/") ? p : `${req.policyNamespace}/${p}`) === `${peer.namespace}/${peer.serviceAccount}`;
    case "ipBlocks":
    case "remoteIpBlocks":
      return (p) => ipIn(p, req.srcIP); // no X-Forwarded-For: the remote IP is the source IP
    case "hosts":
      return (p) => istioStringMatch(p, req.http?.host ?? "", true);
    case "ports":
      return (p) => String(p) === String(req.port);
    case "methods":
      return (p) => istioStringMatch(p, req.http?.method ?? "GET");
    case "paths":
      return (p) => istioPathMatch(p, req.http?.path ?? "/");
  }
  return () => false;
}

function conditionTest(key: string, req: MeshRequest): (v: string) => boolean {
  const peer = req.peer;
  if (key.startsWith("request.headers[")) return (v) => istioStringMatch(v, header(req, key.slice("request.headers[".length, -1)));
  switch (key) {
    case "source.ip":
    case "remote.ip":
      return (v) => ipIn(v, req.srcIP);
    case "destination.ip":
      return (v) => ipIn(v, req.dstIP);
    case "destination.port":
      return (v) => v === String(req.port);
    case "source.namespace":
      return (v) => istioStringMatch(v, peer?.namespace ?? "");
    case "source.principal":
      return (v) => istioStringMatch(v, peer?.principal ?? "");
    case "source.serviceAccount":
      return (v) => !!peer && v === `${peer.namespace}/${peer.serviceAccount}`;
  }
  return (v) => istioStringMatch(v, ""); // request.auth.*, connection.sni: nothing podwall knows
}

/** Whether the proxy can evaluate fields that need `needs`. */
const usable = (needs: Needs, req: MeshRequest) => needs !== "http" || req.http !== undefined;

interface Part {
  ok: boolean;
  unusable: string[];
  plaintextIdentity: string[];
}

function entryOk(entry: AuthzSource | AuthzOperation, fields: { name: string; not: string; needs: Needs }[], req: MeshRequest): Part {
  const out: Part = { ok: true, unusable: [], plaintextIdentity: [] };
  for (const f of fields) {
    const m = (entry as Record<string, Matcher | undefined>)[f.name];
    if (!m) continue;
    const names = [...(m.values ? [f.name] : []), ...(m.notValues ? [f.not] : [])].join("/");
    if (!usable(f.needs, req)) {
      out.unusable.push(names);
      continue;
    }
    if (f.needs === "mtls" && !req.peer) out.plaintextIdentity.push(names);
    if (!matcherOk(m, fieldTest(f.name, req))) out.ok = false;
  }
  return out;
}

function conditionOk(c: AuthzCondition, req: MeshRequest): Part {
  const needs = conditionNeeds(c.key);
  if (!usable(needs, req) || c.key.startsWith("experimental.")) return { ok: true, unusable: [`when ${c.key}`], plaintextIdentity: [] };
  return { ok: matcherOk({ values: c.values, notValues: c.notValues }, conditionTest(c.key, req)), unusable: [], plaintextIdentity: needs === "mtls" && !req.peer ? [`when ${c.key}`] : [] };
}

/** Some entry of a list must match; an absent list imposes nothing. */
function someOk(parts: Part[] | undefined): Part {
  if (!parts) return { ok: true, unusable: [], plaintextIdentity: [] };
  const hit = parts.find((p) => p.ok);
  const all = hit ? [hit] : parts;
  return { ok: !!hit, unusable: all.flatMap((p) => p.unusable), plaintextIdentity: all.flatMap((p) => p.plaintextIdentity) };
}

export function meshRuleMatches(rule: AuthzRule, action: AuthzAction, req: MeshRequest): RuleMatch {
  const from = someOk(rule.from?.map((s) => entryOk(s, SOURCE_FIELDS, req)));
  const to = someOk(rule.to?.map((o) => entryOk(o, OPERATION_FIELDS, req)));
  const when = (rule.when ?? []).map((c) => conditionOk(c, req));
  const unusable = [...from.unusable, ...to.unusable, ...when.flatMap((w) => w.unusable)];
  const plaintext = [...from.plaintextIdentity, ...to.plaintextIdentity, ...when.flatMap((w) => w.plaintextIdentity)];
  const notes: string[] = [];
  const what = req.http ? "" : "no HTTP request is seen (TCP traffic, or ztunnel)";
  if (unusable.length && action === "ALLOW")
    return { matched: false, why: `${rule.path} uses ${unusable.join(", ")} and ${what || "podwall cannot evaluate them"}: Istio drops the rule from an ALLOW policy`, notes };
  if (unusable.length) notes.push(`${rule.path}: ${unusable.join(", ")} ignored in a ${action} policy (${what || "not evaluated"}): the rule matches more broadly`);
  if (plaintext.length) notes.push(`${rule.path}: ${plaintext.join(", ")} compare against an empty identity on plaintext (no peer certificate)`);
  const failed = [!from.ok && "from", !to.ok && "to", when.some((w) => !w.ok) && "when"].filter(Boolean);
  if (failed.length) return { matched: false, why: `${rule.path}: ${failed.join(" and ")} did not match${plaintext.length ? " (plaintext: no peer identity)" : ""}`, notes };
  return { matched: true, notes };
}
