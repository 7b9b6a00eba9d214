// .podwall.yaml: parsing with positions, severities, thresholds, suppressions with reasons.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { findConfig, loadLintConfig } from "../../src/load/config.js";
import { parseLintConfig } from "../../src/analysis/lint/config.js";
import { CHECKS } from "../../src/analysis/lint/registry.js";
import { failing } from "../../src/analysis/lint/run.js";
import { denyAll, docs, lint, ns, pod } from "./fixtures.js";

const parse = (text: string) => parseLintConfig(parseYaml(text, ".podwall.yaml").objects[0]!, CHECKS);

test("config: severities, shorthand, thresholds and suppressions are read", () => {
  const { config, diagnostics } = parse(`lint:
  failOn: warning
  checks:
    ingress-only: off
    redundant-rule: error
    broad-ipblock: {severity: info, ipv4Prefix: 16}
  suppressions:
  - {check: missing-default-deny, namespace: legacy, reason: migrating in Q3}
`);
  assert.deepEqual(diagnostics, []);
  assert.equal(config.failOn, "warning");
  assert.equal(config.checks["ingress-only"]!.severity, "off");
  assert.equal(config.checks["redundant-rule"]!.severity, "error");
  assert.deepEqual(config.checks["broad-ipblock"], { severity: "info", options: { ipv4Prefix: 16 } });
  assert.equal(config.suppressions[0]!.reason, "migrating in Q3");
  assert.equal(config.suppressions[0]!.source?.line, 8);
});

test("config: a suppression without a reason is an error at its line", () => {
  const { diagnostics } = parse("lint:\n  suppressions:\n  - check: broad-ipblock\n    object: NetworkPolicy shop/*\n");
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /needs a `reason`/);
  assert.equal(diagnostics[0]!.source?.line, 3);
});

test("config: unknown checks and settings are errors with a suggestion", () => {
  const { diagnostics } = parse("lint:\n  checks:\n    egress-block-dns: off\n    broad-ipblock: {ipv4prefix: 4}\n  failon: error\n");
  const msgs = diagnostics.map((d) => `${d.source?.line}: ${d.message}`);
  assert.ok(msgs.some((m) => /^3: unknown check "egress-block-dns" \(did you mean egress-blocks-dns\?\)/.test(m)), msgs.join("\n"));
  assert.ok(msgs.some((m) => /^4: check broad-ipblock has no setting "ipv4prefix"/.test(m)), msgs.join("\n"));
  assert.ok(msgs.some((m) => /^5: unknown setting "failon"/.test(m)), msgs.join("\n"));
});

test("config: found upward from the working directory; --config must exist", () => {
  const root = mkdtempSync(join(tmpdir(), "podwall-lint-"));
  const deep = join(root, "a", "b");
  mkdirSync(deep, { recursive: true });
  assert.equal(findConfig(deep), undefined);
  writeFileSync(join(root, ".podwall.yaml"), "lint:\n  failOn: warning\n");
  assert.equal(findConfig(deep), join(root, ".podwall.yaml"));
  assert.equal(loadLintConfig(CHECKS, { cwd: deep }).config.failOn, "warning");
  const missing = loadLintConfig(CHECKS, { cwd: deep, explicit: join(root, "nope.yaml") });
  assert.match(missing.diagnostics[0]!.message, /no such file/);
});

const cluster = docs(ns("shop"), ns("legacy"), pod("shop", "web", { app: "web" }, "10.0.1.1"), pod("legacy", "old", { app: "old" }, "10.0.2.1"), denyAll("shop"));

test("suppressions: matched findings are kept with their reason and do not fail; others still do", () => {
  const { config } = parse("lint:\n  suppressions:\n  - {check: missing-default-deny, namespace: legacy, reason: migrating in Q3}\n  - {check: dns-udp-only, reason: unused on purpose}\n");
  const r = lint(cluster, "missing-default-deny", { config });
  assert.equal(r.findings.length, 1);
  assert.deepEqual(r.findings[0]!.suppressed, { reason: "migrating in Q3" });
  assert.deepEqual(failing(r, "warning"), []);
  assert.deepEqual(r.unusedSuppressions.map((s) => s.check), ["dns-udp-only"]);
  const objectGlob = parse("lint:\n  suppressions:\n  - {check: '*', object: 'Namespace leg*', reason: legacy}\n").config;
  assert.equal(lint(cluster, "missing-default-deny", { config: objectGlob }).findings[0]!.suppressed?.reason, "legacy");
});

test("severities: the config changes the level, or turns a check off", () => {
  const warn = lint(cluster, "missing-default-deny");
  assert.equal(warn.findings[0]!.severity, "warning");
  assert.equal(failing(warn, "error").length, 0);
  assert.equal(failing(warn, "warning").length, 1);
  const asError = lint(cluster, "missing-default-deny", { config: parse("lint:\n  checks:\n    missing-default-deny: error\n").config });
  assert.equal(failing(asError, "error").length, 1);
  const off = lint(cluster, "missing-default-deny", { config: parse("lint:\n  checks:\n    missing-default-deny: off\n").config });
  assert.deepEqual(off.findings, []);
  assert.deepEqual(off.checks, []);
});
