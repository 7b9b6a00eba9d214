// podwall lab: the kernel as the judge (network namespaces + nftables). Subcommands run,
// conformance, fuzz and clean; the work lives in src/lab.

import type { Command } from "commander";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, portList } from "./options.js";
import type { PortSpec } from "./options.js";
import type { RegisterCommand } from "./commands.js";
import { declaredPorts } from "../engine/matrix.js";
import { labPreflight } from "../lab/preflight.js";
import { LabError } from "../lab/exec.js";
import { labRun } from "../lab/run-lab.js";
import { labConformance } from "../lab/conformance.js";
import { labFuzz } from "../lab/fuzz/run.js";
import { labClean } from "../lab/clean.js";
import { expandAssertion, labAssert } from "../lab/assert.js";
import { labAssertJson, labAssertJunit, labAssertText } from "../lab/assert-output.js";
import { withLabAddresses } from "../lab/topology.js";
import { readAssertions } from "../load/assertions.js";
import { createModel } from "../engine/model.js";
import { formatDiagnostic, formatSource } from "../model/source.js";
import { outputFormat } from "./options.js";

function preflight(): void {
  const p = labPreflight();
  if (!p.ok) throw new UserError(`podwall lab cannot start:\n  ${p.problems.join("\n  ")}`);
}

/** Lab failures are the machine's, not the input's: exit 3 with the tool's message. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LabError) throw new UserError(`lab: ${e.message}`, EXIT.internal);
    throw e;
  }
}

const err = (s: string) => process.stderr.write(`${s}\n`);

export const registerLab: RegisterCommand = (program, setExit) => {
  const lab: Command = program.command("lab").description("Prove verdicts on the Linux kernel: pods as network namespaces, policies compiled from the IR to nftables, real probes (needs root)");

  inputOptions(
    lab
      .command("run")
      .description("Build the cluster, enforce its policies with nftables, probe every ordered pod pair on every port; the observed matrix beside the predicted one. Exit 1 on any difference.")
      .option("--port <port>", "PORT[/PROTOCOL] to probe (repeatable); default: the ports the pods declare", portList)
      .option("--show-rules", "also print the nftables rules of each node"),
  ).action(async (opts: { port?: PortSpec[]; showRules?: boolean; file?: string[]; cni?: string; maxBytes?: string }) => {
    const loaded = loadModel(opts);
    if (!opts.port?.length && !declaredPorts(loaded.model.cluster.pods).length) throw new UserError("no ports to probe: the pods declare no container ports; give --port PORT/PROTOCOL");
    preflight();
    for (const n of modelNotes(loaded)) err(`note: ${n}`);
    const r = await guarded(() => labRun(loaded.model, { ports: opts.port, showRules: opts.showRules, log: (s) => err(s) }));
    process.stdout.write(r.text);
    setExit(r.differences ? EXIT.denied : EXIT.ok);
  });

  lab
    .command("conformance")
    .description("Run conformance cases on the kernel: one line per case, the differing cells, then `N passed, N failed` (cells the kernel cannot probe are counted apart)")
    .argument("<case-or-dir...>")
    .action(async (paths: string[]) => {
      preflight();
      const r = await guarded(() => labConformance(paths, { write: (s) => process.stdout.write(s), log: err }));
      setExit(r.failed ? EXIT.denied : EXIT.ok);
    });

  inputOptions(
    lab
      .command("assert")
      .description("Check declared intent (the file of `podwall assert`) on the kernel: every flow probed in one lab. Exit 0 all hold, 1 any fails, 2 bad input; assertions the kernel cannot decide are counted apart.")
      .argument("<file>", "the assertions file (- for stdin)")
      .option("-o, --output <format>", "text, json or junit", "text"),
  ).action(async (file: string, opts: { output: string; file?: string[]; cni?: string; maxBytes?: string }) => {
    const format = outputFormat(opts.output, ["text", "json", "junit"] as const, "text");
    const parsed = readAssertions(file);
    if (parsed.diagnostics.length) throw new UserError(parsed.diagnostics.map(formatDiagnostic).join("\n"));
    if (!parsed.assertions.length) throw new UserError(`${file}: no assertions`);
    const loaded = loadModel(opts);
    // The flows are expanded on the lab's copy of the cluster, so that both judges see the same addresses.
    const { cluster, notes } = withLabAddresses(loaded.model.cluster);
    const model = createModel(cluster, loaded.model.policies, loaded.model.profile);
    const items: Parameters<typeof labAssert>[1][number][] = [];
    const errors: string[] = [];
    for (const assertion of parsed.assertions) {
      const expanded = expandAssertion(model, assertion);
      if (expanded.ok) items.push({ assertion, expanded });
      else errors.push(`${formatSource(assertion.source)}: error: ${assertion.name}: ${expanded.error}`);
    }
    if (errors.length) throw new UserError(`${errors.join("\n")}\n${errors.length} assertion(s) name endpoints that are not in the model; nothing was checked`);
    preflight();
    for (const n of [...modelNotes(loaded), ...notes]) err(`note: ${n}`);
    const r = await guarded(() => labAssert(model, items, err));
    const text = format === "json" ? labAssertJson(r.results, { profile: model.profile.name, file, seconds: r.seconds }) : format === "junit" ? labAssertJunit(r.results, file) : labAssertText(r.results, r.seconds);
    process.stdout.write(text);
    setExit(r.results.some((x) => x.status === "fail") ? EXIT.denied : EXIT.ok);
  });

  lab
    .command("fuzz")
    .description("Random clusters and NetworkPolicies, engine against kernel on every cell; each disagreement is shrunk and written as a conformance case. Last line: `N agreed, N disagreed`.")
    .option("--seed <n>", "random seed (the same seed gives the same cases)", "1")
    .option("--cases <n>", "how many random cases", "20")
    .option("--out <dir>", "where disagreements are written as conformance cases", "lab-fuzz")
    .action(async (opts: { seed: string; cases: string; out: string }) => {
      const seed = Number(opts.seed);
      const cases = Number(opts.cases);
      if (!Number.isInteger(seed) || seed < 0) throw new UserError(`--seed "${opts.seed}": expected a whole number`);
      if (!Number.isInteger(cases) || cases < 1) throw new UserError(`--cases "${opts.cases}": expected a positive whole number`);
      preflight();
      const r = await guarded(() => labFuzz({ seed, cases, outDir: opts.out, write: (s) => process.stdout.write(s), log: err }));
      setExit(r.disagreed ? EXIT.denied : EXIT.ok);
    });

  lab
    .command("clean")
    .description("Remove what crashed lab runs left behind (namespaces recorded in /run/podwall-lab); runs still alive are left alone")
    .action(() => {
      preflight();
      process.stdout.write(labClean());
    });
};
