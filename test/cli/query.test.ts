import { test } from "node:test";
import assert from "node:assert/strict";
import { podwall } from "../helpers/cli.js";

const DEMO = "examples/demo";

test("query: allowed exits 0 and prints both sides with file:line", () => {
  const r = podwall(["query", "-f", DEMO, "--from", "shop/frontend", "--to", "shop/backend", "--port", "8080"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ALLOWED/);
  assert.match(r.stdout, /frontend-egress spec\.egress\[0\] allows .* \[.*policies\.yaml:\d+:\d+\]/);
  assert.match(r.stdout, /backend-ingress spec\.ingress\[0\] allows/);
});

test("query: denied exits 1 and reveals the missing DNS rule", () => {
  const r = podwall(["query", "-f", DEMO, "--from", "shop/backend-5b8d7f6c4-h7mzn", "--to", "kube-system/k8s-app=kube-dns", "--port", "53/UDP"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /DENIED/);
  assert.match(r.stdout, /isolated for egress by backend-egress, default-deny-all/);
});

test("query: JSON output carries the verdict and the trace", () => {
  const r = podwall(["query", "-f", DEMO, "--from", "monitoring/prometheus-0", "--to", "shop/db-0", "--port", "9187", "-o", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.verdicts.length, 1);
  assert.equal(j.verdicts[0].allowed, true);
  assert.equal(j.verdicts[0].ingress.steps[0].policy.name, "allow-metrics-scrape");
});

test("query: an address outside the cluster as the source", () => {
  const r = podwall(["query", "-f", DEMO, "--from", "198.51.100.7", "--to", "shop/frontend", "--port", "8080"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /outside the cluster/);
});

test("query: bad input exits 2 with a message, never a stack trace", () => {
  for (const args of [
    ["--from", "shop/nobody", "--to", "shop/db-0", "--port", "80"],
    ["--from", "shop/frontend", "--to", "shop/db-0", "--port", "80/ICMP"],
    ["--from", "shop/frontend", "--to", "shop/db-0", "--port", "99999"],
    ["--from", "shop/frontend", "--to", "shop/db-0", "--port", "80", "--cni", "nonesuch"],
    ["--from", "shop/frontend", "--to", "shop/db-0"],
  ]) {
    const r = podwall(["query", "-f", DEMO, ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
});
