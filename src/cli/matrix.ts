// podwall matrix: the reachability matrix by pod, workload or namespace; at scale a summary
// per group (--summary), and the full matrix streamed to a file (--out FILE). A matrix larger
// than --max-cells is not printed: it would flood a terminal and hold gigabytes in memory.

import { closeSync, openSync, writeSync } from "node:fs";
import { computeMatrix } from "../engine/matrix.js";
import type { GroupBy } from "../engine/matrix.js";
import { lazyMatrix } from "../engine/matrix-lazy.js";
import { summarizeMatrix } from "../engine/matrix-summary.js";
import { MATRIX_FORMATS, renderMatrix } from "../render/matrix.js";
import { streamMatrix } from "../render/matrix-stream.js";
import { renderMatrixSummary } from "../render/matrix-summary.js";
import { UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat, portList } from "./options.js";
import { terminalProgress } from "./bench-progress.js";
import type { RegisterCommand } from "./commands.js";

const DEFAULT_MAX_CELLS = 250_000;

export const registerMatrix: RegisterCommand = (program) => {
  inputOptions(
    program
      .command("matrix")
      .description("The reachability matrix. Without --port, over every port the destination pods declare.")
      .option("--port <port>", "PORT[/PROTOCOL] to evaluate (repeatable)", portList)
      .option("--by <grouping>", "pod, workload or namespace", "pod")
      .option("--served-only", "with --port: leave out destinations that do not declare the port")
      .option("--summary", "per group: pods, allowed pairs out and in, and their share of the possible pairs")
      .option("--out <file>", "write the full matrix to this file, as it is computed (any size)")
      .option("--max-cells <n>", `largest matrix printed to stdout (groups × groups × ports)`, String(DEFAULT_MAX_CELLS))
      .option("-o, --output <format>", MATRIX_FORMATS.join(", "), "table"),
  ).action((opts) => {
    const format = outputFormat(opts.output, MATRIX_FORMATS, "table");
    const by = outputFormat<GroupBy>(opts.by, ["pod", "workload", "namespace"], "pod");
    const maxCells = Number(opts.maxCells);
    if (!Number.isInteger(maxCells) || maxCells < 0) throw new UserError(`--max-cells must be a whole number, got "${opts.maxCells}"`);
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    const progress = terminalProgress();
    const choice = { ports: opts.port, by, servedOnly: opts.servedOnly === true };
    if (opts.summary) {
      if (opts.out) throw new UserError("--summary and --out are separate outputs: give one of them");
      process.stdout.write(`${renderMatrixSummary(summarizeMatrix(loaded.model, { ...choice, progress }), format)}\n`);
      return;
    }
    const lazy = lazyMatrix(loaded.model, choice);
    if (lazy.ports.length === 0) process.stderr.write("note: no pod declares a container port; give --port to choose ports\n");
    if (opts.out) {
      writeStreamed(opts.out, streamMatrix(lazy, format, progress ? (done, total) => progress("rows", done, total) : undefined));
      process.stderr.write(`wrote the ${by} matrix (${lazy.groups.length} × ${lazy.groups.length} × ${lazy.ports.length} ports) to ${opts.out}\n`);
      return;
    }
    const cells = lazy.groups.length ** 2 * lazy.ports.length;
    if (cells > maxCells)
      throw new UserError(
        `the ${by} matrix has ${cells} cells (${lazy.groups.length} × ${lazy.groups.length} × ${lazy.ports.length} ports), more than --max-cells ${maxCells}: ` +
          `write it to a file with --out FILE, summarize it with --summary, or group it with --by ${by === "namespace" ? "namespace and fewer --port" : "workload or --by namespace"}`,
      );
    const m = computeMatrix(loaded.model, choice);
    process.stdout.write(`${renderMatrix(m, format)}\n`);
  });
};

/** Write pieces as they come, in chunks of about a megabyte (the matrix may be larger than memory). */
function writeStreamed(file: string, pieces: Iterable<string>): void {
  let fd: number;
  try {
    fd = openSync(file, "w");
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as Error).message}`);
  }
  try {
    let buf = "";
    for (const p of pieces) {
      buf += p;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = "";
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}
