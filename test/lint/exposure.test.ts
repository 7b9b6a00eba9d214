// metadata-api-reachable, unrestricted-internet-egress, system-namespace-reachable.

import { test } from "node:test";
import assert from "node:assert/strict";
import { allowDns, coredns, denyAll, docs, findings, lineOf, np, ns, pod } from "./fixtures.js";

const cluster = docs(
  ns("kube-system"),
  coredns(),
  pod("kube-system", "metrics-server", { "k8s-app": "metrics-server" }, "10.0.0.60", ["{name: https, containerPort: 10250}"]),
  ns("shop"),
  pod("shop", "web", { app: "web" }, "10.0.1.1"),
);
const locked = docs(cluster, denyAll("shop"), allowDns("shop"));

test("metadata-api-reachable: a pod with open egress, located at the pod", () => {
  const f = findings(cluster, "metadata-api-reachable").filter((x) => x.object.namespace === "shop");
  assert.equal(f.length, 1);
  assert.deepEqual(f[0]!.object, { kind: "Pod", namespace: "shop", name: "web" });
  assert.equal(f[0]!.source.line, lineOf(cluster, "name: web") - 3);
});

test("metadata-api-reachable: a 0.0.0.0/0 rule without the except is blamed; with it, silent", () => {
  const wide = (except: string) => np("shop", "internet", `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0${except}}}]\n    ports: [{port: 80}, {port: 443}]`);
  const open = docs(locked, wide(""));
  const f = findings(open, "metadata-api-reachable").filter((x) => x.object.namespace === "shop");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "internet");
  assert.equal(f[0]!.path, "spec.egress[0]");
  assert.equal(findings(docs(locked, wide(", except: [169.254.169.254/32]")), "metadata-api-reachable").filter((x) => x.object.namespace === "shop").length, 0);
  assert.equal(findings(locked, "metadata-api-reachable").filter((x) => x.object.namespace === "shop").length, 0);
});

test("unrestricted-internet-egress: open egress, or 0.0.0.0/0 on every port; silent when ports are limited", () => {
  const shop = (yaml: string) => findings(yaml, "unrestricted-internet-egress").filter((x) => x.message.includes("shop/web"));
  assert.equal(shop(cluster).length, 1);
  const allPorts = np("shop", "internet", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]");
  const f = shop(docs(locked, allPorts));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "internet");
  const https = np("shop", "internet", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 443}]");
  assert.deepEqual(shop(docs(locked, https)), []);
  assert.deepEqual(shop(locked), []);
});

test("system-namespace-reachable: open egress reaches metrics-server; DNS alone is fine", () => {
  const f = findings(cluster, "system-namespace-reachable");
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /kube-system\/metrics-server TCP\/10250/);
  assert.doesNotMatch(f[0]!.message, /coredns/);
  assert.deepEqual(findings(locked, "system-namespace-reachable"), []);
});

test("system-namespace-reachable: a rule to every namespace is blamed at its line", () => {
  const anyNs = np("shop", "to-all-ns", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {}}]");
  const yaml = docs(locked, anyNs);
  const f = findings(yaml, "system-namespace-reachable");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "to-all-ns");
  assert.equal(f[0]!.source.line, lineOf(yaml, "  - to: [{namespaceSelector: {}}]"));
});
