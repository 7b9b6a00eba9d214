// podwall bench: a synthetic cluster at any size (generate), and the benchmark (run).

import { mkdirSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { generateCluster } from "../bench/generate.js";
import type { GenerateOptions } from "../bench/generate.js";
import { runBench } from "../bench/run.js";
import type { BenchResult } from "../bench/run.js";
import type { KubeObject } from "../model/object.js";
import { table } from "../render/table.js";
import { UserError } from "./exit-codes.js";
import { profileOrThrow } from "./load-model.js";
import { outputFormat } from "./options.js";
import { terminalProgress } from "./bench-progress.js";
import type { RegisterCommand } from "./commands.js";

function sizeOptions(cmd: Command): Command {
  return cmd
    .option("--pods <n>", "pods", "1000")
    .option("--namespaces <n>", "namespaces (3 of them system namespaces)", "70")
    .option("--policies <n>", "policy objects", "130")
    .option("--seed <n>", "random seed: the same seed gives the same cluster", "1");
}

function whole(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`--${name} must be a whole number of at least ${min}, got "${v}"`);
  return n;
}

function sizes(opts: Record<string, string>): GenerateOptions {
  return { pods: whole("pods", opts.pods!, 1), namespaces: whole("namespaces", opts.namespaces!, 4), policies: whole("policies", opts.policies!, 0), seed: whole("seed", opts.seed!, 0) };
}

/** kubectl's List shape, one item per line, written as it goes (a 150k-pod file is large). */
function writeList(file: string, items: KubeObject[]): void {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, '{"apiVersion":"v1","kind":"List","items":[\n');
    let buf = "";
    items.forEach((it, i) => {
      buf += `${i ? ",\n" : ""}${JSON.stringify(it)}`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = "";
      }
    });
    writeSync(fd, `${buf}\n]}\n`);
  } finally {
    closeSync(fd);
  }
}

export const registerBench: RegisterCommand = (program) => {
  const bench = program.command("bench").description("Synthetic clusters at scale and the benchmark of the identity/bitset engine");
  sizeOptions(bench.command("generate").description("Write a synthetic cluster (deterministic for a seed) as kubectl-style JSON lists: namespaces, nodes, pods, policies"))
    .requiredOption("-o, --out <dir>", "folder to write into (created if missing)")
    .action((opts) => {
      const o = sizes(opts);
      const g = generateCluster(o);
      try {
        mkdirSync(opts.out, { recursive: true });
        for (const [name, items] of Object.entries(g)) writeList(join(opts.out, `${name}.json`), items as KubeObject[]);
      } catch (e) {
        throw new UserError(`cannot write ${opts.out}: ${(e as Error).message}`);
      }
      process.stdout.write(`wrote ${g.namespaces.length} namespaces, ${g.nodes.length} nodes, ${g.pods.length} pods, ${g.policies.length} policies to ${opts.out}\n`);
    });
  sizeOptions(bench.command("run").description("Generate in memory, then time each phase; the last line of -o json is one JSON object"))
    .option("--cni <profile>", "CNI profile", "generic")
    .option("-o, --output <format>", "text or json", "text")
    .action((opts) => {
      const format = outputFormat(opts.output, ["text", "json"] as const, "text");
      const result = runBench(sizes(opts), profileOrThrow(opts.cni), terminalProgress());
      if (result.diagnostics.errors) process.stderr.write(`note: ${result.diagnostics.errors} generated object(s) did not validate: ${result.diagnostics.firstError}\n`);
      process.stdout.write(format === "json" ? `${JSON.stringify(result)}\n` : benchText(result));
    });
};

function benchText(r: BenchResult): string {
  const p = r.phases;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const rows = [
    ["inputs", `${r.inputs.pods} pods, ${r.inputs.namespaces} namespaces, ${r.inputs.policyObjects} policies (${r.inputs.policiesIR} in the IR), ${r.inputs.nodes} nodes, seed ${r.inputs.seed}`],
    ["identities", `${r.identities} (port atoms ${r.portAtoms}, CIDR atoms ${r.cidrAtoms}, distinct allow rows ${r.distinctRows})`],
    ["generate", `${p.generateMs} ms`],
    ["load", `${p.loadMs} ms (validate, build the cluster, compile to the IR)`],
    ["compile", `${p.compileMs} ms (identities, selectors)`],
    ["matrix", `${p.matrixMs} ms over ${r.matrixPorts} ports`],
    ["cpu", `load ${r.cpuMs.loadMs} ms, compile ${r.cpuMs.compileMs} ms, matrix ${r.cpuMs.matrixMs} ms (this process; less than the wall time when the machine is shared)`],
    ["query", `p50 ${p.queryP50Ms} ms, p99 ${p.queryP99Ms} ms`],
    ["edit", `${p.editMs} ms (${r.edit.policy}, ${r.edit.identitiesTouched} identities touched${r.edit.rebuilt ? ", rebuilt" : ""})`],
    ["peak RSS", mb(r.peakRssBytes)],
    ["allowed pairs", `${r.allowedPairs} of ${r.totalPairs} (checksum ${r.checksum})`],
    ["per-pair", `~${r.perPairEstimate.estimatedMatrixMs} ms estimated (${r.perPairEstimate.perPairUs} µs/pair on ${r.perPairEstimate.sampledPairs} sampled): ${r.perPairEstimate.ratio}× the matrix`],
  ];
  return `${table(rows)}\n`;
}
