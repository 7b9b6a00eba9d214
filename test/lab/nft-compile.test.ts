// The IR → nftables compiler, without a kernel: the tier walk's shape (allow returns to the
// base chain, pass jumps to the next tier, end-of-tier deny only for isolating tiers), sets
// from selectors and CIDRs, named ports, and the fuzz generator's determinism.

import { test } from "node:test";
import assert from "node:assert/strict";
import type { PolicyIR, Rule } from "../../src/model/ir.js";
import { TIERS } from "../../src/model/ir.js";
import { createModel } from "../../src/engine/model.js";
import { CILIUM, GENERIC } from "../../src/model/profiles.js";
import { emptyCluster } from "../../src/model/cluster.js";
import type { Cluster, Pod } from "../../src/model/cluster.js";
import { compileNode } from "../../src/lab/nft-compile.js";
import { planTopology, withLabAddresses } from "../../src/lab/topology.js";
import { and, not, or, renderTerm } from "../../src/lab/nft-dnf.js";
import type { Dnf } from "../../src/lab/nft-dnf.js";
import { generateCase } from "../../src/lab/fuzz/generate.js";

function pod(ns: string, name: string, labels: Record<string, string>, ip?: string, ports: Pod["ports"] = []): Pod {
  return { namespace: ns, name, labels, ips: ip ? [ip] : [], ports, hostNetwork: false, serviceAccount: "default" };
}

function cluster(): Cluster {
  const c = emptyCluster();
  for (const n of ["a", "b"]) c.namespaces.set(n, { name: n, labels: { "kubernetes.io/metadata.name": n } });
  c.pods.push(pod("a", "web", { app: "web" }, "10.1.0.1", [{ name: "http", port: 8080, protocol: "TCP" }]), pod("a", "db", { app: "db" }, "10.1.0.2"), pod("b", "x", { app: "x" }));
  return c;
}

const rule = (action: Rule["action"], extra: Partial<Rule> = {}): Rule => ({ action, peer: { type: "any" }, path: "spec.x", ...extra });

function policy(name: string, tier: PolicyIR["tier"], ingress: Rule[], isolates: boolean, order = 0): PolicyIR {
  return {
    origin: { apiVersion: "test/v1", kind: "Test", name, namespace: "a" },
    family: tier.name === "networkpolicy" ? "networkpolicy" : "admin",
    tier,
    order: [order, name],
    subject: { namespace: { type: "name", name: "a" }, pod: { op: "eq", key: "app", value: "db" } },
    ingress: { isolates, rules: ingress },
  };
}

function compile(policies: PolicyIR[]): string {
  const { cluster: c } = withLabAddresses(cluster());
  const model = createModel(c, policies, GENERIC);
  const t = planTopology(c, "pw-test");
  return compileNode(model, t, t.nodes[0]!);
}

const chain = (script: string, name: string) => {
  const m = new RegExp(`chain ${name} \\{\\n([\\s\\S]*?)\\n  \\}`).exec(script);
  assert.ok(m, `chain ${name} in\n${script}`);
  return m[1]!.split("\n").map((l) => l.trim());
};

test("a pod without policies has no map entry; a selected pod's map entry jumps to its first tier", () => {
  const s = compile([policy("np", TIERS.networkPolicy, [], true)]);
  assert.match(s, /map ingress \{ type ipv4_addr : verdict; elements = \{ 10\.1\.0\.2 : jump i1_t0 \} \}/);
  assert.match(s, /map egress \{ type ipv4_addr : verdict; \}/);
  // isolating NetworkPolicy tier with no rules: end-of-tier reject
  assert.deepEqual(chain(s, "i1_t0").map((l) => l.split(" comment")[0]), ["reject with icmpx type admin-prohibited"]);
});

test("tier walk: pass goes to the next tier, allow returns to the base chain, deny rejects", () => {
  const admin = policy("adm", TIERS.admin, [rule("pass", { ports: [{ protocol: "TCP", from: 80 }] }), rule("deny", { ports: [{ protocol: "UDP", from: 53 }] }), rule("allow", { ports: [{ protocol: "TCP", from: 81, to: 90 }] })], false);
  const np = policy("np", TIERS.networkPolicy, [rule("allow", { peer: { type: "pods", selector: { namespace: { type: "name", name: "a" }, pod: { op: "eq", key: "app", value: "web" } } } })], true);
  const s = compile([np, admin]);
  const t0 = chain(s, "i1_t0").map((l) => l.split(" comment")[0]);
  assert.deepEqual(t0, ["meta l4proto tcp th dport 80 goto i1_t1", "meta l4proto udp th dport 53 reject with icmpx type admin-prohibited", "meta l4proto tcp th dport 81-90 return", "goto i1_t1"]);
  const t1 = chain(s, "i1_t1").map((l) => l.split(" comment")[0]);
  assert.match(t1[0]!, /^ip saddr @pods\d+ return$/);
  assert.equal(t1[1], "reject with icmpx type admin-prohibited");
  assert.match(s, /set pods\d+ \{ type ipv4_addr; elements = \{ 10\.1\.0\.1 \} \}/);
});

test("a tier that ends in continue and does not isolate falls through to default allow", () => {
  const s = compile([policy("adm", TIERS.admin, [rule("deny", { ports: [{ protocol: "TCP", from: 22 }] })], false)]);
  assert.deepEqual(chain(s, "i1_t0").map((l) => l.split(" comment")[0]), ["meta l4proto tcp th dport 22 reject with icmpx type admin-prohibited"]);
});

test("ipBlock with except is one rule: block and not-except; pods without an address get one", () => {
  const np = policy("np", TIERS.networkPolicy, [rule("allow", { peer: { type: "cidr", cidr: "10.1.0.7/16", except: ["10.1.0.1/32"], clusterIPs: "profile" } })], true);
  const s = compile([np]);
  assert.match(chain(s, "i1_t0")[0]!, /^ip saddr @cidr\d+ ip saddr != @except\d+ return/);
  assert.match(s, /elements = \{ 10\.1\.0\.0\/16 \}/, "host bits cleared");
  const x = withLabAddresses(cluster()).cluster.pods.find((q) => q.name === "x")!;
  assert.match(x.ips[0]!, /^10\.250\.0\.\d+$/, "b/x got a lab address");
});

test("egress named ports become (address . protocol . port) sets of the pods that declare them", () => {
  const p = policy("np", TIERS.networkPolicy, [], true);
  const egress: PolicyIR = { ...p, ingress: undefined, egress: { isolates: true, rules: [rule("allow", { ports: [{ protocol: "TCP", name: "http" }] })] } };
  const s = compile([egress]);
  assert.match(s, /set np\d+ \{ type ipv4_addr \. inet_proto \. inet_service; elements = \{ 10\.1\.0\.1 \. tcp \. 8080 \} \}/);
  assert.match(chain(s, "e1_t0")[0]!, /^ip daddr \. meta l4proto \. th dport @np\d+ return/);
});

test("DNF: not pushes negation to literals; or and and distribute", () => {
  const a: Dnf = [[{ k: "addr", set: "A", neg: false }]];
  const b: Dnf = [[{ k: "proto", protos: ["tcp"], neg: false }, { k: "dport", from: 80, to: 80, neg: false }]];
  const n = not(or([a, b]));
  assert.deepEqual(n.map((t) => renderTerm(t, "saddr")), ["ip saddr != @A meta l4proto != tcp", "ip saddr != @A th dport != 80"]);
  assert.deepEqual(and([or([a, b]), [[]]]).length, 2);
});

test("the fuzz generator is deterministic for a seed and varies across seeds", () => {
  assert.deepEqual(generateCase(42), generateCase(42));
  assert.notDeepEqual(generateCase(42), generateCase(43));
});

test("log counts and goes on; pass in the last tier returns to the base chain (allowed by default)", () => {
  const calicoTier = { rank: [200, 1], name: "calico-security", endOfTier: "deny" as const };
  const s = compile([policy("cal", calicoTier, [rule("log"), rule("pass", { ports: [{ protocol: "TCP", from: 80 }] })], true)]);
  const t0 = chain(s, "i1_t0").map((l) => l.split(" comment")[0]);
  assert.deepEqual(t0, ["counter", "meta l4proto tcp th dport 80 return", "reject with icmpx type admin-prohibited"]);
});

test("notPorts and not/and peers: one nft rule per DNF term, negations as !=", () => {
  const web = { type: "pods" as const, selector: { namespace: { type: "name" as const, name: "a" }, pod: { op: "eq" as const, key: "app", value: "web" } } };
  const r = rule("allow", { peer: { type: "and", peers: [{ type: "any" }, { type: "not", peer: web }] }, notPorts: [{ protocol: "TCP", from: 22 }] });
  const lines = chain(compile([policy("np", TIERS.networkPolicy, [r], true)]), "i1_t0").map((l) => l.split(" comment")[0]);
  assert.deepEqual(lines.slice(0, 2).map((l) => l.replace(/\d+ /, "N ")), ["ip saddr != @podsN meta l4proto != tcp return", "ip saddr != @podsN th dport != 22 return"]);
});

test("the profile decides the host chains: own node → pod policed adds output; pod → own node allowed drops input", () => {
  const np = policy("np", TIERS.networkPolicy, [], true);
  const { cluster: c } = withLabAddresses(cluster());
  const t = planTopology(c, "pw-test");
  const with_ = (settings: Partial<typeof GENERIC.settings>) => compileNode(createModel(c, [np], { ...GENERIC, settings: { ...GENERIC.settings, ...settings } }), t, t.nodes[0]!);
  assert.match(with_({}), /chain input \{/);
  assert.doesNotMatch(with_({}), /chain output \{/);
  assert.match(with_({ ownNodeToPod: "policed" }), /chain output \{\n.*hook output[\s\S]*ip daddr vmap @ingress/);
  assert.doesNotMatch(with_({ podToOwnNode: "allowed" }), /chain input \{/);
});

test("CIDR peers: `never` and a profile without pod/node IPs exclude every lab pod and node address; `always` does not", () => {
  const peer = (clusterIPs: "profile" | "always" | "never") => [rule("allow", { peer: { type: "cidr", cidr: "10.0.0.0/8", except: [], clusterIPs } })];
  const { cluster: c } = withLabAddresses(cluster());
  const t = planTopology(c, "pw-test");
  const first = (clusterIPs: "profile" | "always" | "never", profile = GENERIC) => chain(compileNode(createModel(c, [policy("np", TIERS.networkPolicy, peer(clusterIPs), true)], profile), t, t.nodes[0]!), "i1_t0")[0]!.split(" comment")[0]!;
  assert.match(first("always"), /^ip saddr @cidr\d+ return$/);
  assert.match(first("never"), /^ip saddr @cidr\d+ ip saddr != @allpods\d+ ip saddr != @allnodes\d+ return$/);
  assert.equal(first("profile"), first("always"), "generic: ipBlock matches pod and node IPs");
  assert.match(first("profile", CILIUM), /!= @allpods\d+ ip saddr != @allnodes\d+ return$/);
});
