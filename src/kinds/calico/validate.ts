// Validation of Calico NetworkPolicy / GlobalNetworkPolicy, API-server grade where it
// matters to the verdict (calico api/pkg/apis/projectcalico/v3/policy_common.go and the
// validator). Features podwall does not evaluate get a warning that says so, never silence.

import type { FieldPath, LocatedObject } from "../../model/object.js";
import { Checker } from "../checker.js";
import { checkMetadata, namedPortProblem } from "../k8s-rules.js";
import { calicoNet } from "./nets.js";
import { parseSelector, selectorErrorMessage, SelectorError } from "./selector.js";
import { parsePortSpec, protocolName } from "./ports.js";

const ACTIONS = ["Allow", "Deny", "Log", "Pass"];
const TYPES = ["Ingress", "Egress"];
const PORT_PROTOCOLS = ["TCP", "UDP", "SCTP", "UDPLite"];

export function validateCalicoPolicy(lo: LocatedObject, global: boolean): Checker {
  const c = new Checker(lo);
  const o = lo.object;
  checkMetadata(c, o.metadata, !global);
  const spec = o.spec;
  if (spec === undefined || spec === null) return c;
  if (!c.isObject(spec, ["spec"])) return c;
  const known = ["order", "tier", "selector", "types", "ingress", "egress", "serviceAccountSelector", "performanceHints"];
  if (global) known.push("namespaceSelector", "doNotTrack", "preDNAT", "applyOnForward");
  c.knownFields(spec, ["spec"], known);
  if (spec.order !== undefined && spec.order !== null && (typeof spec.order !== "number" || !Number.isFinite(spec.order)))
    c.error(["spec", "order"], `order must be a number, got ${JSON.stringify(spec.order)}`);
  if (spec.tier !== undefined && spec.tier !== null && (typeof spec.tier !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.tier)))
    c.error(["spec", "tier"], `tier must be a tier name (lowercase letters, digits and "-"), got ${JSON.stringify(spec.tier)}`);
  checkSelector(c, spec.selector, ["spec", "selector"]);
  checkSelector(c, spec.serviceAccountSelector, ["spec", "serviceAccountSelector"]);
  if (global) checkSelector(c, spec.namespaceSelector, ["spec", "namespaceSelector"]);
  if (c.isArray(spec.types, ["spec", "types"]))
    spec.types.forEach((t, i) => {
      if (typeof t !== "string" || !TYPES.includes(t)) c.error(["spec", "types", i], `must be "Ingress" or "Egress", got ${JSON.stringify(t)}`);
    });
  if (global && (spec.doNotTrack === true || spec.preDNAT === true))
    c.warn(["spec", spec.doNotTrack === true ? "doNotTrack" : "preDNAT"], "doNotTrack and preDNAT policies apply to host endpoints only, which podwall does not model: this policy has no effect on pod traffic here");
  if (global && spec.doNotTrack === true && spec.preDNAT === true) c.error(["spec", "preDNAT"], "doNotTrack and preDNAT cannot both be true");
  if (global && (spec.doNotTrack === true || spec.preDNAT === true) && spec.applyOnForward !== true)
    c.error(["spec", "applyOnForward"], "applyOnForward must be true when doNotTrack or preDNAT is true");
  for (const dir of ["ingress", "egress"] as const) {
    if (!c.isArray(spec[dir], ["spec", dir])) continue;
    (spec[dir] as unknown[]).forEach((r, i) => checkRule(c, r, ["spec", dir, i], dir));
    const types = Array.isArray(spec.types) ? (spec.types as unknown[]) : undefined;
    const typeName = dir === "ingress" ? "Ingress" : "Egress";
    if (types && types.length > 0 && !types.includes(typeName) && (spec[dir] as unknown[]).length > 0)
      c.warn(["spec", dir], `${dir} rules are ignored: types does not include ${typeName}`);
  }
  return c;
}

/** A selector string that must parse; the message shows the column inside the string. */
export function checkSelector(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isString(v, path)) return;
  try {
    parseSelector(v);
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    c.error(path, selectorErrorMessage(v, e));
  }
}

function checkRule(c: Checker, r: unknown, path: FieldPath, dir: "ingress" | "egress"): void {
  if (r === null || r === undefined) {
    c.error(path, "a rule needs at least an action");
    return;
  }
  if (!c.isObject(r, path)) return;
  c.knownFields(r, path, ["action", "protocol", "notProtocol", "icmp", "notICMP", "ipVersion", "source", "destination", "http", "metadata"]);
  if (typeof r.action !== "string" || !ACTIONS.includes(r.action)) c.error([...path, "action"], `action must be one of ${ACTIONS.join(", ")}, got ${JSON.stringify(r.action ?? null)}`);
  for (const f of ["protocol", "notProtocol"] as const) {
    if (r[f] === undefined || r[f] === null) continue;
    if (!protocolName(r[f])) c.error([...path, f], `${f} must be TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255, got ${JSON.stringify(r[f])}`);
  }
  if (r.ipVersion !== undefined && r.ipVersion !== null && r.ipVersion !== 4 && r.ipVersion !== 6) c.error([...path, "ipVersion"], `ipVersion must be 4 or 6, got ${JSON.stringify(r.ipVersion)}`);
  for (const f of ["icmp", "notICMP"] as const)
    if (r[f] !== undefined && r[f] !== null) c.warn([...path, f], `ICMP type/code matching is not evaluated: podwall evaluates TCP, UDP and SCTP flows only, which an ICMP rule never matches`);
  if (r.http !== undefined && r.http !== null) {
    c.warn([...path, "http"], "http match needs Calico's application layer policy (Envoy); podwall compiles it as an L7 condition, and connection-level verdicts treat the rule as matching the connection");
    if (r.action !== "Allow") c.error([...path, "http"], "http match is only valid on Allow rules");
    if (dir !== "ingress") c.error([...path, "http"], "http match is only valid on ingress rules");
  }
  const proto = protocolName(r.protocol);
  for (const side of ["source", "destination"] as const) {
    const e = r[side];
    const ep = [...path, side];
    if (!c.isObject(e, ep)) continue;
    c.knownFields(e, ep, ["nets", "notNets", "selector", "notSelector", "namespaceSelector", "ports", "notPorts", "serviceAccounts", "services"]);
    for (const f of ["nets", "notNets"] as const)
      if (c.isArray(e[f], [...ep, f]))
        e[f].forEach((n, i) => {
          if (typeof n !== "string" || !calicoNet(n)) c.error([...ep, f, i], `expected a CIDR or an IP address, got ${JSON.stringify(n)}`);
        });
    for (const f of ["selector", "notSelector", "namespaceSelector"] as const) checkSelector(c, e[f], [...ep, f]);
    if (c.isObject(e.serviceAccounts, [...ep, "serviceAccounts"])) {
      c.knownFields(e.serviceAccounts, [...ep, "serviceAccounts"], ["names", "selector"]);
      checkSelector(c, e.serviceAccounts.selector, [...ep, "serviceAccounts", "selector"]);
      if (c.isArray(e.serviceAccounts.names, [...ep, "serviceAccounts", "names"]))
        e.serviceAccounts.names.forEach((n, i) => {
          if (typeof n !== "string") c.error([...ep, "serviceAccounts", "names", i], "expected a service account name");
        });
    }
    if (c.isObject(e.services, [...ep, "services"])) {
      c.knownFields(e.services, [...ep, "services"], ["name", "namespace"]);
      if (typeof e.services.name !== "string" || !e.services.name) c.error([...ep, "services", "name"], "services.name is required");
      for (const f of ["selector", "notSelector", "namespaceSelector", "nets", "notNets", "serviceAccounts"])
        if (e[f] !== undefined && e[f] !== null) c.error([...ep, f], `${f} cannot be combined with services`);
      if (side === "destination" && dir === "egress" && (e.ports !== undefined || e.notPorts !== undefined)) c.error([...ep, "ports"], "ports cannot be combined with destination services (the Service's ports are used)");
    }
    for (const f of ["ports", "notPorts"] as const) {
      if (!c.isArray(e[f], [...ep, f])) continue;
      if (!proto || !PORT_PROTOCOLS.includes(proto)) c.error([...path, "protocol"], `${side}.${f} needs protocol TCP, UDP, SCTP or UDPLite${proto ? `, not ${proto}` : ""}`);
      e[f].forEach((p, i) => {
        const parsed = parsePortSpec(p);
        if ("error" in parsed) c.error([...ep, f, i], parsed.error);
        else if (parsed.name !== undefined) {
          const np = namedPortProblem(parsed.name);
          if (np) c.error([...ep, f, i], np);
        }
      });
    }
    if (side === "source" && (e.ports !== undefined || e.notPorts !== undefined))
      c.warn([...ep, e.ports !== undefined ? "ports" : "notPorts"], "source ports are ephemeral and not part of a podwall flow: a rule with source.ports never matches; source.notPorts is ignored");
    // The local end of the rule: the policy's own endpoint (destination of an ingress rule,
    // source of an egress rule).
    if ((side === "destination") === (dir === "ingress"))
      for (const f of ["nets", "notNets"] as const)
        if (e[f] !== undefined && e[f] !== null) c.warn([...ep, f], `${side}.${f} on the policy's own endpoint is not evaluated: podwall assumes the selected pod's own address passes it`);
  }
}
