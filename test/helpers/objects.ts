// Build a model straight from object literals (property tests produce objects, not YAML).

import type { PolicyModel } from "../../src/engine/model.js";
import { unlocated } from "../../src/model/object.js";
import type { KubeObject } from "../../src/model/object.js";
import { modelFromLocated } from "./model.js";

export function modelFromObjects(objects: Record<string, unknown>[], profile = "generic"): PolicyModel {
  return modelFromLocated(objects.map((o) => unlocated(o as KubeObject)), profile);
}
