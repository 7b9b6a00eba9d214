// Candidate simplifications of a policy list, most drastic first: drop a policy, drop a rule,
// drop a peer or a port entry, drop an `except`. Each candidate is a new list (inputs untouched).

import type { KubeObject } from "../../model/object.js";

type Spec = Record<string, unknown>;

const without = <T>(xs: readonly T[], i: number): T[] => xs.filter((_, j) => j !== i);
const clone = <T>(x: T): T => structuredClone(x);

export function* shrinkSteps(policies: readonly KubeObject[]): Generator<KubeObject[]> {
  if (policies.length > 1) for (let i = 0; i < policies.length; i++) yield without(policies, i);
  for (let i = 0; i < policies.length; i++) {
    const spec = (policies[i]!.spec ?? {}) as Spec;
    for (const dir of ["ingress", "egress"] as const) {
      const rules = spec[dir] as Spec[] | undefined;
      if (!Array.isArray(rules)) continue;
      const peerKey = dir === "ingress" ? "from" : "to";
      for (let r = 0; r < rules.length; r++) {
        yield replace(policies, i, dir, without(rules, r));
        const rule = rules[r]!;
        for (const key of [peerKey, "ports"]) {
          const entries = rule[key] as Spec[] | undefined;
          if (!Array.isArray(entries)) continue;
          for (let e = 0; e < entries.length; e++) {
            if (entries.length > 1) yield replace(policies, i, dir, rules.map((x, j) => (j === r ? { ...x, [key]: without(entries, e) } : x)));
            const ipb = entries[e]!.ipBlock as Spec | undefined;
            if (ipb?.except) yield replace(policies, i, dir, rules.map((x, j) => (j === r ? { ...x, [key]: entries.map((en, k) => (k === e ? { ipBlock: { cidr: ipb.cidr } } : en)) } : x)));
          }
        }
      }
    }
  }
}

function replace(policies: readonly KubeObject[], i: number, dir: string, rules: Spec[]): KubeObject[] {
  return policies.map((p, j) => (j === i ? { ...clone(p), spec: { ...(p.spec as Spec), [dir]: rules } } : p));
}
