// Declared intent checked against the policies. An assertion names sources, destinations and
// ports; with `match: all` (the default) every (source, destination, port) must meet `expect`,
// with `match: any` at least one must. A pod paired with itself is left out: a pod cannot
// block access to itself (SEMANTICS §0.6).

import { evaluate } from "../engine/evaluate.js";
import type { Endpoint } from "../engine/endpoint.js";
import type { PolicyModel } from "../engine/model.js";
import type { Protocol } from "../model/ir.js";
import { flowEvidence } from "./evidence.js";
import type { FlowEvidence } from "./evidence.js";
import { resolveSpec } from "./endpoint-spec.js";

export interface Intent {
  name: string;
  from: string;
  to: string;
  ports: { protocol: Protocol; port: number }[];
  expect: "allow" | "deny";
  match: "all" | "any";
}

export interface AssertResult {
  name: string;
  passed: boolean;
  /** Flows checked. */
  flows: number;
  /** How the ends were read: `namespace app`, `Deployment web`, … */
  fromAs: string;
  toAs: string;
  /** The flows that did not meet `expect` (all of them for `match: all`; for `any`, when none did). */
  violations: FlowEvidence[];
  /** One flow that met it, as evidence for a pass. */
  witness?: FlowEvidence;
}

export type CheckResult = { ok: true; result: AssertResult } | { ok: false; error: string };

const same = (a: Endpoint, b: Endpoint) => a.kind === "pod" && b.kind === "pod" && a.pod === b.pod;

/** One (source, destination, port) an intent speaks of. */
export interface IntentFlow {
  src: Endpoint;
  dst: Endpoint;
  protocol: Protocol;
  port: number;
}

export type ExpandedIntent = { ok: true; flows: IntentFlow[]; fromAs: string; toAs: string } | { ok: false; error: string };

/** The flows an intent covers: every source × destination × port, a pod never paired with itself. */
export function intentFlows(model: PolicyModel, intent: Pick<Intent, "from" | "to" | "ports">): ExpandedIntent {
  const from = resolveSpec(model, intent.from);
  if (!from.ok) return { ok: false, error: `from: ${from.error}` };
  const to = resolveSpec(model, intent.to);
  if (!to.ok) return { ok: false, error: `to: ${to.error}` };
  const flows: IntentFlow[] = [];
  for (const src of from.value.endpoints)
    for (const dst of to.value.endpoints) {
      if (same(src, dst)) continue;
      for (const k of intent.ports) flows.push({ src, dst, protocol: k.protocol, port: k.port });
    }
  if (!flows.length) return { ok: false, error: `no flow to check: "${intent.from}" and "${intent.to}" name only the same pod` };
  return { ok: true, flows, fromAs: from.value.as, toAs: to.value.as };
}

export function checkIntent(model: PolicyModel, intent: Intent): CheckResult {
  const expanded = intentFlows(model, intent);
  if (!expanded.ok) return expanded;
  const want = intent.expect === "allow";
  const violations: FlowEvidence[] = [];
  let witness: FlowEvidence | undefined;
  for (const f of expanded.flows) {
    const v = evaluate(model, { ...f, selfVia: "service" });
    if (v.allowed === want) witness ??= flowEvidence(v);
    else violations.push(flowEvidence(v));
  }
  const passed = intent.match === "all" ? violations.length === 0 : witness !== undefined;
  return { ok: true, result: { name: intent.name, passed, flows: expanded.flows.length, fromAs: expanded.fromAs, toAs: expanded.toAs, violations: passed && intent.match === "any" ? [] : violations, witness } };
}
