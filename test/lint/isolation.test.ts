// missing-default-deny, ingress-only, egress-blocks-dns, dns-udp-only.

import { test } from "node:test";
import assert from "node:assert/strict";
import { allowDns, coredns, denyAll, docs, findings, lineOf, np, ns, pod } from "./fixtures.js";

const app = docs(ns("kube-system"), coredns(), ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1", ["{name: http, containerPort: 8080}"]), pod("shop", "db", { app: "db" }, "10.0.1.2"));

test("missing-default-deny: a namespace where pods are open in a direction, named with its line", () => {
  const ingressOnly = np("shop", "deny-ingress", "  podSelector: {}\n  policyTypes: [Ingress]");
  const yaml = docs(app, ingressOnly);
  const f = findings(yaml, "missing-default-deny").filter((x) => x.object.name === "shop");
  assert.equal(f.length, 1);
  assert.deepEqual(f[0]!.object, { kind: "Namespace", name: "shop" });
  assert.equal(f[0]!.source.line, lineOf(yaml, "name: shop") - 3, "the Namespace object's first line");
  assert.match(f[0]!.message, /isolated for egress/);
  assert.doesNotMatch(f[0]!.message, /isolated for ingress/);
  assert.match(f[0]!.fix!, /policyTypes: \[Egress\]/);
});

test("missing-default-deny: a partial default deny names the open pods", () => {
  const onlyWeb = np("shop", "web-only", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]");
  const f = findings(docs(app, onlyWeb), "missing-default-deny").filter((x) => x.object.name === "shop");
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /1 pod of 2 are not isolated for ingress \(shop\/db\)/);
});

test("missing-default-deny: nothing to say once every pod is isolated both ways", () => {
  const f = findings(docs(app, denyAll("shop")), "missing-default-deny");
  assert.deepEqual(f.map((x) => x.object.name), ["kube-system"]);
});

test("ingress-only: pods isolated for ingress with open egress, at the policy's line", () => {
  const policy = np("shop", "web-ingress", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8080}]");
  const yaml = docs(app, policy);
  const f = findings(yaml, "ingress-only");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "web-ingress");
  assert.equal(f[0]!.source.line, lineOf(yaml, "name: web-ingress") - 3);
  assert.match(f[0]!.message, /shop\/web is isolated for ingress/);
});

test("ingress-only: silent when egress is restricted too", () => {
  const policy = np("shop", "web", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]");
  assert.deepEqual(findings(docs(app, policy), "ingress-only"), []);
});

test("egress-blocks-dns: egress lockdown without DNS, blaming the specific policy", () => {
  const webEgress = np("shop", "web-egress", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]");
  const yaml = docs(app, denyAll("shop"), webEgress);
  const f = findings(yaml, "egress-blocks-dns");
  const web = f.find((x) => x.message.includes("shop/web"))!;
  assert.ok(web, "web is reported");
  assert.equal(web.object.name, "web-egress");
  assert.equal(web.source.line, lineOf(yaml, "name: web-egress") - 3);
  assert.match(web.fix!, /port: 53, protocol: UDP/);
  assert.ok(f.some((x) => x.message.includes("shop/db") && x.object.name === "default-deny-all"));
});

test("egress-blocks-dns: silent when DNS is allowed, and when egress is not isolated", () => {
  assert.deepEqual(findings(docs(app, denyAll("shop"), allowDns("shop")), "egress-blocks-dns"), []);
  assert.deepEqual(findings(app, "egress-blocks-dns"), []);
});

test("egress-blocks-dns: with no DNS pods in the input, a stand-in CoreDNS pod is asked", () => {
  const noDns = docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1"), denyAll("shop"));
  assert.equal(findings(noDns, "egress-blocks-dns").length, 1);
  assert.deepEqual(findings(docs(noDns, allowDns("shop")), "egress-blocks-dns"), []);
});

test("egress-blocks-dns: DNS servers from the config", () => {
  const toIp = np("shop", "to-resolver", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 192.0.2.53/32}}]\n    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]");
  const yaml = docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1"), denyAll("shop"), toIp);
  assert.equal(findings(yaml, "egress-blocks-dns").length, 1, "default: kube-dns pods, which the rule does not allow");
  const dns = { namespaces: ["kube-system"], podLabels: { "k8s-app": "kube-dns" }, addresses: ["192.0.2.53"] };
  assert.deepEqual(findings(yaml, "egress-blocks-dns", { config: { dns } }), []);
});

test("dns-udp-only: the classic UDP-only DNS rule, pointed at the rule", () => {
  const udpOnly = np("shop", "dns-udp", `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n    ports:\n    - {port: 53, protocol: UDP}`);
  const yaml = docs(app, denyAll("shop"), udpOnly);
  const f = findings(yaml, "dns-udp-only");
  assert.equal(f.length, 2); // web and db
  assert.equal(f[0]!.object.name, "dns-udp");
  assert.equal(f[0]!.path, "spec.egress[0]");
  assert.equal(f[0]!.source.line, lineOf(yaml, "  - to:\n    - namespaceSelector: {}") );
});

test("dns-udp-only: silent when TCP 53 is allowed too", () => {
  assert.deepEqual(findings(docs(app, denyAll("shop"), allowDns("shop")), "dns-udp-only"), []);
});
