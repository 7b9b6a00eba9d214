// The mesh layer: effective mTLS mode (precedence, port level), mTLS status per flow, Istio's
// string matching, the verdict and its trace, and `podwall query` showing the mesh step.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { modelFromYaml } from "../helpers/model.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { podEndpoint } from "../../src/engine/endpoint.js";
import type { Flow } from "../../src/engine/endpoint.js";
import { meshMembership, mtlsMode, mtlsStatus } from "../../src/engine/mesh.js";
import { istioPathMatch, istioStringMatch } from "../../src/engine/mesh-match.js";
import type { PolicyModel } from "../../src/engine/model.js";
import { verdictText } from "../../src/render/trace-text.js";
import { podwall, ROOT } from "../helpers/cli.js";

const CLUSTER_FILE = join(ROOT, "test/conformance/clusters/istio-mesh.yaml");
const CLUSTER = readFileSync(CLUSTER_FILE, "utf8");
const model = (policies: string, profile = "generic") => modelFromYaml(`${CLUSTER}\n---\n${policies}`, profile);
const pod = (m: PolicyModel, key: string) => m.cluster.pods.find((p) => `${p.namespace}/${p.name}` === key)!;
const flow = (m: PolicyModel, from: string, to: string, port: number, extra: Partial<Flow> = {}): Flow => ({ src: podEndpoint(m, pod(m, from)), dst: podEndpoint(m, pod(m, to)), protocol: "TCP", port, ...extra });

const PA = (name: string, ns: string, spec: string, created?: string) =>
  `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${ns}${created ? `, creationTimestamp: "${created}"` : ""}}\nspec:\n${spec}\n---\n`;

test("mtlsMode: workload > namespace > mesh, UNSET inherits, port level overrides, root selector ignored", () => {
  const m = model(
    PA("mesh", "istio-system", "  mtls: {mode: STRICT}") +
      PA("ns", "bar", "  mtls: {mode: PERMISSIVE}") +
      PA("root-sel", "istio-system", "  selector: {matchLabels: {app: curl}}\n  mtls: {mode: DISABLE}") +
      PA("w", "foo", "  selector: {matchLabels: {app: tcp-echo}}\n  mtls: {mode: UNSET}\n  portLevelMtls: {'9001': {mode: PERMISSIVE}}"),
  );
  assert.equal(mtlsMode(m, pod(m, "foo/httpbin"), 8000).mode, "STRICT");
  assert.equal(mtlsMode(m, pod(m, "bar/httpbin"), 8000).mode, "PERMISSIVE");
  assert.equal(mtlsMode(m, pod(m, "bar/curl"), 8000).mode, "PERMISSIVE", "a selector policy in the root namespace is ignored");
  assert.equal(mtlsMode(m, pod(m, "foo/tcp-echo"), 9000).mode, "STRICT", "UNSET inherits the mesh-wide mode");
  const port = mtlsMode(m, pod(m, "foo/tcp-echo"), 9001);
  assert.deepEqual([port.mode, port.portLevel, port.policy?.origin.name], ["PERMISSIVE", true, "w"]);
});

test("mtlsMode: the oldest policy of a scope wins; Istio's default is PERMISSIVE", () => {
  const m = model(PA("b-new", "foo", "  mtls: {mode: DISABLE}", "2024-02-01T00:00:00Z") + PA("a-old", "foo", "  mtls: {mode: STRICT}", "2020-01-01T00:00:00Z"));
  assert.equal(mtlsMode(m, pod(m, "foo/curl"), 80).policy?.origin.name, "a-old");
  const none = model("");
  assert.match(mtlsMode(none, pod(none, "foo/curl"), 80).text, /default is PERMISSIVE/);
});

test("mtlsStatus: principal under mutual TLS; plaintext with the reason", () => {
  const m = model(PA("mesh", "istio-system", "  mtls: {mode: STRICT}"));
  const mutual = mtlsStatus(m, flow(m, "bar/curl", "foo/httpbin", 8000));
  assert.deepEqual([mutual.status, mutual.principal, mutual.mode], ["mutual", "cluster.local/ns/bar/sa/curl", "STRICT"]);
  const plain = mtlsStatus(m, flow(m, "legacy/curl", "foo/httpbin", 8000));
  assert.equal(plain.status, "plaintext");
  assert.match(plain.reason, /the source is not in the mesh: legacy\/curl/);
  assert.match(mtlsStatus(m, flow(m, "foo/curl", "foo/httpbin", 8000, { protocol: "UDP" })).reason, /only TCP/);
  assert.equal(meshMembership(m, pod(m, "ambient-demo/curl")).dataplane, "ambient");
});

test("the trust domain and root namespace come from the istio ConfigMap when given", () => {
  const m = model(`apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |-
    rootNamespace: mesh-root
    trustDomain: example.org
---
${PA("mesh", "mesh-root", "  mtls: {mode: STRICT}")}`);
  assert.equal(m.cluster.mesh!.rootNamespace, "mesh-root");
  assert.equal(mtlsStatus(m, flow(m, "bar/curl", "foo/httpbin", 8000)).principal, "example.org/ns/bar/sa/curl");
  assert.equal(mtlsMode(m, pod(m, "foo/httpbin"), 8000).mode, "STRICT");
});

test("Istio string matching: exact, prefix, suffix, presence; path templates and query", () => {
  assert.ok(istioStringMatch("/api*", "/api/v1"));
  assert.ok(istioStringMatch("*.svc", "a.svc"));
  assert.ok(istioStringMatch("*", "x"));
  assert.ok(!istioStringMatch("*", ""), "presence never matches an empty value (plaintext identity)");
  assert.ok(istioStringMatch("Host.Example", "host.example", true));
  assert.ok(istioPathMatch("/a/{*}/c", "/a/b/c?x=1"));
  assert.ok(!istioPathMatch("/a/{*}/c", "/a/b/b/c"));
  assert.ok(istioPathMatch("/a/{**}", "/a/b/c"));
});

test("address fields: a single address, a CIDR, another family; header conditions ignore the header's case", () => {
  const m = model(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: no-bar-curl, namespace: foo}
spec:
  action: DENY
  rules:
  - from: [{source: {ipBlocks: ["10.10.2.11", "fd00::/8"]}}]
  - when: [{key: "request.headers[X-Token]", values: [bad]}]
`);
  // With an HTTP request, so that the header condition is evaluated (without one, a DENY rule ignores it and matches).
  const allowed = (from: string, headers: Record<string, string> = {}) => evaluate(m, flow(m, from, "foo/httpbin", 8000, { http: { method: "GET", path: "/", headers } })).allowed;
  assert.equal(allowed("bar/curl"), false, "10.10.2.11 is bar/curl's address");
  assert.equal(allowed("foo/curl"), true, "10.10.1.x: neither the address nor the IPv6 block");
  assert.equal(allowed("foo/curl", { "x-token": "bad" }), false);
  assert.equal(allowed("foo/curl", { "x-token": "good" }), true);
});

test("a verdict denied by the mesh: every layer in the trace, the mesh says why", () => {
  const m = model(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: get-only, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  rules:
  - to: [{operation: {methods: [GET]}}]
`);
  const tcp = evaluate(m, flow(m, "bar/curl", "foo/httpbin", 8000));
  assert.equal(tcp.allowed, false);
  assert.equal(tcp.mesh?.decidedBy, "no-allow-match");
  assert.match(tcp.summary, /DENIED by the mesh/);
  assert.match(tcp.mesh!.summary, /methods and no HTTP request is seen .*drops the rule from an ALLOW policy/);
  const get = evaluate(m, flow(m, "bar/curl", "foo/httpbin", 8000, { http: { method: "GET", path: "/" } }));
  assert.equal(get.allowed, true);
  const text = verdictText(get);
  assert.ok(text.indexOf("egress of the source") < text.indexOf("ingress of the destination") && text.indexOf("ingress of the destination") < text.indexOf("mesh (Istio): ALLOWED"), text);
  assert.match(text, /mTLS: mutual TLS as cluster\.local\/ns\/bar\/sa\/curl/);
});

test("STRICT rejects plaintext before authorization; without any mesh there is no mesh step", () => {
  const m = model(`${PA("mesh", "istio-system", "  mtls: {mode: STRICT}")}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: foo}
spec: {rules: [{}]}
`);
  const v = evaluate(m, flow(m, "legacy/curl", "foo/httpbin", 8000));
  assert.deepEqual([v.allowed, v.mesh?.decidedBy, v.mesh?.mtls.status], [false, "peer-authentication", "plaintext"]);
  const plain = modelFromYaml(`apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec: {containers: [{name: a, image: a}]}\nstatus: {podIP: 10.0.0.1}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: x}\nspec: {containers: [{name: b, image: b}]}\nstatus: {podIP: 10.0.0.2}\n`);
  assert.equal(evaluate(plain, flow(plain, "x/a", "x/b", 80)).mesh, undefined);
});

test("podwall query shows the mesh step and its mTLS status (text and JSON); exit 1 when the mesh denies", () => {
  const args = ["query", "-f", CLUSTER_FILE, "-f", "-", "--from", "legacy/curl", "--to", "foo/httpbin", "--port", "8000"];
  const input = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n`;
  const r = podwall(args, { input });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /DENIED by the mesh — PeerAuthentication foo\/default \(namespace\) sets STRICT/);
  const j = podwall([...args, "-o", "json"], { input });
  const v = JSON.parse(j.stdout).verdicts[0];
  assert.deepEqual([v.mesh.status, v.mesh.mtls.status], ["denied", "plaintext"]);
});
