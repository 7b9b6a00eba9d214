// `podwall lab assert`: declared intent (the file `podwall assert` reads) checked on the
// kernel. Every assertion expands to flows exactly as `podwall assert` expands it (same
// endpoint specs, a pod paired with itself left out); all flows are probed in one lab; the
// kernel's answers decide, the engine's verdicts are the evidence beside them.

import type { PolicyModel } from "../engine/model.js";
import { intentFlows } from "../analysis/assert.js";
import { flowEvidence } from "../analysis/evidence.js";
import type { FlowEvidence } from "../analysis/evidence.js";
import type { SourceRef } from "../model/source.js";
import type { AssertionSpec } from "../load/assertions.js";
import { Lab } from "./lab.js";
import { countNotProbed, judgeCells } from "./cells.js";
import type { CellOutcome, CellSpec, NotProbed } from "./cells.js";

export interface LabAssertResult {
  name: string;
  source: SourceRef;
  expect: "allow" | "deny";
  match: "all" | "any";
  /** pass / fail on the probed flows; not-runnable: the kernel could not decide it. */
  status: "pass" | "fail" | "not-runnable";
  fromAs: string;
  toAs: string;
  flows: number;
  probed: number;
  /** Flows counted apart, by reason (cells.ts NOT_PROBED_WORDS). */
  notProbed: Partial<Record<NotProbed, number>>;
  /** Probed flows that did not meet `expect` (for `match: any`, only when none did). */
  violations: KernelEvidence[];
  /** One probed flow that met it. */
  witness?: KernelEvidence;
  /** Probed flows where the kernel and the engine's L3/L4 verdict differ (a podwall bug). */
  differ: KernelEvidence[];
}

export type Expanded = { ok: true; specs: CellSpec[]; fromAs: string; toAs: string } | { ok: false; error: string };

/** The flows `podwall assert` would evaluate, to be probed on the kernel instead. */
export function expandAssertion(model: PolicyModel, a: AssertionSpec): Expanded {
  const e = intentFlows(model, a);
  return e.ok ? { ok: true, specs: e.flows, fromAs: e.fromAs, toAs: e.toAs } : e;
}

/** A probed flow: the kernel's answer as the verdict, the engine's trace as the rules behind it. */
export interface KernelEvidence extends FlowEvidence {
  /** The engine's own summary of the flow. */
  engine: string;
}

function kernelEvidence(o: CellOutcome): KernelEvidence {
  const e = flowEvidence(o.verdict);
  const engine = o.observed === o.predicted ? "the engine agrees" : `the engine predicts ${o.predicted ? "allow" : "deny"}`;
  return { ...e, allowed: o.observed!, summary: `the kernel ${o.observed ? "allowed" : `denied (${o.why})`}; ${engine}`, engine: o.verdict.summary };
}

export function judgeAssertion(a: AssertionSpec, e: { fromAs: string; toAs: string }, outcomes: readonly CellOutcome[]): LabAssertResult {
  const want = a.expect === "allow";
  const probed = outcomes.filter((o) => o.observed !== undefined);
  const notProbed: Partial<Record<NotProbed, number>> = Object.fromEntries(countNotProbed(outcomes));
  const met = probed.filter((o) => o.observed === want);
  const missed = probed.filter((o) => o.observed !== want);
  let status: LabAssertResult["status"];
  if (!probed.length) status = "not-runnable";
  else if (a.match === "all") status = missed.length ? "fail" : "pass";
  // `any` fails only when every flow was probed: one not probed might have met it.
  else status = met.length ? "pass" : probed.length === outcomes.length ? "fail" : "not-runnable";
  return {
    name: a.name,
    source: a.source,
    expect: a.expect,
    match: a.match,
    status,
    fromAs: e.fromAs,
    toAs: e.toAs,
    flows: outcomes.length,
    probed: probed.length,
    notProbed,
    violations: status === "fail" ? missed.map(kernelEvidence) : [],
    witness: met[0] ? kernelEvidence(met[0]) : undefined,
    differ: probed.filter((o) => o.observed !== o.predicted).map(kernelEvidence),
  };
}

/**
 * Probe every flow of every assertion in one lab, on a model whose cluster went through
 * withLabAddresses. The lab is removed whatever happens.
 */
export async function labAssert(model: PolicyModel, items: readonly { assertion: AssertionSpec; expanded: Extract<Expanded, { ok: true }> }[], log: (s: string) => void = () => undefined): Promise<{ results: LabAssertResult[]; seconds: number }> {
  const started = Date.now();
  const lab = await Lab.create(model.cluster);
  try {
    log(`lab ${lab.topology.runId}: ${lab.topology.pods.length} pod namespace(s) on ${lab.topology.nodes.length} node(s)`);
    await lab.apply(model);
    const all = items.flatMap((i) => i.expanded.specs);
    log(`probing ${all.length} flow(s) for ${items.length} assertion(s)`);
    const outcomes = await judgeCells(lab, model, all);
    let at = 0;
    const results = items.map((i) => {
      const mine = outcomes.slice(at, at + i.expanded.specs.length);
      at += i.expanded.specs.length;
      return judgeAssertion(i.assertion, i.expanded, mine);
    });
    return { results, seconds: (Date.now() - started) / 1000 };
  } finally {
    lab.destroy();
  }
}
