// broad-ipblock, allow-all-rule, cidr-host-bits, except-outside-cidr.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel } from "../../src/engine/model.js";
import { GENERIC } from "../../src/model/profiles.js";
import { TIERS } from "../../src/model/ir.js";
import type { PolicyIR } from "../../src/model/ir.js";
import { runLint } from "../../src/analysis/lint/run.js";
import { exceptOutsideCidr } from "../../src/analysis/lint/except-outside-cidr.js";
import { emptyCluster } from "../../src/model/cluster.js";
import { docs, findings, lineOf, np, ns, pod } from "./fixtures.js";

const base = docs(ns("shop"), pod("shop", "web", { app: "web" }, "10.0.1.1"));
const egressTo = (name: string, cidr: string, except = "") => np("shop", name, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock:\n        cidr: ${cidr}${except ? `\n        except: [${except}]` : ""}\n    ports: [{port: 443}]`);

test("broad-ipblock: 0.0.0.0/0 and a /4 are reported at the rule's line, a /8 is not", () => {
  const yaml = docs(base, egressTo("everywhere", "0.0.0.0/0", "169.254.169.254/32"), egressTo("wide", "16.0.0.0/4"), egressTo("ten", "10.0.0.0/8"));
  const f = findings(yaml, "broad-ipblock");
  assert.deepEqual(f.map((x) => x.object.name).sort(), ["everywhere", "wide"]);
  const e = f.find((x) => x.object.name === "everywhere")!;
  assert.equal(e.path, "spec.egress[0]");
  assert.equal(e.source.line, lineOf(yaml, "  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0"));
  assert.match(e.message, /every address/);
});

test("broad-ipblock: IPv6 default /32, and thresholds from the config", () => {
  const yaml = docs(base, egressTo("v6", "2001:db8::/16"), egressTo("v6ok", "2001:db8::/32"), egressTo("ten", "10.0.0.0/8"));
  assert.deepEqual(findings(yaml, "broad-ipblock").map((x) => x.object.name), ["v6"]);
  const strict = { checks: { "broad-ipblock": { options: { ipv4Prefix: 16, ipv6Prefix: 48 } } } };
  assert.deepEqual(findings(yaml, "broad-ipblock", { config: strict }).map((x) => x.object.name).sort(), ["ten", "v6", "v6ok"]);
});

test("allow-all-rule: `- {}` allows everything; a rule with peers or ports does not", () => {
  const yaml = docs(base, np("shop", "open", "  podSelector: {}\n  ingress:\n  - {}"), np("shop", "ports-only", "  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]"), np("shop", "peers-only", "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]"));
  const f = findings(yaml, "allow-all-rule");
  assert.deepEqual(f.map((x) => x.object.name), ["open"]);
  assert.equal(f[0]!.source.line, lineOf(yaml, "  - {}"));
});

test("cidr-host-bits: the exact field and line, and what it is read as", () => {
  const yaml = docs(base, egressTo("hosty", "10.1.2.3/8"), egressTo("clean", "10.0.0.0/8"));
  const f = findings(yaml, "cidr-host-bits");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "hosty");
  assert.equal(f[0]!.path, "spec.egress[0].to[0].ipBlock.cidr");
  assert.equal(f[0]!.source.line, lineOf(yaml, "cidr: 10.1.2.3/8"));
  assert.match(f[0]!.message, /read as 10\.0\.0\.0\/8.*10\.1\.2\.3\/32/);
});

function cidrPolicy(cidr: string, except: string[]): PolicyIR {
  return {
    origin: { apiVersion: "example/v1", kind: "ExamplePolicy", namespace: "shop", name: "p", source: { file: "mem.yaml", line: 3, col: 1 } },
    family: "networkpolicy",
    tier: TIERS.networkPolicy,
    order: ["shop", "p"],
    subject: { namespace: { type: "name", name: "shop" }, pod: { op: "all" } },
    egress: { isolates: true, rules: [{ action: "allow", peer: { type: "cidr", cidr, except, clusterIPs: "profile" }, path: "spec.egress[0]", source: { file: "mem.yaml", line: 9, col: 3 } }] },
  };
}

// The NetworkPolicy API rejects an except outside its cidr, so `podwall validate` reports it
// before lint runs; the check is for kinds that let it through. The IR is built directly.
test("except-outside-cidr: an except outside, or equal to, its cidr", () => {
  const lintOne = (p: PolicyIR) => runLint({ model: createModel(emptyCluster(), [p], GENERIC), checks: [exceptOutsideCidr] }).findings;
  const outside = lintOne(cidrPolicy("10.0.0.0/8", ["192.168.0.0/16"]));
  assert.equal(outside.length, 1);
  assert.equal(outside[0]!.source.line, 9);
  assert.match(outside[0]!.message, /outside 10\.0\.0\.0\/8/);
  assert.match(lintOne(cidrPolicy("10.0.0.0/8", ["10.0.0.0/8"]))[0]!.message, /matches nothing/);
  assert.deepEqual(lintOne(cidrPolicy("10.0.0.0/8", ["10.1.0.0/16"])), []);
});
