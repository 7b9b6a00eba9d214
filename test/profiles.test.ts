// CNI profiles: one test per distinctive choice, each comparing the profile with the generic
// reading on the same cluster and policies, so that the difference is the profile's alone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate } from "../src/engine/evaluate.js";
import { resolveEndpoint } from "../src/engine/resolve.js";
import type { PolicyModel } from "../src/engine/model.js";
import type { Verdict } from "../src/engine/verdict.js";
import type { Protocol } from "../src/model/ir.js";
import { PROFILES } from "../src/model/profiles.js";
import { FEATURE_HELP, SETTING_HELP } from "../src/model/profile.js";
import { ROOT } from "./helpers/cli.js";
import { modelFromYaml } from "./helpers/model.js";

const CLUSTER = readFileSync(join(ROOT, "test/conformance/clusters/admin.yaml"), "utf8");
const harry = "network-policy-conformance-gryffindor/harry-potter-0";
const draco = "network-policy-conformance-slytherin/draco-malfoy-0";

function verdict(policies: string, profile: string, from = draco, to = harry, port = 80, protocol: Protocol = "TCP"): Verdict {
  const m: PolicyModel = modelFromYaml(`${CLUSTER}\n---\n${policies}`, profile);
  const src = resolveEndpoint(m, from);
  const dst = resolveEndpoint(m, to);
  assert.ok(src.ok && dst.ok);
  return evaluate(m, { src: src.value.endpoints[0]!, dst: dst.value.endpoints[0]!, protocol, port, selfVia: "service" });
}

const DENY_ALL_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: network-policy-conformance-gryffindor}
spec: {podSelector: {}, policyTypes: [Ingress]}`;

const allowIngress = (rule: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: network-policy-conformance-gryffindor}
spec:
  podSelector: {}
  ingress: [${rule}]`;

const CNP_DENY = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-sly}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {conformance-house: slytherin}}}]}]`;

const ANP_DENY = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-sly}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {conformance-house: slytherin}}}]}]`;

test("every profile is data with a source, and every setting and feature has words", () => {
  const names = PROFILES.map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of ["generic", "calico", "cilium", "flannel", "weave", "antrea", "aws-vpc-cni", "aws-vpc-cni-netpol", "kube-router", "ovn-kubernetes", "kindnet"]) assert.ok(names.includes(n), n);
  for (const p of PROFILES) {
    assert.ok(p.sources.length > 0, `${p.name} cites a source`);
    for (const k of Object.keys(p.settings)) assert.ok(SETTING_HELP[k as keyof typeof SETTING_HELP], k);
    for (const k of Object.keys(p.features)) assert.ok(FEATURE_HELP[k as keyof typeof FEATURE_HELP], k);
  }
  const doc = readFileSync(join(ROOT, "docs/profiles.md"), "utf8");
  for (const n of names) assert.ok(doc.includes(`\`${n}\``), `docs/profiles.md covers ${n}`);
});

test("flannel enforces nothing: a denied flow is allowed and the trace says why", () => {
  const policies = `${CNP_DENY}\n---\n${DENY_ALL_INGRESS}`;
  assert.equal(verdict(policies, "generic").allowed, false);
  const v = verdict(policies, "flannel");
  assert.equal(v.allowed, true);
  const ignored = v.ingress.steps.filter((s) => s.event === "ignored");
  assert.equal(ignored.length, 2);
  assert.ok(ignored.every((s) => /flannel enforces no policy/.test(s.text)));
  assert.equal(verdict(policies, "aws-vpc-cni").allowed, true, "the VPC CNI without its agent enforces nothing either");
  assert.equal(verdict(policies, "aws-vpc-cni-netpol").allowed, false, "with the agent, the NetworkPolicy isolates");
});

test("cilium: ipBlock does not match pod addresses", () => {
  const policies = allowIngress("{from: [{ipBlock: {cidr: 10.244.0.0/16}}]}");
  assert.equal(verdict(policies, "generic").allowed, true);
  const v = verdict(policies, "cilium");
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.decidedBy, "networkpolicy");
  // A node address is not matched either (policy-cidr-match-mode is empty by default).
  const nodes = allowIngress("{from: [{ipBlock: {cidr: 172.18.0.0/16}}]}");
  assert.equal(verdict(nodes, "generic", "172.18.0.3").allowed, true);
  assert.equal(verdict(nodes, "cilium", "172.18.0.3").allowed, false);
});

test("admin tiers by API version: ovn-kubernetes and antrea read v1alpha1 ANP, not v1alpha2 CNP", () => {
  for (const cni of ["ovn-kubernetes", "antrea"]) {
    assert.equal(verdict(ANP_DENY, cni).allowed, false, `${cni} enforces ANP`);
    const v = verdict(CNP_DENY, cni);
    assert.equal(v.allowed, true, `${cni} ignores CNP`);
    assert.match(v.ingress.steps.find((s) => s.event === "ignored")!.text, /does not support ClusterNetworkPolicy v1alpha2/);
  }
  assert.equal(verdict(CNP_DENY, "calico").allowed, false, "calico maps CNP to its kube-admin tier");
  const c = verdict(CNP_DENY, "cilium");
  assert.equal(c.allowed, true);
  assert.match(c.ingress.steps[0]!.text, /cilium does not enforce admin policies/);
});

test("kube-router and the AWS agent: SCTP rules have no effect", () => {
  const policies = allowIngress("{ports: [{protocol: SCTP, port: 80}]}");
  assert.equal(verdict(policies, "generic", draco, harry, 80, "SCTP").allowed, true);
  assert.equal(verdict(policies, "kube-router", draco, harry, 80, "SCTP").allowed, false);
  assert.equal(verdict(policies, "aws-vpc-cni-netpol", draco, harry, 80, "SCTP").allowed, false);
  assert.equal(verdict(policies, "ovn-kubernetes", draco, harry, 80, "SCTP").allowed, true);
});

test("weave: named ports match nothing; endPort is read as its start port only", () => {
  const named = allowIngress("{ports: [{port: web}]}");
  assert.equal(verdict(named, "generic").allowed, true);
  assert.equal(verdict(named, "weave").allowed, false);
  const range = allowIngress("{ports: [{port: 70, endPort: 90}]}");
  assert.equal(verdict(range, "kube-router").allowed, true);
  assert.equal(verdict(range, "weave").allowed, false);
  assert.equal(verdict(range, "weave", draco, harry, 70).allowed, true);
});
