// Huge kubectl dumps are streamed item by item; the result equals the ordinary parser's.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamJsonList, trimObject } from "../../src/load/stream-json.js";
import { loadInputs } from "../../src/load/inputs.js";
import { DEFAULT_LIMITS } from "../../src/load/parse-yaml.js";
import { generateCluster } from "../../src/bench/generate.js";
import { podwall } from "../helpers/cli.js";
import type { KubeObject } from "../../src/model/object.js";

const dir = mkdtempSync(join(tmpdir(), "podwall-stream-"));

test("stream: the items of a List, each trimmed, at the line it starts on", () => {
  const g = generateCluster({ pods: 400, namespaces: 12, policies: 30, seed: 5 });
  const items: KubeObject[] = [...g.namespaces, ...g.pods, ...g.policies].map((o) => ({ ...o, metadata: { ...(o.metadata as object), managedFields: [{ manager: "x" }], annotations: { big: "y".repeat(3000) } } }));
  // Pretty-printed and over 1 MiB: items cross chunk boundaries; strings hold braces and escapes.
  items[0] = { ...items[0]!, metadata: { ...(items[0]!.metadata as object), labels: { note: "a}b]c\"{" } } };
  const text = JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2);
  assert.ok(text.length > 1 << 20);
  const file = join(dir, "dump.json");
  writeFileSync(file, text);
  const r = streamJsonList(file);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.objects.length, items.length);
  assert.deepEqual(r.objects.map((o) => o.object), items.map((o) => trimObject(JSON.parse(JSON.stringify(o)))));
  const line = text.slice(0, text.indexOf('"kind": "Pod"')).split("\n").length - 2; // the `{` above it
  assert.equal(r.objects[g.namespaces.length]!.locate([]).line, line);
  // Through loadInputs: only when the file is beyond the size limit.
  const small = loadInputs([file], { ...DEFAULT_LIMITS, maxBytes: 1000 });
  assert.equal(small.objects.length, items.length);
  assert.deepEqual(small.diagnostics, []);
});

test("stream: a top-level key cut by the chunk boundary (1 MiB) is still read", () => {
  const head = '{"pad":"';
  const cut = (1 << 20) - 3; // `"items"` starts here: "ite" in the first chunk, "ms" in the next
  const text = `${head}${"a".repeat(cut - head.length - 2)}","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}]}`;
  assert.equal(text.indexOf('"items"'), cut);
  const file = join(dir, "key-cut.json");
  writeFileSync(file, text);
  const r = streamJsonList(file);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.objects.map((o) => o.object), [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }]);
});

test("stream: truncated or non-List dumps get a clear message with file:line, exit 2", () => {
  const cut = join(dir, "cut.json");
  writeFileSync(cut, '{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"a"');
  assert.match(streamJsonList(cut).diagnostics[0]!.message, /ends in the middle/);
  const arr = join(dir, "arr.json");
  writeFileSync(arr, '[1,2]');
  assert.match(streamJsonList(arr).diagnostics[0]!.message, /expected a JSON object/);
  const r = podwall(["validate", "-f", cut, "--max-bytes", "10"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr + r.stdout, /cut\.json:1:\d+: error: .*middle/);
});
