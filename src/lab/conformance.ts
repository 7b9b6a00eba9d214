// `podwall lab conformance`: conformance cases judged by the kernel. Same output contract as
// `podwall conformance` (one line per case, the differing cells with the engine's own
// explanation, last line `N passed, N failed`). Cells the kernel cannot probe (a pod to
// itself, SCTP without kernel support) are counted apart; a case with nothing probed is
// neither passed nor failed. Cases on the same cluster share one lab: only the rules change.

import { caseFiles, loadCase } from "../load/conformance-case.js";
import { buildCaseModel, cellEndpoints } from "../analysis/conformance.js";
import type { ConformanceCase } from "../analysis/conformance-format.js";
import { createModel } from "../engine/model.js";
import { podKey } from "../model/cluster.js";
import type { Cluster } from "../model/cluster.js";
import { Lab } from "./lab.js";
import { LabError } from "./exec.js";
import { judgeCells, countNotProbed, notProbedLine, NOT_PROBED_WORDS } from "./cells.js";
import type { CellOutcome, CellSpec, NotProbed } from "./cells.js";
import { withLabAddresses } from "./topology.js";

export interface LabConformanceResult {
  passed: number;
  failed: number;
  notRunnable: number;
  seconds: number;
}

/** What decides the lab's shape: pods, their addresses and nodes (labels only change rules). */
function shapeOf(c: Cluster): string {
  return JSON.stringify([c.pods.map((p) => [podKey(p), p.ips, p.hostNetwork, p.nodeName ?? ""]), c.nodes.map((n) => [n.name, n.addresses])]);
}

type CaseRun = { ok: true; outcomes: { cell: ConformanceCase["cells"][number]; outcome: CellOutcome }[] } | { ok: false; error: string };

export async function labConformance(paths: string[], io: { write: (s: string) => void; log?: (s: string) => void }): Promise<LabConformanceResult> {
  const started = Date.now();
  let files: string[];
  try {
    files = caseFiles(paths);
  } catch (e) {
    throw new LabError(`cannot read ${paths.join(", ")}: ${(e as Error).message}`);
  }
  if (!files.length) throw new LabError(`no case files (*.yaml) in ${paths.join(", ")}`);
  let lab: Lab | undefined;
  let shape = "";
  let passed = 0;
  let failed = 0;
  let notRunnable = 0;
  const apart = new Map<NotProbed, number>();
  try {
    for (const file of files) {
      const l = loadCase(file);
      if (!l.ok) {
        failed++;
        io.write(`FAIL ${l.name}  (${l.file})\n  ${l.error}\n`);
        continue;
      }
      const c = l.case;
      const run = await (async (): Promise<CaseRun> => {
        const built = buildCaseModel(c);
        if ("error" in built) return { ok: false, error: built.error };
        const { cluster } = withLabAddresses(built.model.cluster);
        const model = createModel(cluster, built.model.policies, built.model.profile);
        const specs: CellSpec[] = [];
        for (const cell of c.cells) {
          const ends = cellEndpoints(model, cell);
          if (!ends.ok) return ends;
          // Requests and mTLS are not the kernel's to judge: such cells are counted apart.
          const about = cell.http || cell.dnsName ? "l7" : cell.mtls ? "mtls" : undefined;
          specs.push({ src: ends.src, dst: ends.dst, protocol: cell.protocol, port: cell.port, ...(about ? { about } : {}) });
        }
        const s = shapeOf(cluster);
        if (!lab || s !== shape) {
          lab?.destroy();
          lab = undefined;
          lab = await Lab.create(cluster);
          shape = s;
          io.log?.(`lab ${lab.topology.runId}: ${lab.topology.pods.length} pod namespace(s) on ${lab.topology.nodes.length} node(s)`);
        }
        await lab.apply(model);
        const outcomes = await judgeCells(lab, model, specs);
        return { ok: true, outcomes: outcomes.map((outcome, i) => ({ cell: c.cells[i]!, outcome })) };
      })();
      if (!run.ok) {
        failed++;
        io.write(`FAIL ${c.name}  (${c.file})\n  ${run.error}\n`);
        continue;
      }
      for (const [k, n] of countNotProbed(run.outcomes.map((o) => o.outcome))) apart.set(k, (apart.get(k) ?? 0) + n);
      const probed = run.outcomes.filter((o) => o.outcome.observed !== undefined);
      // The kernel must meet the expectation, and agree with the engine's L3/L4 prediction.
      const wrong = probed.filter((o) => o.outcome.observed !== (o.cell.expect === "allow") || o.outcome.observed !== o.outcome.predicted);
      if (wrong.length) {
        failed++;
        const lines = [`FAIL ${c.name}  (${c.file})`];
        for (const { cell, outcome } of wrong) {
          lines.push(`  ${cell.from} -> ${cell.to} ${cell.protocol}/${cell.port}: expected ${cell.expect}, the kernel ${outcome.observed ? "allowed" : `denied (${outcome.why})`}; the engine predicts ${outcome.predicted ? "allow" : "deny"} at L3/L4  (${cell.where})`);
          for (const s of [outcome.verdict.egress, outcome.verdict.ingress]) lines.push(`    ${s.direction}: ${s.allowed ? "allowed" : "denied"} — ${s.summary}`);
        }
        io.write(`${lines.join("\n")}\n`);
      } else if (!probed.length) {
        notRunnable++;
        const why = [...new Set(run.outcomes.map((o) => o.outcome.notProbed!))].map((k) => NOT_PROBED_WORDS[k]).join("; ");
        io.write(`NOT RUNNABLE HERE ${c.name}  (every cell is ${why})\n`);
      } else {
        passed++;
        const apartHere = run.outcomes.length - probed.length;
        io.write(`PASS ${c.name}  (${probed.length} cells on the kernel${apartHere ? `, ${apartHere} not probed` : ""})\n`);
      }
    }
  } finally {
    (lab as Lab | undefined)?.destroy();
  }
  const seconds = (Date.now() - started) / 1000;
  const np = notProbedLine(apart);
  if (np) io.write(`${np}\n`);
  if (notRunnable) io.write(`${notRunnable} case(s) not runnable here (not counted as passed)\n`);
  io.log?.(`lab conformance: ${files.length} case file(s) in ${seconds.toFixed(1)}s`);
  io.write(`${passed} passed, ${failed} failed\n`);
  return { passed, failed, notRunnable, seconds };
}
