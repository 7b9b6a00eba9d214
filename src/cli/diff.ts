// podwall diff: what a change newly allows and newly blocks.
//
// --base / --head take, in this order of reading:
//   PATH       a file or folder on disk (repeat the option for more);
//   REV:PATH   a file or folder at a git revision (`main:deploy/`);
//   REV        the -f paths at that revision (`--base origin/main -f deploy/`).
// --head defaults to the -f paths on disk. Revisions are read with git, no checkout.

import { existsSync } from "node:fs";
import { diffModels, hasNewExposure } from "../analysis/diff.js";
import type { PolicyModel } from "../engine/model.js";
import { filesAtRevision, GitError } from "../load/git.js";
import { loadTexts } from "../load/inputs.js";
import { diffJson } from "../render/diff-json.js";
import { diffMarkdown } from "../render/diff-md.js";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelFrom, parseLimits } from "./load-model.js";
import type { InputOptions } from "./load-model.js";
import { collect, inputOptions, outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

/** The files at a git revision, through the same limits, validation and compilation as -f paths. */
function modelFromGit(rev: string, paths: string[], opts: InputOptions, label: string): PolicyModel {
  let files;
  try {
    files = filesAtRevision(rev, paths);
  } catch (e) {
    if (e instanceof GitError) throw new UserError(`${label}: ${e.message}`);
    throw new UserError(`${label}: git failed: ${((e as { stderr?: string }).stderr ?? (e as Error).message).trim()}`);
  }
  try {
    return modelFrom(loadTexts(files, parseLimits(opts)), `${rev}:${paths.join(", ")}`, opts).model;
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${label}:\n${e.message}`, e.code);
    throw e;
  }
}

function side(specs: string[] | undefined, fPaths: string[] | undefined, opts: InputOptions, label: string): { model: PolicyModel; text: string } {
  if (!specs?.length) {
    if (!fPaths?.length) throw new UserError(`${label}: give --${label} PATH|REV:PATH|REV, or -f PATH for the working tree`);
    return { model: loadModel({ ...opts, file: fPaths }).model, text: fPaths.join(", ") };
  }
  if (specs.every((s) => existsSync(s))) return { model: loadModel({ ...opts, file: specs }).model, text: specs.join(", ") };
  if (specs.length !== 1) throw new UserError(`--${label}: give one REV or REV:PATH, or paths that exist (not found: ${specs.filter((s) => !existsSync(s)).join(", ")})`);
  const spec = specs[0]!;
  const colon = spec.indexOf(":");
  if (colon > 0) return { model: modelFromGit(spec.slice(0, colon), [spec.slice(colon + 1) || "."], opts, `--${label}`), text: spec };
  if (!fPaths?.length) throw new UserError(`--${label} ${spec}: no such path; as a git revision it needs -f PATH (the paths to read at ${spec}) or the REV:PATH form`);
  return { model: modelFromGit(spec, fPaths, opts, `--${label}`), text: `${spec} (${fPaths.join(", ")})` };
}

export const registerDiff: RegisterCommand = (program, setExit) => {
  inputOptions(
    program
      .command("diff")
      .description("The flows a change newly allows and newly blocks, with summaries first (exposure, DNS, cross-namespace, kube-system). Paths, REV:PATH or REV with -f.")
      .option("--base <spec>", "PATH (repeatable), REV:PATH, or REV (reads the -f paths at REV)", collect)
      .option("--head <spec>", "as --base; default: the -f paths on disk", collect)
      .option("--fail-on-new-exposure", "exit 1 when anything is newly reachable from outside, newly reaches the internet, crosses namespaces or reaches kube-system")
      .option("-o, --output <format>", "md or json", "md"),
  ).action((opts) => {
    const format = outputFormat(opts.output, ["md", "json"] as const, "md");
    if (!opts.base?.length) throw new UserError("--base is required: PATH, REV:PATH, or REV with -f PATH");
    const base = side(opts.base, opts.file, opts, "base");
    const head = side(opts.head, opts.file, opts, "head");
    const d = diffModels(base.model, head.model);
    const exposure = hasNewExposure(d);
    const labels = { base: base.text, head: head.text };
    process.stdout.write(format === "json" ? diffJson(d, labels, exposure) : diffMarkdown(d, labels));
    setExit(opts.failOnNewExposure && exposure ? EXIT.denied : EXIT.ok);
  });
};
