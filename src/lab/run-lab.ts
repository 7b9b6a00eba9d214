// `podwall lab run`: build the cluster, enforce its policies from the IR, probe every ordered
// pod pair on every port, and set what the kernel did beside what the engine predicted.

import { createModel } from "../engine/model.js";
import type { PolicyModel } from "../engine/model.js";
import { podEndpoint } from "../engine/endpoint.js";
import { declaredPorts } from "../engine/matrix.js";
import type { PortKey } from "../engine/matrix.js";
import { podKey } from "../model/cluster.js";
import { verdictText } from "../render/trace-text.js";
import { table } from "../render/table.js";
import { Lab } from "./lab.js";
import { judgeCells, countNotProbed, notProbedLine } from "./cells.js";
import type { CellOutcome, CellSpec } from "./cells.js";
import { withLabAddresses } from "./topology.js";
import { LabError } from "./exec.js";

export interface LabRunReport {
  text: string;
  differences: number;
  probed: number;
  seconds: { build: number; probe: number; total: number };
}

export async function labRun(loaded: PolicyModel, opts: { ports?: PortKey[]; showRules?: boolean; log?: (s: string) => void }): Promise<LabRunReport> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const { cluster, notes } = withLabAddresses(loaded.cluster);
  const model = createModel(cluster, loaded.policies, loaded.profile);
  const ports = opts.ports?.length ? opts.ports : declaredPorts(cluster.pods);
  if (!ports.length) throw new LabError("no ports to probe: the pods declare no container ports; give --port PORT/PROTOCOL");
  const pods = [...cluster.pods].sort((a, b) => podKey(a).localeCompare(podKey(b)));
  const lab = await Lab.create(cluster);
  try {
    log(`lab ${lab.topology.runId}: ${lab.topology.pods.length} pod namespace(s) on ${lab.topology.nodes.length} node(s); serving ${ports.length} port(s)`);
    await lab.serve(ports);
    await lab.apply(model);
    const built = Date.now();
    const specs: CellSpec[] = [];
    for (const k of ports) for (const s of pods) for (const d of pods) specs.push({ src: podEndpoint(model, s), dst: podEndpoint(model, d), protocol: k.protocol, port: k.port });
    log(`probing ${specs.length} cell(s)`);
    const outcomes = await judgeCells(lab, model, specs);
    const probedAt = Date.now();
    const out: string[] = [...notes.map((n) => `note: ${n}`)];
    if (opts.showRules) for (const [node, script] of lab.rules(model)) out.push(`# nftables rules of node ${node}`, script);
    const names = pods.map(podKey);
    const n = names.length;
    ports.forEach((k, pi) => {
      const cells = outcomes.slice(pi * n * n, (pi + 1) * n * n);
      const mark = (o: CellOutcome, v: boolean | undefined) => (v === undefined ? "-" : v ? "." : "X");
      const rows = names.map((src, si) => {
        const row = cells.slice(si * n, (si + 1) * n);
        return [src, ...row.map((o) => mark(o, o.observed) + (o.observed !== undefined && o.observed !== o.predicted ? "!" : "")), "", src, ...row.map((o) => mark(o, o.predicted))];
      });
      out.push(`${k.protocol}/${k.port}: observed on the kernel | predicted by the engine`);
      out.push(table(rows, { header: ["", ...names.map((_, i) => String(i + 1)), "", "", ...names.map((_, i) => String(i + 1))], gap: 1 }));
      out.push("");
    });
    out.push(`columns: ${names.map((x, i) => `${i + 1}=${x}`).join("  ")}`);
    out.push(". allowed   X denied   - not probed   ! the kernel differs from the engine");
    const diffs = outcomes.filter((o) => o.observed !== undefined && o.observed !== o.predicted);
    for (const o of diffs) {
      out.push("", `DIFFERENCE: the kernel ${o.observed ? "allowed" : "denied"} (${o.why}), the engine predicted ${o.predicted ? "allow" : "deny"}:`);
      out.push(verdictText(o.verdict));
    }
    const probed = outcomes.filter((o) => o.observed !== undefined).length;
    const np = notProbedLine(countNotProbed(outcomes));
    if (np) out.push(np);
    const end = Date.now();
    const seconds = { build: (built - started) / 1000, probe: (probedAt - built) / 1000, total: (end - started) / 1000 };
    out.push(`${probed} probed in ${seconds.total.toFixed(1)}s (setup ${seconds.build.toFixed(1)}s, probes ${seconds.probe.toFixed(1)}s): ${probed - diffs.length} agreed, ${diffs.length} differ`);
    return { text: `${out.join("\n")}\n`, differences: diffs.length, probed, seconds };
  } finally {
    lab.destroy();
  }
}
