// Build a model from YAML text in memory: the way most engine tests start.

import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { createModel } from "../../src/engine/model.js";
import type { PolicyModel } from "../../src/engine/model.js";
import type { LocatedObject } from "../../src/model/object.js";
import { findProfile } from "../../src/model/profiles.js";
import { formatDiagnostic } from "../../src/model/source.js";

export function modelFromYaml(yaml: string, profile = "generic"): PolicyModel {
  const parsed = parseYaml(yaml, "test.yaml");
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map(formatDiagnostic).join("\n"));
  return modelFromLocated(parsed.objects, profile);
}

/** Compile located objects under a profile; any compile error throws. */
export function modelFromLocated(objects: LocatedObject[], profile = "generic"): PolicyModel {
  const compiled = compileObjects(objects);
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map(formatDiagnostic).join("\n"));
  const p = findProfile(profile);
  if (!p) throw new Error(`no profile ${profile}`);
  return createModel(compiled.cluster, compiled.policies, p);
}
