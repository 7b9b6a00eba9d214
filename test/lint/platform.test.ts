// cni-does-not-enforce, admin-priority-conflict, hostnetwork-not-policed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { GENERIC } from "../../src/model/profiles.js";
import type { CniProfile } from "../../src/model/profile.js";
import { docs, findings, lineOf, np, ns, pod } from "./fixtures.js";

const base = docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1", ["{name: http, containerPort: 8080}"]));
const rangePolicy = np("shop", "range", "  podSelector: {}\n  ingress:\n  - ports: [{port: 8000, endPort: 8100}, {port: http}]");

// A profile made for the test: the shipped ones change as CNI work lands.
const limited: CniProfile = { ...GENERIC, name: "limited", enforces: ["networkpolicy"], features: { ...GENERIC.features, endPort: false, namedPorts: false } };

test("cni-does-not-enforce: features the profile lacks, at the rule", () => {
  const yaml = docs(base, rangePolicy);
  const f = findings(yaml, "cni-does-not-enforce", { profile: limited });
  assert.equal(f.length, 2);
  assert.ok(f.every((x) => x.object.name === "range" && x.source.line === lineOf(yaml, "  - ports: [{port: 8000")));
  assert.ok(f.some((x) => /port ranges.*only the first port/.test(x.message)));
  assert.ok(f.some((x) => /named ports/.test(x.message)));
});

test("cni-does-not-enforce: a policy family the profile ignores", () => {
  const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: deny-web
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - name: deny
    action: Deny
    from: [{namespaces: {}}]
`;
  const f = findings(docs(base, anp), "cni-does-not-enforce", { profile: limited });
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "deny-web");
  assert.match(f[0]!.message, /admin policy is not enforced: CNI profile limited does not enforce admin policies/);
});

test("cni-does-not-enforce: silent under a profile that enforces everything used", () => {
  assert.deepEqual(findings(docs(base, rangePolicy), "cni-does-not-enforce", { profile: GENERIC }), []);
});

const anp = (name: string, priority: number, house: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ${name}
spec:
  priority: ${priority}
  subject:
    pods:
      namespaceSelector: {}
      podSelector: {matchLabels: {app: ${house}}}
  ingress:
  - name: deny
    action: Deny
    from: [{namespaces: {matchLabels: {team: other}}}]
`;

test("admin-priority-conflict: same priority and a common pod", () => {
  const yaml = docs(base, anp("a", 10, "web"), anp("b", 10, "web"));
  const f = findings(yaml, "admin-priority-conflict");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "b");
  assert.equal(f[0]!.source.line, lineOf(yaml, "name: b") - 3);
  assert.equal(f[0]!.related?.[0]?.source.line, lineOf(yaml, "name: a") - 3);
});

test("admin-priority-conflict: silent for distinct priorities or disjoint subjects", () => {
  assert.deepEqual(findings(docs(base, anp("a", 10, "web"), anp("b", 11, "web")), "admin-priority-conflict"), []);
  assert.deepEqual(findings(docs(base, anp("a", 10, "web"), anp("b", 10, "db")), "admin-priority-conflict"), []);
});

const hostPod = pod("shop", "agent", { app: "agent" }, "192.168.0.10", [], "\n  hostNetwork: true\n  nodeName: n1");

test("hostnetwork-not-policed: a policy selecting a host-network pod", () => {
  const yaml = docs(base, hostPod, np("shop", "agent-in", "  podSelector: {matchLabels: {app: agent}}\n  ingress: []"));
  const f = findings(yaml, "hostnetwork-not-policed");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "agent-in");
  assert.equal(f[0]!.related?.[0]?.source.line, lineOf(yaml, "name: agent") - 3);
});

test("hostnetwork-not-policed: silent for ordinary pods, and when the profile polices host-network pods", () => {
  const yaml = docs(base, hostPod, np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress: []"));
  assert.deepEqual(findings(yaml, "hostnetwork-not-policed"), []);
  const both = docs(base, hostPod, np("shop", "agent-in", "  podSelector: {matchLabels: {app: agent}}\n  ingress: []"));
  const podMode: CniProfile = { ...GENERIC, name: "pod-mode", settings: { ...GENERIC.settings, hostNetworkPods: "pod" } };
  assert.deepEqual(findings(both, "hostnetwork-not-policed", { profile: podMode }), []);
});
