// podwall lint from the command line: exit codes with --fail-on, config discovery and errors,
// output formats, and the well-kept example linting clean (except kube-system itself).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podwall, ROOT } from "../helpers/cli.js";
import { docs, denyAll, allowDns, ns, pod } from "./fixtures.js";

const WELL_KEPT = join(ROOT, "examples/well-kept");

test("well-kept example: every finding concerns kube-system itself", () => {
  const r = podwall(["lint", "-f", WELL_KEPT, "-o", "json", "--no-config"]);
  const j = JSON.parse(r.stdout);
  assert.ok(j.findings.length > 0, "kube-system is left open on purpose");
  for (const f of j.findings) assert.ok(f.object.namespace === "kube-system" || (f.object.kind === "Namespace" && f.object.name === "kube-system"), `${f.check} ${f.object.ref}: ${f.message}`);
  // With its .podwall.yaml (found upward from the working directory) it is clean.
  const clean = podwall(["lint", "-f", "."], { cwd: WELL_KEPT });
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /0 error\(s\), 0 warning\(s\), 0 info, 3 suppressed/);
  assert.match(clean.stderr, /using config .*\.podwall\.yaml/);
});

test("exit codes: 1 on errors; warnings fail only with --fail-on warning", () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-lint-cli-"));
  // Warnings only: kube-system missing, shop locked down with DNS, but no egress rule of its own.
  const warnOnly = join(dir, "warn.yaml");
  writeFileSync(warnOnly, docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1"), denyAll("shop"), allowDns("shop"), `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - {}\n`));
  const w = podwall(["lint", "-f", warnOnly, "--no-config"]);
  assert.equal(w.code, 0, w.stdout + w.stderr);
  assert.match(w.stdout, /warning \[allow-all-rule\]/);
  assert.equal(podwall(["lint", "-f", warnOnly, "--fail-on", "warning", "--no-config"]).code, 1);
  const errors = join(dir, "err.yaml");
  writeFileSync(errors, docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1"), denyAll("shop")));
  const e = podwall(["lint", "-f", errors, "-o", "sarif", "--no-config"]);
  assert.equal(e.code, 1);
  assert.ok(JSON.parse(e.stdout).runs[0].results.some((r: { ruleId: string }) => r.ruleId === "egress-blocks-dns"));
});

test("bad input: a config error names file:line and exits 2; so do bad options", () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-lint-cfg-"));
  const cfg = join(dir, ".podwall.yaml");
  const input = join(dir, "c.yaml");
  writeFileSync(cfg, "lint:\n  suppressions:\n  - check: broad-ipblock\n");
  writeFileSync(input, docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1")));
  // The helper runs tsx, which resolves from the working directory: stay in the repository.
  const r = podwall(["lint", "-f", input, "--config", cfg]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.podwall\.yaml:3:\d+: error: .*needs a `reason`/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, "no stack trace");
  assert.equal(podwall(["lint", "-f", input, "-o", "xml", "--no-config"]).code, 2);
  assert.equal(podwall(["lint", "-f", input, "--fail-on", "info", "--no-config"]).code, 2);
  const missing = podwall(["lint", "-f", input, "--config", join(dir, "nope.yaml")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: error: cannot read config: no such file/);
});
