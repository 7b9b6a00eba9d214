// podwall report --html FILE: the page of `podwall serve` as one self-contained file to share
// (engine, data and styles inside; opens from disk, requests nothing).

import { writeFileSync } from "node:fs";
import { webAssets } from "../web/server/bundle.js";
import { renderPage } from "../web/server/page.js";
import { UserError } from "./exit-codes.js";
import { pageData } from "./page-input.js";
import { inputOptions } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerReport: RegisterCommand = (program) => {
  inputOptions(
    program
      .command("report")
      .description("Write a report to share. --html FILE: the serve page (graph, matrix, traces, what-if) as one self-contained file")
      .option("--html <file>", "write the interactive page to FILE"),
  ).action(async (opts) => {
    if (!opts.html) throw new UserError("report: nothing to write; give --html FILE");
    const { data, notes } = pageData(opts);
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    const { html } = await renderPage(await webAssets(), data);
    try {
      writeFileSync(opts.html, html);
    } catch (e) {
      throw new UserError(`cannot write ${opts.html}: ${(e as Error).message}`);
    }
    process.stdout.write(`wrote ${opts.html} (${Math.round(html.length / 1024)} KiB; ${data.files.length} input file(s); open it in a browser, it needs no server)\n`);
  });
};
