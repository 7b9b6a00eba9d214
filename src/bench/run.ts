// The benchmark: generate in memory, then time each phase of the scale engine and estimate
// what a straightforward per-pair evaluator would take (timed on a sample, extrapolated).

import type { Pod } from "../model/cluster.js";
import type { PolicyIR } from "../model/ir.js";
import { unlocated } from "../model/object.js";
import { compileObjects } from "../kinds/registry.js";
import { createModel } from "../engine/model.js";
import type { PolicyModel } from "../engine/model.js";
import type { CniProfile } from "../model/profile.js";
import { FastEngine } from "../engine/fast-engine.js";
import { computeRows, countMatrix, editAndRecount, matrixPorts } from "../engine/fast-matrix.js";
import type { Progress } from "../engine/fast-matrix.js";
import { pairAllowed, serves } from "../engine/matrix.js";
import type { PortKey } from "../engine/matrix.js";
import { rng } from "../model/rng.js";
import { allObjects, generateCluster } from "./generate.js";
import type { GenerateOptions } from "./generate.js";

export interface BenchResult {
  inputs: GenerateOptions & { nodes: number; policyObjects: number; policiesIR: number };
  identities: number;
  portAtoms: number;
  cidrAtoms: number;
  matrixPorts: number;
  distinctRows: number;
  /** matrixMs = rowsMs (walking the policies) + countMs (counting the pairs). */
  phases: { generateMs: number; loadMs: number; compileMs: number; matrixMs: number; rowsMs: number; countMs: number; queryP50Ms: number; queryP99Ms: number; editMs: number };
  /** CPU time of this process per phase (user + system): on a shared machine, what wall time hides. */
  cpuMs: { loadMs: number; compileMs: number; matrixMs: number };
  peakRssBytes: number;
  allowedPairs: number;
  totalPairs: number;
  checksum: string;
  edit: { policy: string; identitiesTouched: number; allowedPairsAfter: number; rebuilt: boolean };
  perPairEstimate: { sampledPairs: number; perPairUs: number; perPodSetupMs: number; estimatedMatrixMs: number; ratio: number };
  diagnostics: { errors: number; firstError?: string };
}

const now = () => performance.now();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export function runBench(o: GenerateOptions, profile: CniProfile, progress?: Progress): BenchResult {
  let t = now();
  const g = generateCluster(o);
  const generateMs = now() - t;
  progress?.("generated", 1, 1);

  t = now();
  let c = cpu();
  const objects = allObjects(g).map((x) => unlocated(x, "bench"));
  const compiled = compileObjects(objects);
  const model = createModel(compiled.cluster, compiled.policies, profile);
  const loadMs = now() - t;
  const loadCpu = cpu() - c;
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  progress?.("loaded", 1, 1);

  t = now();
  c = cpu();
  const engine = new FastEngine(model);
  const compileMs = now() - t;
  const compileCpu = cpu() - c;
  progress?.("identities", 1, 1);

  t = now();
  c = cpu();
  const { ports, declaredPortsOnly } = matrixPorts(engine);
  computeRows(engine, ports, declaredPortsOnly, progress);
  const rowsMs = now() - t;
  const count = countMatrix(engine, { progress });
  const matrixMs = now() - t;
  const matrixCpu = cpu() - c;

  const r = rng(o.seed ^ 0x5eed);
  const pods = model.cluster.pods;
  const samples = sampleFlows(pods, ports, r, 2000);
  const times: number[] = [];
  for (const [s, d, k] of samples) {
    const q = now();
    engine.allowed(s, d, k);
    times.push(now() - q);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;

  const edit = pickEdit(engine);
  t = now();
  const edited = edit ? editAndRecount(engine, count, edit.index, edit.policy) : undefined;
  const editMs = now() - t;

  const estimate = perPairEstimate(model, samples.slice(0, 400), count.totalPairs, pods.length);
  return {
    inputs: { ...o, nodes: model.cluster.nodes.length, policyObjects: g.policies.length, policiesIR: model.policies.length },
    identities: engine.n,
    portAtoms: engine.portAtomCount,
    cidrAtoms: engine.vocabulary.cidrs.size,
    matrixPorts: ports.length,
    distinctRows: engine.distinctRows,
    phases: { generateMs: round(generateMs), loadMs: round(loadMs), compileMs: round(compileMs), matrixMs: round(matrixMs), rowsMs: round(rowsMs), countMs: round(matrixMs - rowsMs), queryP50Ms: round(pct(50), 4), queryP99Ms: round(pct(99), 4), editMs: round(editMs, 2) },
    cpuMs: { loadMs: round(loadCpu), compileMs: round(compileCpu), matrixMs: round(matrixCpu) },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    allowedPairs: count.allowedPairs,
    totalPairs: count.totalPairs,
    checksum: count.checksum,
    edit: {
      policy: edit ? `${edit.policy.origin.namespace}/${edit.policy.origin.name}` : "(none)",
      identitiesTouched: edited?.touched.length ?? 0,
      allowedPairsAfter: edited?.count.allowedPairs ?? count.allowedPairs,
      rebuilt: edit !== undefined && edited === undefined,
    },
    perPairEstimate: { ...estimate, ratio: round(estimate.estimatedMatrixMs / Math.max(matrixMs, 0.001), 0) },
    diagnostics: { errors: errors.length, firstError: errors[0]?.message },
  };
}

function sampleFlows(pods: readonly Pod[], ports: PortKey[], r: () => number, n: number): [Pod, Pod, PortKey][] {
  const servers = ports.map((k) => pods.filter((p) => serves(p, k)));
  const out: [Pod, Pod, PortKey][] = [];
  for (let i = 0; i < n && ports.length; i++) {
    const ki = Math.floor(r() * ports.length);
    const dsts = servers[ki]!;
    if (!dsts.length) continue;
    out.push([pods[Math.floor(r() * pods.length)]!, dsts[Math.floor(r() * dsts.length)]!, ports[ki]!]);
  }
  return out;
}

/** A realistic edit: open the metrics range to the whole namespace on one ingress policy. */
function pickEdit(e: FastEngine): { index: number; policy: PolicyIR } | undefined {
  const index = e.policies.findIndex((p, i) => i >= e.policies.length / 2 && p.family === "networkpolicy" && p.ingress && p.ingress.rules.length > 0);
  if (index < 0) return undefined;
  const p = e.policies[index]!;
  const ns = p.origin.namespace ?? "default";
  const rules = [...p.ingress!.rules, { action: "allow" as const, peer: { type: "pods" as const, selector: { namespace: { type: "name" as const, name: ns }, pod: { op: "all" as const } } }, ports: [{ protocol: "TCP", from: 9090, to: 9100 }], path: "spec.ingress[99]" }];
  return { index, policy: { ...p, ingress: { ...p.ingress!, rules } } };
}

/**
 * What per-pair evaluation of the whole matrix would take: a warmed per-pair time on a sample,
 * times the pairs, plus the per-pod setup (the policies that select each pod) for every pod.
 */
function perPairEstimate(model: PolicyModel, samples: [Pod, Pod, PortKey][], totalPairs: number, podCount: number) {
  if (!samples.length) return { sampledPairs: 0, perPairUs: 0, perPodSetupMs: 0, estimatedMatrixMs: 0 };
  let t = now();
  for (const [s, d, k] of samples) pairAllowed(model, s, d, k); // cold: selects policies for each pod once
  const cold = now() - t;
  t = now();
  for (const [s, d, k] of samples) pairAllowed(model, s, d, k);
  const warm = now() - t;
  const perPair = warm / samples.length;
  const pods = new Set(samples.flatMap(([s, d]) => [s, d])).size;
  const perPodSetup = Math.max(0, cold - warm) / pods;
  return { sampledPairs: samples.length, perPairUs: round(perPair * 1000, 2), perPodSetupMs: round(perPodSetup, 3), estimatedMatrixMs: round(totalPairs * perPair + podCount * perPodSetup, 0) };
}
