// The `lint` section of .podwall.yaml: severities, thresholds, the DNS and system
// namespaces, and suppressions (each with a reason). Pure: the loader (src/load/config.ts)
// finds and parses the file; this turns the parsed object into a LintConfig with positioned
// diagnostics, so a typo in the config is reported at its line like any other input.

import type { FieldPath, LocatedObject } from "../../model/object.js";
import { formatPath } from "../../model/object.js";
import type { Diagnostic, SourceRef } from "../../model/source.js";
import { parseIP } from "../../model/ip.js";
import type { LintCheck, LintSeverity } from "./types.js";

export type FailOn = "error" | "warning";

export interface CheckConfig {
  /** `off` turns the check off. */
  severity?: LintSeverity | "off";
  options: Record<string, number>;
}

export interface Suppression {
  /** A check id, or `*`. */
  check: string;
  /** `Kind ns/name` as findings print it; `*` matches any run of characters. */
  object?: string;
  namespace?: string;
  reason: string;
  source?: SourceRef;
}

export interface LintConfig {
  /** The file it came from; undefined for the defaults. */
  file?: string;
  failOn?: FailOn;
  checks: Record<string, CheckConfig>;
  /** Cluster DNS: pods in these namespaces with these labels, and/or these addresses. */
  dns: { namespaces: string[]; podLabels: Record<string, string>; addresses: string[] };
  /** Namespaces of the platform itself; application pods should not reach them beyond DNS. */
  systemNamespaces: string[];
  /** Cloud metadata endpoints. */
  metadataAddresses: string[];
  /** Addresses that stand for "somewhere on the internet": documentation ranges no policy names on purpose. */
  internetAddresses: string[];
  suppressions: Suppression[];
}

export function defaultConfig(): LintConfig {
  return {
    checks: {},
    dns: { namespaces: ["kube-system"], podLabels: { "k8s-app": "kube-dns" }, addresses: [] },
    systemNamespaces: ["kube-system"],
    metadataAddresses: ["169.254.169.254"],
    internetAddresses: ["203.0.113.10", "2001:db8::10"],
    suppressions: [],
  };
}

const SEVERITIES = ["error", "warning", "info", "off"];
const LINT_KEYS = ["failOn", "checks", "dns", "systemNamespaces", "metadataAddresses", "internetAddresses", "suppressions"];

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** Read the `lint` section; other top-level sections belong to other commands and are left alone. */
export function parseLintConfig(lo: LocatedObject, checks: readonly LintCheck[]): { config: LintConfig; diagnostics: Diagnostic[] } {
  const config = defaultConfig();
  config.file = lo.file;
  const diagnostics: Diagnostic[] = [];
  const err = (path: FieldPath, message: string) => diagnostics.push({ severity: "error", message, path: formatPath(path) || undefined, source: lo.locate(path), object: ".podwall.yaml" });
  const lint = lo.object.lint;
  if (lint === undefined || lint === null) return { config, diagnostics };
  if (!isRec(lint)) {
    err(["lint"], "`lint` must be a mapping");
    return { config, diagnostics };
  }
  for (const k of Object.keys(lint)) if (!LINT_KEYS.includes(k)) err(["lint", k], `unknown setting "${k}" (expected one of: ${LINT_KEYS.join(", ")})`);

  if (lint.failOn !== undefined) {
    if (lint.failOn === "error" || lint.failOn === "warning") config.failOn = lint.failOn;
    else err(["lint", "failOn"], `failOn must be "error" or "warning", got ${JSON.stringify(lint.failOn)}`);
  }

  if (lint.checks !== undefined) {
    if (!isRec(lint.checks)) err(["lint", "checks"], "`checks` must be a mapping from check id to settings");
    else
      for (const [id, v] of Object.entries(lint.checks)) {
        const path = ["lint", "checks", id];
        const check = checks.find((c) => c.id === id);
        if (!check) {
          err(path, `unknown check "${id}"${nearest(id, checks.map((c) => c.id))}`);
          continue;
        }
        const cc: CheckConfig = { options: {} };
        // `ingress-only: off` is shorthand for `{severity: off}`.
        const settings: Rec = typeof v === "string" ? { severity: v } : isRec(v) ? v : {};
        if (!isRec(v) && typeof v !== "string") err(path, "expected a severity (error, warning, info, off) or a mapping");
        for (const [k, x] of Object.entries(settings)) {
          if (k === "severity") {
            if (typeof x === "string" && SEVERITIES.includes(x)) cc.severity = x as CheckConfig["severity"];
            else err(typeof v === "string" ? path : [...path, k], `severity must be one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(x)}`);
          } else if (check.options && Object.hasOwn(check.options, k)) {
            if (typeof x === "number" && Number.isFinite(x)) cc.options[k] = x;
            else err([...path, k], `${k} must be a number, got ${JSON.stringify(x)}`);
          } else {
            const known = ["severity", ...Object.keys(check.options ?? {})];
            err([...path, k], `check ${id} has no setting "${k}" (it has: ${known.join(", ")})`);
          }
        }
        config.checks[id] = cc;
      }
  }

  const strings = (v: unknown, path: FieldPath, what: "name" | "address"): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
      err(path, `expected a list of ${what === "name" ? "names" : "IP addresses"}`);
      return undefined;
    }
    if (what === "address") v.forEach((x, i) => !parseIP(x as string) && err([...path, i], `"${x}" is not an IP address`));
    return v as string[];
  };

  if (lint.dns !== undefined) {
    if (!isRec(lint.dns)) err(["lint", "dns"], "`dns` must be a mapping with namespaces, podLabels and/or addresses");
    else {
      for (const k of Object.keys(lint.dns)) if (!["namespaces", "podLabels", "addresses"].includes(k)) err(["lint", "dns", k], `unknown setting "${k}" (expected namespaces, podLabels, addresses)`);
      config.dns.namespaces = strings(lint.dns.namespaces, ["lint", "dns", "namespaces"], "name") ?? config.dns.namespaces;
      config.dns.addresses = strings(lint.dns.addresses, ["lint", "dns", "addresses"], "address") ?? config.dns.addresses;
      if (lint.dns.podLabels !== undefined) {
        if (isRec(lint.dns.podLabels) && Object.values(lint.dns.podLabels).every((x) => typeof x === "string")) config.dns.podLabels = lint.dns.podLabels as Record<string, string>;
        else err(["lint", "dns", "podLabels"], "podLabels must be a mapping of label keys to string values");
      }
    }
  }
  config.systemNamespaces = strings(lint.systemNamespaces, ["lint", "systemNamespaces"], "name") ?? config.systemNamespaces;
  config.metadataAddresses = strings(lint.metadataAddresses, ["lint", "metadataAddresses"], "address") ?? config.metadataAddresses;
  config.internetAddresses = strings(lint.internetAddresses, ["lint", "internetAddresses"], "address") ?? config.internetAddresses;

  if (lint.suppressions !== undefined) {
    if (!Array.isArray(lint.suppressions)) err(["lint", "suppressions"], "`suppressions` must be a list");
    else
      lint.suppressions.forEach((s, i) => {
        const path = ["lint", "suppressions", i];
        if (!isRec(s)) return err(path, "a suppression is a mapping with check, reason and optionally object and namespace");
        for (const k of Object.keys(s)) if (!["check", "object", "namespace", "reason"].includes(k)) err([...path, k], `unknown setting "${k}" (expected check, object, namespace, reason)`);
        if (typeof s.check !== "string") return err(path, "a suppression needs `check`: a check id, or * for every check");
        if (s.check !== "*" && !checks.some((c) => c.id === s.check)) return err([...path, "check"], `unknown check "${s.check}"${nearest(s.check, checks.map((c) => c.id))}`);
        if (typeof s.reason !== "string" || s.reason.trim() === "") return err(path, "a suppression needs a `reason`: say why this finding is accepted, so the next reader knows");
        for (const k of ["object", "namespace"] as const) if (s[k] !== undefined && typeof s[k] !== "string") return err([...path, k], `${k} must be a string`);
        config.suppressions.push({ check: s.check, object: s.object as string | undefined, namespace: s.namespace as string | undefined, reason: s.reason.trim(), source: lo.locate(path) });
      });
  }
  return { config, diagnostics };
}

/** ` (did you mean x?)` for near misses. */
export function nearest(word: string, candidates: readonly string[]): string {
  const best = candidates.map((c) => [c, editDistance(word, c)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean ${best[0]}?)` : "";
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
