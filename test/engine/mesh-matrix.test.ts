// The matrix and the mesh: computeMatrix's default path (bitset L3/L4 + mesh-matrix.ts) must
// give, cell for cell, evaluate()'s verdict on the Istio conformance cluster with any mix of
// mesh policies (PeerAuthentication scopes and port levels, ALLOW/DENY/dry-run authorization,
// identity and IP fields) and a NetworkPolicy.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { modelFromYaml } from "../helpers/model.js";
import { ROOT } from "../helpers/cli.js";
import { computeMatrix } from "../../src/engine/matrix.js";
import type { PortKey } from "../../src/engine/matrix.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { podEndpoint } from "../../src/engine/endpoint.js";
import { fastAllowedFor } from "../../src/engine/fast-engine.js";
import { meshDecides, withMesh } from "../../src/engine/mesh-matrix.js";
import type { PolicyModel } from "../../src/engine/model.js";
import { podKey } from "../../src/model/cluster.js";
import { lazyMatrix } from "../../src/engine/matrix-lazy.js";
import { summarizeMatrix } from "../../src/engine/matrix-summary.js";

const CLUSTER = readFileSync(join(ROOT, "test/conformance/clusters/istio-mesh.yaml"), "utf8");
const DEMO = readFileSync(join(ROOT, "test/kinds/fixtures/istio-demo-policies.yaml"), "utf8");

const PA = (name: string, ns: string, spec: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
const AP = (name: string, ns: string, spec: string, annotations = "") =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ${name}, namespace: ${ns}${annotations}}\nspec:\n${spec}`;

/** A pool of mesh (and one L3/L4) policies; each run takes a random subset. */
const POOL: string[] = [
  DEMO,
  PA("mesh-strict", "istio-system", "  mtls: {mode: STRICT}"),
  PA("bar-permissive", "bar", "  mtls: {mode: PERMISSIVE}"),
  PA("bar-httpbin-off", "bar", "  selector: {matchLabels: {app: httpbin}}\n  mtls: {mode: DISABLE}"),
  PA("echo-ports", "foo", "  selector: {matchLabels: {app: tcp-echo}}\n  mtls: {mode: STRICT}\n  portLevelMtls: {'9001': {mode: PERMISSIVE}}"),
  PA("ambient-strict", "ambient-demo", "  mtls: {mode: STRICT}"),
  AP("echo-from-bar-curl", "foo", "  selector: {matchLabels: {app: tcp-echo}}\n  action: ALLOW\n  rules:\n  - from: [{source: {principals: [cluster.local/ns/bar/sa/curl]}}]\n    to: [{operation: {ports: ['9000', '9001']}}]"),
  AP("bar-not-others", "bar", "  action: DENY\n  rules:\n  - from: [{source: {notNamespaces: [bar]}}]"),
  AP("no-legacy-ips", "foo", "  action: DENY\n  rules:\n  - from: [{source: {ipBlocks: [10.10.3.0/24]}}]"),
  AP("ambient-own", "ambient-demo", "  action: ALLOW\n  rules:\n  - from: [{source: {namespaces: [ambient-demo, foo]}}]"),
  AP("root-allow-foo", "istio-system", "  action: ALLOW\n  rules:\n  - from: [{source: {namespaces: [foo]}}]"),
  AP("dry-deny-all", "foo", "  action: DENY\n  rules: [{}]", ", annotations: {istio.io/dry-run: 'true'}"),
  AP("dst-ip", "bar", "  action: DENY\n  rules:\n  - when: [{key: destination.ip, values: [10.10.2.11]}]"),
  AP("sa-allow", "foo", "  selector: {matchLabels: {app: late}}\n  action: ALLOW\n  rules:\n  - from: [{source: {serviceAccounts: [curl, bar/curl]}}]"),
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: foo-in, namespace: foo}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: bar}}}]`,
];

const PORTS: PortKey[] = [
  { protocol: "TCP", port: 8000 },
  { protocol: "TCP", port: 9000 },
  { protocol: "TCP", port: 9001 },
  { protocol: "UDP", port: 9003 },
  { protocol: "TCP", port: 8080 },
];

const build = (docs: string[]) => modelFromYaml([CLUSTER, ...docs].join("\n---\n"));

function assertCellsEqualEvaluate(model: PolicyModel, where: string): void {
  const m = computeMatrix(model, { ports: PORTS, by: "pod" });
  const byKey = new Map(model.cluster.pods.map((p) => [podKey(p), p]));
  m.ports.forEach((k, pi) =>
    m.groups.forEach((sg, si) =>
      m.groups.forEach((dg, di) => {
        const s = byKey.get(sg)!;
        const d = byKey.get(dg)!;
        const v = evaluate(model, { src: podEndpoint(model, s), dst: podEndpoint(model, d), protocol: k.protocol, port: k.port, selfVia: "service" });
        const want = v.allowed ? "allow" : "deny";
        if (m.cells[pi]![si]![di] !== want) assert.fail(`${where}: ${sg} -> ${dg} ${k.protocol}/${k.port}: matrix ${m.cells[pi]![si]![di]}, evaluate ${want} (${v.summary})`);
      }),
    ),
  );
}

test("matrix cells equal evaluate() with the demo mesh policies (STRICT foo, HTTP-only ALLOW)", () => {
  const model = build([DEMO]);
  assert.ok(fastAllowedFor(model), "the bitset path is the one under test");
  assert.ok(meshDecides(model));
  assertCellsEqualEvaluate(model, "demo");
  // The mesh changes the answer: plaintext from legacy is rejected by STRICT, and the
  // HTTP-only ALLOW rule denies TCP from bar; the L3/L4 layer alone allows both.
  const m = computeMatrix(model, { ports: [{ protocol: "TCP", port: 8000 }], by: "pod" });
  const cell = (from: string, to: string) => m.cells[0]![m.groups.indexOf(from)]![m.groups.indexOf(to)];
  assert.equal(cell("legacy/curl", "foo/httpbin"), "deny");
  assert.equal(cell("bar/curl", "foo/httpbin"), "deny");
  assert.equal(cell("bar/curl", "bar/httpbin"), "allow");
  assert.equal(cell("legacy/curl", "legacy/httpbin"), "allow");
  const l3l4 = computeMatrix(model, { ports: [{ protocol: "TCP", port: 8000 }], by: "pod", allowed: fastAllowedFor(model)! });
  assert.equal(l3l4.cells[0]![l3l4.groups.indexOf("legacy/curl")]![l3l4.groups.indexOf("foo/httpbin")], "allow");
});

test("without PeerAuthentication or AuthorizationPolicy the mesh adds nothing to the matrix", () => {
  const model = build([]);
  assert.equal(meshDecides(model), false);
  const fast = fastAllowedFor(model)!;
  assert.equal(withMesh(model, fast), fast);
});

test("property: matrix cells == evaluate() for random mixes of mesh policies, every grouping", () => {
  fc.assert(
    fc.property(fc.subarray(POOL.map((_, i) => i), { minLength: 1 }), fc.constantFrom("workload" as const, "namespace" as const), (picked, by) => {
      const model = build(picked.map((i) => POOL[i]!));
      const where = `policies ${picked.join(",")}`;
      assertCellsEqualEvaluate(model, where);
      // Grouped cells too: the default path against the per-pair evaluator.
      const fast = computeMatrix(model, { ports: PORTS, by });
      const slow = computeMatrix(model, { ports: PORTS, by, allowed: (m, s, d, k) => evaluate(m, { src: podEndpoint(m, s), dst: podEndpoint(m, d), protocol: k.protocol, port: k.port, selfVia: "service" }).allowed });
      assert.deepEqual(fast.cells, slow.cells, where);
    }),
    { numRuns: 40 },
  );
});

test("matrix --out (lazy rows) and --summary (counts) see the mesh too", () => {
  const model = build([DEMO, POOL[6]!, POOL[7]!]);
  const evalAllowed = (s: (typeof model.cluster.pods)[0], d: (typeof model.cluster.pods)[0], k: PortKey) =>
    evaluate(model, { src: podEndpoint(model, s), dst: podEndpoint(model, d), protocol: k.protocol, port: k.port, selfVia: "service" }).allowed;
  const full = computeMatrix(model, { ports: PORTS, by: "workload" });
  const lazy = lazyMatrix(model, { ports: PORTS, by: "workload" });
  full.ports.forEach((_, pi) => full.groups.forEach((_, si) => assert.deepEqual(lazy.row(pi, si), full.cells[pi]![si])));
  const sum = summarizeMatrix(model, { ports: PORTS, by: "namespace" });
  let want = 0;
  for (const k of PORTS) for (const s of model.cluster.pods) for (const d of model.cluster.pods) if (evalAllowed(s, d, k)) want++;
  assert.equal(sum.allowedPairs, want);
  const foo = sum.groups.find((g) => g.group === "foo")!;
  let fooIn = 0;
  for (const k of PORTS) for (const s of model.cluster.pods) for (const d of model.cluster.pods) if (d.namespace === "foo" && evalAllowed(s, d, k)) fooIn++;
  assert.equal(foo.inbound, fooIn);
});
