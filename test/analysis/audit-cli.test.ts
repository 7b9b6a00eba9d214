import { test } from "node:test";
import assert from "node:assert/strict";
import { podwall } from "../helpers/cli.js";
import { escapeHtml, docToHtml } from "../../src/render/doc.js";

test("podwall audit -o json: every figure lists the pods behind it", () => {
  const r = podwall(["audit", "-f", "examples/demo", "-o", "json", "--scope", "team=shop"]);
  assert.equal(r.code, 0, r.stderr);
  const { audit, compliance } = JSON.parse(r.stdout);
  for (const k of ["internet", "metadata", "kubeSystem", "exposed"]) assert.equal(audit.figures[k].count, audit.figures[k].items.length);
  assert.equal(audit.figures.flows.allowed, audit.allowedFlows.length);
  assert.deepEqual(compliance.scope.namespaces, ["shop"]);
  assert.equal(compliance.controls.length, 7);
});

test("podwall audit: markdown by default, html escaped, bad scope is exit 2", () => {
  const md = podwall(["audit", "-f", "examples/demo"]);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /^# podwall audit/);
  assert.match(md.stdout, /\| PCI-DSS \| 4\.2\.1 \|/);
  const html = podwall(["audit", "-f", "examples/demo", "-o", "html"]);
  assert.match(html.stdout, /^<!doctype html>/);
  const bad = podwall(["audit", "-f", "examples/demo", "--scope", "a=b=c"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--scope/);
});

test("html rendering escapes user strings", () => {
  assert.equal(escapeHtml(`<x a="1">&'`), "&lt;x a=&quot;1&quot;&gt;&amp;&#39;");
  const page = docToHtml("t", [{ type: "table", header: ["<h>"], rows: [["<script>alert(1)</script>"]] }]);
  assert.ok(!page.includes("<script>"));
});
