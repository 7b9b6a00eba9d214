// Calico kinds: types defaulting, tier order, Pass, Log, end-of-tier deny, notNets/notPorts,
// network sets and global() scope, validation with positions. Small in-memory clusters.

import { test } from "node:test";
import assert from "node:assert/strict";
import { modelFromYaml } from "../helpers/model.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { resolveEndpoint } from "../../src/engine/resolve.js";
import type { PolicyModel } from "../../src/engine/model.js";
import type { Protocol } from "../../src/model/ir.js";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { calicoTypes } from "../../src/kinds/calico/policy.js";

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {env: prod}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {env: dev}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: a, labels: {app: db}}
spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: b, labels: {app: tool}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.1.1}
`;

function verdict(model: PolicyModel, from: string, to: string, port: number, protocol: Protocol = "TCP") {
  const f = resolveEndpoint(model, from);
  const t = resolveEndpoint(model, to);
  assert.ok(f.ok && t.ok);
  return evaluate(model, { src: f.value.endpoints[0]!, dst: t.value.endpoints[0]!, protocol, port });
}
const allowed = (m: PolicyModel, from: string, to: string, port: number, protocol: Protocol = "TCP") => verdict(m, from, to, port, protocol).allowed;
const model = (policies: string, profile = "generic") => modelFromYaml(`${CLUSTER}\n---\n${policies}`, profile);

test("types defaulting differs from Kubernetes: egress rules alone give [Egress]", () => {
  assert.deepEqual(calicoTypes({}), ["ingress"]);
  assert.deepEqual(calicoTypes({ ingress: [{ action: "Allow" }] }), ["ingress"]);
  assert.deepEqual(calicoTypes({ egress: [{ action: "Allow" }] }), ["egress"]);
  assert.deepEqual(calicoTypes({ ingress: [{ action: "Allow" }], egress: [{ action: "Allow" }] }), ["ingress", "egress"]);
  assert.deepEqual(calicoTypes({ types: ["Egress"], ingress: [{ action: "Allow" }] }), ["egress"]);
});

test("tiers run by order; Pass hands over; end-of-tier deny only for selected endpoints", () => {
  const m = model(`
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: first}
spec: {order: 10}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: first.pass-web}
spec:
  tier: first
  selector: app == 'db'
  ingress:
    - {action: Pass, source: {selector: app == 'web'}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-web, namespace: a}
spec:
  order: 1
  selector: app == 'db'
  ingress:
    - {action: Deny, source: {selector: app == 'web'}}
`);
  const v = verdict(m, "a/web", "a/db", 5432);
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.decidedBy, "calico:default");
  assert.ok(v.ingress.steps.some((s) => s.action === "pass" && s.tier === "calico:first"), "the trace shows the Pass");
  // tool is not passed: end of tier `first` denies it.
  const t = verdict(m, "b/tool", "a/db", 5432);
  assert.equal(t.allowed, false);
  assert.equal(t.ingress.decidedBy, "calico:first");
  assert.equal(t.ingress.steps.at(-1)?.event, "isolated");
  // web is selected by nothing: allowed.
  assert.equal(allowed(m, "b/tool", "a/web", 8080), true);
});

test("Log records and goes on; the trace keeps it", () => {
  const m = model(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: log-then-allow, namespace: a}
spec:
  selector: app == 'db'
  ingress:
    - action: Log
    - {action: Allow, source: {selector: app == 'web'}}
`);
  const v = verdict(m, "a/web", "a/db", 5432);
  assert.equal(v.allowed, true);
  assert.deepEqual(v.ingress.steps.filter((s) => s.event === "matched").map((s) => s.action), ["log", "allow"]);
  assert.equal(allowed(m, "b/tool", "a/db", 5432), false);
});

test("notNets and notPorts", () => {
  const m = model(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web-out, namespace: a}
spec:
  selector: app == 'web'
  egress:
    - action: Allow
      protocol: TCP
      destination:
        notNets: [10.0.0.0/24]
        notPorts: ["5000:5999"]
`);
  assert.equal(allowed(m, "a/web", "b/tool", 80), true);
  assert.equal(allowed(m, "a/web", "b/tool", 5432), false, "notPorts range");
  assert.equal(allowed(m, "a/web", "a/db", 80), false, "notNets covers db");
  assert.equal(allowed(m, "a/web", "192.0.2.1", 443), true);
  assert.equal(allowed(m, "a/web", "192.0.2.1", 443, "UDP"), false, "protocol TCP");
});

test("network sets: namespaced sets in scope, global sets only through global()", () => {
  const sets = `
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: {name: local, namespace: a, labels: {kind: ext}}
spec: {nets: [192.0.2.0/25]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: everywhere, labels: {kind: ext}}
spec: {nets: [192.0.2.128/25]}
`;
  const m = model(`${sets}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web-out, namespace: a}
spec:
  selector: app == 'web'
  egress:
    - {action: Allow, destination: {selector: kind == 'ext'}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db-out, namespace: a}
spec:
  selector: app == 'db'
  egress:
    - {action: Allow, destination: {selector: kind == 'ext', namespaceSelector: global()}}
`);
  assert.equal(allowed(m, "a/web", "192.0.2.1", 443), true);
  assert.equal(allowed(m, "a/web", "192.0.2.200", 443), false);
  assert.equal(allowed(m, "a/db", "192.0.2.200", 443), true);
  assert.equal(allowed(m, "a/db", "192.0.2.1", 443), false, "global() selects no namespaced set");
  assert.equal(allowed(m, "a/db", "a/web", 8080), false, "global() selects no pod");
});

test("named ports resolve on the destination pod", () => {
  const m = model(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pg}
spec:
  selector: has(app)
  ingress:
    - {action: Allow, protocol: TCP, destination: {ports: [pg]}}
`);
  assert.equal(allowed(m, "a/web", "a/db", 5432), true);
  assert.equal(allowed(m, "a/db", "a/web", 5432), false);
});

test("NetworkPolicies join Calico's default tier under the calico profile", () => {
  const policies = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: a}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-web, namespace: a}
spec:
  order: 2000
  selector: app == 'db'
  ingress:
    - {action: Deny, source: {selector: app == 'web'}}
`;
  // generic: the Calico tier runs first and its Deny wins.
  assert.equal(allowed(model(policies), "a/web", "a/db", 5432), false);
  // calico: the Kubernetes policy sits at order 1000, before the Deny at 2000.
  const v = verdict(model(policies, "calico"), "a/web", "a/db", 5432);
  assert.equal(v.allowed, true);
  assert.equal(v.ingress.decidedBy, "calico:default");
});

test("validation: selector errors name the column; unsupported features warn", () => {
  const parsed = parseYaml(
    `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: bad}
spec:
  selector: "app == 'web' && role = 'x'"
  ingress:
    - action: Allow
      protocol: ICMP
      icmp: {type: 8}
    - action: Allow
      destination: {ports: [80]}
    - action: Block
`,
    "bad.yaml",
  );
  const d = compileObjects(parsed.objects).diagnostics;
  const sel = d.find((x) => x.path === "spec.selector");
  assert.ok(sel && sel.severity === "error");
  assert.match(sel.message, /column 22/);
  assert.equal(sel.source?.line, 5);
  assert.ok(d.some((x) => x.severity === "warning" && x.path === "spec.ingress[0].icmp"));
  assert.ok(d.some((x) => x.severity === "error" && x.path === "spec.ingress[1].protocol" && /needs protocol/.test(x.message)));
  assert.ok(d.some((x) => x.severity === "error" && x.path === "spec.ingress[2].action"));
});

test("validation: source ports warn on either side; nets warn only on the policy's own endpoint", () => {
  const parsed = parseYaml(
    `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: ports}
spec:
  ingress:
    - action: Allow
      protocol: TCP
      source: {ports: [1234], nets: [10.0.0.0/8]}
      destination: {notNets: [10.1.0.0/16]}
  egress:
    - action: Allow
      protocol: TCP
      source: {notPorts: [1234], nets: [10.0.0.0/8]}
      destination: {nets: [10.1.0.0/16]}
`,
    "ports.yaml",
  );
  const warnings = compileObjects(parsed.objects).diagnostics.filter((x) => x.severity === "warning").map((x) => `${x.path}: ${x.message.slice(0, 40).trim()}`);
  assert.deepEqual(warnings, [
    "spec.ingress[0].source.ports: source ports are ephemeral and not part",
    "spec.ingress[0].destination.notNets: destination.notNets on the policy's own",
    "spec.egress[0].source.notPorts: source ports are ephemeral and not part",
    "spec.egress[0].source.nets: source.nets on the policy's own endpoint",
  ]);
});

test("Tier, NetworkSet and GlobalNetworkSet are known kinds, not unknown objects", () => {
  const parsed = parseYaml(
    `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: t}
spec: {order: 5}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: g}
spec: {nets: [not-a-cidr]}
`,
    "sets.yaml",
  );
  const c = compileObjects(parsed.objects);
  assert.equal(c.unknownKinds.size, 0);
  assert.ok(c.diagnostics.some((x) => x.severity === "error" && x.path === "spec.nets[0]"));
});
