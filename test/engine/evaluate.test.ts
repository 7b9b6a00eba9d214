// The engine's verdicts and traces on a small hand-written cluster (SEMANTICS §1).

import { test } from "node:test";
import assert from "node:assert/strict";
import { modelFromYaml } from "../helpers/model.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { resolveEndpoint } from "../../src/engine/resolve.js";
import type { PolicyModel } from "../../src/engine/model.js";
import { computeMatrix } from "../../src/engine/matrix.js";
import type { Protocol } from "../../src/model/ir.js";

const CLUSTER = `
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {zone: a}}
status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2}
status: {addresses: [{type: InternalIP, address: 192.168.0.2}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec: {nodeName: n1, containers: [{name: c, ports: [{name: pg, containerPort: 5432}, {name: pg, containerPort: 5433, protocol: UDP}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: prod, labels: {app: agent}}
spec: {nodeName: n2, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 192.168.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: kubelet-probe, namespace: prod, labels: {app: probe}}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 192.168.0.1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: batch, namespace: jobs}
spec:
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec: {containers: [{name: c}]}
`;

const POLICIES = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: pg}]
  - from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
    ports: [{port: 5432, endPort: 5440}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
`;

function q(model: PolicyModel, from: string, to: string, port: number, protocol: Protocol = "TCP") {
  const f = resolveEndpoint(model, from);
  const t = resolveEndpoint(model, to);
  if (!f.ok) throw new Error(f.error);
  if (!t.ok) throw new Error(t.error);
  return evaluate(model, { src: f.value.endpoints[0]!, dst: t.value.endpoints[0]!, protocol, port, selfVia: "service" });
}

const model = modelFromYaml(CLUSTER + POLICIES);

test("an allowed flow names the rule and its line on each side", () => {
  const v = q(model, "prod/web", "prod/db", 5432);
  assert.equal(v.allowed, true);
  assert.equal(v.egress.decidedBy, "networkpolicy");
  const ing = v.ingress.steps.find((s) => s.event === "matched")!;
  assert.equal(ing.policy?.name, "db-ingress");
  assert.equal(ing.rulePath, "spec.ingress[0]");
  const line = (CLUSTER + POLICIES).split("\n").findIndex((l) => l.includes("- from: [{podSelector: {matchLabels: {app: web}}}]")) + 1;
  assert.equal(ing.ruleSource?.line, line);
});

test("named ports resolve on the destination pod with the rule's protocol", () => {
  assert.equal(q(model, "prod/web", "prod/db", 5433, "UDP").allowed, false); // pg/UDP exists, but the rule's protocol is TCP
  assert.equal(q(model, "prod/web", "prod/db", 5433).allowed, false); // no TCP port named pg on 5433
});

test("a denied flow says which policies isolate the pod and that nothing allowed it", () => {
  const v = q(model, "prod/web", "prod/db", 22);
  assert.equal(v.allowed, false);
  assert.equal(v.egress.allowed, true);
  assert.deepEqual(v.ingress.isolatedBy.map((o) => o.name), ["db-ingress"]);
  assert.match(v.summary, /prod\/db is isolated for ingress by db-ingress and no rule allows TCP\/22 from prod\/web/);
});

test("ipBlock with except and endPort, for an address outside the cluster", () => {
  assert.equal(q(model, "203.0.113.9", "prod/db", 5440).allowed, true);
  assert.equal(q(model, "203.0.113.9", "prod/db", 5441).allowed, false);
  assert.equal(q(model, "203.0.113.200", "prod/db", 5432).allowed, false);
  const v = q(model, "203.0.113.9", "prod/db", 5432);
  assert.equal(v.egress.decidedBy, "not-applicable");
});

test("a pod's own node may always reach it; other nodes need a rule (generic profile)", () => {
  const own = q(model, "192.168.0.1", "prod/db", 9999);
  assert.equal(own.allowed, true);
  assert.equal(own.ingress.decidedBy, "exempt");
  assert.equal(q(model, "192.168.0.2", "prod/db", 9999).allowed, false);
});

test("pod → own node is policed by egress rules under the generic profile", () => {
  const v = q(model, "prod/web", "192.168.0.1", 10250);
  assert.equal(v.allowed, false);
  assert.equal(v.egress.decidedBy, "networkpolicy");
});

test("host-network pods are their node's traffic: not selectable, no pod policy applies to them", () => {
  const v = q(model, "prod/agent", "prod/db", 9999);
  assert.equal(v.flow.src.kind, "node");
  assert.equal(v.allowed, false, "n2 is not db's node and no ipBlock allows it");
  const back = q(model, "prod/web", "prod/agent", 80);
  assert.equal(back.ingress.decidedBy, "not-applicable");
});

test("a host-network pod reaching a pod on its own node is that node's traffic: exempt, on both paths", () => {
  const v = q(model, "prod/kubelet-probe", "prod/db", 9999);
  assert.equal(v.allowed, true);
  assert.equal(v.ingress.decidedBy, "exempt");
  assert.equal(q(model, "prod/agent", "prod/db", 9999).allowed, false, "agent is on n2, db on n1");
  const m = computeMatrix(model, { ports: [{ protocol: "TCP", port: 9999 }], by: "pod" });
  const cell = (a: string, b: string) => m.cells[0]![m.groups.indexOf(a)]![m.groups.indexOf(b)];
  assert.equal(cell("prod/kubelet-probe", "prod/db"), "allow");
  assert.equal(cell("prod/agent", "prod/db"), "deny");
  assert.equal(cell("prod/web", "prod/kubelet-probe"), "deny", "web's egress allows only db; pod → own node is policed");
});

test("a workload without live pods stands for them through its template, in a synthesized namespace", () => {
  const r = resolveEndpoint(model, "jobs/batch");
  assert.ok(r.ok);
  assert.equal(r.value.endpoints[0]!.kind === "pod" && r.value.endpoints[0]!.pod.fromTemplate, true);
  assert.ok(model.cluster.namespaces.get("jobs")?.synthesized);
  assert.ok(model.cluster.notes.some((n) => n.includes("Deployment jobs/batch has no live pods")));
  assert.equal(q(model, "jobs/batch", "prod/db", 5432).allowed, false);
});

test("a pod reaching its own IP is never policed; through its Service it is (generic)", () => {
  const r = resolveEndpoint(model, "prod/db");
  assert.ok(r.ok);
  const db = r.value.endpoints[0]!;
  assert.equal(evaluate(model, { src: db, dst: db, protocol: "TCP", port: 1, selfVia: "ip" }).allowed, true);
  assert.equal(evaluate(model, { src: db, dst: db, protocol: "TCP", port: 1, selfVia: "service" }).allowed, false);
});

test("with no policy at all the trace says nothing selects the pod", () => {
  const m = modelFromYaml(CLUSTER);
  const v = q(m, "prod/web", "prod/db", 1);
  assert.equal(v.allowed, true);
  assert.match(v.ingress.summary, /no policy selects prod\/db for ingress/);
});

test("unknown names are explained", () => {
  const r = resolveEndpoint(model, "prod/dbb");
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /did you mean db/);
  assert.equal(resolveEndpoint(model, "nope/x").ok, false);
  assert.equal(resolveEndpoint(model, "web").ok, false);
});
