// mtls-field-without-strict: an AuthorizationPolicy rule that relies on the peer identity
// (principals, namespaces, serviceAccounts, source.principal / source.namespace /
// source.serviceAccount conditions) on workloads where mTLS is not STRICT (SEMANTICS §5.4).
// Plaintext carries no certificate: positive forms never match and negative forms always
// match, so a DENY on `namespaces: [dev]` lets plaintext from dev through, and an ALLOW on
// `notNamespaces: [dev]` allows plaintext from anyone.

import type { Pod } from "../../model/cluster.js";
import { originName } from "../../model/ir.js";
import type { FieldPath } from "../../model/object.js";
import { formatPath } from "../../model/object.js";
import { meshPresent } from "../../model/mesh.js";
import type { AuthorizationPolicyIR, AuthzAction, AuthzRule, Matcher, PeerAuthenticationIR } from "../../model/mesh.js";
import { SOURCE_FIELDS, conditionNeeds } from "../../model/mesh-fields.js";
import { authorizationPoliciesFor, meshMembership } from "../../engine/mesh.js";
import { locateField, modeSource, modeWords, nonStrictModes, strictFix } from "./mtls-fix.js";
import type { PodMode } from "./mtls-fix.js";
import { groupByWorkload, plural, podRelated, workloadKey } from "./subjects.js";
import type { LintCheck, RawFinding, RelatedLocation } from "./types.js";

interface IdentityUse {
  /** `namespaces`, `notPrincipals`, `when source.principal`, … */
  name: string;
  negative: boolean;
  path: FieldPath;
}

function identityUses(rule: AuthzRule, ruleIndex: number): IdentityUse[] {
  const out: IdentityUse[] = [];
  const base: FieldPath = ["spec", "rules", ruleIndex];
  rule.from?.forEach((src, i) => {
    for (const f of SOURCE_FIELDS) {
      if (f.needs !== "mtls") continue;
      const m = (src as Record<string, Matcher | undefined>)[f.name];
      if (m?.values) out.push({ name: f.name, negative: false, path: [...base, "from", i, "source", f.name] });
      if (m?.notValues) out.push({ name: f.not, negative: true, path: [...base, "from", i, "source", f.not] });
    }
  });
  rule.when?.forEach((c, i) => {
    if (conditionNeeds(c.key) !== "mtls") return;
    if (c.values) out.push({ name: `when ${c.key} values`, negative: false, path: [...base, "when", i, "key"] });
    if (c.notValues) out.push({ name: `when ${c.key} notValues`, negative: true, path: [...base, "when", i, "key"] });
  });
  return out;
}

/** What an empty identity does to this rule, by action and form. */
function consequence(action: AuthzAction, uses: IdentityUse[]): string {
  const pos = uses.filter((u) => !u.negative).map((u) => u.name);
  const neg = uses.filter((u) => u.negative).map((u) => u.name);
  const out: string[] = [];
  if (action === "ALLOW") {
    if (neg.length) out.push(`${neg.join(", ")} always match${neg.length === 1 ? "es" : ""} plaintext, so this rule allows plaintext requests from anyone`);
    if (pos.length) out.push(`${pos.join(", ")} never match${pos.length === 1 ? "es" : ""} plaintext, so plaintext requests from the sources it names are denied unless another rule allows them`);
  } else if (action === "DENY") {
    if (pos.length) out.push(`${pos.join(", ")} never match${pos.length === 1 ? "es" : ""} plaintext, so this rule does not deny plaintext requests from the sources it names`);
    if (neg.length) out.push(`${neg.join(", ")} always match${neg.length === 1 ? "es" : ""} plaintext, so this rule denies every plaintext request`);
  } else out.push(`${uses.map((u) => u.name).join(", ")} compare${uses.length === 1 ? "s" : ""} against an empty identity on plaintext`);
  return out.join("; ");
}

/** The ports the rule is limited to (`to.operation.ports` in every entry), or undefined. */
function rulePorts(rule: AuthzRule): number[] | undefined {
  if (!rule.to?.length || !rule.to.every((o) => o.ports?.values)) return undefined;
  return rule.to.flatMap((o) => o.ports!.values!.map(Number)).filter((n) => Number.isInteger(n) && n > 0);
}

export const mtlsFieldWithoutStrict: LintCheck = {
  id: "mtls-field-without-strict",
  severity: "warning",
  title: "AuthorizationPolicy relies on peer identity where mTLS is not STRICT",
  help: "principals, namespaces, serviceAccounts and the source.principal / source.namespace / source.serviceAccount conditions come from the client certificate, which only mutual TLS carries. Where the workload's mTLS mode is PERMISSIVE or DISABLE, plaintext requests have an empty identity: positive forms never match and negative forms always match (a DENY on namespaces lets plaintext through). Make mTLS STRICT for the workloads the policy applies to.",
  run(ctx) {
    const { model, objects } = ctx;
    if (!meshPresent(model.cluster.mesh)) return [];
    const meshed = model.cluster.pods.filter((p) => meshMembership(model, p).dataplane !== "none");
    const out: RawFinding[] = [];
    for (const policy of model.cluster.mesh!.authorization) {
      if (policy.scope === "targetRefs") continue; // gateways and waypoints: not modelled
      const at = meshed.filter((p) => authorizationPoliciesFor(model, p).includes(policy));
      if (!at.length) continue;
      policy.rules.forEach((rule, i) => {
        const uses = identityUses(rule, i);
        if (!uses.length) return;
        const ports = rulePorts(rule);
        const weak = new Map<Pod, PodMode[]>();
        for (const p of at) {
          const modes = nonStrictModes(model, p, ports);
          if (modes.length) weak.set(p, modes);
        }
        if (!weak.size) return;
        out.push(finding(policy, rule, uses, weak, objects));
      });
    }
    return out;
  },
};

function finding(policy: AuthorizationPolicyIR, rule: AuthzRule, uses: IdentityUse[], weak: Map<Pod, PodMode[]>, objects: Parameters<typeof locateField>[0]): RawFinding {
  const pods = [...weak.keys()];
  const groups = groupByWorkload(pods);
  const names = groups.slice(0, 4).map((g) => `${workloadKey(g[0]!)}: ${weak.get(g[0]!)!.map(modeWords).join(", ")}`);
  const more = groups.length > 4 ? ` and ${groups.length - 4} more` : "";
  // One fix per cause: the PeerAuthentication that set the weak mode, or a namespace default.
  const fixes = new Map<string, string>();
  const causes = new Map<string, { pa: PeerAuthenticationIR; port?: number }>();
  for (const [pod, modes] of weak)
    for (const m of modes) {
      const pa = m.eff.policy;
      const port = m.eff.portLevel ? m.port : undefined;
      const key = pa ? `${originName(pa.origin)}|${port ?? ""}` : `ns:${pod.namespace}`;
      if (!fixes.has(key)) fixes.set(key, strictFix(objects, pod.namespace, pa, port));
      if (pa && !causes.has(key)) causes.set(key, { pa, ...(port !== undefined ? { port } : {}) });
    }
  const related: RelatedLocation[] = [
    ...[...causes.values()].map(({ pa, port }) => ({ message: `${originName(pa.origin)} sets ${port !== undefined ? (pa.portLevel[port] ?? pa.mode) : pa.mode}${port !== undefined ? ` for port ${port}` : ""}`, source: modeSource(objects, pa, port).source })),
    ...podRelated(pods, (p) => `${p.namespace}/${p.name}: mTLS ${weak.get(p)!.map(modeWords).join(", ")}`),
  ];
  const first = uses[0]!;
  return {
    object: { kind: policy.origin.kind, namespace: policy.namespace, name: policy.origin.name },
    source: locateField(objects, policy.origin, first.path, rule.source),
    path: formatPath(first.path),
    message: `${rule.path} (${policy.action}) relies on the peer identity (${uses.map((u) => u.name).join(", ")}), but mTLS is not STRICT for ${plural(groups.length, "workload")} it applies to (${names.join("; ")}${more}): plaintext requests carry no identity, ${consequence(policy.action, uses)}.`,
    fix: [...fixes.values()].join("\n---\n"),
    related,
  };
}
