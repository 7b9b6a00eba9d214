// Validation of Istio's security kinds with positions: what istiod's validation webhook
// rejects (pkg/config/validation: ValidateAuthorizationPolicy, ValidatePeerAuthentication),
// plus warnings for what is accepted but does not do what it seems to (SEMANTICS §5).

import type { FieldPath, LocatedObject } from "../../model/object.js";
import type { Diagnostic } from "../../model/source.js";
import { parseCidr, parseIP } from "../../model/ip.js";
import { Checker } from "../checker.js";
import { checkLabels, checkMetadata } from "../k8s-rules.js";
import { SOURCE_FIELDS, OPERATION_FIELDS, conditionKeyProblem } from "../../model/mesh-fields.js";

const ACTIONS = ["ALLOW", "DENY", "AUDIT", "CUSTOM"];
const MODES = ["UNSET", "DISABLE", "PERMISSIVE", "STRICT"];

/** Istio's WorkloadSelector: matchLabels only. */
function checkWorkloadSelector(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isObject(v, path)) return;
  c.knownFields(v, path, ["matchLabels"]);
  checkLabels(c, v.matchLabels, [...path, "matchLabels"]);
}

function checkStringList(c: Checker, v: unknown, path: FieldPath, each?: (s: string, p: FieldPath) => void): void {
  if (!c.isArray(v, path)) return;
  v.forEach((s, i) => {
    if (typeof s !== "string" || s === "") c.error([...path, i], `expected a non-empty string, got ${JSON.stringify(s)}`);
    else each?.(s, [...path, i]);
  });
}

/** Istio's string match: exact, `prefix*`, `*suffix` or `*`; one wildcard, at an end. */
function checkWildcard(c: Checker, s: string, path: FieldPath): void {
  const inner = s.slice(1, -1);
  if (s.length > 1 && inner.includes("*")) c.error(path, `"${s}": a wildcard * is allowed only at the start or the end`);
  else if (s.length > 1 && s.startsWith("*") && s.endsWith("*")) c.error(path, `"${s}": only one wildcard, at the start or the end`);
}

function checkPath(c: Checker, s: string, path: FieldPath): void {
  if (/\{\*\*?\}/.test(s)) {
    // Path templates (Istio 1.22+): `{*}` one segment, `{**}` many, and only last.
    const segs = s.split("/");
    segs.forEach((seg, i) => {
      if (seg.includes("{") && seg !== "{*}" && seg !== "{**}") c.error(path, `"${s}": a path template segment must be exactly {*} or {**}`);
      if (seg === "{**}" && i !== segs.length - 1) c.error(path, `"${s}": {**} must be the last segment`);
    });
    return;
  }
  checkWildcard(c, s, path);
}

function checkIpOrCidr(c: Checker, s: string, path: FieldPath): void {
  if (!parseIP(s) && !parseCidr(s)) c.error(path, `"${s}" is not an IP address or CIDR`);
}

function checkPortString(c: Checker, v: unknown, path: FieldPath): void {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 65535)) c.error(path, `expected a port number 1-65535 as a string, such as "8080", got ${JSON.stringify(v)}`);
  else if (typeof v === "number") c.warn(path, `ports are strings in the API: write "${v}" (a strict API server rejects a number)`);
}

function checkPrincipal(c: Checker, s: string, path: FieldPath): void {
  checkWildcard(c, s, path);
  if (s.startsWith("spiffe://")) c.warn(path, `"${s}": principals are written without spiffe://, as cluster.local/ns/NAMESPACE/sa/ACCOUNT; this one never matches`);
}

function checkSource(c: Checker, src: Record<string, unknown>, path: FieldPath): void {
  const known = SOURCE_FIELDS.flatMap((f) => [f.name, f.not]);
  c.knownFields(src, path, known);
  if (!Object.keys(src).some((k) => known.includes(k))) c.error(path, "source must not be empty: give principals, namespaces, serviceAccounts, ipBlocks, … (leave `from` out to match every source)");
  const has = (k: string) => src[k] !== undefined && src[k] !== null;
  if ((has("serviceAccounts") || has("notServiceAccounts")) && ["principals", "notPrincipals", "namespaces", "notNamespaces"].some(has))
    c.error(path, "serviceAccounts cannot be combined with principals or namespaces");
  for (const f of SOURCE_FIELDS)
    for (const key of [f.name, f.not]) {
      const each = f.name === "principals" ? checkPrincipal : f.name === "ipBlocks" || f.name === "remoteIpBlocks" ? checkIpOrCidr : f.name === "serviceAccounts" ? checkServiceAccount : checkWildcard;
      checkStringList(c, src[key], [...path, key], (s, p) => each(c, s, p));
    }
}

function checkServiceAccount(c: Checker, s: string, path: FieldPath): void {
  if (s.includes("*")) c.error(path, `"${s}": serviceAccounts take no wildcards (NAME or NAMESPACE/NAME)`);
  else if (s.split("/").length > 2) c.error(path, `"${s}": expected NAME or NAMESPACE/NAME`);
}

function checkOperation(c: Checker, op: Record<string, unknown>, path: FieldPath): void {
  const known = OPERATION_FIELDS.flatMap((f) => [f.name, f.not]);
  c.knownFields(op, path, known);
  if (!Object.keys(op).some((k) => known.includes(k))) c.error(path, "operation must not be empty: give hosts, ports, methods or paths (leave `to` out to match every operation)");
  for (const key of ["ports", "notPorts"]) if (c.isArray(op[key], [...path, key])) (op[key] as unknown[]).forEach((p, i) => checkPortString(c, p, [...path, key, i]));
  for (const key of ["paths", "notPaths"]) checkStringList(c, op[key], [...path, key], (s, p) => checkPath(c, s, p));
  for (const key of ["hosts", "notHosts", "methods", "notMethods"]) checkStringList(c, op[key], [...path, key], (s, p) => checkWildcard(c, s, p));
}

function checkCondition(c: Checker, w: unknown, path: FieldPath): void {
  if (!c.isObject(w, path)) {
    if (w === null || w === undefined) c.error(path, "a condition needs key and values or notValues");
    return;
  }
  c.knownFields(w, path, ["key", "values", "notValues"]);
  if (typeof w.key !== "string" || w.key === "") c.error([...path, "key"], "key is required");
  else {
    const kp = conditionKeyProblem(w.key);
    if (kp) c.error([...path, "key"], kp);
  }
  const hasValues = Array.isArray(w.values) && w.values.length > 0;
  const hasNot = Array.isArray(w.notValues) && w.notValues.length > 0;
  if (!hasValues && !hasNot) c.error(path, "a condition needs values or notValues");
  const ipKey = w.key === "source.ip" || w.key === "remote.ip" || w.key === "destination.ip";
  for (const key of ["values", "notValues"]) checkStringList(c, w[key], [...path, key], (s, p) => (ipKey ? checkIpOrCidr(c, s, p) : w.key === "destination.port" ? checkPortString(c, s, p) : undefined));
}

function checkRule(c: Checker, r: unknown, path: FieldPath): void {
  if (r === null || r === undefined) return; // `- {}`: an empty rule, matches everything
  if (!c.isObject(r, path)) return;
  c.knownFields(r, path, ["from", "to", "when"]);
  if (c.isArray(r.from, [...path, "from"]))
    r.from.forEach((f, i) => {
      const p = [...path, "from", i];
      if (!c.isObject(f, p) || !c.isObject(f.source, [...p, "source"])) {
        c.error(p, "each `from` entry needs a `source`");
        return;
      }
      c.knownFields(f, p, ["source"]);
      checkSource(c, f.source, [...p, "source"]);
    });
  if (c.isArray(r.to, [...path, "to"]))
    r.to.forEach((t, i) => {
      const p = [...path, "to", i];
      if (!c.isObject(t, p) || !c.isObject(t.operation, [...p, "operation"])) {
        c.error(p, "each `to` entry needs an `operation`");
        return;
      }
      c.knownFields(t, p, ["operation"]);
      checkOperation(c, t.operation, [...p, "operation"]);
    });
  if (c.isArray(r.when, [...path, "when"])) r.when.forEach((w, i) => checkCondition(c, w, [...path, "when", i]));
}

export function validateAuthorizationPolicy(lo: LocatedObject): Diagnostic[] {
  const c = new Checker(lo);
  const o = lo.object;
  checkMetadata(c, o.metadata, true);
  const spec = o.spec;
  if (spec === undefined || spec === null) return c.diagnostics; // `spec: {}`: ALLOW nothing
  if (!c.isObject(spec, ["spec"])) return c.diagnostics;
  c.knownFields(spec, ["spec"], ["selector", "targetRef", "targetRefs", "action", "provider", "rules"]);
  checkWorkloadSelector(c, spec.selector, ["spec", "selector"]);
  const refs = [...(spec.targetRef ? [spec.targetRef] : []), ...(Array.isArray(spec.targetRefs) ? spec.targetRefs : [])];
  if (spec.targetRefs !== undefined) c.isArray(spec.targetRefs, ["spec", "targetRefs"]);
  if (refs.length && spec.selector) c.error(["spec", "selector"], "selector and targetRefs are mutually exclusive");
  if (spec.targetRef && Array.isArray(spec.targetRefs) && spec.targetRefs.length) c.error(["spec", "targetRef"], "targetRef and targetRefs are mutually exclusive");
  if (refs.length > 16) c.error(["spec", "targetRefs"], `at most 16 targetRefs, got ${refs.length}`);
  (Array.isArray(spec.targetRefs) ? spec.targetRefs : []).forEach((r, i) => {
    const p = ["spec", "targetRefs", i];
    if (!c.isObject(r, p)) return;
    c.knownFields(r, p, ["group", "kind", "name", "namespace"]);
    if (typeof r.kind !== "string" || !r.kind) c.error([...p, "kind"], "kind is required");
    if (typeof r.name !== "string" || !r.name) c.error([...p, "name"], "name is required");
  });
  const action = spec.action ?? "ALLOW";
  if (typeof action !== "string" || !ACTIONS.includes(action)) c.error(["spec", "action"], `action must be one of ${ACTIONS.join(", ")}, got ${JSON.stringify(spec.action)}`);
  if (action === "CUSTOM") {
    if (!c.isObject(spec.provider, ["spec", "provider"]) || typeof spec.provider.name !== "string" || !spec.provider.name) c.error(["spec", "provider"], "action CUSTOM needs provider.name (an extensionProviders entry of meshConfig)");
  } else if (spec.provider !== undefined && spec.provider !== null) c.error(["spec", "provider"], "provider is only allowed with action CUSTOM");
  if (c.isArray(spec.rules, ["spec", "rules"])) spec.rules.forEach((r, i) => checkRule(c, r, ["spec", "rules", i]));
  if (action === "DENY" && (spec.rules === undefined || spec.rules === null)) c.warn(["spec"], "a DENY policy without rules never matches: it has no effect");
  return c.diagnostics;
}

export function validatePeerAuthentication(lo: LocatedObject): Diagnostic[] {
  const c = new Checker(lo);
  const o = lo.object;
  checkMetadata(c, o.metadata, true);
  const spec = o.spec;
  if (spec === undefined || spec === null) return c.diagnostics;
  if (!c.isObject(spec, ["spec"])) return c.diagnostics;
  c.knownFields(spec, ["spec"], ["selector", "mtls", "portLevelMtls"]);
  checkWorkloadSelector(c, spec.selector, ["spec", "selector"]);
  const checkMode = (m: unknown, path: FieldPath) => {
    if (!c.isObject(m, path)) return;
    c.knownFields(m, path, ["mode"]);
    if (m.mode !== undefined && (typeof m.mode !== "string" || !MODES.includes(m.mode))) c.error([...path, "mode"], `mode must be one of ${MODES.join(", ")}, got ${JSON.stringify(m.mode)}`);
  };
  checkMode(spec.mtls, ["spec", "mtls"]);
  if (c.isObject(spec.portLevelMtls, ["spec", "portLevelMtls"])) {
    if (!spec.selector) c.error(["spec", "portLevelMtls"], "portLevelMtls requires a selector (it names the workload's container ports)");
    for (const [k, v] of Object.entries(spec.portLevelMtls)) {
      if (!/^\d+$/.test(k) || Number(k) < 1 || Number(k) > 65535) c.error(["spec", "portLevelMtls", k], `"${k}" is not a port number 1-65535`);
      checkMode(v, ["spec", "portLevelMtls", k]);
    }
  }
  return c.diagnostics;
}
