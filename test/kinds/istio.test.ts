// Istio kinds: validation with positions, the mesh IR they compile to, and how podwall decides
// that a pod is in the mesh (sidecar container, injection labels, ambient labels).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { formatDiagnostic } from "../../src/model/source.js";
import { podwall, ROOT } from "../helpers/cli.js";

const CLUSTER = readFileSync(join(ROOT, "test/conformance/clusters/istio-mesh.yaml"), "utf8");

function compile(yaml: string) {
  const parsed = parseYaml(yaml, "p.yaml");
  assert.deepEqual(parsed.diagnostics, []);
  return compileObjects(parsed.objects);
}
const errors = (yaml: string) => compile(yaml).diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);

test("AuthorizationPolicy validation points at the field, with file:line", () => {
  const e = errors(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: bad, namespace: foo}
spec:
  action: ALOW
  selector: {matchLabels: {app: httpbin}}
  targetRefs: [{kind: Gateway, name: gw}]
  rules:
  - from:
    - source: {}
    - source: {serviceAccounts: ["a*"], principals: [x]}
    to:
    - operation: {ports: ["99999"], paths: ["/a/*/b"]}
    when:
    - key: request.header[x]
      values: [a]
`);
  const has = (re: RegExp) => assert.ok(e.some((m) => re.test(m)), `${re} not in:\n${e.join("\n")}`);
  has(/^p\.yaml:5:\d+: error: .*spec\.action: action must be one of ALLOW, DENY, AUDIT, CUSTOM/);
  has(/spec\.selector: selector and targetRefs are mutually exclusive/);
  has(/^p\.yaml:10:\d+: .*spec\.rules\[0\]\.from\[0\]\.source: source must not be empty/);
  has(/from\[1\]\.source: serviceAccounts cannot be combined with principals/);
  has(/serviceAccounts\[0\]: "a\*": serviceAccounts take no wildcards/);
  has(/ports\[0\]: expected a port number 1-65535/);
  has(/paths\[0\]: "\/a\/\*\/b": a wildcard \* is allowed only at the start or the end/);
  has(/^p\.yaml:15:\d+: .*when\[0\]\.key: unknown condition key "request\.header\[x\]"/);
});

test("CUSTOM needs a provider; provider only with CUSTOM", () => {
  const base = (spec: string) => `apiVersion: security.istio.io/v1beta1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: foo}\nspec:\n${spec}`;
  assert.match(errors(base("  action: CUSTOM\n  rules: [{}]\n")).join("\n"), /action CUSTOM needs provider\.name/);
  assert.match(errors(base("  action: DENY\n  provider: {name: x}\n  rules: [{}]\n")).join("\n"), /provider is only allowed with action CUSTOM/);
  assert.deepEqual(errors(base("  action: CUSTOM\n  provider: {name: ext}\n  rules: [{to: [{operation: {paths: ['/admin*']}}]}]\n")), []);
});

test("PeerAuthentication validation: modes, portLevelMtls needs a selector", () => {
  const e = errors(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: pa, namespace: foo}
spec:
  mtls: {mode: STRICTER}
  portLevelMtls:
    "8080": {mode: DISABLE}
    "0": {mode: STRICT}
`).join("\n");
  assert.match(e, /spec\.mtls\.mode: mode must be one of UNSET, DISABLE, PERMISSIVE, STRICT/);
  assert.match(e, /spec\.portLevelMtls: portLevelMtls requires a selector/);
  assert.match(e, /"0" is not a port number/);
});

test("the mesh IR: scopes, actions, rules, dry run, PeerAuthentication levels", () => {
  const c = compile(`${CLUSTER}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: nothing, namespace: foo, annotations: {istio.io/dry-run: "true"}}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: gw, namespace: foo}
spec:
  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}]
  action: DENY
  rules: [{from: [{source: {notNamespaces: [foo]}}]}]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: w, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  portLevelMtls: {"8000": {mode: DISABLE}}
`);
  const mesh = c.cluster.mesh!;
  assert.equal(c.policies.length, 0, "Istio policies are not L3/L4 IR");
  const [nothing, gw] = mesh.authorization;
  assert.deepEqual([nothing!.action, nothing!.scope, nothing!.rules.length, nothing!.dryRun], ["ALLOW", "namespace", 0, true]);
  assert.deepEqual([gw!.scope, gw!.targetRefs, gw!.rules[0]!.from![0]!.namespaces], ["targetRefs", ["Gateway/gw"], { notValues: ["foo"] }]);
  const [meshWide, workload] = mesh.peerAuthentication;
  assert.deepEqual([meshWide!.scope, meshWide!.mode], ["mesh", "STRICT"]);
  assert.deepEqual([workload!.scope, workload!.mode, workload!.portLevel], ["workload", "UNSET", { 8000: "DISABLE" }]);
});

test("mesh membership: sidecar container, running pod without one, templates, ambient, opt-out", () => {
  const mesh = compile(CLUSTER).cluster.mesh!;
  const m = (k: string) => mesh.members.get(k)!;
  assert.equal(m("foo/httpbin").dataplane, "sidecar");
  assert.match(m("foo/httpbin").reason, /istio-proxy container/);
  assert.equal(m("foo/late").dataplane, "none");
  assert.match(m("foo/late").reason, /running without an istio-proxy container although its labels ask for injection/);
  assert.equal(m("legacy/curl").dataplane, "none");
  assert.equal(m("shop/web").dataplane, "sidecar", "template with sidecar.istio.io/inject=true");
  assert.equal(m("shop/batch").dataplane, "none");
  assert.equal(m("ambient-demo/httpbin").dataplane, "ambient");
  assert.equal(m("ambient-demo/opted-out").dataplane, "none");
});

test("namespace injection label on a template; inject=false wins; no mesh at all means no mesh IR", () => {
  const yaml = (nsLabels: string, podLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {${nsLabels}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: app}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api${podLabels}}}
    spec: {containers: [{name: api, image: x}]}
`;
  assert.equal(compile(yaml("istio-injection: enabled", "")).cluster.mesh!.members.get("app/api")!.dataplane, "sidecar");
  assert.equal(compile(yaml("istio.io/rev: canary", "")).cluster.mesh!.members.get("app/api")!.dataplane, "sidecar");
  assert.equal(compile(yaml("istio-injection: enabled", ', sidecar.istio.io/inject: "false"')).cluster.mesh, undefined);
  assert.equal(compile(yaml("team: a", "")).cluster.mesh, undefined);
});

test("podwall validate reports Istio errors with file:line and exit 2", () => {
  const r = podwall(["validate", "-f", "-"], { input: "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa, namespace: foo}\nspec:\n  mtls: {mode: strict}\n" });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /:5:\d+: error: .*mode must be one of/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});
