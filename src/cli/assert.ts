// podwall assert FILE: declared intent (from, to, port, expect) checked against the policies.

import { checkIntent } from "../analysis/assert.js";
import { readAssertions } from "../load/assertions.js";
import { formatDiagnostic, formatSource } from "../model/source.js";
import { assertJunit, assertText } from "../render/assert-text.js";
import type { PlacedResult } from "../render/assert-text.js";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerAssert: RegisterCommand = (program, setExit) => {
  inputOptions(
    program
      .command("assert")
      .description("Check declared intent (a YAML list of from, to, port, expect: allow|deny) against the policies. Exit 0 all hold, 1 any fails, 2 bad input.")
      .argument("<file>", "the assertions file (- for stdin)")
      .option("-o, --output <format>", "text, json or junit", "text"),
  ).action((file: string, opts) => {
    const format = outputFormat(opts.output, ["text", "json", "junit"] as const, "text");
    const parsed = readAssertions(file);
    if (parsed.diagnostics.length) throw new UserError(parsed.diagnostics.map(formatDiagnostic).join("\n"));
    if (!parsed.assertions.length) throw new UserError(`${file}: no assertions`);
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    const results: PlacedResult[] = [];
    const errors: string[] = [];
    for (const a of parsed.assertions) {
      const r = checkIntent(loaded.model, a);
      if (r.ok) results.push({ ...r.result, source: a.source, expect: a.expect, match: a.match });
      else errors.push(`${formatSource(a.source)}: error: ${a.name}: ${r.error}`);
    }
    // An endpoint that names nothing is a typo until proven otherwise: stop, list them all.
    if (errors.length) throw new UserError(`${errors.join("\n")}\n${errors.length} assertion(s) name endpoints that are not in the model; nothing was checked`);
    if (format === "json") process.stdout.write(`${JSON.stringify({ profile: loaded.model.profile.name, file, passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).length, results }, null, 2)}\n`);
    else process.stdout.write(format === "junit" ? `${assertJunit(results, file)}\n` : assertText(results));
    setExit(results.every((r) => r.passed) ? EXIT.ok : EXIT.denied);
  });
};
