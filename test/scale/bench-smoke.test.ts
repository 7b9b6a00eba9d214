// One small smoke benchmark (no timing assertions) and the generator's promises: deterministic
// for a seed, valid objects, and a matrix count that agrees with per-pair evaluation.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podwall } from "../helpers/cli.js";
import { allObjects, generateCluster } from "../../src/bench/generate.js";
import { unlocated } from "../../src/model/object.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { createModel } from "../../src/engine/model.js";
import { GENERIC } from "../../src/model/profiles.js";
import { FastEngine } from "../../src/engine/fast-engine.js";
import { checksumOfPairs, countMatrix } from "../../src/engine/fast-matrix.js";
import { pairAllowed } from "../../src/engine/matrix.js";

test("bench run: one JSON object as the last line, with every phase", () => {
  const r = podwall(["bench", "run", "--pods", "1000", "--namespaces", "70", "--policies", "130", "--seed", "7", "-o", "json"], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const last = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  assert.equal(last.inputs.pods, 1000);
  for (const k of ["generateMs", "loadMs", "compileMs", "matrixMs", "queryP50Ms", "queryP99Ms", "editMs"]) assert.equal(typeof last.phases[k], "number", k);
  assert.ok(last.identities > 0 && last.identities <= 1000);
  assert.ok(last.allowedPairs > 0 && last.allowedPairs < last.totalPairs);
  assert.match(last.checksum, /^[0-9a-f]{8}$/);
  assert.equal(last.diagnostics.errors, 0, last.diagnostics.firstError);
  assert.ok(last.perPairEstimate.ratio > 0);
  assert.equal(r.stderr, "", "no progress when stderr is not a terminal");
});

test("bench generate: deterministic for a seed, written as kubectl lists", () => {
  const a = JSON.stringify(generateCluster({ pods: 300, namespaces: 20, policies: 40, seed: 3 }));
  const b = JSON.stringify(generateCluster({ pods: 300, namespaces: 20, policies: 40, seed: 3 }));
  const c = JSON.stringify(generateCluster({ pods: 300, namespaces: 20, policies: 40, seed: 4 }));
  assert.equal(a, b);
  assert.notEqual(a, c);
  const dir = mkdtempSync(join(tmpdir(), "podwall-bench-"));
  const r = podwall(["bench", "generate", "--pods", "300", "--namespaces", "20", "--policies", "40", "-o", dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ["namespaces.json", "nodes.json", "pods.json", "policies.json"]);
  const v = podwall(["validate", "-f", dir]);
  assert.equal(v.code, 0, v.stdout);
  assert.equal(podwall(["bench", "run", "--pods", "0"]).code, 2);
});

test("a generated cluster: the block counter agrees with per-pair evaluation", () => {
  const g = generateCluster({ pods: 60, namespaces: 8, policies: 24, seed: 11 });
  const compiled = compileObjects(allObjects(g).map((o) => unlocated(o)));
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === "error"), []);
  const model = createModel(compiled.cluster, compiled.policies, GENERIC);
  const count = countMatrix(new FastEngine(model));
  const want = checksumOfPairs(model.cluster.pods, count.ports.map((p) => p.key), true, (s, d, k) => pairAllowed(model, s, d, k));
  assert.equal(count.allowedPairs, want.allowedPairs);
  assert.equal(count.checksum, want.checksum);
  assert.ok(count.allowedPairs > 0 && count.allowedPairs < count.totalPairs);
});
