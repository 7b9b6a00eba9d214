// The pair counter against a plain double loop, on random rows (sparse, dense, half-full,
// shared), with both plans forced: the cost estimate only chooses, it never changes the answer.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { crossSums } from "../../src/engine/cross-count.js";
import type { Bitset } from "../../src/engine/bitset.js";
import { emptySet, has, add } from "../../src/engine/bitset.js";
import { rng } from "../../src/model/rng.js";

function randomRows(n: number, r: () => number, distinct: number): Bitset[] {
  const pool = Array.from({ length: distinct }, () => {
    const density = [0, 0.05, 0.5, 0.95, 1][Math.floor(r() * 5)]!;
    const b = emptySet(n);
    for (let i = 0; i < n; i++) if (r() < density) add(b, i);
    return b;
  });
  return Array.from({ length: n }, () => pool[Math.floor(r() * pool.length)]!);
}

test("crossSums == the double loop, both plans", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
      const r = rng(seed);
      const rows: (Bitset | undefined)[] = randomRows(n, r, 1 + Math.floor(r() * 6)).map((b) => (r() < 0.2 ? undefined : b));
      const cross = randomRows(n, r, 1 + Math.floor(r() * 6));
      const size = Float64Array.from({ length: n }, () => Math.floor(r() * 4));
      const hash = Float64Array.from({ length: n }, () => Math.floor(r() * 4294967296));
      const eligible = r() < 0.5 ? Uint8Array.from({ length: n }, () => (r() < 0.7 ? 1 : 0)) : undefined;
      for (const plan of ["rows", "cross"] as const) {
        const got = crossSums({ n, rows, cross, size, hash, eligible, plan });
        for (let x = 0; x < n; x++) {
          if (!rows[x]) continue;
          let s = 0;
          let h = 0;
          let c = 0;
          for (let y = 0; y < n; y++)
            if ((!eligible || eligible[y]) && has(rows[x]!, y) && has(cross[y]!, x)) {
              s += size[y]!;
              h = (h + hash[y]!) % 4294967296;
              c++;
            }
          assert.equal(got.size[x], s, `${plan} size x=${x} seed ${seed}`);
          assert.equal(got.hash[x], h, `${plan} hash x=${x} seed ${seed}`);
          assert.equal(got.count[x], c, `${plan} count x=${x} seed ${seed}`);
        }
      }
    }),
    { numRuns: 200 },
  );
});
