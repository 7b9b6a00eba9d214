// Admin tiers (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy / BaselineAdminNetworkPolicy
// v1alpha1): one positive and one negative check per construct, on the network-policy-api
// conformance cluster (test/conformance/clusters/admin.yaml).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate } from "../../src/engine/evaluate.js";
import { resolveEndpoint } from "../../src/engine/resolve.js";
import type { PolicyModel } from "../../src/engine/model.js";
import type { Verdict } from "../../src/engine/verdict.js";
import type { Protocol } from "../../src/model/ir.js";
import { ROOT } from "../helpers/cli.js";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { compileObjects } from "../../src/kinds/registry.js";
import { createModel } from "../../src/engine/model.js";
import { GENERIC } from "../../src/model/profiles.js";
import type { CniProfile } from "../../src/model/profile.js";
import { modelFromYaml } from "../helpers/model.js";

const CLUSTER = readFileSync(join(ROOT, "test/conformance/clusters/admin.yaml"), "utf8");
const G = "network-policy-conformance-gryffindor";
const S = "network-policy-conformance-slytherin";
const H = "network-policy-conformance-hufflepuff";
const R = "network-policy-conformance-ravenclaw";
const F = "network-policy-conformance-forbidden-forrest";
const harry = `${G}/harry-potter-0`;
const draco = `${S}/draco-malfoy-0`;
const cedric = `${H}/cedric-diggory-0`;
const luna = `${R}/luna-lovegood-0`;
const centaur1 = `${F}/centaur-1`;

function model(policies: string, profile = "generic"): PolicyModel {
  return modelFromYaml(`${CLUSTER}\n---\n${policies}`, profile);
}

/** A model under a profile made for the test (a choice no shipped profile combines). */
function modelUnder(policies: string, profile: CniProfile): PolicyModel {
  const compiled = compileObjects(parseYaml(`${CLUSTER}\n---\n${policies}`, "test.yaml").objects);
  return createModel(compiled.cluster, compiled.policies, profile);
}

function check(m: PolicyModel, from: string, to: string, port = 80, protocol: Protocol = "TCP"): Verdict {
  const src = resolveEndpoint(m, from);
  const dst = resolveEndpoint(m, to);
  assert.ok(src.ok && dst.ok);
  return evaluate(m, { src: src.value.endpoints[0]!, dst: dst.value.endpoints[0]!, protocol, port, selfVia: "service" });
}

const cnp = (name: string, tier: "Admin" | "Baseline", priority: number, body: string) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {conformance-house: gryffindor}}}
${body}
---
`;

const fromHouse = (house: string, action: string, extra = "") => `  ingress:
  - action: ${action}
    from: [{namespaces: {matchLabels: {conformance-house: ${house}}}}]
${extra}`;

const np = (name: string, ns: string, body: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  podSelector: {}
${body}
---
`;

test("admin tier: the lower priority decides; swapping priorities swaps the verdict", () => {
  const denyFirst = model(cnp("deny", "Admin", 10, fromHouse("slytherin", "Deny")) + cnp("accept", "Admin", 20, fromHouse("slytherin", "Accept")));
  const v = check(denyFirst, draco, harry);
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.decidedBy, "admin");
  assert.match(v.ingress.summary, /ClusterNetworkPolicy deny/);
  const acceptFirst = model(cnp("deny", "Admin", 30, fromHouse("slytherin", "Deny")) + cnp("accept", "Admin", 20, fromHouse("slytherin", "Accept")));
  assert.equal(check(acceptFirst, draco, harry).allowed, true);
  // A different source is not matched by either rule: no admin decision, default allow.
  assert.equal(check(denyFirst, luna, harry).ingress.decidedBy, "default");
});

test("admin Deny beats a NetworkPolicy that allows; admin Accept beats one that isolates", () => {
  const allowAll = np("allow-all", G, "  ingress: [{}]");
  const denied = check(model(cnp("deny", "Admin", 1, fromHouse("slytherin", "Deny")) + allowAll), draco, harry);
  assert.equal(denied.allowed, false);
  assert.equal(denied.ingress.decidedBy, "admin");
  const denyAll = np("deny-all", G, "  policyTypes: [Ingress]");
  const accepted = check(model(cnp("accept", "Admin", 1, fromHouse("slytherin", "Accept")) + denyAll), draco, harry);
  assert.equal(accepted.allowed, true);
  assert.equal(accepted.ingress.decidedBy, "admin");
  // Without the admin Accept, the NetworkPolicy isolates.
  assert.equal(check(model(denyAll), draco, harry).allowed, false);
});

test("Pass leaves the admin tier: the NetworkPolicy decides when one selects the pod", () => {
  const pass = cnp("pass", "Admin", 1, fromHouse("slytherin", "Pass"));
  const denyAfter = cnp("deny-later", "Admin", 2, fromHouse("slytherin", "Deny"));
  const allowSly = np("allow-sly", G, `  ingress: [{from: [{namespaceSelector: {matchLabels: {conformance-house: slytherin}}}]}]`);
  const v = check(model(pass + denyAfter + allowSly), draco, harry);
  assert.equal(v.allowed, true, "the lower-precedence Deny is skipped");
  assert.equal(v.ingress.decidedBy, "networkpolicy");
  assert.ok(v.ingress.steps.some((s) => s.event === "passed-through" && s.tier === "admin"));
  // Same Pass, but the NetworkPolicy isolates without allowing slytherin: denied by the NP tier.
  const v2 = check(model(pass + np("only-raven", G, `  ingress: [{from: [{namespaceSelector: {matchLabels: {conformance-house: ravenclaw}}}]}]`)), draco, harry);
  assert.equal(v2.allowed, false);
  assert.equal(v2.ingress.decidedBy, "networkpolicy");
});

test("Pass reaches the baseline when no NetworkPolicy selects the pod", () => {
  const pass = cnp("pass", "Admin", 1, fromHouse("slytherin", "Pass"));
  const baseDeny = cnp("base", "Baseline", 1, fromHouse("slytherin", "Deny"));
  const v = check(model(pass + baseDeny), draco, harry);
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.decidedBy, "baseline");
  // No baseline match: the default allows.
  assert.equal(check(model(pass + cnp("base", "Baseline", 1, fromHouse("hufflepuff", "Deny"))), draco, harry).ingress.decidedBy, "default");
});

test("a NetworkPolicy that selects the pod hides the baseline, even a baseline Accept", () => {
  const baseAccept = cnp("base", "Baseline", 1, fromHouse("slytherin", "Accept"));
  const onlyRaven = np("only-raven", G, `  ingress: [{from: [{namespaceSelector: {matchLabels: {conformance-house: ravenclaw}}}]}]`);
  const v = check(model(baseAccept + onlyRaven), draco, harry);
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.decidedBy, "networkpolicy");
  assert.equal(check(model(baseAccept), draco, harry).ingress.decidedBy, "baseline");
});

test("v1alpha2 baseline Pass skips the rest of the baseline tier", () => {
  const pass = cnp("a-pass", "Baseline", 1, fromHouse("slytherin", "Pass"));
  const deny = cnp("b-deny", "Baseline", 2, fromHouse("slytherin", "Deny"));
  assert.equal(check(model(pass + deny), draco, harry).allowed, true);
  assert.equal(check(model(deny), draco, harry).allowed, false);
});

test("networks match pod addresses whatever the profile says about ipBlock", () => {
  const denyPods = cnp("deny-cidr", "Admin", 1, `  egress:\n  - action: Deny\n    to: [{networks: [10.244.2.0/24]}]`);
  const worldOnly: CniProfile = { ...GENERIC, name: "world-only-ipblock", settings: { ...GENERIC.settings, ipBlockMatchesPodIPs: false, ipBlockMatchesNodeIPs: false } };
  for (const profile of [GENERIC, worldOnly]) {
    const m = modelUnder(denyPods, profile);
    const v = check(m, harry, draco);
    assert.equal(v.allowed, false, `${profile.name}: 10.244.2.10 is in the network`);
    assert.equal(v.egress.decidedBy, "admin");
    assert.equal(check(m, harry, cedric).allowed, true, `${profile.name}: 10.244.3.10 is not`);
  }
});

test("nodes peers match node addresses and host-network pods, not ordinary pods", () => {
  const denyNodes = cnp("deny-nodes", "Admin", 1, `  egress:\n  - action: Deny\n    to: [{nodes: {matchLabels: {kubernetes.io/hostname: node-b}}}]`);
  const m = model(denyNodes);
  const v = check(m, harry, centaur1, 34345);
  assert.equal(v.allowed, false, "centaur-1 runs on node-b's network");
  assert.equal(check(m, harry, "172.18.0.3", 22).allowed, false, "node-b's address");
  assert.equal(check(m, harry, "172.18.0.2", 22).allowed, true, "node-a is not selected");
  assert.equal(check(m, harry, draco).allowed, true, "a pod is not a node");
});

test("host-network pods are never subjects", () => {
  const denyAllToForest = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: forest}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {matchLabels: {conformance-house: forbidden-forrest}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
  egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]`;
  const m = model(denyAllToForest);
  const v = check(m, harry, centaur1, 34345);
  assert.equal(v.allowed, true);
  assert.equal(v.ingress.decidedBy, "not-applicable");
  assert.equal(check(m, centaur1, harry).allowed, true);
});

test("named ports resolve on the destination pod with the container port's protocol", () => {
  const v2 = cnp("named", "Admin", 1, `  ingress:
  - action: Accept
    from: [{namespaces: {matchLabels: {conformance-house: slytherin}}}]
    protocols: [{destinationNamedPort: dns}]
  - action: Deny
    from: [{namespaces: {matchLabels: {conformance-house: slytherin}}}]`);
  const m = model(v2);
  assert.equal(check(m, draco, harry, 53, "UDP").allowed, true, "dns is UDP/53 on harry");
  assert.equal(check(m, draco, harry, 53, "TCP").allowed, false, "no TCP port is named dns");
  assert.equal(check(m, draco, harry, 80).allowed, false);
  const v1 = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: named}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {conformance-house: gryffindor}}}
  ingress:
  - {action: Allow, from: [{namespaces: {}}], ports: [{namedPort: web}]}
  - {action: Deny, from: [{namespaces: {}}]}`;
  const m1 = model(v1);
  assert.equal(check(m1, draco, harry, 80).allowed, true);
  assert.equal(check(m1, draco, harry, 81).allowed, false);
});

test("v1alpha1 ports: portNumber defaults to TCP, portRange is inclusive", () => {
  const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ports}
spec:
  priority: 5
  subject: {pods: {namespaceSelector: {matchLabels: {conformance-house: gryffindor}}, podSelector: {}}}
  egress:
  - action: Deny
    to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {conformance-house: slytherin}}}}]
    ports: [{portNumber: {port: 80}}, {portRange: {protocol: UDP, start: 5000, end: 5010}}]`;
  const m = model(anp);
  assert.equal(check(m, harry, draco, 80).allowed, false);
  assert.equal(check(m, harry, draco, 80, "UDP").allowed, true);
  assert.equal(check(m, harry, draco, 5010, "UDP").allowed, false);
  assert.equal(check(m, harry, draco, 5011, "UDP").allowed, true);
});

test("BaselineAdminNetworkPolicy sits in the baseline tier, after NetworkPolicy", () => {
  const banp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {conformance-house: slytherin}}}]}]`;
  const v = check(model(banp), draco, harry);
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.decidedBy, "baseline");
  const withNp = model(banp + "\n---\n" + np("allow-all", G, "  ingress: [{}]"));
  assert.equal(check(withNp, draco, harry).allowed, true);
});

test("a peer with no known field fails closed: Accept matches nothing, Deny denies all", () => {
  const accept = cnp("skew", "Admin", 1, `  ingress:\n  - action: Accept\n    from: [{futurePeer: {x: y}}]`);
  const denyAll = np("deny-all", G, "  policyTypes: [Ingress]");
  const v = check(model(accept + denyAll), draco, harry);
  assert.equal(v.allowed, false, "the Accept matched nothing; the NetworkPolicy isolates");
  const deny = cnp("skew", "Admin", 1, `  ingress:\n  - action: Deny\n    from: [{futurePeer: {x: y}}]\n    protocols: [{tcp: {destinationPort: {number: 9}}}]`);
  const d = check(model(deny), luna, harry, 80);
  assert.equal(d.allowed, false, "a fail-closed Deny denies every source and port");
  assert.ok(d.ingress.steps.some((s) => /fail-closed/.test(s.text)));
});

test("same-priority overlaps with different actions are reported as ambiguous", () => {
  const a = cnp("a-accept", "Admin", 7, fromHouse("slytherin", "Accept"));
  const b = cnp("b-deny", "Admin", 7, fromHouse("slytherin", "Deny"));
  const v = check(model(a + b), draco, harry);
  const amb = v.ingress.steps.filter((s) => s.event === "ambiguous");
  assert.equal(amb.length, 1);
  assert.equal(amb[0]!.policy?.name, "b-deny");
  assert.equal(amb[0]!.action, "deny");
  assert.match(amb[0]!.text, /same priority/);
  // Different priorities, or the same action: nothing ambiguous.
  const c = cnp("b-deny", "Admin", 8, fromHouse("slytherin", "Deny"));
  assert.equal(check(model(a + c), draco, harry).ingress.steps.filter((s) => s.event === "ambiguous").length, 0);
  const same = cnp("b-accept", "Admin", 7, fromHouse("slytherin", "Accept"));
  assert.equal(check(model(a + same), draco, harry).ingress.steps.filter((s) => s.event === "ambiguous").length, 0);
  // Not matching the flow: nothing ambiguous.
  assert.equal(check(model(a + b), luna, harry).ingress.steps.filter((s) => s.event === "ambiguous").length, 0);
});

test("no implicit isolation: selecting a pod denies nothing a rule does not match", () => {
  const m = model(cnp("only-sly", "Admin", 1, fromHouse("slytherin", "Deny")));
  const v = check(m, luna, harry);
  assert.equal(v.allowed, true);
  assert.equal(v.ingress.isolatedBy.length, 0);
  assert.ok(v.ingress.steps.length > 0, "every verdict has a trace");
});

test("domainNames match exact names and *. wildcards over one or more labels", () => {
  const dn = cnp("dns", "Admin", 1, `  egress:
  - action: Accept
    to: [{domainNames: [example.com, "*.kubernetes.io"]}]
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]`);
  const m = model(dn);
  const to = (name: string) => {
    const src = resolveEndpoint(m, harry);
    const dst = resolveEndpoint(m, `fqdn:${name}`, { resolvesTo: "203.0.113.9" });
    assert.ok(src.ok && dst.ok);
    return evaluate(m, { src: src.value.endpoints[0]!, dst: dst.value.endpoints[0]!, protocol: "TCP", port: 443 }).allowed;
  };
  assert.equal(to("example.com"), true);
  assert.equal(to("a.b.kubernetes.io"), true);
  assert.equal(to("kubernetes.io"), false);
  assert.equal(to("www.example.com"), false);
});
