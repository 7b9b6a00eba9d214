// Small clusters for lint tests, built as YAML text so each finding's file:line is real.

import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { createModel } from "../../src/engine/model.js";
import { findProfile, GENERIC } from "../../src/model/profiles.js";
import type { CniProfile } from "../../src/model/profile.js";
import { formatDiagnostic } from "../../src/model/source.js";
import { runLint } from "../../src/analysis/lint/run.js";
import type { LintResult } from "../../src/analysis/lint/run.js";
import { findCheck } from "../../src/analysis/lint/registry.js";
import { defaultConfig } from "../../src/analysis/lint/config.js";
import type { LintConfig } from "../../src/analysis/lint/config.js";
import type { Finding } from "../../src/analysis/lint/types.js";

export const ns = (name: string, labels: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify({ "kubernetes.io/metadata.name": name, ...labels })}\n`;

export function pod(namespace: string, name: string, labels: Record<string, string>, ip: string, ports: string[] = [], extra = ""): string {
  const portYaml = ports.length ? `\n    ports:\n${ports.map((p) => `    - ${p}`).join("\n")}` : "";
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: ${JSON.stringify(labels)}\nspec:${extra}\n  containers:\n  - name: c\n    image: x${portYaml}\nstatus:\n  podIP: ${ip}\n`;
}

export const coredns = (ip = "10.0.0.53") => pod("kube-system", "coredns-1", { "k8s-app": "kube-dns" }, ip, ["{name: dns, containerPort: 53, protocol: UDP}", "{name: dns-tcp, containerPort: 53, protocol: TCP}"]);

/** A NetworkPolicy; `spec` is YAML indented by two spaces under `spec:`. */
export const np = (namespace: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec.replace(/^\n/, "").replace(/\s+$/, "")}\n`;

export const denyAll = (namespace: string) => np(namespace, "default-deny-all", "  podSelector: {}\n  policyTypes: [Ingress, Egress]");

export const DNS_EGRESS = `  - to:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: kube-system}
      podSelector:
        matchLabels: {k8s-app: kube-dns}
    ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}`;

export const allowDns = (namespace: string) => np(namespace, "allow-dns", `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n${DNS_EGRESS}`);

export const docs = (...parts: string[]) => parts.join("---\n");

export interface LintOpts {
  profile?: CniProfile;
  config?: Partial<LintConfig>;
}

/** Lint YAML text with one check (or all when `check` is undefined). */
export function lint(yaml: string, check?: string, opts: LintOpts = {}): LintResult {
  const parsed = parseYaml(yaml, "fixture.yaml");
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map(formatDiagnostic).join("\n"));
  const compiled = compileObjects(parsed.objects);
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map(formatDiagnostic).join("\n"));
  const model = createModel(compiled.cluster, compiled.policies, opts.profile ?? findProfile("generic") ?? GENERIC);
  const c = check ? findCheck(check) : undefined;
  if (check && !c) throw new Error(`no check ${check}`);
  return runLint({ model, objects: parsed.objects, config: { ...defaultConfig(), ...opts.config }, checks: c ? [c] : undefined });
}

export const findings = (yaml: string, check: string, opts: LintOpts = {}): Finding[] => lint(yaml, check, opts).findings;

/** The line of the first occurrence of `needle` in `yaml` (1-based), to check finding positions. */
export function lineOf(yaml: string, needle: string, from = 0): number {
  const i = yaml.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in fixture`);
  return yaml.slice(0, i).split("\n").length;
}
