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
import { checksumOfPairs, countMatrix, editAndRecount } from "../../src/engine/fast-matrix.js";
import { createModel } from "../../src/engine/model.js";
import type { PolicyIR } from "../../src/model/ir.js";
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
            if (v.egress.allowed !== engine.egressAllows(s, d, k)) assert.fail(`${where}: egress per-pair ${v.egress.allowed}`);
            if (v.ingress.allowed !== engine.ingressAllows(s, d, k)) assert.fail(`${where}: ingress per-pair ${v.ingress.allowed}`);
            // The rows themselves differ from the evaluator only where the own-node exemption applies.
            const [si, di] = [engine.ids.of.get(s)!, engine.ids.of.get(d)!];
            if (!engine.ownNodeEgress(s, di) && v.egress.allowed !== has(engine.egressRow(si, k), di)) assert.fail(`${where}: egress row`);
            if (!engine.ownNodeIngress(si, d) && v.ingress.allowed !== has(engine.ingressRow(di, k), si)) assert.fail(`${where}: ingress row`);
          }
    }),
    { numRuns: 100 },
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

test("block counter: pair counts and checksum equal the per-pair evaluator's", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, declared) => {
      const model = randomModel(seed);
      const engine = new FastEngine(model);
      const count = countMatrix(engine, { ports: declared ? undefined : RANDOM_PORTS });
      const want = checksumOfPairs(model.cluster.pods, count.ports.map((p) => p.key), count.declaredPortsOnly, (s, d, k) => pairAllowed(model, s, d, k));
      assert.equal(count.allowedPairs, want.allowedPairs, `seed ${seed}`);
      assert.equal(count.checksum, want.checksum, `seed ${seed}`);
    }),
    { numRuns: 50 },
  );
});

test("editing one policy: the incremental recount equals a fresh count of the edited model", () => {
  // A rebuild (undefined) is checked against a fresh engine instead: make sure the incremental
  // path is the one checked in some runs (donors often share the vocabulary).
  let incremental = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed, seed2) => {
      const model = randomModel(seed);
      const donor = randomModel(seed2).policies;
      if (!model.policies.length || !donor.length) return;
      const engine = new FastEngine(model);
      const before = countMatrix(engine, { ports: RANDOM_PORTS });
      const i = seed2 % model.policies.length;
      // Keep the place in the order; take another policy's rules and subject.
      const edited: PolicyIR = { ...donor[seed % donor.length]!, origin: model.policies[i]!.origin, tier: model.policies[i]!.tier, order: model.policies[i]!.order };
      const r = editAndRecount(engine, before, i, edited);
      if (r) incremental++;
      const policies = [...model.policies];
      policies[i] = edited;
      const fresh = createModel(model.cluster, policies, model.profile);
      const want = checksumOfPairs(fresh.cluster.pods, RANDOM_PORTS, false, (s, d, k) => pairAllowed(fresh, s, d, k));
      const got = r ? r.count : countMatrix(new FastEngine(fresh), { ports: RANDOM_PORTS });
      assert.equal(got.allowedPairs, want.allowedPairs, `seed ${seed}/${seed2}`);
      assert.equal(got.checksum, want.checksum, `seed ${seed}/${seed2}`);
    }),
    { numRuns: 50 },
  );
  assert.ok(incremental > 0, "no run took the incremental path");
});
