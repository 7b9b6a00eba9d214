// serve and report from the command line: bad input stops with file:line and exit 2; the
// report is one self-contained file with a strict CSP and script-safe data.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podwall } from "../helpers/cli.js";
import { scriptSafeJson } from "../../src/web/server/page.js";

test("report --html writes one self-contained page", () => {
  const out = join(mkdtempSync(join(tmpdir(), "podwall-report-")), "demo.html");
  const r = podwall(["report", "--html", out, "-f", "examples/demo"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*demo\.html/);
  const html = readFileSync(out, "utf8");
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
  assert.ok(!/<(script|link|img|iframe)\b[^>]*\s(src|href)=/i.test(html), "nothing is loaded from elsewhere");
  assert.equal((html.match(/<script\b/g) ?? []).length, 3, "data, worker source, app");
  assert.match(html, /kind: NetworkPolicy/, "the input texts are embedded");
});

test("serve and report: bad input is refused with file:line and exit 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-bad-"));
  writeFileSync(join(dir, "bad.yaml"), "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: a}\nspec:\n  podSelector: {}\n  policyTypes: [Sideways]\n");
  for (const args of [["report", "--html", join(dir, "out.html")], ["serve", "--port", "0"]]) {
    const r = podwall([...args, "-f", dir]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /bad\.yaml:\d+:\d+/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  assert.equal(podwall(["report", "-f", "examples/demo"]).code, 2);
  assert.equal(podwall(["serve", "--port", "99999", "-f", "examples/demo"]).code, 2);
});

test("embedded JSON cannot close its script element", () => {
  const s = scriptSafeJson({ a: "</script><script>alert(1)</script><!--" });
  assert.doesNotMatch(s, /</);
  assert.deepEqual(JSON.parse(s), { a: "</script><script>alert(1)</script><!--" });
});
