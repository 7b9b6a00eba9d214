// The identity/bitset engine equals the per-pair evaluator, cell for cell, on random clusters
// and policies (every IR feature, random CNI profiles).

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { FastEngine } from "../../src/engine/fast-engine.js";
import { computeMatrix, pairAllowed } from "../../src/engine/matrix.js";
import { podKey } from "../../src/model/cluster.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { podEndpoint } from "../../src/engine/endpoint.js";
import { has } from "../../src/engine/bitset.js";
import { randomModel, RANDOM_PORTS } from "./random-model.js";

test("bitset engine == per-pair evaluation, cell for cell", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const model = randomModel(seed);
      const engine = new FastEngine(model);
      for (const k of RANDOM_PORTS)
        for (const s of model.cluster.pods)
          for (const d of model.cluster.pods) {
            const want = pairAllowed(model, s, d, k);
            const got = engine.allowed(s, d, k);
            const where = `seed ${seed}: ${podKey(s)} -> ${podKey(d)} ${k.protocol}/${k.port}`;
            if (want !== got) assert.fail(`${where}: per-pair ${want}, bitset ${got}`);
            // Each side on its own too, so that a wrong side hidden by the other one is caught.
            if (s === d && model.profile.settings.podToItself === "allowed") continue;
            const v = evaluate(model, { src: podEndpoint(model, s), dst: podEndpoint(model, d), protocol: k.protocol, port: k.port, selfVia: "service" });
            const [si, di] = [engine.ids.of.get(s)!, engine.ids.of.get(d)!];
            if (v.egress.allowed !== has(engine.egressRow(si, k), di)) assert.fail(`${where}: egress per-pair ${v.egress.allowed}`);
            if (v.ingress.allowed !== has(engine.ingressRow(di, k), si)) assert.fail(`${where}: ingress per-pair ${v.ingress.allowed}`);
          }
    }),
    { numRuns: 150 },
  );
});

test("computeMatrix's default (bitset) path equals its per-pair path", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom("pod", "workload", "namespace" as const), (seed, by) => {
      const model = randomModel(seed);
      const fast = computeMatrix(model, { by: by as "pod" });
      const slow = computeMatrix(model, { by: by as "pod", allowed: pairAllowed });
      assert.deepEqual(fast, slow, `seed ${seed}`);
    }),
    { numRuns: 60 },
  );
});
