// The inputs of `serve` and `report --html`: the -f files read as text (the page parses them
// itself, in the browser), checked here first with the same pipeline so that bad input stops
// with file:line and exit 2 before any page exists.

import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { listFiles, readStdin } from "../load/inputs.js";
import { compileTexts } from "../web/view/session.js";
import type { InputFile } from "../web/view/session.js";
import type { PageData } from "../web/client/protocol.js";
import { UserError } from "./exit-codes.js";
import { inputPaths, maxBytesOf, profileOrThrow } from "./load-model.js";
import type { InputOptions } from "./load-model.js";

function readInputTexts(paths: string[], maxBytes: number): InputFile[] {
  const files: InputFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    if (path === "-") {
      files.push({ name: "<stdin>", text: readStdin() });
      continue;
    }
    let names: string[];
    try {
      names = listFiles(path);
    } catch (e) {
      problems.push(`${path}:0:0: error: cannot read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (e as Error).message}`);
      continue;
    }
    for (const name of names) {
      const size = statSync(name).size;
      if (size > maxBytes) problems.push(`${name}:1:1: error: file is ${size} bytes, more than the limit of ${maxBytes} (raise it with --max-bytes)`);
      else files.push({ name, text: readFileSync(name, "utf8") });
    }
  }
  if (problems.length) throw new UserError(problems.join("\n"));
  return files;
}

/** The page's data, and the notes the user should see on stderr. */
export function pageData(opts: InputOptions): { data: PageData; notes: string[] } {
  const profile = profileOrThrow(opts.cni);
  const paths = inputPaths(opts);
  const files = readInputTexts(paths, maxBytesOf(opts));
  if (!files.length) throw new UserError(`no YAML or JSON files in ${paths.join(", ")}`);
  const c = compileTexts(files, profile.name);
  if (!c.ok) throw new UserError(`${c.errors.join("\n")}\n${c.errors.length} error(s): nothing was evaluated (run podwall validate for details)`);
  if (!c.model.cluster.pods.length) throw new UserError("the input has no pods or workloads to draw");
  return { data: { title: paths.map((p) => (p === "-" ? "stdin" : basename(p))).join(", "), profile: profile.name, files }, notes: c.notes };
}
