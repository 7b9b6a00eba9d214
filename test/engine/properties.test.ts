// The engine against SEMANTICS §1.9 written out plainly, and `query` against `matrix`, on
// random clusters and NetworkPolicies.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { scenarioArb, scenarioObjects } from "../helpers/random.js";
import { referenceAllowed } from "../helpers/reference-np.js";
import { modelFromObjects } from "../helpers/objects.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { resolveEndpoint } from "../../src/engine/resolve.js";
import { computeMatrix } from "../../src/engine/matrix.js";
import type { Protocol } from "../../src/model/ir.js";

const PORTS: { protocol: Protocol; port: number }[] = [
  { protocol: "TCP", port: 80 },
  { protocol: "TCP", port: 81 },
  { protocol: "UDP", port: 53 },
  { protocol: "TCP", port: 5432 },
  { protocol: "SCTP", port: 80 },
];

test("every verdict equals the reference algorithm of SEMANTICS §1.9 (property)", () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const model = modelFromObjects(scenarioObjects(s));
      for (const src of s.cluster.pods)
        for (const dst of s.cluster.pods)
          for (const { protocol, port } of PORTS) {
            const from = resolveEndpoint(model, `${src.ns}/${src.name}`);
            const to = resolveEndpoint(model, `${dst.ns}/${dst.name}`);
            assert.ok(from.ok && to.ok);
            const v = evaluate(model, { src: from.value.endpoints[0]!, dst: to.value.endpoints[0]!, protocol, port, selfVia: "service" });
            const expected = referenceAllowed(s, src, dst, protocol, port);
            if (v.allowed !== expected) throw new Error(`${src.ns}/${src.name} -> ${dst.ns}/${dst.name} ${protocol}/${port}: engine ${v.allowed}, reference ${expected}\n${v.summary}`);
          }
    }),
    { numRuns: 300 },
  );
});

test("query and matrix agree on every cell (property)", () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const model = modelFromObjects(scenarioObjects(s));
      const m = computeMatrix(model, { ports: PORTS, by: "pod" });
      m.ports.forEach((k, pi) =>
        m.groups.forEach((sg, si) =>
          m.groups.forEach((dg, di) => {
            const from = resolveEndpoint(model, sg);
            const to = resolveEndpoint(model, dg);
            assert.ok(from.ok && to.ok);
            const v = evaluate(model, { src: from.value.endpoints[0]!, dst: to.value.endpoints[0]!, protocol: k.protocol, port: k.port, selfVia: "service" });
            assert.equal(m.cells[pi]![si]![di], v.allowed ? "allow" : "deny", `${sg} -> ${dg} ${k.protocol}/${k.port}`);
          }),
        ),
      );
    }),
    { numRuns: 200 },
  );
});

test("every denied verdict names the side that denied it and an isolating policy", () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const model = modelFromObjects(scenarioObjects(s));
      for (const src of model.cluster.pods)
        for (const dst of model.cluster.pods) {
          const v = evaluate(model, { src: { kind: "pod", pod: src, ip: src.ips[0] }, dst: { kind: "pod", pod: dst, ip: dst.ips[0] }, protocol: "TCP", port: 80 });
          if (v.allowed) continue;
          const denied = [v.egress, v.ingress].filter((x) => !x.allowed);
          assert.ok(denied.length > 0);
          for (const d of denied) {
            assert.ok(d.isolatedBy.length > 0, d.summary);
            assert.match(d.summary, /isolated for (ingress|egress) by/);
          }
        }
    }),
    { numRuns: 100 },
  );
});
