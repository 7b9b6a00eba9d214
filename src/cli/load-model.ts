// The shared front of every command that reads a cluster: load → validate → compile →
// model. Invalid input stops here with every error at once (exit 2); nothing partial goes on.

import { loadInputs } from "../load/inputs.js";
import type { LoadResult } from "../load/inputs.js";
import { DEFAULT_LIMITS } from "../load/parse-yaml.js";
import type { ParseLimits } from "../load/parse-yaml.js";
import { compileObjects } from "../kinds/registry.js";
import type { Compiled } from "../kinds/registry.js";
import { createModel } from "../engine/model.js";
import type { PolicyModel } from "../engine/model.js";
import { findProfile, PROFILES } from "../model/profiles.js";
import type { CniProfile } from "../model/profile.js";
import { formatDiagnostic } from "../model/source.js";
import type { Diagnostic } from "../model/source.js";
import type { LocatedObject } from "../model/object.js";
import { UserError } from "./exit-codes.js";

export interface InputOptions {
  file?: string[];
  cni?: string;
  maxBytes?: string;
  maxParseSeconds?: string;
}

export interface Loaded {
  model: PolicyModel;
  compiled: Compiled;
  warnings: Diagnostic[];
  files: string[];
  /** Every object read, for analyses that read kinds the model does not (encryption config). */
  objects: readonly LocatedObject[];
}

export function profileOrThrow(name: string | undefined): CniProfile {
  const p = findProfile(name ?? "generic");
  if (!p) throw new UserError(`unknown CNI profile "${name}"; known: ${PROFILES.map((x) => x.name).join(", ")} (see podwall profiles)`);
  return p;
}

/** The -f paths; none is a UserError. */
export function inputPaths(opts: InputOptions): string[] {
  const paths = opts.file ?? [];
  if (paths.length === 0) throw new UserError("no input: give one or more -f PATH (files, folders, or - for stdin)");
  return paths;
}

/** --max-bytes as a number (the default when not given). */
export function maxBytesOf(opts: InputOptions): number {
  const maxBytes = opts.maxBytes ? Number(opts.maxBytes) : DEFAULT_LIMITS.maxBytes;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new UserError(`--max-bytes must be a positive whole number, got "${opts.maxBytes}"`);
  return maxBytes;
}

/** --max-bytes and --max-parse-seconds as parse limits (the defaults when not given). */
export function parseLimits(opts: InputOptions): ParseLimits {
  const maxBytes = maxBytesOf(opts);
  const seconds = opts.maxParseSeconds ? Number(opts.maxParseSeconds) : DEFAULT_LIMITS.maxParseMs! / 1000;
  if (!(seconds > 0)) throw new UserError(`--max-parse-seconds must be a positive number, got "${opts.maxParseSeconds}"`);
  return { ...DEFAULT_LIMITS, maxBytes, maxParseMs: seconds * 1000 };
}

/** Read errors and empty input stop here; then every object is validated and compiled. */
export function compileLoaded(loaded: LoadResult, inputs: string): { compiled: Compiled; diagnostics: Diagnostic[]; files: string[]; objects: readonly LocatedObject[] } {
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new UserError(errors.map(formatDiagnostic).join("\n"));
  if (loaded.objects.length === 0) throw new UserError(`no Kubernetes objects found in ${loaded.files.length ? loaded.files.join(", ") : inputs} (empty input)`);
  const compiled = compileObjects(loaded.objects);
  return { compiled, diagnostics: [...loaded.diagnostics, ...compiled.diagnostics], files: loaded.files, objects: loaded.objects };
}

export function loadCompiled(opts: InputOptions): ReturnType<typeof compileLoaded> {
  const paths = inputPaths(opts);
  return compileLoaded(loadInputs(paths, parseLimits(opts)), paths.join(", "));
}

/** Loaded input → model: invalid objects stop it with every error at once. */
export function modelFrom(loaded: LoadResult, inputs: string, opts: InputOptions): Loaded {
  const profile = profileOrThrow(opts.cni);
  const { compiled, diagnostics, files, objects } = compileLoaded(loaded, inputs);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new UserError(`${errors.map(formatDiagnostic).join("\n")}\n${errors.length} error(s): nothing was evaluated (run podwall validate for details)`);
  if (compiled.cluster.pods.length === 0 && compiled.policies.length === 0) throw new UserError("the input has no pods, workloads or policies to evaluate");
  return { model: createModel(compiled.cluster, compiled.policies, profile), compiled, warnings: diagnostics.filter((d) => d.severity !== "error"), files, objects };
}

export function loadModel(opts: InputOptions): Loaded {
  profileOrThrow(opts.cni); // an unknown profile is reported before any file is read
  const paths = inputPaths(opts);
  return modelFrom(loadInputs(paths, parseLimits(opts)), paths.join(", "), opts);
}

/** What the user should know about how the model was built; printed to stderr. */
export function modelNotes(l: Loaded): string[] {
  const notes = [...l.compiled.cluster.notes];
  for (const [k, n] of l.compiled.unknownKinds) notes.push(`${n} object(s) of kind ${k} not read by podwall`);
  for (const w of l.warnings) notes.push(formatDiagnostic(w));
  return notes;
}
