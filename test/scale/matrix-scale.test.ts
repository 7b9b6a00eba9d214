// podwall matrix at scale: the per-group summary equals per-pair counting, the streamed
// matrix equals the in-memory one, and a matrix too large for stdout is refused with a way out.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeMatrix, declaredPorts, groupOf, pairAllowed } from "../../src/engine/matrix.js";
import type { GroupBy } from "../../src/engine/matrix.js";
import { summarizeMatrix } from "../../src/engine/matrix-summary.js";
import { lazyMatrix } from "../../src/engine/matrix-lazy.js";
import { renderMatrix } from "../../src/render/matrix.js";
import { streamMatrix } from "../../src/render/matrix-stream.js";
import { podwall } from "../helpers/cli.js";
import { randomModel, RANDOM_PORTS } from "./random-model.js";

const BY = fc.constantFrom<GroupBy>("pod", "workload", "namespace");

test("summary by group == per-pair counting (pods, pairs out and in, possible pairs)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), BY, fc.boolean(), (seed, by, given) => {
      const model = randomModel(seed);
      const pods = model.cluster.pods;
      const ports = given ? RANDOM_PORTS : declaredPorts(pods);
      const got = summarizeMatrix(model, { by, ports: given ? RANDOM_PORTS : undefined });
      const want = new Map<string, number[]>();
      const g = (p: (typeof pods)[number]) => {
        const k = groupOf(p, by);
        if (!want.has(k)) want.set(k, [0, 0, 0, 0, 0]);
        return want.get(k)!;
      };
      for (const p of pods) g(p)[0]!++;
      let allowed = 0;
      for (const k of ports)
        for (const d of pods) {
          if (!given && !d.ports.some((cp) => cp.port === k.port && cp.protocol === k.protocol)) continue;
          g(d)[4]! += pods.length;
          for (const s of pods) {
            g(s)[2]!++;
            if (!pairAllowed(model, s, d, k)) continue;
            allowed++;
            g(s)[1]!++;
            g(d)[3]!++;
          }
        }
      assert.equal(got.allowedPairs, allowed, `seed ${seed}`);
      assert.deepEqual(
        got.groups.map((x) => [x.group, x.pods, x.outbound, x.outboundPossible, x.inbound, x.inboundPossible]),
        [...want].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => [k, ...v]),
        `seed ${seed} by ${by}`,
      );
    }),
    { numRuns: 40 },
  );
});

test("the streamed matrix is the in-memory matrix, in every format", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), BY, (seed, by) => {
      const model = randomModel(seed);
      const whole = computeMatrix(model, { by });
      const lazy = lazyMatrix(model, { by });
      for (const f of ["table", "csv", "md"] as const) assert.equal([...streamMatrix(lazy, f)].join(""), `${renderMatrix(whole, f)}\n`, `seed ${seed} ${f}`);
      assert.deepEqual(JSON.parse([...streamMatrix(lazy, "json")].join("")), JSON.parse(renderMatrix(whole, "json")), `seed ${seed} json`);
    }),
    { numRuns: 30 },
  );
});

test("matrix CLI: refuses a matrix over --max-cells on stdout, writes it with --out, summarizes", () => {
  const big = podwall(["matrix", "-f", "examples/demo", "--max-cells", "10"]);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /more than --max-cells 10: write it to a file with --out FILE, summarize it with --summary/);
  assert.doesNotMatch(big.stderr, /at .*\.ts:\d+/, "no stack trace");
  const small = podwall(["matrix", "-f", "examples/demo", "-o", "csv"]);
  assert.equal(small.code, 0, small.stderr);
  const file = join(mkdtempSync(join(tmpdir(), "podwall-matrix-")), "m.csv");
  const out = podwall(["matrix", "-f", "examples/demo", "-o", "csv", "--max-cells", "10", "--out", file]);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /^wrote the pod matrix \(\d+ × \d+ × \d+ ports\) to /);
  assert.equal(readFileSync(file, "utf8"), small.stdout);
  const sum = podwall(["matrix", "-f", "examples/demo", "--summary", "--by", "namespace", "-o", "json"]);
  assert.equal(sum.code, 0, sum.stderr);
  const s = JSON.parse(sum.stdout);
  assert.equal(s.by, "namespace");
  assert.equal(s.groups.reduce((a: number, g: { inbound: number }) => a + g.inbound, 0), s.allowedPairs);
  assert.equal(sum.stderr, "", "no progress when stderr is not a terminal");
});
