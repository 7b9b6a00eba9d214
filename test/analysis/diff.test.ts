import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffModels, hasNewExposure } from "../../src/analysis/diff.js";
import { podwall, ROOT } from "../helpers/cli.js";

/** podwall run inside another folder (a scratch git repo): tsx is loaded from this checkout. */
function podwallIn(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, join(ROOT, "src/cli/run.ts"), ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
import { BASE, load, pod } from "./fixtures.js";

const OPEN_API = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-open, namespace: pay}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{}]
---`;

test("no change, no diff", () => {
  const d = diffModels(load(BASE).model, load(BASE).model);
  assert.equal(d.changes.length, 0);
  assert.equal(hasNewExposure(d), false);
});

test("an allow-all ingress rule: newly exposed, new cross-namespace access, with the rule behind it", () => {
  const d = diffModels(load(BASE).model, load(`${BASE}\n${OPEN_API}`).model);
  assert.ok(d.changes.every((c) => c.kind === "allowed"));
  assert.deepEqual(d.summaries.newlyExposed.map((c) => `${c.to} ${c.protocol}/${c.port}`), ["pay/api TCP/8443"]);
  assert.deepEqual(d.summaries.newCrossNamespace.map((c) => `${c.from}->${c.to}`), ["kube-system/dns->pay/api"]);
  assert.ok(d.summaries.newCrossNamespace[0]!.now.rules.some((r) => r.policy === "NetworkPolicy pay/api-open" && /test\.yaml:\d+/.test(r.at)));
  assert.match(d.summaries.newCrossNamespace[0]!.before, /DENIED/);
  assert.equal(hasNewExposure(d), true);
});

test("removing the DNS rule: DNS newly blocked; added pods are not flow changes", () => {
  const noDns = BASE.replace(/---\napiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\nmetadata: \{name: dns[\s\S]*$/, "---\n");
  const d = diffModels(load(BASE).model, load(`${noDns}\n${pod("app", "extra", "10.0.2.9", { app: "x" }, [[80]])}`).model);
  assert.deepEqual(d.summaries.dnsNewlyBlocked.map((c) => `${c.from} ${c.protocol}/${c.port}`).sort(), ["pay/api TCP/53", "pay/api UDP/53"]);
  assert.deepEqual(d.pods.added, ["app/extra"]);
  assert.ok(!d.changes.some((c) => c.from === "app/extra" || c.to === "app/extra"));
  assert.equal(hasNewExposure(d), false);
});

test("kube-system newly reachable beyond DNS, and egress to the internet", () => {
  const openEgress = `${BASE}\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: pay}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n`;
  const d = diffModels(load(BASE).model, load(openEgress).model);
  assert.deepEqual(d.summaries.kubeSystemNewlyReachable.map((c) => `${c.from}->${c.to} ${c.port}`), ["pay/api->kube-system/dns 9153"]);
  assert.deepEqual(d.summaries.newlyReachesInternet.map((c) => c.from), ["pay/api"]);
});

test("podwall diff: paths, REV:PATH and REV with -f read through git; --fail-on-new-exposure", () => {
  const paths = podwall(["diff", "--base", "examples/demo", "--head", "test/analysis/data/demo-head", "-o", "json"]);
  assert.equal(paths.code, 0, paths.stderr);
  const j = JSON.parse(paths.stdout);
  assert.equal(j.newExposure, true);
  assert.ok(j.summaries.newCrossNamespace.some((c: { from: string; to: string }) => c.from === "monitoring/prometheus-0" && c.to === "shop/db-0"));

  const repo = mkdtempSync(join(tmpdir(), "podwall-diff-"));
  const sh = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
  sh("init", "-q");
  sh("config", "user.email", "t@example.com");
  sh("config", "user.name", "t");
  mkdirSync(join(repo, "deploy"));
  writeFileSync(join(repo, "deploy", "all.yaml"), BASE);
  sh("add", ".");
  sh("commit", "-q", "-m", "base");
  writeFileSync(join(repo, "deploy", "all.yaml"), `${BASE}\n${OPEN_API}`);
  const rev = podwallIn(repo, ["diff", "--base", "HEAD", "-f", "deploy", "--fail-on-new-exposure"]);
  assert.equal(rev.code, 1, rev.stderr);
  assert.match(rev.stdout, /Newly reachable from outside the cluster \| \*\*1\*\*/);
  assert.match(rev.stdout, /deploy\/all\.yaml:\d+/);
  const revPath = podwallIn(repo, ["diff", "--base", "HEAD:deploy", "--head", "HEAD:deploy/all.yaml"]);
  assert.equal(revPath.code, 0, revPath.stderr);
  assert.match(revPath.stdout, /All newly allowed \/ newly blocked \| 0 \/ 0/);
  const badRev = podwallIn(repo, ["diff", "--base", "nope", "-f", "deploy"]);
  assert.equal(badRev.code, 2);
  assert.match(badRev.stderr, /"nope" is not a git revision/);
  assert.equal(podwallIn(repo, ["diff", "--base", "HEAD:missing", "-f", "deploy"]).code, 2);
  // Files read from git go through the same input limits and checks as files on disk.
  const tooBig = podwallIn(repo, ["diff", "--base", "HEAD:deploy", "-f", "deploy", "--max-bytes", "100"]);
  assert.equal(tooBig.code, 2);
  assert.match(tooBig.stderr, /--base:\n.*all\.yaml:1:1: error: file is \d+ bytes, more than the limit of 100/);
  writeFileSync(join(repo, "empty.yaml"), "# nothing\n");
  sh("add", ".");
  sh("commit", "-q", "-m", "empty");
  const empty = podwallIn(repo, ["diff", "--base", "HEAD:empty.yaml", "-f", "deploy"]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no Kubernetes objects found in .*empty\.yaml \(empty input\)/);
});
