// Build a model straight from object literals (property tests produce objects, not YAML).

import { compileObjects } from "../../src/kinds/registry.js";
import { createModel } from "../../src/engine/model.js";
import type { PolicyModel } from "../../src/engine/model.js";
import { unlocated } from "../../src/model/object.js";
import type { KubeObject } from "../../src/model/object.js";
import { findProfile } from "../../src/model/profiles.js";
import { formatDiagnostic } from "../../src/model/source.js";

export function modelFromObjects(objects: Record<string, unknown>[], profile = "generic"): PolicyModel {
  const compiled = compileObjects(objects.map((o) => unlocated(o as KubeObject)));
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map(formatDiagnostic).join("\n"));
  return createModel(compiled.cluster, compiled.policies, findProfile(profile)!);
}
