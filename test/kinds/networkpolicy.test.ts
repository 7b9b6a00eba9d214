import { test } from "node:test";
import assert from "node:assert/strict";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { networkPolicy, policyTypes } from "../../src/kinds/networkpolicy.js";
import fc from "fast-check";
import { policyArb } from "../helpers/random.js";
import { unlocated } from "../../src/model/object.js";

function diagnostics(yaml: string) {
  const parsed = parseYaml(yaml, "p.yaml");
  assert.equal(parsed.diagnostics.length, 0);
  return compileObjects(parsed.objects).diagnostics;
}

const np = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
${spec}`;

test("every validation error is reported at once, with line, column and field path", () => {
  const d = diagnostics(
    np(`  podSelector: {matchExpressions: [{key: app, operator: In}]}
  policyTypes: [Ingress, Sideways]
  ingress:
  - ports:
    - {port: 80, endPort: 79}
    - {port: 70000}
    - {port: "Bad_Name"}
    - {endPort: 90}
    - {protocol: ICMP}
    from:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8, 192.168.0.0/16]}
    - ipBlock: {cidr: not-a-cidr}
    - {}
    - namespaceSelector: {matchLabels: {"bad key!": x}}
      ipBlock: {cidr: 10.0.0.0/8}`),
  );
  const byPath = new Map(d.map((x) => [x.path, x]));
  const expect = (path: string, line: number, re: RegExp) => {
    const x = byPath.get(path);
    assert.ok(x, `no diagnostic at ${path}; got ${[...byPath.keys()].join(", ")}`);
    assert.equal(x.source?.line, line, path);
    assert.match(x.message, re);
  };
  expect("spec.podSelector.matchExpressions[0].values", 5, /non-empty when operator is In/);
  expect("spec.policyTypes[1]", 6, /Ingress" or "Egress"/);
  expect("spec.ingress[0].ports[0].endPort", 9, /greater than or equal to port 80/);
  expect("spec.ingress[0].ports[1].port", 10, /out of range/);
  expect("spec.ingress[0].ports[2].port", 11, /named port/);
  expect("spec.ingress[0].ports[3].endPort", 12, /port is not specified/);
  expect("spec.ingress[0].ports[4].protocol", 13, /TCP, UDP, SCTP/);
  expect("spec.ingress[0].from[0].ipBlock.except[0]", 15, /strict subset/);
  expect("spec.ingress[0].from[1].ipBlock.cidr", 16, /not a valid CIDR/);
  expect("spec.ingress[0].from[2]", 17, /must specify a peer/);
  expect("spec.ingress[0].from[3].ipBlock", 19, /may not specify both/);
  assert.ok(d.some((x) => x.path === 'spec.ingress[0].from[3].namespaceSelector.matchLabels["bad key!"]'));
  assert.ok(d.some((x) => x.path === "spec.ingress[0].from[0].ipBlock.except[1]"), "192.168.0.0/16 lies outside 10.0.0.0/8");
  assert.equal(d.filter((x) => x.severity === "error").length, 13);
});

test("a valid policy has no diagnostics, and host bits are only a warning", () => {
  assert.deepEqual(diagnostics(np(`  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]`)), []);
  const d = diagnostics(np(`  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.1/8}}]`));
  assert.equal(d.length, 1);
  assert.equal(d[0]!.severity, "warning");
});

test("policyTypes defaulting: [Ingress] plus Egress iff there are egress rules (property)", () => {
  fc.assert(
    fc.property(policyArb, (spec) => {
      const types = policyTypes(spec as never);
      const declared = spec.policyTypes as string[] | undefined;
      const egressRules = ((spec.egress as unknown[] | undefined) ?? []).length;
      const expected = declared && declared.length ? declared : egressRules > 0 ? ["Ingress", "Egress"] : ["Ingress"];
      assert.deepEqual(types, expected);
      const [ir] = networkPolicy.compile(unlocated({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "p", namespace: "x" }, spec }), { cluster: undefined as never, objects: [] });
      assert.equal(ir!.ingress !== undefined, expected.includes("Ingress"));
      assert.equal(ir!.egress !== undefined, expected.includes("Egress"));
    }),
    { numRuns: 500 },
  );
});

test("empty and absent lists compile the same way", () => {
  const compile = (spec: object) => networkPolicy.compile(unlocated({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "p", namespace: "x" }, spec }), { cluster: undefined as never, objects: [] })[0]!;
  const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === "source" ? undefined : v)));
  assert.deepEqual(strip(compile({ ingress: [{ from: [], ports: [] }] }).ingress), strip(compile({ ingress: [{}] }).ingress));
  assert.deepEqual(strip(compile({ ingress: [] }).ingress), strip(compile({}).ingress));
});
