// `podwall query --cni all` and `--cni NAME` as a user runs them, on examples/admin-tiers.

import { test } from "node:test";
import assert from "node:assert/strict";
import { podwall } from "./helpers/cli.js";
import { PROFILES } from "../src/model/profiles.js";

const base = ["query", "-f", "examples/admin-tiers", "--from", "network-policy-conformance-slytherin/draco-malfoy-0", "--to", "network-policy-conformance-gryffindor/harry-potter-0", "--port", "80"];

test("query --cni all: one row per profile, exit 1 when any profile denies", () => {
  const r = podwall([...base, "--cni", "all"]);
  assert.equal(r.code, 1, r.stderr);
  for (const p of PROFILES) assert.match(r.stdout, new RegExp(`^${p.name}\\s+(ALLOWED|DENIED)`, "m"));
  assert.match(r.stdout, /^generic\s+DENIED\s+ingress: denied by ClusterNetworkPolicy protect-gryffindor/m);
  assert.match(r.stdout, /^flannel\s+ALLOWED .*4 policies ignored/m);
  const j = JSON.parse(podwall([...base, "--cni", "all", "-o", "json"]).stdout);
  assert.equal(j.profiles.length, PROFILES.length);
});

test("query --cni NAME: the trace says a policy is not enforced; unknown names exit 2", () => {
  const r = podwall([...base, "--cni", "ovn-kubernetes"]);
  assert.match(r.stdout, /ClusterNetworkPolicy protect-gryffindor is ignored: CNI profile ovn-kubernetes does not support ClusterNetworkPolicy v1alpha2/);
  const bad = podwall([...base, "--cni", "nope"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown CNI profile "nope"/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
