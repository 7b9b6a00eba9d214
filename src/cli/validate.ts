// podwall validate: every error at once, with file:line:col and the field path.

import { formatDiagnostic } from "../model/source.js";
import { EXIT } from "./exit-codes.js";
import { loadCompiled } from "./load-model.js";
import { inputOptions } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerValidate: RegisterCommand = (program, setExit) => {
  inputOptions(program.command("validate").description("Check every object as the Kubernetes API server would; list every problem with its position. Exit 2 on any error.")).action((opts) => {
    const { compiled, diagnostics, files } = loadCompiled(opts);
    const byPlace = [...diagnostics].sort((a, b) => (a.source?.file ?? "").localeCompare(b.source?.file ?? "") || (a.source?.line ?? 0) - (b.source?.line ?? 0) || (a.source?.col ?? 0) - (b.source?.col ?? 0));
    for (const d of byPlace) process.stdout.write(`${formatDiagnostic(d)}\n`);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    for (const [k, n] of compiled.unknownKinds) process.stdout.write(`note: ${n} object(s) of kind ${k} not read by podwall\n`);
    process.stdout.write(`${files.length} file(s), ${compiled.policies.length} policy object(s) compiled, ${compiled.cluster.pods.length} pod(s); ${errors} error(s), ${warnings} warning(s)\n`);
    setExit(errors ? EXIT.badInput : EXIT.ok);
  });
};
