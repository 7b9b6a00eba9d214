// Validation of CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy with positions: the CRD
// schema and the agent's Sanitize() checks (cilium pkg/policy/api/rule_validation.go) that
// decide whether Cilium accepts a rule, plus warnings where podwall evaluates less than Cilium.

import type { FieldPath, LocatedObject } from "../../model/object.js";
import type { Diagnostic } from "../../model/source.js";
import { parseCidr, cidrWithin } from "../../model/ip.js";
import { Checker } from "../checker.js";
import { checkCidr, checkMetadata, labelKeyProblem, labelValueProblem, namedPortProblem } from "../k8s-rules.js";
import { dnsSelectorProblem } from "../../engine/dns-name.js";
import { ENTITIES, NAMESPACE_KEY, mentionsNamespace, splitKey } from "./selector.js";
import type { CiliumSelectorShape } from "./selector.js";
import { HTTP_FIELDS, L7_FIELDS, PEER_FIELDS, PORT_DENY_RULE_FIELDS, PORT_FIELDS, PORT_RULE_FIELDS, PROTOCOLS, RULE_FIELDS, SECTIONS, SECTION_FIELDS, isDeny, list } from "./fields.js";
import type { Rec, Section } from "./fields.js";

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

export function validateCilium(lo: LocatedObject, clusterwide: boolean): Diagnostic[] {
  const c = new Checker(lo);
  const o = lo.object;
  checkMetadata(c, o.metadata, !clusterwide);
  const hasSpec = o.spec !== undefined && o.spec !== null;
  const hasSpecs = Array.isArray(o.specs) && o.specs.length > 0;
  if (!hasSpec && !hasSpecs) {
    c.error([], "a Cilium policy needs `spec` (one rule) or `specs` (a list of rules)");
    return c.diagnostics;
  }
  if (hasSpec && c.isObject(o.spec, ["spec"])) checkRule(c, o.spec, ["spec"], clusterwide);
  if (o.specs !== undefined && o.specs !== null && c.isArray(o.specs, ["specs"]))
    o.specs.forEach((r, i) => {
      if (c.isObject(r, ["specs", i])) checkRule(c, r, ["specs", i], clusterwide);
      else if (r === null || r === undefined) c.error(["specs", i], "a rule must be a mapping");
    });
  return c.diagnostics;
}

function checkRule(c: Checker, r: Rec, path: FieldPath, clusterwide: boolean): void {
  c.knownFields(r, path, RULE_FIELDS);
  const hasEp = r.endpointSelector !== undefined && r.endpointSelector !== null;
  const hasNode = r.nodeSelector !== undefined && r.nodeSelector !== null;
  if (hasEp === hasNode) c.error(path, "a rule needs exactly one of endpointSelector or nodeSelector");
  if (hasNode && !clusterwide) c.error([...path, "nodeSelector"], "nodeSelector is only allowed in a CiliumClusterwideNetworkPolicy");
  if (hasNode && clusterwide) c.warn([...path, "nodeSelector"], "host policies (nodeSelector) apply to nodes' host namespaces; podwall does not evaluate them");
  if (hasEp) {
    checkSelector(c, r.endpointSelector, [...path, "endpointSelector"]);
    if (!clusterwide && mentionsNamespace(r.endpointSelector as CiliumSelectorShape))
      c.warn([...path, "endpointSelector"], `a CiliumNetworkPolicy applies only in its own namespace: Cilium replaces the ${NAMESPACE_KEY} match in endpointSelector`);
  }
  if (hasNode) checkSelector(c, r.nodeSelector, [...path, "nodeSelector"]);
  // Sanitize(): at least one section must be given (an empty list counts as given).
  if (!SECTIONS.some((s) => r[s] !== undefined && r[s] !== null)) c.error(path, "a rule needs at least one of ingress, ingressDeny, egress or egressDeny");
  if (r.enableDefaultDeny !== undefined && r.enableDefaultDeny !== null && c.isObject(r.enableDefaultDeny, [...path, "enableDefaultDeny"])) {
    c.knownFields(r.enableDefaultDeny, [...path, "enableDefaultDeny"], ["ingress", "egress"]);
    for (const d of ["ingress", "egress"]) {
      const v = r.enableDefaultDeny[d];
      if (v !== undefined && v !== null && typeof v !== "boolean") c.error([...path, "enableDefaultDeny", d], `expected true or false, got ${JSON.stringify(v)}`);
    }
  }
  for (const s of SECTIONS) {
    if (!c.isArray(r[s], [...path, s])) continue;
    (r[s] as unknown[]).forEach((entry, i) => {
      const p = [...path, s, i];
      if (entry === null || entry === undefined) return; // `- {}`-like: selects nothing
      if (c.isObject(entry, p)) checkSectionRule(c, entry, p, s, clusterwide);
    });
  }
}

function checkSectionRule(c: Checker, e: Rec, path: FieldPath, s: Section, clusterwide: boolean): void {
  c.knownFields(e, path, SECTION_FIELDS(s));
  const given = PEER_FIELDS[s].filter((f) => e[f] !== undefined && e[f] !== null);
  for (const f of given) {
    const fp = [...path, f];
    if (!c.isArray(e[f], fp)) continue;
    const items = e[f] as unknown[];
    switch (f) {
      case "fromEndpoints":
      case "toEndpoints":
        items.forEach((sel, i) => checkSelector(c, sel ?? {}, [...fp, i]));
        break;
      case "fromNodes":
      case "toNodes":
        items.forEach((sel, i) => checkSelector(c, sel ?? {}, [...fp, i]));
        break;
      case "fromRequires":
      case "toRequires":
        c.error(fp, `${f} is deprecated (removed in Cilium 1.19) and podwall does not evaluate it; express the condition in ${f.startsWith("from") ? "fromEndpoints" : "toEndpoints"}`);
        break;
      case "fromEntities":
      case "toEntities":
        items.forEach((x, i) => {
          if (typeof x !== "string" || !(ENTITIES as readonly string[]).includes(x)) c.error([...fp, i], `unknown entity ${JSON.stringify(x)} (expected one of: ${ENTITIES.join(", ")})`);
        });
        break;
      case "fromCIDR":
      case "toCIDR":
        items.forEach((x, i) => checkCiliumCidr(c, x, [...fp, i]));
        break;
      case "fromCIDRSet":
      case "toCIDRSet":
        items.forEach((x, i) => checkCidrRule(c, x, [...fp, i]));
        break;
      case "toFQDNs":
        items.forEach((x, i) => checkFqdnSelector(c, x, [...fp, i]));
        break;
      case "toServices":
        items.forEach((x, i) => checkService(c, x, [...fp, i], clusterwide));
        break;
      case "fromGroups":
      case "toGroups":
        c.warn(fp, `${f} selects cloud-provider groups; podwall cannot resolve them and treats them as matching nothing`);
        break;
    }
  }
  if (given.includes("toFQDNs") && given.length > 1) c.error([...path, "toFQDNs"], `toFQDNs cannot be combined with other L3 fields (${given.filter((f) => f !== "toFQDNs").join(", ")}) in the same rule`);
  if (e.icmps !== undefined && e.icmps !== null) c.isArray(e.icmps, [...path, "icmps"]);
  if (e.authentication !== undefined && e.authentication !== null) c.warn([...path, "authentication"], "mutual authentication is not evaluated by podwall; the rule is read without it");
  if (!c.isArray(e.toPorts, [...path, "toPorts"])) return;
  (e.toPorts as unknown[]).forEach((pr, i) => {
    const pp = [...path, "toPorts", i];
    if (!c.isObject(pr, pp)) return;
    checkPortRule(c, pr, pp, s);
  });
}

function checkPortRule(c: Checker, pr: Rec, path: FieldPath, s: Section): void {
  c.knownFields(pr, path, isDeny(s) ? PORT_DENY_RULE_FIELDS : PORT_RULE_FIELDS);
  if (isDeny(s) && pr.rules !== undefined) c.error([...path, "rules"], "deny rules cannot carry L7 rules");
  let ranged = false;
  if (c.isArray(pr.ports, [...path, "ports"]))
    pr.ports.forEach((p, j) => {
      const pp = [...path, "ports", j];
      if (!c.isObject(p, pp)) return;
      c.knownFields(p, pp, PORT_FIELDS);
      if (p.endPort !== undefined && p.endPort !== null) ranged = true;
      checkPort(c, p, pp);
    });
  if (pr.serverNames !== undefined) c.warn([...path, "serverNames"], "TLS server names (SNI) are not evaluated by podwall");
  if (pr.rules === undefined || pr.rules === null || isDeny(s)) return;
  const rp = [...path, "rules"];
  if (!c.isObject(pr.rules, rp)) return;
  c.knownFields(pr.rules, rp, L7_FIELDS);
  const kinds = L7_FIELDS.filter((k) => k !== "l7" && pr.rules && (pr.rules as Rec)[k] !== undefined && (pr.rules as Rec)[k] !== null);
  if (kinds.length > 1) c.error(rp, `a port rule may carry one type of L7 rule, got ${kinds.join(" and ")}`);
  const rules = pr.rules;
  if (rules.http !== undefined && c.isArray(rules.http, [...rp, "http"])) rules.http.forEach((h, k) => checkHttp(c, h, [...rp, "http", k]));
  if (rules.dns !== undefined && c.isArray(rules.dns, [...rp, "dns"])) {
    if (ranged) c.error(rp, "DNS rules do not support port ranges (endPort)");
    rules.dns.forEach((d, k) => checkFqdnSelector(c, d, [...rp, "dns", k]));
  }
  if (rules.kafka !== undefined || rules.l7proto !== undefined)
    c.warn(rp, "Kafka and generic L7 rules are not evaluated by podwall: the connection is judged at L3/L4 and requests are reported as filtered");
}

function checkPort(c: Checker, p: Rec, path: FieldPath): void {
  const proto = p.protocol;
  if (proto !== undefined && proto !== null && (typeof proto !== "string" || !PROTOCOLS.includes(proto)))
    c.error([...path, "protocol"], `protocol must be one of ${PROTOCOLS.join(", ")}, got ${JSON.stringify(proto)}`);
  const port = p.port;
  let num: number | undefined;
  if (port === undefined || port === null || port === "") {
    if (p.endPort !== undefined && p.endPort !== null) c.error([...path, "endPort"], "endPort needs a port");
    return;
  }
  if (typeof port === "number") c.warn([...path, "port"], `Cilium's CRD types port as a string: write "${port}" (the API server rejects a number)`);
  if (typeof port === "number" || (typeof port === "string" && /^\d+$/.test(port))) {
    num = Number(port);
    if (!Number.isInteger(num) || num < 0 || num > 65535) c.error([...path, "port"], `port ${JSON.stringify(port)} is out of range (0-65535; 0 means every port)`);
  } else if (typeof port === "string") {
    const np = namedPortProblem(port);
    if (np) c.error([...path, "port"], np);
    if (p.endPort !== undefined && p.endPort !== null) c.warn([...path, "endPort"], "endPort is ignored with a named port");
  } else c.error([...path, "port"], `port must be a number or a port name, got ${JSON.stringify(port)}`);
  if (num !== undefined && p.endPort !== undefined && p.endPort !== null) {
    const end = p.endPort;
    if (typeof end !== "number" || !Number.isInteger(end) || end < 0 || end > 65535) c.error([...path, "endPort"], `endPort must be a port number, got ${JSON.stringify(end)}`);
    else if (end < num && end !== 0) c.error([...path, "endPort"], `endPort ${end} must be greater than or equal to port ${num}`);
  }
}

function checkHttp(c: Checker, h: unknown, path: FieldPath): void {
  if (h === null || h === undefined) return; // an empty entry allows every request
  if (!c.isObject(h, path)) return;
  c.knownFields(h, path, HTTP_FIELDS);
  for (const f of ["method", "path", "host"]) {
    const v = h[f];
    if (v === undefined || v === null) continue;
    if (!c.isString(v, [...path, f])) continue;
    try {
      new RegExp(`^(?:${v})$`);
    } catch (e) {
      c.error([...path, f], `${f} is a regular expression (matched against the whole value) and this one does not compile: ${(e as Error).message}`);
    }
  }
  if (h.headers !== undefined && c.isArray(h.headers, [...path, "headers"]))
    h.headers.forEach((x, i) => {
      if (typeof x !== "string" || x.trim() === "") c.error([...path, "headers", i], `expected "Header-Name" or "Header-Name value", got ${JSON.stringify(x)}`);
    });
  if (h.headerMatches !== undefined && c.isArray(h.headerMatches, [...path, "headerMatches"]))
    h.headerMatches.forEach((m, i) => {
      const mp = [...path, "headerMatches", i];
      if (!c.isObject(m, mp)) return;
      c.knownFields(m, mp, ["name", "value", "secret", "mismatch"]);
      if (typeof m.name !== "string" || m.name === "") c.error([...mp, "name"], "name is required");
      if (m.secret !== undefined) c.warn([...mp, "secret"], "the value comes from a Secret podwall cannot read: the header is required to be present");
      if (m.mismatch !== undefined && !["LOG", "ADD", "DELETE", "REPLACE"].includes(m.mismatch as string)) c.error([...mp, "mismatch"], `mismatch must be one of LOG, ADD, DELETE, REPLACE, got ${JSON.stringify(m.mismatch)}`);
    });
}

function checkFqdnSelector(c: Checker, x: unknown, path: FieldPath): void {
  if (!c.isObject(x, path)) {
    if (x === null || x === undefined) c.error(path, "needs matchName or matchPattern");
    return;
  }
  c.knownFields(x, path, ["matchName", "matchPattern"]);
  const name = x.matchName;
  const pattern = x.matchPattern;
  const hasName = typeof name === "string" && name !== "";
  const hasPattern = typeof pattern === "string" && pattern !== "";
  if (!hasName && !hasPattern) c.error(path, "needs matchName or matchPattern");
  if (hasName && hasPattern) c.error(path, "matchName and matchPattern are mutually exclusive");
  for (const [f, v] of [["matchName", name], ["matchPattern", pattern]] as const) {
    if (v === undefined || v === null || v === "") continue;
    if (typeof v !== "string") {
      c.error([...path, f], `expected a string, got ${JSON.stringify(v)}`);
      continue;
    }
    const problem = dnsSelectorProblem(f, v);
    if (problem) c.error([...path, f], problem);
  }
}

function checkCiliumCidr(c: Checker, x: unknown, path: FieldPath): void {
  // Cilium also accepts a bare address as a /32 (or /128).
  if (typeof x === "string" && !x.includes("/") && parseCidr(`${x}/${x.includes(":") ? 128 : 32}`)) return;
  checkCidr(c, x, path);
}

function checkCidrRule(c: Checker, x: unknown, path: FieldPath): void {
  if (!c.isObject(x, path)) return;
  c.knownFields(x, path, ["cidr", "except", "cidrGroupRef", "cidrGroupSelector"]);
  if (x.cidrGroupRef !== undefined || x.cidrGroupSelector !== undefined) {
    c.warn(path, "CiliumCIDRGroup references are not resolved by podwall: this entry matches nothing");
    return;
  }
  const base = checkCidr(c, x.cidr, [...path, "cidr"]);
  if (!c.isArray(x.except, [...path, "except"])) return;
  x.except.forEach((e, i) => {
    const ex = checkCidr(c, e, [...path, "except", i]);
    if (base && ex && !cidrWithin(ex, base)) c.error([...path, "except", i], `except "${ex.text}" is not inside cidr "${base.text}"`);
  });
}

function checkService(c: Checker, x: unknown, path: FieldPath, clusterwide: boolean): void {
  if (!c.isObject(x, path)) return;
  c.knownFields(x, path, ["k8sService", "k8sServiceSelector"]);
  if (x.k8sService !== undefined) {
    const s = x.k8sService;
    if (c.isObject(s, [...path, "k8sService"])) {
      if (typeof s.serviceName !== "string" || s.serviceName === "") c.error([...path, "k8sService", "serviceName"], "serviceName is required");
      if (clusterwide && typeof s.namespace !== "string") c.error([...path, "k8sService", "namespace"], "a clusterwide policy must name the Service's namespace");
    }
  } else if (x.k8sServiceSelector !== undefined) c.warn([...path, "k8sServiceSelector"], "Services are selected by their labels, which podwall does not model: this entry matches nothing");
  else c.error(path, "needs k8sService or k8sServiceSelector");
}

function checkSelector(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isObject(v, path)) return;
  c.knownFields(v, path, ["matchLabels", "matchExpressions"]);
  if (v.matchLabels !== undefined && v.matchLabels !== null && c.isObject(v.matchLabels, [...path, "matchLabels"]))
    for (const [k, val] of Object.entries(v.matchLabels)) {
      checkKey(c, k, [...path, "matchLabels", k]);
      if (typeof val !== "string") c.error([...path, "matchLabels", k], `label value must be a string, got ${JSON.stringify(val)}`);
      else {
        const vp = labelValueProblem(val);
        if (vp) c.error([...path, "matchLabels", k], vp);
      }
    }
  if (v.matchExpressions === undefined || v.matchExpressions === null || !c.isArray(v.matchExpressions, [...path, "matchExpressions"])) return;
  list(v.matchExpressions).forEach((e, i) => {
    const p = [...path, "matchExpressions", i];
    if (!c.isObject(e, p)) return;
    c.knownFields(e, p, ["key", "operator", "values"]);
    if (typeof e.key !== "string") c.error([...p, "key"], "key is required");
    else checkKey(c, e.key, [...p, "key"]);
    if (typeof e.operator !== "string" || !OPERATORS.includes(e.operator)) {
      c.error([...p, "operator"], `operator must be one of ${OPERATORS.join(", ")}, got ${JSON.stringify(e.operator ?? null)}`);
      return;
    }
    const vals = list(e.values);
    if ((e.operator === "In" || e.operator === "NotIn") && vals.length === 0) c.error([...p, "values"], `values must be non-empty when operator is ${e.operator}`);
    if ((e.operator === "Exists" || e.operator === "DoesNotExist") && vals.length > 0) c.error([...p, "values"], `values must be empty when operator is ${e.operator}`);
    if (splitKey(e.key as string).source === "reserved") c.error([...p, "key"], "reserved: labels are read only in matchLabels (use fromEntities / toEntities)");
  });
}

function checkKey(c: Checker, raw: string, path: FieldPath): void {
  const { source, key } = splitKey(raw);
  if (source === "reserved") {
    if (!(ENTITIES as readonly string[]).includes(key)) c.error(path, `unknown reserved identity "${key}" (expected one of: ${ENTITIES.join(", ")})`);
    return;
  }
  // Cilium's derived keys carry a Kubernetes label key after their prefix.
  const kp = labelKeyProblem(key.startsWith("io.cilium.k8s.namespace.labels.") ? key.slice("io.cilium.k8s.namespace.labels.".length) : key);
  if (kp) c.error(path, kp);
}
