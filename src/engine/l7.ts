// The L7 step (SEMANTICS §4.4, §4.6; DESIGN "Tiers"): runs after both sides allowed the
// connection. The rules that allowed a side may carry L7 rules (Cilium `toPorts[].rules`);
// then the connection is allowed but each request must match one of them — unless another
// allowing rule for the same flow has no L7 part, which makes the restriction moot (§4.6.5).
//
// toFQDNs also lives here: Cilium learns a name's addresses only from DNS answers its proxy
// saw, so a connection allowed only by toFQDNs needs a DNS rule that lets the pod look the
// name up (§4.4). Without one the name is never learned and the connection is dropped.
//
// A mesh layer (Istio) sits after this one in its own module; nothing here knows about it.

import type { Direction, HttpMatch, L7Match, PolicyIR, Rule } from "../model/ir.js";
import { originName } from "../model/ir.js";
import type { Flow, HttpRequest as Request } from "./endpoint.js";
import { requestHeader } from "./endpoint.js";
import { enforced, policiesFor } from "./evaluate.js";
import type { PolicyModel } from "./model.js";
import { describeDnsSelector, dnsSelectorMatches } from "./dns-name.js";
import type { L7Verdict, SideVerdict, TraceStep } from "./verdict.js";

interface Allowing {
  policy: PolicyIR;
  rule: Rule;
}

const l7Models = new WeakMap<PolicyModel, boolean>();

/** Whether any policy of the model has L7 rules or Cilium toFQDNs peers: the cheap way out. */
function modelHasL7(model: PolicyModel): boolean {
  let has = l7Models.get(model);
  if (has === undefined) {
    has = model.policies.some((p) => [p.ingress, p.egress].some((d) => d?.rules.some((r) => r.l7 !== undefined || isCiliumFqdn(r))));
    l7Models.set(model, has);
  }
  return has;
}

const isCiliumFqdn = (r: Rule): boolean => r.peer.type === "fqdn" && r.peer.syntax === "cilium";

const byOrigin = new WeakMap<PolicyModel, Map<PolicyIR["origin"], PolicyIR[]>>();

/** A model's policies by origin object: traces name policies by their origin. */
function policiesOf(model: PolicyModel, origin: PolicyIR["origin"]): PolicyIR[] {
  let m = byOrigin.get(model);
  if (!m) {
    m = new Map();
    for (const p of model.policies) {
      const list = m.get(p.origin);
      if (list) list.push(p);
      else m.set(p.origin, [p]);
    }
    byOrigin.set(model, m);
  }
  return m.get(origin) ?? [];
}

/** The allow rules that decided a side, read back from its trace. */
function allowingRules(model: PolicyModel, side: SideVerdict): Allowing[] {
  if (!side.allowed) return [];
  const out: Allowing[] = [];
  for (const s of side.steps) {
    if ((s.event !== "matched" && s.event !== "also-matched") || s.action !== "allow" || s.tier !== side.decidedBy || !s.policy) continue;
    const policy = policiesOf(model, s.policy).find((p) => p.tier.name === s.tier && p[side.direction]?.rules.some((r) => r.path === s.rulePath));
    const rule = policy?.[side.direction]!.rules.find((r) => r.path === s.rulePath);
    if (policy && rule) out.push({ policy, rule });
  }
  return out;
}

const regexCache = new Map<string, RegExp>();
/** Envoy's safe_regex: the whole value must match (§4.6.2). */
export function fullMatch(re: string, value: string): boolean {
  let r = regexCache.get(re);
  if (!r) {
    try {
      r = new RegExp(`^(?:${re})$`);
    } catch {
      r = /(?!)/; // validation reports it; an invalid regex matches nothing
    }
    regexCache.set(re, r);
  }
  return r.test(value);
}

/** Why an HTTP rule entry does not match the request, or undefined when it matches. */
export function httpMismatch(m: HttpMatch, req: Request): string | undefined {
  const method = req.method ?? "GET";
  const path = req.path ?? "/";
  if (m.method !== undefined && !fullMatch(m.method, method)) return `method ${method} does not match ${m.method}`;
  if (m.path !== undefined && !fullMatch(m.path, path)) return `path ${path} does not match ${m.path} (the whole path, query included)`;
  if (m.host !== undefined) {
    if (req.host === undefined) return `the rule needs host ${m.host} and the request gives none (--host)`;
    if (!fullMatch(m.host, req.host)) return `host ${req.host} does not match ${m.host}`;
  }
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    const got = requestHeader(req, name);
    if (got !== value) return got === undefined ? `header ${name} is missing` : `header ${name} is "${got}", not "${value}"`;
  }
  for (const name of m.headersPresent ?? []) if (requestHeader(req, name) === undefined) return `header ${name} is missing`;
  return undefined;
}

function describeHttp(m: HttpMatch): string {
  const parts = [m.method ?? "any method", m.path ?? "any path"];
  if (m.host !== undefined) parts.push(`host ${m.host}`);
  for (const [k, v] of Object.entries(m.headers ?? {})) parts.push(`${k}: ${v}`);
  for (const k of m.headersPresent ?? []) parts.push(`${k} present`);
  return parts.join(" ");
}

function describeL7(l7: L7Match): string {
  if (l7.http) return `HTTP ${l7.http.length ? l7.http.map(describeHttp).join(" | ") : "(none)"}`;
  if (l7.dns) return `DNS ${l7.dns.map(describeDnsSelector).join(", ")}`;
  return `${l7.other ?? "L7"} rules`;
}

const describeRequest = (r: Request): string => `${r.method ?? "GET"} ${r.path ?? "/"}${r.host ? ` (host ${r.host})` : ""}`;
const ruleName = (a: Allowing): string => `${originName(a.policy.origin)} ${a.rule.path}`;

interface SideL7 {
  status: L7Verdict["status"];
  steps: TraceStep[];
  /** Why the request was refused, when it was. */
  denial?: string;
}

function step(direction: Direction, action: "allow" | "deny" | "log", text: string, a?: Allowing): TraceStep {
  return {
    event: "l7",
    tier: `l7-${direction}`,
    action,
    text,
    ...(a ? { policy: a.policy.origin, rulePath: a.rule.path, ruleSource: a.rule.source ?? a.policy.origin.source } : {}),
  };
}

function sideL7(model: PolicyModel, flow: Flow, side: SideVerdict): SideL7 {
  const dir = side.direction;
  const allowing = allowingRules(model, side);
  const steps: TraceStep[] = [];
  const out: SideL7 = { status: "unrestricted", steps };

  if (dir === "egress" && model.profile.features.fqdn) {
    const fqdn = fqdnVisibility(model, flow, allowing);
    if (fqdn) {
      steps.push(fqdn.step);
      if (!fqdn.learned) return { status: "denied", steps, denial: fqdn.step.text };
    }
  }

  const filtering = allowing.filter((a) => a.rule.l7);
  if (filtering.length === 0) return out;
  if (!model.profile.features.l7) {
    steps.push(step(dir, "allow", `CNI profile ${model.profile.name} does not enforce L7 rules: the L7 rules of ${filtering.map(ruleName).join(", ")} have no effect`));
    return out;
  }
  const plain = allowing.find((a) => !a.rule.l7);
  if (plain) {
    steps.push(step(dir, "allow", `the L7 rules of ${filtering.map(ruleName).join(", ")} do not restrict this flow: ${ruleName(plain)} allows it without L7 rules`, plain));
    return out;
  }
  const req = flow.http;
  const name = flow.dnsName;
  if (!req && name === undefined) {
    const what = filtering.map((a) => `${ruleName(a)} (${describeL7(a.rule.l7!)})`).join("; ");
    steps.push(step(dir, "log", `connection allowed; requests are filtered by ${what}`));
    return { status: "filtered", steps };
  }
  const unread = filtering.filter((a) => a.rule.l7!.other !== undefined);
  if (req) {
    const r = checkHttp(dir, filtering, req);
    steps.push(...r.steps);
    if (!r.ok) {
      if (unread.length) steps.push(step(dir, "log", `${unread.map(ruleName).join(", ")} filter requests with ${unread[0]!.rule.l7!.other} rules podwall does not evaluate`));
      return { status: "denied", steps, denial: r.steps.at(-1)!.text };
    }
  }
  if (name !== undefined) {
    const r = checkDns(dir, filtering, name);
    steps.push(...r.steps);
    if (!r.ok) return { status: "denied", steps, denial: r.steps.at(-1)!.text };
  }
  return { status: "allowed", steps };
}

function checkHttp(dir: Direction, filtering: Allowing[], req: Request): { ok: boolean; steps: TraceStep[] } {
  const withHttp = filtering.filter((a) => a.rule.l7!.http);
  const reasons: string[] = [];
  for (const a of withHttp) {
    const entries = a.rule.l7!.http!;
    for (const [i, m] of entries.entries()) {
      const why = httpMismatch(m, req);
      if (!why) return { ok: true, steps: [step(dir, "allow", `request ${describeRequest(req)} matches ${ruleName(a)} rules.http[${i}] (${describeHttp(m)})`, a)] };
      reasons.push(`${ruleName(a)} rules.http[${i}]: ${why}`);
    }
  }
  const text = withHttp.length
    ? `request ${describeRequest(req)} matches no HTTP rule (${reasons.join("; ")}): Cilium's proxy answers 403 Access denied`
    : `request ${describeRequest(req)} is not allowed: the allowing rules carry only ${filtering.map((a) => describeL7(a.rule.l7!)).join(", ")} rules`;
  return { ok: false, steps: [step(dir, "deny", text, withHttp[0] ?? filtering[0])] };
}

function checkDns(dir: Direction, filtering: Allowing[], name: string): { ok: boolean; steps: TraceStep[] } {
  const withDns = filtering.filter((a) => a.rule.l7!.dns);
  for (const a of withDns)
    for (const [i, sel] of a.rule.l7!.dns!.entries())
      if (dnsSelectorMatches(sel, name)) return { ok: true, steps: [step(dir, "allow", `DNS query for ${name} matches ${ruleName(a)} rules.dns[${i}] (${describeDnsSelector(sel)})`, a)] };
  const text = withDns.length
    ? `DNS query for ${name} matches no DNS rule of ${withDns.map(ruleName).join(", ")} (${withDns.map((a) => describeL7(a.rule.l7!)).join("; ")}): Cilium's DNS proxy refuses it`
    : `DNS query for ${name} is not allowed: the allowing rules carry only ${filtering.map((a) => describeL7(a.rule.l7!)).join(", ")} rules`;
  return { ok: false, steps: [step(dir, "deny", text, withDns[0] ?? filtering[0])] };
}

/**
 * A connection to a name allowed only by Cilium toFQDNs rules: is there a DNS rule (an egress
 * allow with `rules.dns`) of an enforced Cilium policy of the source that lets it look the
 * name up? Then Cilium's proxy learns the addresses; otherwise it never does.
 */
function fqdnVisibility(model: PolicyModel, flow: Flow, allowing: Allowing[]): { learned: boolean; step: TraceStep } | undefined {
  const dst = flow.dst;
  if (dst.kind !== "external" || dst.fqdn === undefined || flow.src.kind !== "pod") return undefined;
  if (allowing.length === 0 || !allowing.every((a) => isCiliumFqdn(a.rule))) return undefined;
  const name = dst.fqdn;
  for (const p of policiesFor(model, flow.src.pod, "egress")) {
    if (!enforced(model, p) || p.family !== "cilium") continue;
    for (const rule of p.egress!.rules) {
      const hit = rule.action === "allow" ? rule.l7?.dns?.find((sel) => dnsSelectorMatches(sel, name)) : undefined;
      if (hit)
        return {
          learned: true,
          step: step("egress", "allow", `${name} is learned through Cilium's DNS proxy: ${originName(p.origin)} ${rule.path} lets the pod look it up (${describeDnsSelector(hit)})`, { policy: p, rule }),
        };
    }
  }
  return {
    learned: false,
    step: step(
      "egress",
      "deny",
      `toFQDNs (${allowing.map(ruleName).join(", ")}) allows ${name} only once Cilium's DNS proxy has seen it resolved, and no DNS rule (toPorts rules.dns) of the source's policies allows looking it up: the name is never learned and the connection is dropped`,
      allowing[0],
    ),
  };
}

/** The L7 step for a flow whose connection both sides allowed; undefined when nothing L7 is involved. */
export function evaluateL7(model: PolicyModel, flow: Flow, egress: SideVerdict, ingress: SideVerdict): L7Verdict | undefined {
  if (!egress.allowed || !ingress.allowed) return undefined;
  const asked = flow.http !== undefined || flow.dnsName !== undefined;
  if (!asked && !modelHasL7(model)) return undefined;
  const sides = [sideL7(model, flow, egress), sideL7(model, flow, ingress)];
  const steps = sides.flatMap((s) => s.steps);
  const denied = sides.find((s) => s.status === "denied");
  if (denied) return { status: "denied", allowed: false, steps, summary: denied.denial! };
  if (sides.some((s) => s.status === "filtered")) return { status: "filtered", allowed: true, steps, summary: "connection allowed; requests are filtered by L7 rules (give --http or --dns-name to check one)" };
  if (sides.some((s) => s.status === "allowed")) {
    const what = flow.http ? `request ${describeRequest(flow.http)}` : `DNS query for ${flow.dnsName}`;
    return { status: "allowed", allowed: true, steps, summary: `${what} allowed by the L7 rules` };
  }
  if (!asked && steps.length === 0) return undefined;
  if (asked) steps.push({ event: "l7", tier: "l7", action: "allow", text: "no L7 rule applies to this flow: every request is allowed" });
  return { status: "unrestricted", allowed: true, steps, summary: "no L7 rule applies: every request on the connection is allowed" };
}
