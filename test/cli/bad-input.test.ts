// Bad input gets a clear message and exit code 2: never a stack trace, never a hang.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podwall } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "podwall-bad-"));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

function refuses(path: string, pattern: RegExp, extra: string[] = []) {
  const r = podwall(["validate", "-f", path, ...extra], { timeoutMs: 60_000 });
  assert.equal(r.code, 2, `${path}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout + r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
}

test("a YAML alias bomb is refused", () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) lines.push(`${"abcdefghi"[i]}: &${"abcdefghi"[i]} [${Array(9).fill(`*${"abcdefghi"[i - 1]}`).join(",")}]`);
  refuses(file("bomb.yaml", lines.join("\n")), /alias bomb/);
});

test("a file over the size limit is refused before it is read", () => {
  const p = join(dir, "huge.yaml");
  const fd = openSync(p, "w");
  const chunk = Buffer.alloc(1024 * 1024, "#");
  for (let i = 0; i < 50; i++) writeSync(fd, chunk);
  closeSync(fd);
  refuses(p, /more than the limit of 1048576/, ["--max-bytes", "1048576"]);
});

function junk(name: string, bytes: number): string {
  const p = join(dir, name);
  const fd = openSync(p, "w");
  const chunk = Buffer.from("this is not: [a kubernetes object\n".repeat(30000));
  for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
  return p;
}

test("a 50 MB file is refused by the default size limit, at once", () => {
  refuses(junk("junk50.yaml", 50 * 1024 * 1024), /more than the limit of 33554432/);
});

test("text that makes the parser crawl is stopped by the parse deadline", () => {
  refuses(junk("junk8.yaml", 8 * 1024 * 1024), /parsing stopped after 1 s near line \d+/, ["--max-parse-seconds", "1"]);
});

test("binary garbage is refused", () => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
  refuses(file("garbage.bin", bytes), /binary/);
});

test("empty input is refused", () => {
  refuses(file("empty.yaml", ""), /no Kubernetes objects/);
  refuses(file("comments.yaml", "# nothing here\n---\n"), /no Kubernetes objects/);
});

test("a missing path is refused", () => {
  refuses(join(dir, "does-not-exist.yaml"), /no such file/);
});

test("deep nesting is refused", () => {
  refuses(file("deep.yaml", `a: ${"[".repeat(50000)}${"]".repeat(50000)}`), /nested too deeply|invalid YAML/);
});

test("invalid CIDRs, selectors and ports are errors with file:line:col", () => {
  const p = file(
    "policy.yaml",
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: x}
spec:
  podSelector: {matchExpressions: [{key: app, operator: Maybe}]}
  ingress:
  - from: [{ipBlock: {cidr: 300.0.0.0/8}}]
    ports: [{port: 0}]
`,
  );
  const r = podwall(["validate", "-f", p]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /policy\.yaml:5:\d+: error: .*spec\.podSelector\.matchExpressions\[0\]\.operator: operator must be one of/);
  assert.match(r.stdout, /policy\.yaml:7:\d+: error: .*ipBlock\.cidr: "300\.0\.0\.0\/8" is not a valid CIDR/);
  assert.match(r.stdout, /policy\.yaml:8:\d+: error: .*ports\[0\]\.port: port 0 is out of range/);
  assert.match(r.stdout, /3 error\(s\)/);
  const q = podwall(["matrix", "-f", p]);
  assert.equal(q.code, 2, "other commands refuse invalid input the same way");
  assert.match(q.stderr, /nothing was evaluated/);
});

test("unknown kinds are counted once, not an error", () => {
  const p = file("mixed.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: c}\n");
  const r = podwall(["validate", "-f", p]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /2 object\(s\) of kind v1 ConfigMap not read/);
  assert.match(r.stdout, /1 object\(s\) of kind example\.com\/v1 Widget not read/);
});

test("stdin is read with -f -", () => {
  const r = podwall(["validate", "-f", "-"], { input: "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 error\(s\)/);
});
