import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAssertions } from "../../src/load/assertions.js";

test("the assert file is read like the inputs: aliases resolve to their values", () => {
  const r = parseAssertions(`- from: &web app/web\n  to: *web\n  port: 80\n  expect: allow\n`, "a.yaml");
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.assertions[0]!.to, "app/web");
});

test("the assert file is read like the inputs: alias bombs, binary text and size are refused", () => {
  let bomb = "x0: &x0 [a, a, a, a, a, a, a, a, a]\n";
  for (let i = 1; i < 9; i++) bomb += `x${i}: &x${i} [${Array(9).fill(`*x${i - 1}`).join(", ")}]\n`;
  const r = parseAssertions(`assertions:\n  - {from: a, to: b, port: 1, expect: allow}\nextra:\n${bomb.replace(/^/gm, "  ")}`, "bomb.yaml");
  assert.equal(r.assertions.length, 0);
  assert.match(r.diagnostics[0]!.message, /alias bomb/);
  assert.match(parseAssertions("\u0000\u0001", "bin.yaml").diagnostics[0]!.message, /binary/);
  assert.match(parseAssertions(`- {from: a, to: b, port: 1, expect: allow}\n${"#".repeat(33 * 1024 * 1024)}\n`, "big.yaml").diagnostics[0]!.message, /more than the limit/);
});

test("the assert file holds one document", () => {
  const r = parseAssertions(`- {from: a, to: b, port: 1, expect: allow}\n---\n- {from: a, to: b, port: 1, expect: allow}\n`, "two.yaml");
  assert.equal(r.assertions.length, 0);
  assert.equal(r.diagnostics[0]!.source!.line, 2);
  assert.match(r.diagnostics[0]!.message, /must hold one YAML document/);
});
