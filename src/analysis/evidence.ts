// The evidence behind a number: a flow, its verdict in one line, and the rules that decided it
// with file:line, so that every figure in audit, diff and assert can be traced back.

import { describeEndpoint } from "../engine/endpoint.js";
import type { Verdict } from "../engine/verdict.js";
import { originName } from "../model/ir.js";
import { formatSource } from "../model/source.js";

export interface RuleRef {
  policy: string;
  rule?: string;
  action?: string;
  at: string;
}

export interface FlowEvidence {
  from: string;
  to: string;
  protocol: string;
  port: number;
  allowed: boolean;
  summary: string;
  /** The rules and policies the trace cites, egress side first. */
  rules: RuleRef[];
}

export function flowEvidence(v: Verdict): FlowEvidence {
  const rules: RuleRef[] = [];
  for (const side of [v.egress, v.ingress])
    for (const s of side.steps)
      if (s.policy && (s.event === "matched" || s.event === "also-matched"))
        rules.push({ policy: originName(s.policy), rule: s.rulePath, action: s.action, at: formatSource(s.ruleSource ?? s.policy.source) });
  for (const side of [v.egress, v.ingress])
    if (!side.allowed) for (const o of side.isolatedBy) rules.push({ policy: originName(o), action: "isolates", at: formatSource(o.source) });
  return { from: describeEndpoint(v.flow.src), to: describeEndpoint(v.flow.dst), protocol: v.flow.protocol, port: v.flow.port, allowed: v.allowed, summary: v.summary, rules };
}
