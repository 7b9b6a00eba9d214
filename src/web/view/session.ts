// The engine's side of the page, run in the Web Worker: input texts → model → view; then
// traces and what-ifs on request. Pure (no DOM, no Node), so tests drive it directly.

import { parseYaml, DEFAULT_LIMITS } from "../../load/parse-yaml.js";
import { compileObjects } from "../../kinds/registry.js";
import { createModel } from "../../engine/model.js";
import type { PolicyModel } from "../../engine/model.js";
import { findProfile, GENERIC } from "../../model/profiles.js";
import { podKey } from "../../model/cluster.js";
import type { Pod } from "../../model/cluster.js";
import type { LocatedObject } from "../../model/object.js";
import { formatDiagnostic } from "../../model/source.js";
import type { PodClass } from "./classes.js";
import { buildView } from "./build-view.js";
import { serves } from "../../engine/matrix.js";
import type { ReachOptions } from "./reach.js";
import { traceView } from "./trace-view.js";
import { affectedClasses, clusterFingerprint, diffViews } from "./whatif.js";
import type { TraceView, ViewData, WhatIfView } from "./types.js";

export interface InputFile {
  name: string;
  text: string;
}

export interface Built {
  model: PolicyModel;
  classes: PodClass[];
  view: ViewData;
  objects: LocatedObject[];
  fingerprint: string;
  pods: Map<string, Pod>;
}

export type LoadResult = { ok: true; built: Built } | { ok: false; errors: string[] };

// The last parse of each file: a what-if re-parses only the files it changed (parsing is
// most of the time on a large cluster).
const parseCache = new Map<string, { text: string; result: ReturnType<typeof parseYaml> }>();
function parsed(f: InputFile): ReturnType<typeof parseYaml> {
  const hit = parseCache.get(f.name);
  if (hit && hit.text === f.text) return hit.result;
  const result = parseYaml(f.text, f.name, DEFAULT_LIMITS);
  parseCache.set(f.name, { text: f.text, result });
  return result;
}

/** Parse and compile; every error at once, with file:line, as the CLI reports them. */
export function compileTexts(files: readonly InputFile[], profileName: string): { ok: true; model: PolicyModel; objects: LocatedObject[]; notes: string[] } | { ok: false; errors: string[] } {
  const profile = findProfile(profileName) ?? GENERIC;
  const objects: LocatedObject[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const f of files) {
    const r = parsed(f);
    objects.push(...r.objects);
    for (const d of r.diagnostics) (d.severity === "error" ? errors : notes).push(formatDiagnostic(d));
  }
  if (errors.length) return { ok: false, errors };
  const compiled = compileObjects(objects);
  for (const d of compiled.diagnostics) (d.severity === "error" ? errors : notes).push(formatDiagnostic(d));
  if (errors.length) return { ok: false, errors };
  notes.push(...compiled.cluster.notes);
  for (const [k, n] of compiled.unknownKinds) notes.push(`${n} object(s) of kind ${k} not read by podwall`);
  return { ok: true, model: createModel(compiled.cluster, compiled.policies, profile), objects, notes };
}

export function build(files: readonly InputFile[], profileName: string, opts: ReachOptions = {}): LoadResult {
  const c = compileTexts(files, profileName);
  if (!c.ok) return c;
  const { view, classes } = buildView(c.model, { files: files.map((f) => f.name), notes: c.notes }, opts);
  return { ok: true, built: { model: c.model, classes, view, objects: c.objects, fingerprint: clusterFingerprint(c.model), pods: new Map(c.model.cluster.pods.map((p) => [podKey(p), p])) } };
}

/** Lint findings for the page (lint-hook.ts), asked for after the view is drawn (Session.findings). */
export type LintHook = (model: PolicyModel, objects: readonly LocatedObject[]) => ViewData["findings"];

export class Session {
  base?: Built;
  edited?: Built;
  files: InputFile[] = [];
  profile = "generic";

  constructor(private readonly lint?: LintHook) {}

  load(files: InputFile[], profile: string, onRow?: ReachOptions["onRow"]): LoadResult {
    this.files = files;
    this.profile = profile;
    this.edited = undefined;
    const r = build(files, profile, { onRow });
    if (r.ok) this.base = r.built;
    return r;
  }

  /** The edited model when asked for and there is one; else the base. */
  private built(which: "base" | "edited"): Built | undefined {
    return which === "edited" && this.edited ? this.edited : this.base;
  }

  /** Lint findings of the base or edited model (run after the view is drawn: lint can be slow). */
  findings(which: "base" | "edited"): { available: boolean; findings: ViewData["findings"] } {
    const b = this.built(which);
    if (!this.lint || !b) return { available: false, findings: [] };
    return { available: true, findings: this.lint(b.model, b.objects) };
  }

  /** Trace every declared port the destination serves (or just `port`), in the base or edited model. */
  trace(which: "base" | "edited", src: string, dst: string, port?: string): TraceView[] {
    const b = this.built(which);
    if (!b) return [];
    const s = b.pods.get(src);
    const d = b.pods.get(dst);
    if (!s || !d) return [];
    const ports = b.view.reach.ports.filter((k) => (port ? k.label === port : serves(d, k)));
    return ports.map((k) => traceView(b.model, s, d, k));
  }

  /** The inputs with some files replaced or added: what the edit newly allows and blocks. */
  whatIf(changed: InputFile[]): WhatIfView {
    const t0 = now();
    const base = this.base!;
    const files = [...this.files];
    for (const f of changed) {
      const i = files.findIndex((x) => x.name === f.name);
      if (i >= 0) files[i] = f;
      else files.push(f);
    }
    const c = compileTexts(files, this.profile);
    if (!c.ok) return { view: base.view, diff: [], errors: c.errors, incremental: false, ms: now() - t0 };
    const sameCluster = clusterFingerprint(c.model) === base.fingerprint;
    let r: LoadResult;
    if (sameCluster) {
      // Same pods: keep the classes (and their pods), recompute only the rows and columns
      // of classes that a changed policy selects.
      const model = createModel(base.model.cluster, c.model.policies, c.model.profile);
      const { rows, cols } = affectedClasses(base.model, model, base.classes);
      const { view, classes } = buildView(model, { files: files.map((f) => f.name), notes: c.notes }, { classes: base.classes, only: { rows, cols, base: base.view.reach } });
      r = { ok: true, built: { model, classes, view, objects: c.objects, fingerprint: base.fingerprint, pods: base.pods } };
    } else r = build(files, this.profile);
    if (!r.ok) return { view: base.view, diff: [], errors: r.errors, incremental: false, ms: now() - t0 };
    this.edited = r.built;
    return { view: r.built.view, diff: diffViews(base.view, r.built.view), errors: [], incremental: sameCluster, ms: now() - t0 };
  }
}

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());
