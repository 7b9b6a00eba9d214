// The compliance section of the audit: the audit's evidence mapped to PCI-DSS v4 and SOC 2
// controls, pass or fail, with the findings behind each. What each control checks is stated
// in `evidence` and in docs/analysis.md; nothing here goes beyond what the policies show.
//
// PCI-DSS applies to the cardholder data environment (CDE): the namespaces the --scope label
// selector picks (every namespace but kube-system when no scope is given). SOC 2 applies to
// the whole cluster, kube-system aside where noted.

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import type { Direction, PortExpr, Rule } from "../model/ir.js";
import { PROTOCOLS, originName } from "../model/ir.js";
import type { LabelExpr } from "../model/labels.js";
import { and, matches, not } from "../model/labels.js";
import { formatSource } from "../model/source.js";
import { enforced, policiesFor } from "../engine/evaluate.js";
import type { PolicyModel } from "../engine/model.js";
import type { AllowedFlow, AuditReport, PodFacts } from "./audit.js";
import { SYSTEM_NAMESPACE } from "./audit.js";
import type { FlowEvidence } from "./evidence.js";

export interface ComplianceFinding {
  message: string;
  pods?: string[];
  flow?: FlowEvidence;
  policy?: string;
  rule?: string;
  at?: string;
}

export interface Control {
  framework: "PCI-DSS" | "SOC 2";
  id: string;
  title: string;
  status: "pass" | "fail" | "not-applicable";
  /** What was checked, in words, with the figures. */
  evidence: string;
  findings: ComplianceFinding[];
}

export interface Compliance {
  scope: { selector: string; namespaces: string[]; pods: number };
  controls: Control[];
}

/** `pci=true`, `env!=dev`, `pci` (has the key), comma-separated and AND'ed. */
export function parseScope(text: string): { ok: true; expr: LabelExpr } | { ok: false; error: string } {
  const parts: LabelExpr[] = [];
  for (const raw of text.split(",").map((s) => s.trim())) {
    const m = /^([A-Za-z0-9._/-]+)\s*(!=|==|=)?\s*([A-Za-z0-9._-]*)$/.exec(raw);
    if (!m || (m[2] && m[3] === undefined)) return { ok: false, error: `--scope "${text}": expected KEY=VALUE, KEY!=VALUE or KEY, comma-separated (such as pci=true)` };
    if (!m[2]) parts.push({ op: "has", key: m[1]! });
    else if (m[2] === "!=") parts.push(not({ op: "eq", key: m[1]!, value: m[3]! }));
    else parts.push({ op: "eq", key: m[1]!, value: m[3]! });
  }
  return { ok: true, expr: and(parts) };
}

const status = (findings: ComplianceFinding[], applicable = true): Control["status"] => (!applicable ? "not-applicable" : findings.length ? "fail" : "pass");
const isAllowRule = (r: Rule) => r.action === "allow";
const everyPort = (r: Rule) => !r.ports || r.ports.some((p) => p.from === undefined && p.name === undefined);

interface RuleUse {
  rule: Rule;
  policy: string;
  dir: Direction;
  pods: Pod[];
}

/** Enforced allow rules that apply to the given pods, each with the pods it applies to. */
function rulesFor(model: PolicyModel, pods: readonly Pod[]): RuleUse[] {
  const uses = new Map<Rule, RuleUse>();
  for (const pod of pods)
    for (const dir of ["ingress", "egress"] as Direction[])
      for (const p of policiesFor(model, pod, dir)) {
        if (!enforced(model, p)) continue;
        for (const rule of p[dir]!.rules.filter(isAllowRule)) {
          if (!uses.has(rule)) uses.set(rule, { rule, policy: originName(p.origin), dir, pods: [] });
          uses.get(rule)!.pods.push(pod);
        }
      }
  return [...uses.values()];
}

/** Ports a rule opens on `pod` that the pod does not declare, in words; undefined if none. */
function undeclaredPorts(model: PolicyModel, pod: Pod, ports: PortExpr[] | undefined): string | undefined {
  if (!ports) return "every port";
  const out: string[] = [];
  for (const pe of ports) {
    if (pe.name !== undefined) continue; // a named port resolves to a declared port by definition
    for (const proto of pe.protocol === "ANY" ? PROTOCOLS : PROTOCOLS.filter((p) => p === pe.protocol)) {
      if (pe.from === undefined) {
        out.push(`${proto}, every port`);
        continue;
      }
      const to = model.profile.features.endPort ? (pe.to ?? pe.from) : pe.from;
      const declared = new Set(pod.ports.filter((c) => c.protocol === proto).map((c) => c.port));
      let undeclared = to - pe.from + 1 > declared.size;
      for (let v = pe.from; !undeclared && v <= to; v++) undeclared = !declared.has(v);
      if (undeclared) out.push(to === pe.from ? `${proto}/${pe.from}` : `${proto}/${pe.from}-${to}`);
    }
  }
  return out.length ? out.join(", ") : undefined;
}

const podList = (pods: Pod[]) => pods.map(podKey);

export function compliance(model: PolicyModel, report: AuditReport, scope?: { text: string; expr: LabelExpr }): Compliance {
  const nsInScope = [...model.cluster.namespaces.values()]
    .filter((n) => (scope ? matches(scope.expr, n.labels) : n.name !== SYSTEM_NAMESPACE))
    .map((n) => n.name)
    .sort();
  const inScope = new Set(nsInScope);
  const cdePods = model.cluster.pods.filter((p) => inScope.has(p.namespace));
  const facts = new Map(report.pods.map((f) => [f.pod, f]));
  const cdeFacts = cdePods.map((p) => facts.get(podKey(p))!).filter(Boolean);
  const applicable = cdePods.length > 0;
  const scopeWords = scope ? `namespaces matching ${scope.text} (${nsInScope.join(", ") || "none"})` : `every namespace but ${SYSTEM_NAMESPACE} (no --scope given)`;
  const controls: Control[] = [];

  // PCI 1.3.1: traffic to and from the CDE is restricted.
  {
    const f: ComplianceFinding[] = [];
    for (const x of cdeFacts) {
      for (const d of ["ingress", "egress"] as Direction[])
        if (!x.isolated[d].isolated) f.push({ message: `${x.pod} is not isolated for ${d}: every ${d === "ingress" ? "source" : "destination"} is allowed`, pods: [x.pod] });
      for (const e of x.exposed) f.push({ message: `${x.pod} is reachable from the internet (${e.from}) on ${e.protocol}/${e.port}`, pods: [x.pod], flow: e });
      if (x.internet) f.push({ message: `${x.pod} can reach the internet (${x.internet.to} ${x.internet.protocol}/${x.internet.port})`, pods: [x.pod], flow: x.internet });
    }
    controls.push({
      framework: "PCI-DSS",
      id: "1.3.1",
      title: "Traffic to and from the cardholder data environment is restricted",
      status: status(f, applicable),
      evidence: `${cdeFacts.length} CDE pod(s) in ${scopeWords}: each must be isolated for ingress and egress, unreachable from the internet and unable to reach it`,
      findings: f,
    });
  }

  // PCI 1.3.2: only necessary ports and protocols (allow rules that open every port).
  const cdeRules = rulesFor(model, cdePods);
  {
    const f = cdeRules
      .filter((u) => everyPort(u.rule))
      .map((u) => ({ message: `${u.policy} ${u.rule.path} allows ${u.dir} on every port for ${u.pods.length} CDE pod(s)`, pods: podList(u.pods), policy: u.policy, rule: u.rule.path, at: formatSource(u.rule.source) }));
    controls.push({
      framework: "PCI-DSS",
      id: "1.3.2",
      title: "Only necessary ports and protocols are allowed to and from the CDE",
      status: status(f, applicable),
      evidence: `${cdeRules.length} enforced allow rule(s) apply to CDE pods; none may allow every port`,
      findings: f,
    });
  }

  // PCI 2.2.x: only necessary services: ingress allowed only on ports the pod serves.
  {
    const f: ComplianceFinding[] = [];
    for (const u of cdeRules.filter((x) => x.dir === "ingress")) {
      const byPorts = new Map<string, Pod[]>();
      for (const pod of u.pods) {
        const extra = undeclaredPorts(model, pod, u.rule.ports);
        if (extra) byPorts.set(extra, [...(byPorts.get(extra) ?? []), pod]);
      }
      for (const [extra, pods] of byPorts)
        f.push({ message: `${u.policy} ${u.rule.path} opens ${extra} on ${pods.length} CDE pod(s) that serve no such port`, pods: podList(pods), policy: u.policy, rule: u.rule.path, at: formatSource(u.rule.source) });
    }
    controls.push({
      framework: "PCI-DSS",
      id: "2.2.x",
      title: "Only necessary services, protocols and ports are enabled",
      status: status(f, applicable),
      evidence: `ingress allow rules of CDE pods compared with the container ports each pod declares`,
      findings: f,
    });
  }

  // PCI 4.2.1: strong cryptography in transit for flows that touch the CDE.
  {
    const cdeFlows = report.allowedFlows.filter((x) => inScope.has(x.from.split("/")[0]!) || inScope.has(x.to.split("/")[0]!));
    const f = cdeFlows.filter((x) => x.encryption === "none").map((x) => ({ message: unencrypted(x), pods: [x.from, x.to] }));
    controls.push({
      framework: "PCI-DSS",
      id: "4.2.1",
      title: "Strong cryptography protects data in transit",
      status: status(f, applicable),
      evidence: `${cdeFlows.length} allowed flow(s) touch the CDE: ${countModes(cdeFlows)}; ${report.encryption.mesh}; node encryption from ${report.encryption.sources.length ? report.encryption.sources.map((s) => `${s.object} (${s.setting})`).join(", ") : "no CNI configuration object"}`,
      findings: f,
    });
  }

  // SOC 2 CC6.1: logical access controls: default deny everywhere, kube-system kept apart.
  {
    const f: ComplianceFinding[] = [];
    const nss = report.namespaces.filter((n) => n.name !== SYSTEM_NAMESPACE);
    for (const n of nss)
      for (const d of ["ingress", "egress"] as Direction[])
        if (!n.defaultDeny[d]) f.push({ message: `namespace ${n.name} has no default deny for ${d}: ${n.notIsolated[d].length} of ${n.pods} pod(s) are not isolated`, pods: n.notIsolated[d] });
    for (const x of report.pods) for (const e of x.kubeSystem) f.push({ message: `${x.pod} can reach ${e.to} on ${e.protocol}/${e.port} (kube-system beyond DNS)`, pods: [x.pod], flow: e });
    controls.push({
      framework: "SOC 2",
      id: "CC6.1",
      title: "Logical access to protected assets is restricted",
      status: status(f),
      evidence: `${nss.length} namespace(s) with pods (kube-system aside) checked for default deny both ways; ${report.figures.kubeSystem.of} application pod(s) checked for access to kube-system beyond DNS`,
      findings: f,
    });
  }

  // SOC 2 CC6.6: threats from outside the system boundary.
  {
    const f: ComplianceFinding[] = [];
    for (const x of report.pods) {
      if (x.exposed.length && !x.isolated.ingress.isolated) f.push({ message: `${x.pod} is reachable from the internet and has no ingress policy`, pods: [x.pod], flow: x.exposed[0]! });
      if (x.metadata) f.push({ message: `${x.pod} can reach the cloud metadata endpoint ${x.metadata.to}`, pods: [x.pod], flow: x.metadata });
    }
    controls.push({
      framework: "SOC 2",
      id: "CC6.6",
      title: "Boundaries are protected against threats from outside the system",
      status: status(f),
      evidence: `${report.figures.exposed.count} pod(s) reachable from the internet (only those without an ingress policy fail); ${report.figures.metadata.count} pod(s) reach the metadata endpoint`,
      findings: f,
    });
  }

  // SOC 2 CC6.7: transmission restricted to authorised destinations and protected.
  {
    const f: ComplianceFinding[] = [];
    for (const x of report.pods) if (x.internet && !x.isolated.egress.isolated) f.push({ message: `${x.pod} can reach the internet and has no egress policy`, pods: [x.pod], flow: x.internet });
    for (const x of report.allowedFlows.filter((y) => y.encryption === "none")) f.push({ message: unencrypted(x), pods: [x.from, x.to] });
    controls.push({
      framework: "SOC 2",
      id: "CC6.7",
      title: "Transmission of information is restricted and protected",
      status: status(f),
      evidence: `${report.figures.internet.count} pod(s) reach the internet (only those without an egress policy fail); ${report.allowedFlows.length} allowed flow(s): ${countModes(report.allowedFlows)}; ${report.encryption.mesh}`,
      findings: f,
    });
  }

  return { scope: { selector: scope?.text ?? `(none: every namespace but ${SYSTEM_NAMESPACE})`, namespaces: nsInScope, pods: cdePods.length }, controls };
}

/** A flow no mechanism protects, with why: the mesh's reason for plaintext and the nodes'. */
const unencrypted = (x: AllowedFlow) => `${x.from} -> ${x.to} ${x.protocol}/${x.port} is not encrypted: ${x.encryptionDetail}`;

function countModes(flows: { encryption: string }[]): string {
  const counts = new Map<string, number>();
  for (const f of flows) counts.set(f.encryption, (counts.get(f.encryption) ?? 0) + 1);
  return counts.size ? [...counts].map(([k, n]) => `${n} ${k}`).join(", ") : "none";
}

export type { PodFacts };
