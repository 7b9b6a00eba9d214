// podwall replay: observed flows (Hubble JSON lines or CSV) through the policies, offline.

import { replay } from "../analysis/replay.js";
import { readFlowFile } from "../load/flows.js";
import { formatDiagnostic } from "../model/source.js";
import { replayJson } from "../render/replay-json.js";
import { replayText } from "../render/replay-text.js";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerReplay: RegisterCommand = (program, setExit) => {
  inputOptions(
    program
      .command("replay")
      .description("Replay observed flows (hubble observe -o json, or CSV source,destination,protocol,port) through the policies: the verdict and trace of each, and what would be dropped")
      .requiredOption("--flows <file>", "the flow log (- for stdin)")
      .option("--format <format>", "hubble or csv (default: guessed from the first character)")
      .option("--all", "print allowed flows and their traces too")
      .option("--fail-on-drop", "exit 1 when any flow would be dropped")
      .option("-o, --output <format>", "text or json", "text"),
  ).action((opts) => {
    const format = outputFormat(opts.output, ["text", "json"] as const, "text");
    const flowFormat = opts.format === undefined ? undefined : outputFormat(opts.format, ["hubble", "csv"] as const, "hubble");
    const file = readFlowFile(opts.flows, flowFormat);
    if (file.diagnostics.length) throw new UserError(`${file.diagnostics.slice(0, 20).map(formatDiagnostic).join("\n")}${file.diagnostics.length > 20 ? `\n… and ${file.diagnostics.length - 20} more` : ""}`);
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    for (const [why, n] of Object.entries(file.skipped)) process.stderr.write(`note: ${n} line(s) skipped: ${why}\n`);
    if (!file.flows.length) process.stderr.write(`note: ${opts.flows} holds no flow to replay\n`);
    const report = replay(loaded.model, file.flows);
    process.stdout.write(format === "json" ? replayJson(report, file.skipped) : replayText(report, { all: opts.all }));
    setExit(opts.failOnDrop && report.summary.dropped > 0 ? EXIT.denied : EXIT.ok);
  });
};
