// The fields of Cilium's policy API that podwall reads (cilium pkg/policy/api: rule.go,
// ingress.go, egress.go, l4.go, http.go, fqdn.go), shared by validation and compilation.

import { list } from "../values.js";
import type { Rec } from "../values.js";

export { list, rec } from "../values.js";
export type { Rec } from "../values.js";

export type Section = "ingress" | "ingressDeny" | "egress" | "egressDeny";
export const SECTIONS: readonly Section[] = ["ingress", "ingressDeny", "egress", "egressDeny"];

export const isDeny = (s: Section): boolean => s === "ingressDeny" || s === "egressDeny";

export const RULE_FIELDS = ["endpointSelector", "nodeSelector", "ingress", "ingressDeny", "egress", "egressDeny", "labels", "description", "enableDefaultDeny", "log"];

/** L3 peer fields of each section; `toFQDNs` only in egress allow rules. */
export const PEER_FIELDS: Record<Section, string[]> = {
  ingress: ["fromEndpoints", "fromRequires", "fromCIDR", "fromCIDRSet", "fromEntities", "fromGroups", "fromNodes"],
  ingressDeny: ["fromEndpoints", "fromRequires", "fromCIDR", "fromCIDRSet", "fromEntities", "fromGroups", "fromNodes"],
  egress: ["toEndpoints", "toRequires", "toCIDR", "toCIDRSet", "toEntities", "toServices", "toFQDNs", "toGroups", "toNodes"],
  egressDeny: ["toEndpoints", "toRequires", "toCIDR", "toCIDRSet", "toEntities", "toServices", "toGroups", "toNodes"],
};

export const SECTION_FIELDS = (s: Section): string[] => [...PEER_FIELDS[s], "toPorts", "icmps", ...(isDeny(s) ? [] : ["authentication"])];

export const PORT_RULE_FIELDS = ["ports", "rules", "terminatingTLS", "originatingTLS", "serverNames", "listener"];
export const PORT_DENY_RULE_FIELDS = ["ports"];
export const PORT_FIELDS = ["port", "endPort", "protocol"];
export const PROTOCOLS = ["TCP", "UDP", "SCTP", "ANY"];
export const L7_FIELDS = ["http", "kafka", "dns", "l7proto", "l7"];
export const HTTP_FIELDS = ["method", "path", "host", "headers", "headerMatches"];

/** The rules of an object: `spec` and every entry of `specs`, with their field paths. */
export function ruleEntries(spec: unknown, specs: unknown): { rule: Rec; path: (string | number)[]; label: string }[] {
  const out: { rule: Rec; path: (string | number)[]; label: string }[] = [];
  if (spec && typeof spec === "object" && !Array.isArray(spec)) out.push({ rule: spec as Rec, path: ["spec"], label: "spec" });
  list(specs).forEach((r, i) => {
    if (r && typeof r === "object" && !Array.isArray(r)) out.push({ rule: r as Rec, path: ["specs", i], label: `specs[${i}]` });
  });
  return out;
}

/** Sections are lists; absent and empty are the same (neither triggers default deny, §4.2). */
export const sectionRules = (rule: Rec, s: Section): unknown[] => list(rule[s]);
