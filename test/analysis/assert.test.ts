import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkIntent } from "../../src/analysis/assert.js";
import type { Intent } from "../../src/analysis/assert.js";
import { resolveSpec } from "../../src/analysis/endpoint-spec.js";
import { parseAssertions } from "../../src/load/assertions.js";
import { podwall } from "../helpers/cli.js";
import { BASE, load } from "./fixtures.js";

const { model } = load(BASE);
const intent = (from: string, to: string, port: number | string, expect: "allow" | "deny", match: "all" | "any" = "all"): Intent => {
  const [p, proto] = String(port).split("/");
  return { name: "t", from, to, ports: [{ port: Number(p), protocol: (proto ?? "TCP") as "TCP" }], expect, match };
};
const run = (i: Intent) => {
  const r = checkIntent(model, i);
  if (!r.ok) throw new Error(r.error);
  return r.result;
};

test("allow and deny intents hold or fail with the violating flows", () => {
  assert.equal(run(intent("app/web", "pay/api", 8443, "allow")).passed, true);
  const bad = run(intent("kube-system", "pay/app=api", 8443, "allow"));
  assert.equal(bad.passed, false);
  assert.equal(bad.violations.length, 1);
  assert.match(bad.violations[0]!.summary, /DENIED/);
  assert.ok(bad.violations[0]!.rules.some((r) => /default-deny/.test(r.policy) && /test\.yaml:\d+/.test(r.at)));
  assert.equal(run(intent("kube-system/dns", "pay/api", 8443, "deny")).passed, true);
  assert.equal(run(intent("pay/api", "kube-system/dns", "53/UDP", "deny")).passed, false);
});

test("all vs any over a namespace", () => {
  // Every pod of app and kube-system to pay/api: app/web is allowed, kube-system/dns is not.
  const both = `*/app=web`;
  assert.equal(run(intent(both, "pay/api", 8443, "allow")).passed, true);
  assert.equal(run(intent("app", "pay/api", 8443, "allow")).passed, true);
  const all = checkIntent(model, { ...intent("app", "pay/api", 8443, "allow"), from: "app" });
  assert.ok(all.ok);
  // pay/* to every namespace on 8080: only app/web serves it, and api's egress is locked down.
  assert.equal(run(intent("pay", "app/*", 8080, "deny")).passed, true);
  assert.equal(run(intent("pay", "kube-system", "53/UDP", "allow", "any")).passed, true);
  assert.equal(run(intent("pay", "kube-system", "9153/TCP", "allow", "any")).passed, false);
});

test("CIDRs and the internet stand for addresses outside the cluster", () => {
  assert.equal(run(intent("app/web", "203.0.113.0/24", 443, "allow")).passed, true);
  assert.equal(run(intent("pay/api", "internet", 443, "deny")).passed, true);
  assert.equal(run(intent("internet", "pay/api", 8443, "deny")).passed, true);
  assert.equal(run(intent("internet", "app/web", 8080, "allow")).passed, true);
  const r = resolveSpec(model, "10.0.1.0/24");
  // 10.0.1.1 is pay/api's address: it is left out of the block's probes.
  assert.ok(r.ok && !r.value.endpoints.some((e) => e.ip === "10.0.1.1"));
});

test("unknown endpoints and same-pod-only intents are errors, not failures", () => {
  const r = checkIntent(model, intent("pay/nope", "app/web", 80, "allow"));
  assert.equal(r.ok, false);
  assert.equal(checkIntent(model, intent("pay/api", "pay/api", 80, "allow")).ok, false);
  assert.equal(checkIntent(model, intent("nons", "pay/api", 80, "allow")).ok, false);
});

test("the assertions file: positions, defaults, and every error at once", () => {
  const ok = parseAssertions(`- from: a/b\n  to: c\n  port: [53/udp, 80]\n  expect: deny\n  match: any\n`, "i.yaml");
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(ok.assertions[0]!.ports, [{ port: 53, protocol: "UDP" }, { port: 80, protocol: "TCP" }]);
  assert.equal(ok.assertions[0]!.source.line, 1);
  const wrapped = parseAssertions(`assertions:\n  - {from: a, to: b, port: 1, expect: allow}\n`, "i.yaml");
  assert.equal(wrapped.assertions[0]!.match, "all");
  const bad = parseAssertions(`- {from: a, to: b, port: 1, expect: allow}\n- from: a\n  port: 0\n  expect: yes\n  colour: red\n`, "i.yaml");
  assert.deepEqual(bad.diagnostics.map((d) => d.source!.line), [5, 2, 3, 4]);
  assert.equal(parseAssertions(`from: a`, "i.yaml").diagnostics.length, 1);
  assert.match(parseAssertions(`- [unclosed`, "i.yaml").diagnostics[0]!.message, /invalid YAML/);
});

test("podwall assert: exit codes and JUnit", () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-assert-"));
  const good = join(dir, "good.yaml");
  writeFileSync(good, `- {from: shop/frontend, to: shop/backend, port: 8080, expect: allow}\n- {from: monitoring, to: shop/db, port: 5432, expect: deny}\n`);
  const r = podwall(["assert", good, "-f", "examples/demo"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /2 passed, 0 failed/);
  const failing = join(dir, "dns.yaml");
  writeFileSync(failing, `- {name: backend DNS, from: shop/backend, to: kube-system/k8s-app=kube-dns, port: 53/UDP, expect: allow}\n`);
  const f = podwall(["assert", failing, "-f", "examples/demo", "-o", "junit"]);
  assert.equal(f.code, 1);
  assert.match(f.stdout, /<testsuites name="podwall" tests="1" failures="1"/);
  assert.match(f.stdout, /<failure message="expected allow/);
  const typo = join(dir, "typo.yaml");
  writeFileSync(typo, `- {from: shop/backnd, to: shop/db, port: 5432, expect: allow}\n`);
  const t = podwall(["assert", typo, "-f", "examples/demo"]);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /typo\.yaml:1:3: error: .*backnd/);
});
