import { test } from "node:test";
import assert from "node:assert/strict";
import { parseYaml } from "../../src/load/parse-yaml.js";

test("positions: fields, list items, numeric keys, and the nearest ancestor for absent fields", () => {
  const text = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: foo}
spec:
  portLevelMtls:
    8000:
      mode: DISABLE
  extra: [a, b]
`;
  const [o] = parseYaml(text, "pa.yaml").objects;
  assert.ok(o);
  assert.deepEqual(o.locate(["spec", "portLevelMtls", "8000", "mode"]), { file: "pa.yaml", line: 7, col: 7 });
  assert.equal(o.locate(["spec", "extra", 1]).line, 8);
  assert.equal(o.locate(["spec", "nope", "deeper"]).line, 4, "absent: the deepest field that exists");
});

test("kind: List items keep their own positions", () => {
  const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: a}
- apiVersion: v1
  kind: Namespace
  metadata:
    name: b
`;
  const r = parseYaml(text, "list.yaml");
  assert.equal(r.objects.length, 2);
  assert.equal(r.objects[1]!.locate(["metadata", "name"]).line, 10);
});

test("JSON is read with positions too", () => {
  const r = parseYaml('{"apiVersion": "v1", "kind": "Namespace",\n "metadata": {"name": "x"}}', "ns.json");
  assert.equal(r.objects.length, 1);
  assert.equal(r.objects[0]!.locate(["metadata", "name"]).line, 2);
});

test("YAML errors carry line and column", () => {
  const r = parseYaml("a: [1, 2\nb: c\n", "bad.yaml");
  assert.ok(r.diagnostics.length > 0);
  assert.equal(r.diagnostics[0]!.severity, "error");
  assert.ok(r.diagnostics[0]!.source!.line >= 1);
  assert.match(r.diagnostics[0]!.message, /invalid YAML/);
});
