// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy: validation with positions, the
// compiled IR (tiers, isolation, namespace scoping), and the CLI's handling of bad input.

import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { ciliumNetworkPolicy } from "../../src/kinds/cilium/index.js";
import { podSelectorOf, peerOf } from "../../src/kinds/cilium/selector.js";
import { TIERS } from "../../src/model/ir.js";
import { podwall, ROOT } from "../helpers/cli.js";

function compile(yaml: string) {
  const parsed = parseYaml(yaml, "p.yaml");
  assert.deepEqual(parsed.diagnostics, []);
  return compileObjects(parsed.objects);
}

const errors = (yaml: string) => compile(yaml).diagnostics.filter((d) => d.severity === "error");

test("validation points at the offending field with file:line", () => {
  const yaml = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bad, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  egress:
  - toFQDNs:
    - matchPattern: "api.*.com?"
    toEndpoints: [{}]
  - toEntities: [wrld]
    toPorts:
    - ports: [{port: "80", endPort: 70, protocol: HTTP}]
      rules:
        http: [{path: "/a(", method: GET}]
        dns: [{matchName: x.io}]
`;
  const errs = errors(yaml);
  const at = (frag: string) => errs.find((e) => e.message.includes(frag));
  assert.equal(at("may contain only")?.source?.line, 8, "matchPattern character");
  assert.equal(at("cannot be combined")?.path, "spec.egress[0].toFQDNs");
  assert.equal(at("unknown entity")?.source?.line, 10);
  assert.equal(at("endPort 70")?.path, "spec.egress[1].toPorts[0].ports[0].endPort");
  assert.ok(at("protocol must be one of TCP, UDP, SCTP, ANY"));
  assert.equal(at("does not compile")?.path, "spec.egress[1].toPorts[0].rules.http[0].path");
  assert.ok(at("one type of L7 rule"));
});

test("structural errors: no rule body, both selectors, nodeSelector in a namespaced policy, L7 in deny", () => {
  assert.match(errors(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: a}\n`)[0]!.message, /needs `spec`/);
  const e = errors(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: a}
specs:
- endpointSelector: {}
  nodeSelector: {}
  ingress: [{}]
- endpointSelector: {}
- endpointSelector: {}
  ingressDeny:
  - toPorts: [{ports: [{port: "80"}], rules: {http: [{}]}}]
`).map((d) => `${d.path}: ${d.message}`);
  assert.ok(e.some((m) => m.startsWith("specs[0]: a rule needs exactly one of endpointSelector or nodeSelector")));
  assert.ok(e.some((m) => m.startsWith("specs[0].nodeSelector: nodeSelector is only allowed")));
  assert.ok(e.some((m) => m.startsWith("specs[1]: a rule needs at least one of")));
  assert.ok(e.some((m) => m.startsWith("specs[2].ingressDeny[0].toPorts[0].rules: deny rules cannot carry L7 rules")));
});

test("the CLI refuses an invalid Cilium policy with file:line and exit 2, no stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-cilium-"));
  const file = join(dir, "bad.yaml");
  writeFileSync(file, `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: bad, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress:\n  - fromEntities: [everyone]\n`);
  const r = podwall(["query", "-f", join(ROOT, "test/conformance/clusters/cilium-starwars-shop.yaml"), "-f", file, "--from", "shop/frontend", "--to", "shop/backend", "--port", "8080"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:7:\d+: error: .*unknown entity "everyone"/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test("allow sections go to the networkpolicy tier, deny sections to cilium-deny; isolation per §4.2", () => {
  const c = compile(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  enableDefaultDeny: {egress: false}
  ingressDeny: [{fromEntities: [world]}]
  egress: [{toEntities: [cluster]}]
`);
  assert.equal(c.diagnostics.length, 0);
  const deny = c.policies.find((p) => p.tier.name === TIERS.ciliumDeny.name)!;
  const allow = c.policies.find((p) => p.tier.name === TIERS.networkPolicy.name)!;
  assert.equal(deny.family, "cilium");
  assert.equal(deny.ingress!.rules[0]!.action, "deny");
  assert.equal(deny.egress, undefined);
  // ingressDeny alone turns ingress default deny on; egress was switched off explicitly.
  assert.deepEqual(allow.ingress, { isolates: true, rules: [] });
  assert.equal(allow.egress!.isolates, false);
  assert.equal(allow.egress!.rules[0]!.path, "spec.egress[0]");
});

test("empty rules select nothing; ports alone mean any peer; one IR rule per toPorts entry", () => {
  const c = compile(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {}
  ingress:
  - {}
  - toPorts:
    - ports: [{port: "80"}]
    - ports: [{port: "8080", protocol: TCP}]
      rules: {http: [{method: GET, headers: ["X-A", "X-B: 1"]}]}
`);
  const rules = c.policies[0]!.ingress!.rules;
  assert.equal(rules.length, 2);
  assert.deepEqual(rules[0]!.peer, { type: "any" });
  assert.deepEqual(rules[0]!.ports, [{ protocol: "ANY", from: 80, to: 80 }]);
  assert.deepEqual(rules[1]!.l7, { http: [{ method: "GET", headers: { "X-B": "1" }, headersPresent: ["X-A"] }] });
  assert.equal(rules[1]!.path, "spec.ingress[1].toPorts[1]");
});

test("selectors: CNP scoped to its namespace unless it names one; CCNP spans namespaces; reserved labels are entities", () => {
  assert.deepEqual(podSelectorOf({}, "shop").namespace, { type: "name", name: "shop" });
  assert.deepEqual(podSelectorOf({}, undefined).namespace, { type: "labels", expr: { op: "all" } });
  assert.deepEqual(podSelectorOf({ matchLabels: { "k8s:io.kubernetes.pod.namespace": "other", "k8s:app": "x" } }, "shop"), {
    namespace: { type: "labels", expr: { op: "eq", key: "kubernetes.io/metadata.name", value: "other" } },
    pod: { op: "eq", key: "app", value: "x" },
  });
  const nsLabels = podSelectorOf({ matchLabels: { "io.cilium.k8s.namespace.labels.team": "a" } }, "shop").namespace;
  assert.deepEqual(nsLabels, { type: "labels", expr: { op: "and", exprs: [{ op: "eq", key: "kubernetes.io/metadata.name", value: "shop" }, { op: "eq", key: "team", value: "a" }] } });
  assert.deepEqual(peerOf({ matchLabels: { "reserved:host": "" } }, "shop"), { type: "entity", entity: "host" });
  assert.deepEqual(peerOf({ matchLabels: { "io.cilium.k8s.policy.cluster": "other-cluster" } }, "shop"), {
    type: "pods",
    selector: { namespace: { type: "name", name: "shop" }, pod: { op: "none" } },
  });
});

test("a CNP's endpointSelector namespace match is replaced by its own namespace, with a warning", () => {
  const c = compile(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: other}}
  ingress: [{}]
`);
  assert.ok(c.diagnostics.some((d) => d.severity === "warning" && /replaces/.test(d.message)));
  assert.deepEqual(c.policies[0]!.subject.namespace, { type: "name", name: "shop" });
  assert.ok(ciliumNetworkPolicy.accepts({ apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy" }));
  assert.ok(!ciliumNetworkPolicy.accepts({ apiVersion: "cilium.io/v2alpha1", kind: "CiliumNetworkPolicy" }));
});
