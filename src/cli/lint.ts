// podwall lint: findings with a stable id, severity, object, file:line and fix; text, JSON,
// SARIF 2.1.0 or JUnit. Exit 1 when an unsuppressed finding reaches --fail-on.

import { CHECKS } from "../analysis/lint/registry.js";
import { failing, runLint } from "../analysis/lint/run.js";
import type { FailOn } from "../analysis/lint/config.js";
import { loadLintConfig } from "../load/config.js";
import type { LoadedConfig } from "../load/config.js";
import { formatDiagnostic } from "../model/source.js";
import { renderLintText } from "../render/lint-text.js";
import { renderLintJson } from "../render/lint-json.js";
import { renderSarif } from "../render/sarif.js";
import { renderLintJUnit } from "../render/lint-junit.js";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

const FORMATS = ["text", "json", "sarif", "junit"] as const;

export const registerLint: RegisterCommand = (program, setExit) => {
  inputOptions(
    program
      .command("lint")
      .description("Find risky or broken policy: missing default deny, blocked DNS, open metadata endpoint, typos in selectors, … Exit 1 when a finding reaches --fail-on.")
      .option("-o, --output <format>", FORMATS.join(", "), "text")
      .option("--fail-on <severity>", "error or warning: the lowest severity that fails (default: the config's failOn, else error)")
      .option("--config <file>", "config file (default: the nearest .podwall.yaml upward from the working directory)")
      .option("--no-config", "ignore .podwall.yaml files")
      .option("--list-checks", "list the checks and exit"),
  ).action((opts) => {
    if (opts.listChecks) {
      for (const c of CHECKS) process.stdout.write(`${c.id.padEnd(30)} ${c.severity.padEnd(8)} ${c.title}\n`);
      return;
    }
    const format = outputFormat(opts.output, FORMATS, "text");
    if (opts.failOn !== undefined && opts.failOn !== "error" && opts.failOn !== "warning") throw new UserError(`--fail-on "${opts.failOn}": expected error or warning`);
    // commander sets config=false for --no-config, a string for --config FILE.
    const cfg: LoadedConfig | { config: undefined; file: undefined; diagnostics: [] } = opts.config === false ? { config: undefined, file: undefined, diagnostics: [] } : loadLintConfig(CHECKS, { explicit: typeof opts.config === "string" ? opts.config : undefined, cwd: process.cwd() });
    if (cfg.diagnostics.some((d) => d.severity === "error")) throw new UserError(`${cfg.diagnostics.map(formatDiagnostic).join("\n")}\nthe config file has errors: nothing was linted`);
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    if (cfg.file) process.stderr.write(`note: using config ${cfg.file}\n`);
    // The objects as written go along for the checks about spelling (host bits); the IR keeps only meaning.
    const result = runLint({ model: loaded.model, config: cfg.config, objects: loaded.objects });
    for (const n of result.notes) process.stderr.write(`note: ${n}\n`);
    for (const s of result.unusedSuppressions) process.stderr.write(`note: ${s.source ? `${s.source.file}:${s.source.line}: ` : ""}suppression for ${s.check}${s.object ? ` ${s.object}` : ""}${s.namespace ? ` in ${s.namespace}` : ""} matched no finding; remove it\n`);
    const failOn: FailOn = opts.failOn ?? cfg.config?.failOn ?? "error";
    const text = format === "json" ? renderLintJson(result) : format === "sarif" ? renderSarif(result) : format === "junit" ? renderLintJUnit(result, failOn) : renderLintText(result);
    process.stdout.write(`${text}\n`);
    setExit(failing(result, failOn).length ? EXIT.denied : EXIT.ok);
  });
};
