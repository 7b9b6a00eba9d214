// mtls-not-strict and mtls-field-without-strict, on small Istio fixtures in the style of
// test/conformance/clusters/istio-mesh.yaml (sidecars as istio-proxy containers, an ambient
// namespace, a namespace outside the mesh).

import { test } from "node:test";
import assert from "node:assert/strict";
import { docs, findings, lineOf, lint, ns, np } from "./fixtures.js";
import { podwall } from "../helpers/cli.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const meshPod = (namespace: string, name: string, ip: string, sa = name, ports: number[] = []) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {app: ${name}}
spec:
  serviceAccountName: ${sa}
  containers:
  - name: app
    image: x${ports.length ? `\n    ports:\n${ports.map((p) => `    - {containerPort: ${p}, protocol: TCP}`).join("\n")}` : ""}
  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.24.0
status:
  podIP: ${ip}
`;
const plainPod = (namespace: string, name: string, ip: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {app: ${name}}
spec:
  containers:
  - name: app
    image: x
status:
  podIP: ${ip}
`;
const PA = (name: string, namespace: string, spec: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}
`;
const AP = (name: string, namespace: string, spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}
`;

const CLUSTER = docs(
  ns("istio-system"),
  ns("foo", { "istio-injection": "enabled" }),
  ns("legacy"),
  meshPod("foo", "httpbin", "10.10.1.10", "httpbin", [8000]),
  meshPod("foo", "curl", "10.10.1.11"),
  plainPod("legacy", "curl", "10.10.3.11"),
);
const STRICT_FOO = PA("default", "foo", "  mtls:\n    mode: STRICT");

test("mtls-not-strict: Istio's default PERMISSIVE, reported at the namespace with a STRICT PeerAuthentication", () => {
  const f = findings(CLUSTER, "mtls-not-strict");
  assert.equal(f.length, 1);
  assert.deepEqual(f[0]!.object, { kind: "Namespace", name: "foo" });
  assert.equal(f[0]!.source.line, lineOf(CLUSTER, "name: foo") - 3);
  assert.equal(f[0]!.source.file, "fixture.yaml");
  assert.match(f[0]!.message, /2 meshed workloads \(Pod foo\/httpbin, Pod foo\/curl\).*default PERMISSIVE/);
  assert.match(f[0]!.fix!, /kind: PeerAuthentication\n[\s\S]*namespace: foo\n[\s\S]*mode: STRICT/);
  assert.equal(f[0]!.related?.length, 2);
});

test("mtls-not-strict: a PeerAuthentication that sets PERMISSIVE or DISABLE is named at its mode line", () => {
  const yaml = docs(CLUSTER, STRICT_FOO, PA("httpbin-off", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  mtls:\n    mode: DISABLE"));
  const f = findings(yaml, "mtls-not-strict");
  assert.equal(f.length, 1);
  assert.deepEqual(f[0]!.object, { kind: "PeerAuthentication", namespace: "foo", name: "httpbin-off" });
  assert.equal(f[0]!.source.line, lineOf(yaml, "mode: DISABLE"));
  assert.equal(f[0]!.path, "spec.mtls.mode");
  assert.match(f[0]!.message, /sets DISABLE for 1 meshed workload \(Pod foo\/httpbin\).*plaintext only/);
  // The fix edits that policy, keeping its selector.
  assert.match(f[0]!.fix!, /name: httpbin-off\n  namespace: foo\nspec:\n  selector:\n    matchLabels: \{app: httpbin\}\n  mtls:\n    mode: STRICT/);
});

test("mtls-not-strict: a port-level PERMISSIVE is reported for its port", () => {
  const yaml = docs(CLUSTER, STRICT_FOO, PA("httpbin-port", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n    8000:\n      mode: PERMISSIVE"));
  const f = findings(yaml, "mtls-not-strict");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "httpbin-port");
  assert.equal(f[0]!.source.line, lineOf(yaml, "mode: PERMISSIVE"));
  assert.match(f[0]!.message, /sets PERMISSIVE for port 8000/);
  assert.match(f[0]!.fix!, /portLevelMtls:\n    8000:\n      mode: STRICT/);
});

test("mtls-not-strict: silent when every meshed workload is STRICT, and without a mesh", () => {
  assert.deepEqual(findings(docs(CLUSTER, STRICT_FOO), "mtls-not-strict"), []);
  assert.deepEqual(findings(docs(CLUSTER, PA("mesh", "istio-system", "  mtls:\n    mode: STRICT")), "mtls-not-strict"), []);
  const noMesh = docs(ns("shop"), plainPod("shop", "web", "10.0.1.1"), np("shop", "deny", "  podSelector: {}\n  policyTypes: [Ingress]"));
  assert.deepEqual(findings(noMesh, "mtls-not-strict"), []);
  assert.deepEqual(findings(noMesh, "mtls-field-without-strict"), []);
});

const DENY_LEGACY = AP("deny-legacy", "foo", "  action: DENY\n  rules:\n  - from:\n    - source:\n        namespaces: [legacy]");

test("mtls-field-without-strict: a DENY on namespaces where mTLS is PERMISSIVE lets plaintext through", () => {
  const yaml = docs(CLUSTER, DENY_LEGACY);
  const f = findings(yaml, "mtls-field-without-strict");
  assert.equal(f.length, 1);
  assert.deepEqual(f[0]!.object, { kind: "AuthorizationPolicy", namespace: "foo", name: "deny-legacy" });
  assert.equal(f[0]!.source.line, lineOf(yaml, "namespaces: [legacy]"));
  assert.equal(f[0]!.path, "spec.rules[0].from[0].source.namespaces");
  assert.match(f[0]!.message, /spec\.rules\[0\] \(DENY\) relies on the peer identity \(namespaces\).*PERMISSIVE \(Istio's default\).*does not deny plaintext requests/);
  assert.match(f[0]!.fix!, /namespace: foo\nspec:\n  mtls:\n    mode: STRICT/);
  // The engine agrees: plaintext from legacy is not denied by this policy.
  const all = lint(yaml);
  assert.ok(all.checks.some((c) => c.check.id === "mtls-field-without-strict"));
});

test("mtls-field-without-strict: an ALLOW with notNamespaces allows plaintext from anyone; the weak PeerAuthentication is related", () => {
  const yaml = docs(
    CLUSTER,
    PA("httpbin-permissive", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  mtls:\n    mode: PERMISSIVE"),
    AP("not-legacy", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        notNamespaces: [legacy]"),
  );
  const f = findings(yaml, "mtls-field-without-strict");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.source.line, lineOf(yaml, "notNamespaces: [legacy]"));
  assert.match(f[0]!.message, /notNamespaces always matches plaintext, so this rule allows plaintext requests from anyone/);
  assert.ok(f[0]!.related?.some((r) => /PeerAuthentication foo\/httpbin-permissive sets PERMISSIVE/.test(r.message) && r.source.line === lineOf(yaml, "mode: PERMISSIVE")));
  assert.match(f[0]!.fix!, /In PeerAuthentication foo\/httpbin-permissive/);
});

test("mtls-field-without-strict: a when condition on source.principal, limited to a port that is PERMISSIVE", () => {
  const yaml = docs(
    CLUSTER,
    STRICT_FOO,
    PA("httpbin-port", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  mtls:\n    mode: UNSET\n  portLevelMtls:\n    8000:\n      mode: PERMISSIVE"),
    AP("only-curl", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        ports: ['8000']\n    when:\n    - key: source.principal\n      values: [cluster.local/ns/foo/sa/curl]"),
  );
  const f = findings(yaml, "mtls-field-without-strict");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.source.line, lineOf(yaml, "key: source.principal"));
  assert.match(f[0]!.message, /PERMISSIVE on port 8000/);
});

test("mtls-field-without-strict: silent under STRICT, for rules without identity fields, and for ports that are STRICT", () => {
  assert.deepEqual(findings(docs(CLUSTER, STRICT_FOO, DENY_LEGACY), "mtls-field-without-strict"), []);
  assert.deepEqual(findings(docs(CLUSTER, AP("ips", "foo", "  action: DENY\n  rules:\n  - from:\n    - source:\n        ipBlocks: [10.10.3.0/24]")), "mtls-field-without-strict"), []);
  const portOnly = docs(
    CLUSTER,
    STRICT_FOO,
    PA("httpbin-port", "foo", "  selector:\n    matchLabels: {app: httpbin}\n  mtls:\n    mode: UNSET\n  portLevelMtls:\n    9999:\n      mode: PERMISSIVE"),
    AP("p", "foo", "  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: [cluster.local/ns/foo/sa/curl]\n    to:\n    - operation:\n        ports: ['8000']"),
  );
  assert.deepEqual(findings(portOnly, "mtls-field-without-strict"), []);
});

test("podwall lint: --list-checks shows the mTLS checks, SARIF carries their findings", () => {
  const list = podwall(["lint", "--list-checks"]);
  assert.match(list.stdout, /^mtls-not-strict\s+warning/m);
  assert.match(list.stdout, /^mtls-field-without-strict\s+warning/m);
  const dir = mkdtempSync(join(tmpdir(), "podwall-mesh-lint-"));
  writeFileSync(join(dir, "mesh.yaml"), docs(CLUSTER, DENY_LEGACY));
  const r = podwall(["lint", "-f", join(dir, "mesh.yaml"), "-o", "sarif", "--no-config"]);
  const sarif = JSON.parse(r.stdout);
  const run = sarif.runs[0];
  assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === "mtls-field-without-strict"));
  const res = run.results.filter((x: { ruleId: string }) => x.ruleId.startsWith("mtls-"));
  assert.deepEqual(res.map((x: { ruleId: string }) => x.ruleId).sort(), ["mtls-field-without-strict", "mtls-not-strict"]);
  const loc = res.find((x: { ruleId: string }) => x.ruleId === "mtls-field-without-strict").locations[0].physicalLocation;
  assert.equal(loc.region.startLine, lineOf(docs(CLUSTER, DENY_LEGACY), "namespaces: [legacy]"));
});

test("podwall lint: examples/well-kept (no mesh) stays clean of mTLS findings", () => {
  const r = podwall(["lint", "-f", "examples/well-kept", "-o", "json", "--no-config"]);
  const out = JSON.parse(r.stdout);
  assert.ok(!JSON.stringify(out.findings).includes("mtls-"));
});
