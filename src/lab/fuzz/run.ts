// `podwall lab fuzz`: random cases (generate.ts), engine against kernel on every cell. Each
// disagreement is shrunk (fewer policies, rules, peers, ports) while the kernel and the
// engine still disagree on that cell, then written as a conformance case whose expectation
// is what the kernel did.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { compileObjects } from "../../kinds/registry.js";
import { createModel } from "../../engine/model.js";
import type { PolicyModel } from "../../engine/model.js";
import { podEndpoint } from "../../engine/endpoint.js";
import { findProfile } from "../../model/profiles.js";
import { unlocated } from "../../model/object.js";
import type { KubeObject } from "../../model/object.js";
import { podKey } from "../../model/cluster.js";
import { formatDiagnostic } from "../../model/source.js";
import { Lab } from "../lab.js";
import { judgeCells } from "../cells.js";
import type { CellOutcome, CellSpec } from "../cells.js";
import { withLabAddresses } from "../topology.js";
import { LabError } from "../exec.js";
import { generateCase } from "./generate.js";
import type { FuzzCase } from "./generate.js";
import { shrinkSteps } from "./shrink.js";

export interface FuzzOptions {
  seed: number;
  cases: number;
  outDir: string;
  write: (s: string) => void;
  log?: (s: string) => void;
}

interface Cell {
  from: string;
  to: string;
  protocol: "TCP" | "UDP";
  port: number;
}

function modelOf(c: FuzzCase): PolicyModel {
  const compiled = compileObjects([...c.namespaces, ...c.pods, ...c.policies].map((o) => unlocated(o, "fuzz")));
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new LabError(`the fuzz generator made an invalid object (a podwall bug): ${errors.map(formatDiagnostic).join("; ")}`);
  const { cluster } = withLabAddresses(compiled.cluster);
  return createModel(cluster, compiled.policies, findProfile("generic")!);
}

function specsOf(model: PolicyModel, cells: readonly Cell[]): CellSpec[] {
  const byKey = new Map(model.cluster.pods.map((p) => [podKey(p), p]));
  return cells.map((c) => ({ src: podEndpoint(model, byKey.get(c.from)!), dst: podEndpoint(model, byKey.get(c.to)!), protocol: c.protocol, port: c.port }));
}

const differs = (o: CellOutcome) => o.observed !== undefined && o.observed !== o.predicted;

export async function labFuzz(o: FuzzOptions): Promise<{ agreed: number; disagreed: number; written: string[] }> {
  let agreed = 0;
  let disagreed = 0;
  const written: string[] = [];
  for (let i = 0; i < o.cases; i++) {
    const caseSeed = o.seed * 100_003 + i;
    const fc = generateCase(caseSeed);
    const model = modelOf(fc);
    const keys = model.cluster.pods.map(podKey);
    const cells: Cell[] = fc.ports.flatMap((p) => keys.flatMap((from) => keys.filter((to) => to !== from).map((to) => ({ from, to, ...p }))));
    const lab = await Lab.create(model.cluster);
    try {
      await lab.serve(fc.ports);
      await lab.apply(model);
      const outcomes = await judgeCells(lab, model, specsOf(model, cells));
      const bad = outcomes.filter(differs);
      agreed += outcomes.filter((x) => x.observed !== undefined).length - bad.length;
      disagreed += bad.length;
      o.log?.(`case ${i} (seed ${caseSeed}): ${keys.length} pods, ${fc.policies.length} policies, ${outcomes.length} cells (${outcomes.filter((x) => x.observed === false).length} denied by the kernel), ${bad.length} disagreement(s)`);
      // One reproduction per case: the first differing cell, shrunk.
      const first = bad[0];
      if (first) {
        const cell = cells[outcomes.indexOf(first)]!;
        const small = await shrink(lab, fc, cell);
        const ips = new Map(model.cluster.pods.map((p) => [podKey(p), p.ips[0]!]));
        const file = writeCase(o.outDir, `fuzz-${caseSeed}`, withAddresses(small.fc, ips), cell, small.observed, caseSeed);
        written.push(file);
        o.write(`DISAGREE case ${i} (seed ${caseSeed}): ${cell.from} -> ${cell.to} ${cell.protocol}/${cell.port}: the kernel ${first.observed ? "allowed" : "denied"}, the engine predicted ${first.predicted ? "allow" : "deny"}; ${bad.length} cell(s) differ; reproduction (${small.fc.policies.length} policies): ${file}\n`);
        o.write(`  engine: ${first.verdict.summary}\n`);
      }
    } finally {
      lab.destroy();
    }
  }
  o.write(`${agreed} agreed, ${disagreed} disagreed\n`);
  return { agreed, disagreed, written };
}

/** Smaller and smaller policy sets that keep the disagreement on `cell` (same lab, new rules). */
async function shrink(lab: Lab, fc: FuzzCase, cell: Cell): Promise<{ fc: FuzzCase; observed: boolean }> {
  const judge = async (candidate: FuzzCase): Promise<CellOutcome | undefined> => {
    let model: PolicyModel;
    try {
      model = modelOf(candidate);
    } catch {
      return undefined; // a shrink step that made an invalid object: not a reproduction
    }
    await lab.apply(model);
    const [out] = await judgeCells(lab, model, specsOf(model, [cell]));
    return out;
  };
  let best = fc;
  let bestOut = (await judge(fc))!;
  for (let round = 0; round < 8; round++) {
    let progressed = false;
    for (const policies of shrinkSteps(best.policies)) {
      const candidate = { ...best, policies };
      const out = await judge(candidate);
      if (out && differs(out)) {
        best = candidate;
        bestOut = out;
        progressed = true;
        break;
      }
    }
    if (!progressed) break;
  }
  return { fc: best, observed: bestOut.observed ?? false };
}

/** The pods with the addresses the lab gave them, so that the reproduction sees the same ones. */
function withAddresses(fc: FuzzCase, ips: Map<string, string>): FuzzCase {
  const pods = fc.pods.map((p) => {
    const md = p.metadata as { name: string; namespace: string };
    const ip = ips.get(`${md.namespace}/${md.name}`)!;
    return { ...p, status: { phase: "Running", podIP: ip, podIPs: [{ ip }] } };
  });
  return { ...fc, pods };
}

function writeCase(dir: string, name: string, fc: FuzzCase, cell: Cell, observed: boolean, seed: number): string {
  mkdirSync(join(dir, "cases"), { recursive: true });
  mkdirSync(join(dir, "clusters"), { recursive: true });
  const clusterFile = join(dir, "clusters", `${name}.yaml`);
  writeFileSync(clusterFile, `# Cluster of podwall lab fuzz seed ${seed}.\n${[...fc.namespaces, ...fc.pods].map((x) => stringify(x)).join("---\n")}`);
  const doc = {
    name,
    source: `podwall lab fuzz, case seed ${seed}: the kernel (nftables compiled from the IR) disagreed with the engine; the expectation is what the kernel did`,
    cluster: `../clusters/${name}.yaml`,
    policies: fc.policies as KubeObject[],
    checks: [{ from: cell.from, to: cell.to, protocol: cell.protocol, port: cell.port, expect: observed ? "allow" : "deny" }],
  };
  const file = join(dir, "cases", `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}
