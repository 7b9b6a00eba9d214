// podwall matrix: the reachability matrix by pod, workload or namespace.

import { computeMatrix } from "../engine/matrix.js";
import type { GroupBy } from "../engine/matrix.js";
import { MATRIX_FORMATS, renderMatrix } from "../render/matrix.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat, portList } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerMatrix: RegisterCommand = (program) => {
  inputOptions(
    program
      .command("matrix")
      .description("The reachability matrix. Without --port, over every port the destination pods declare.")
      .option("--port <port>", "PORT[/PROTOCOL] to evaluate (repeatable)", portList)
      .option("--by <grouping>", "pod, workload or namespace", "pod")
      .option("--served-only", "with --port: leave out destinations that do not declare the port")
      .option("-o, --output <format>", MATRIX_FORMATS.join(", "), "table"),
  ).action((opts) => {
    const format = outputFormat(opts.output, MATRIX_FORMATS, "table");
    const by = outputFormat<GroupBy>(opts.by, ["pod", "workload", "namespace"], "pod");
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    const m = computeMatrix(loaded.model, { ports: opts.port, by, servedOnly: opts.servedOnly === true });
    if (m.ports.length === 0) process.stderr.write("note: no pod declares a container port; give --port to choose ports\n");
    process.stdout.write(`${renderMatrix(m, format)}\n`);
  });
};
