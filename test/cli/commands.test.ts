import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podwall, ROOT } from "../helpers/cli.js";

test("demo: shows the matrix, the DNS mistake with its trace, and what to run next", () => {
  const r = podwall(["demo"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rows: from, columns: to/);
  assert.match(r.stdout, /isolated for egress by backend-egress/);
  assert.match(r.stdout, /podwall explain -f/);
});

test("matrix: formats agree with each other", () => {
  const json = JSON.parse(podwall(["matrix", "-f", "examples/demo", "--by", "workload", "--port", "8080", "-o", "json"]).stdout);
  const csv = podwall(["matrix", "-f", "examples/demo", "--by", "workload", "--port", "8080", "-o", "csv"]).stdout.trim().split("\n").slice(1);
  const cells = json.ports[0].cells;
  assert.equal(cells["shop/frontend"]["shop/backend"], "allow");
  assert.equal(cells["shop/backend"]["shop/frontend"], "deny");
  for (const line of csv) {
    const [, , s, d, v] = line.split(",");
    assert.equal(cells[s!][d!], v, line);
  }
  const md = podwall(["matrix", "-f", "examples/demo", "--by", "namespace", "--port", "53/UDP", "-o", "md"]);
  assert.match(md.stdout, /\| UDP\/53 \| kube-system \| monitoring \| shop \|/);
  assert.match(md.stdout, /\| \*\*shop\*\* \| ~ \|/, "some shop pods may reach DNS, some not");
});

test("explain: groups pods and says what applies in words", () => {
  const r = podwall(["explain", "-f", "examples/demo"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /shop\/db-0\n\s+ingress: ISOLATED; selected by .*db-ingress/);
  assert.match(r.stdout, /egress: not isolated, no policy selects these pods/);
  const j = JSON.parse(podwall(["explain", "-f", "examples/demo", "-o", "json"]).stdout);
  const backend = j.groups.find((g: { pods: string[] }) => g.pods.some((p) => p.startsWith("shop/backend")));
  assert.equal(backend.egress.isolated, true);
  assert.equal(backend.pods.length, 2);
});

test("profiles: lists every setting with what it does", () => {
  const r = podwall(["profiles"]);
  assert.equal(r.code, 0);
  for (const s of ["generic", "ipBlockMatchesPodIPs", "ownNodeToPod", "hostNetworkPods", "podToItself"]) assert.ok(r.stdout.includes(s), s);
});

test("profiles: an unknown -o is refused (exit 2), as every other command refuses it", () => {
  const r = podwall(["profiles", "-o", "yaml"]);
  assert.equal(r.code, 2, r.stdout);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /-o "yaml": expected one of text, json/);
});

test("conformance: PASS/FAIL lines, the differing cells with the engine's explanation, and the totals", () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-case-"));
  const good = readFileSync(join(ROOT, "test/conformance/kubernetes/001-default-deny-ingress.yaml"), "utf8").replace("../clusters/standard.yaml", join(ROOT, "test/conformance/clusters/standard.yaml"));
  writeFileSync(join(dir, "a.yaml"), good);
  // The same facts with one cell flipped: the engine must disagree, and say why.
  const lines = good.split("\n");
  const row = lines.findIndex((l) => /^\s+y\/b\s/.test(l));
  lines[row] = lines[row]!.replace(/^(\s+y\/b\s+)(\S)/, (_, p, c) => p + (c === "X" ? "." : "X"));
  writeFileSync(join(dir, "b.yaml"), lines.join("\n").replace(/^name: .*/m, "name: flipped"));
  writeFileSync(join(dir, "c.yaml"), "name: broken\ncluster: nowhere.yaml\nprobes: []\n");
  const r = podwall(["conformance", dir]);
  assert.equal(r.code, 1);
  const out = r.stdout.trim().split("\n");
  assert.equal(out.at(-1), "1 passed, 2 failed");
  assert.ok(out.includes("PASS default-deny-ingress"));
  assert.ok(out.some((l) => l.startsWith("FAIL flipped")));
  assert.match(r.stdout, /y\/b -> x\/a TCP\/80: expected (allow|deny), got (allow|deny)/);
  assert.match(r.stdout, /ingress: denied — x\/a is isolated for ingress by deny-ingress|ingress: allowed/);
  assert.ok(out.some((l) => l.startsWith("FAIL broken")));
});
