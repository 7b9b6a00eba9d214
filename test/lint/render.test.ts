// SARIF 2.1.0 structure, JUnit, JSON and text renderings of lint results.

import { test } from "node:test";
import assert from "node:assert/strict";
import { renderSarif } from "../../src/render/sarif.js";
import { renderLintJUnit } from "../../src/render/lint-junit.js";
import { renderJUnit } from "../../src/render/junit.js";
import { renderLintJson } from "../../src/render/lint-json.js";
import { renderLintText } from "../../src/render/lint-text.js";
import { parseLintConfig } from "../../src/analysis/lint/config.js";
import { CHECKS } from "../../src/analysis/lint/registry.js";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { coredns, denyAll, docs, lint, lineOf, np, ns, pod } from "./fixtures.js";

const yaml = docs(ns("kube-system"), coredns(), ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1"), denyAll("shop"), np("shop", "open", "  podSelector: {}\n  ingress:\n  - {}"));
const config = parseLintConfig(parseYaml("lint:\n  suppressions:\n  - {check: missing-default-deny, namespace: kube-system, reason: platform team}\n", ".podwall.yaml").objects[0]!, CHECKS).config;
const result = lint(yaml, undefined, { config });

test("SARIF: version, schema, rules with help, results with ruleId and physical locations", () => {
  const s = JSON.parse(renderSarif(result));
  assert.equal(s.version, "2.1.0");
  assert.match(s.$schema, /sarif-2\.1\.0/);
  const driver = s.runs[0].tool.driver;
  assert.equal(driver.name, "podwall");
  assert.equal(driver.rules.length, result.checks.length);
  for (const r of driver.rules) {
    assert.ok(CHECKS.some((c) => c.id === r.id));
    assert.ok(r.help.text.length > 20 && r.shortDescription.text && r.fullDescription.text);
    assert.ok(["error", "warning", "note"].includes(r.defaultConfiguration.level));
  }
  assert.equal(s.runs[0].results.length, result.findings.length);
  for (const res of s.runs[0].results) {
    assert.ok(driver.rules[res.ruleIndex].id === res.ruleId);
    assert.ok(["error", "warning", "note"].includes(res.level));
    assert.ok(res.message.text.length > 0);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, "fixture.yaml");
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
  }
  const allowAll = s.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "allow-all-rule");
  assert.equal(allowAll.locations[0].physicalLocation.region.startLine, lineOf(yaml, "  - {}"));
  const suppressed = s.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
  assert.equal(suppressed.length, 1);
  assert.deepEqual(suppressed[0].suppressions[0], { kind: "external", status: "accepted", justification: "platform team" });
});

test("JUnit: a suite per check, failures per finding, suppressed findings skipped", () => {
  const xml = renderLintJUnit(result, "warning");
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="podwall lint"/);
  assert.equal((xml.match(/<testsuite /g) ?? []).length, result.checks.length);
  const active = result.findings.filter((f) => !f.suppressed).length;
  assert.equal((xml.match(/<failure /g) ?? []).length, active);
  assert.match(xml, /<skipped message="suppressed: platform team"\/>/);
  assert.match(xml, /<testcase name="no findings" classname="redundant-rule"\/>/);
  // Below --fail-on: reported, but not a failure.
  assert.equal((renderLintJUnit(result, "error").match(/<failure /g) ?? []).length, result.findings.filter((f) => !f.suppressed && f.severity === "error").length);
});

test("JUnit (generic): escapes text, counts tests, failures and skips", () => {
  const xml = renderJUnit([{ name: "intent <a&b>", cases: [{ name: 'x "y"', failure: { message: "denied <here>" } }, { name: "ok" }, { name: "later", skipped: "not yet" }] }], "assert");
  assert.match(xml, /<testsuites name="assert" tests="3" failures="1" errors="0" skipped="1">/);
  assert.match(xml, /<testsuite name="intent &lt;a&amp;b&gt;"/);
  assert.match(xml, /<testcase name="x &quot;y&quot;"/);
  assert.match(xml, /<failure message="denied &lt;here&gt;">denied &lt;here&gt;<\/failure>/);
});

test("JSON and text: every finding names its check, object and file:line", () => {
  const j = JSON.parse(renderLintJson(result));
  assert.equal(j.findings.length, result.findings.length);
  for (const f of j.findings) assert.ok(f.check && f.object.ref && f.file === "fixture.yaml" && f.line >= 1 && f.message);
  assert.equal(j.summary.suppressed, 1);
  const text = renderLintText(result);
  assert.match(text, new RegExp(`fixture\\.yaml:${lineOf(yaml, "  - {}")}:\\d+: warning \\[allow-all-rule\\] NetworkPolicy shop/open: `));
  assert.match(text, /Suppressed by \.podwall\.yaml:\n  fixture\.yaml:\d+:\d+: \[missing-default-deny\] Namespace kube-system — platform team/);
});
