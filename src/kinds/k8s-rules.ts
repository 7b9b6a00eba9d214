// The Kubernetes API server's syntax rules (apimachinery validation), reused by every kind
// that embeds label selectors, names, CIDRs or ports.

import type { FieldPath } from "../model/object.js";
import { cidrWithin, parseCidr } from "../model/ip.js";
import type { Cidr } from "../model/ip.js";
import type { Checker } from "./checker.js";

const NAME_63 = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A pure string check answered once per distinct string: a large cluster repeats the same few
 * label keys and values on every pod. Bounded so that a hostile input cannot grow it forever.
 */
function memo(check: (s: string) => string | undefined): (s: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (s) => {
    if (seen.has(s)) return seen.get(s);
    const r = check(s);
    if (seen.size < 100_000) seen.set(s, r);
    return r;
  };
}

/** Why `key` is not a valid label key (qualified name), or undefined. */
export const labelKeyProblem = memo(keyProblem);
function keyProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return `label key "${key}" may contain at most one "/"`;
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) return `label key "${key}": the prefix before "/" must not be empty`;
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return `label key "${key}": the prefix must be a DNS subdomain (lowercase letters, digits, "-" and ".")`;
  }
  if (name.length === 0) return `label key "${key}": the name part must not be empty`;
  if (name.length > 63) return `label key "${key}": the name part must be at most 63 characters`;
  if (!NAME_63.test(name)) return `label key "${key}": the name part must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit`;
  return undefined;
}

export const labelValueProblem = memo(valueProblem);
function valueProblem(value: string): string | undefined {
  if (value.length > 63) return `label value "${value.slice(0, 20)}…" must be at most 63 characters`;
  if (value !== "" && !NAME_63.test(value)) return `label value "${value}" must be empty or consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit`;
  return undefined;
}

export function checkLabels(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isObject(v, path)) return;
  for (const [k, val] of Object.entries(v)) {
    const kp = labelKeyProblem(k);
    if (kp) c.error([...path, k], kp);
    if (typeof val !== "string") c.error([...path, k], `label value must be a string, got ${JSON.stringify(val)}`);
    else {
      const vp = labelValueProblem(val);
      if (vp) c.error([...path, k], vp);
    }
  }
}

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

/** metav1.LabelSelector: matchLabels and matchExpressions. */
export function checkLabelSelector(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isObject(v, path)) return;
  c.knownFields(v, path, ["matchLabels", "matchExpressions"]);
  checkLabels(c, v.matchLabels, [...path, "matchLabels"]);
  const exprs = v.matchExpressions;
  if (!c.isArray(exprs, [...path, "matchExpressions"])) return;
  exprs.forEach((e, i) => {
    const p = [...path, "matchExpressions", i];
    if (!c.isObject(e, p)) {
      if (e === null || e === undefined) c.error(p, "a match expression must be a mapping with key and operator");
      return;
    }
    c.knownFields(e, p, ["key", "operator", "values"]);
    if (typeof e.key !== "string") c.error([...p, "key"], "key is required");
    else {
      const kp = labelKeyProblem(e.key);
      if (kp) c.error([...p, "key"], kp);
    }
    if (typeof e.operator !== "string" || !OPERATORS.includes(e.operator)) {
      c.error([...p, "operator"], `operator must be one of ${OPERATORS.join(", ")}, got ${JSON.stringify(e.operator ?? null)}`);
      return;
    }
    const values = e.values;
    if (values !== undefined && values !== null && !Array.isArray(values)) {
      c.error([...p, "values"], "values must be a list of strings");
      return;
    }
    const vals = (values ?? []) as unknown[];
    if ((e.operator === "In" || e.operator === "NotIn") && vals.length === 0) c.error([...p, "values"], `values must be non-empty when operator is ${e.operator}`);
    if ((e.operator === "Exists" || e.operator === "DoesNotExist") && vals.length > 0) c.error([...p, "values"], `values must be empty when operator is ${e.operator}`);
    vals.forEach((val, j) => {
      if (typeof val !== "string") c.error([...p, "values", j], `expected a string, got ${JSON.stringify(val)}`);
      else {
        const vp = labelValueProblem(val);
        if (vp) c.error([...p, "values", j], vp);
      }
    });
  });
}

export function checkCidr(c: Checker, v: unknown, path: FieldPath): Cidr | undefined {
  if (typeof v !== "string") {
    c.error(path, v === undefined ? "cidr is required" : `expected a CIDR string such as 10.0.0.0/16, got ${JSON.stringify(v)}`);
    return undefined;
  }
  const cidr = parseCidr(v);
  if (!cidr) {
    c.error(path, `"${v}" is not a valid CIDR (expected an address and a prefix length, such as 10.0.0.0/16 or fd00::/64)`);
    return undefined;
  }
  if (cidr.hostBits) c.warn(path, `"${v}" has host bits set; it is read as its network address (strict API servers reject it)`);
  return cidr;
}

/** NetworkPolicy ipBlock: cidr and except, every except a strict subset of cidr. */
export function checkIpBlock(c: Checker, v: unknown, path: FieldPath): void {
  if (!c.isObject(v, path)) return;
  c.knownFields(v, path, ["cidr", "except"]);
  const cidr = checkCidr(c, v.cidr, [...path, "cidr"]);
  if (!c.isArray(v.except, [...path, "except"])) return;
  v.except.forEach((e, i) => {
    const ep = [...path, "except", i];
    const x = checkCidr(c, e, ep);
    if (cidr && x && !(cidrWithin(x, cidr) && x.prefix > cidr.prefix))
      c.error(ep, `except "${x.text}" must be a strict subset of cidr "${cidr.text}"`);
  });
}

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function namedPortProblem(name: string): string | undefined {
  if (name.length > 15) return `named port "${name}" must be at most 15 characters`;
  if (!IANA_SVC_NAME.test(name)) return `named port "${name}" must contain only lowercase letters, digits and "-", and start and end with a letter or digit`;
  if (name.includes("--")) return `named port "${name}" must not contain "--"`;
  if (!/[a-z]/.test(name)) return `named port "${name}" must contain at least one letter`;
  return undefined;
}

export function portNumberProblem(n: unknown): string | undefined {
  if (typeof n !== "number" || !Number.isInteger(n)) return `expected a port number, got ${JSON.stringify(n)}`;
  if (n < 1 || n > 65535) return `port ${n} is out of range (1-65535)`;
  return undefined;
}

export function checkName(c: Checker, v: unknown, path: FieldPath, what: string, dns1123Label = false): void {
  if (typeof v !== "string" || v === "") {
    c.error(path, `${what} is required`);
    return;
  }
  // Length first: the patterns backtrack on long invalid strings.
  const ok = dns1123Label ? v.length <= 63 && DNS1123_LABEL.test(v) : v.length <= 253 && DNS1123_SUBDOMAIN.test(v);
  if (!ok) c.error(path, `${what} "${v}" must be a lowercase DNS ${dns1123Label ? "label" : "subdomain"} (letters, digits, "-"${dns1123Label ? "" : ", \".\""})`);
}

/** metadata: name (DNS subdomain), namespace (DNS label) when namespaced, labels. */
export function checkMetadata(c: Checker, md: unknown, namespaced: boolean): void {
  if (md === undefined || md === null) {
    c.error(["metadata"], "metadata is required");
    return;
  }
  if (!c.isObject(md, ["metadata"])) return;
  checkName(c, md.name, ["metadata", "name"], "metadata.name");
  if (namespaced && md.namespace !== undefined) checkName(c, md.namespace, ["metadata", "namespace"], "metadata.namespace", true);
  checkLabels(c, md.labels, ["metadata", "labels"]);
}
