// lab assert without a kernel: bad input stops with file:line before anything is built, the
// pass/fail/not-runnable logic on given outcomes, and the json and junit shapes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { podwall, ROOT } from "../helpers/cli.js";
import { createModel } from "../../src/engine/model.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { podEndpoint } from "../../src/engine/endpoint.js";
import { GENERIC } from "../../src/model/profiles.js";
import { emptyCluster } from "../../src/model/cluster.js";
import type { Pod } from "../../src/model/cluster.js";
import type { AssertionSpec } from "../../src/load/assertions.js";
import { expandAssertion, judgeAssertion } from "../../src/lab/assert.js";
import { checkIntent } from "../../src/analysis/assert.js";
import type { CellOutcome } from "../../src/lab/cells.js";
import { labAssertJson, labAssertJunit, labAssertText } from "../../src/lab/assert-output.js";
import { externalProblem, planExternals } from "../../src/lab/externals.js";
import { planTopology } from "../../src/lab/topology.js";

const CLUSTER = join(ROOT, "test/lab/fixtures/assert/cluster.yaml");

test("lab assert: an invalid assertion is exit 2 with file:line, before the lab is built", () => {
  const r = podwall(["lab", "assert", "-", "-f", CLUSTER], { input: "- from: shop/web\n  to: shop/db\n  port: 5432\n  expect: maybe\n" });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-:4:\d+: error: .*"expect" must be allow or deny/);
  assert.doesNotMatch(r.stderr, /lab pw-|at .*\.ts:\d+/);
});

test("lab assert: an endpoint that is not in the model is exit 2, nothing probed", () => {
  const r = podwall(["lab", "assert", "-", "-f", CLUSTER], { input: "- from: shop/nope\n  to: shop/db\n  port: 5432\n  expect: deny\n" });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-:1:3: error: .*no pod or workload "nope"/);
  assert.match(r.stderr, /nothing was checked/);
});

function pod(name: string, ip: string): Pod {
  return { namespace: "a", name, labels: { app: name }, ips: [ip], ports: [], hostNetwork: false, serviceAccount: "default" };
}

function fixture() {
  const c = emptyCluster();
  c.namespaces.set("a", { name: "a", labels: { "kubernetes.io/metadata.name": "a" } });
  c.pods.push(pod("x", "10.9.0.1"), pod("y", "10.9.0.2"), pod("z", "10.9.0.3"));
  const model = createModel(c, [], GENERIC);
  const spec = (over: Partial<AssertionSpec>): AssertionSpec => ({ name: "n", from: "a/x", to: "a", ports: [{ protocol: "TCP", port: 80 }], expect: "allow", match: "all", source: { file: "i.yaml", line: 3, col: 3 }, ...over });
  const outcome = (observed: boolean | undefined, notProbed?: CellOutcome["notProbed"]): CellOutcome => {
    const s = { src: podEndpoint(model, c.pods[0]!), dst: podEndpoint(model, c.pods[1]!), protocol: "TCP" as const, port: 80 };
    const verdict = evaluate(model, s);
    return { spec: s, verdict, predicted: true, observed, why: observed === false ? "EHOSTUNREACH" : "connected", notProbed };
  };
  return { model, spec, outcome };
}

test("lab assert: flows expand as podwall assert expands them (a pod with itself left out)", () => {
  const { model, spec } = fixture();
  const e = expandAssertion(model, spec({ from: "a", to: "a", ports: [{ protocol: "TCP", port: 80 }, { protocol: "UDP", port: 53 }] }));
  assert.ok(e.ok);
  assert.equal(e.specs.length, 3 * 2 * 2);
  const engine = checkIntent(model, spec({ from: "a", to: "a", ports: [{ protocol: "TCP", port: 80 }, { protocol: "UDP", port: 53 }] }));
  assert.ok(engine.ok);
  assert.equal(e.specs.length, engine.result.flows, "the same flows as podwall assert");
  assert.ok(!expandAssertion(model, spec({ from: "a/x", to: "a/x" })).ok);
});

test("lab assert: all / any / not runnable, judged by the kernel's answers only", () => {
  const { spec, outcome } = fixture();
  const ends = { fromAs: "pod", toAs: "namespace a" };
  assert.equal(judgeAssertion(spec({}), ends, [outcome(true), outcome(true, undefined)]).status, "pass");
  const failed = judgeAssertion(spec({}), ends, [outcome(true), outcome(false)]);
  assert.equal(failed.status, "fail");
  assert.equal(failed.violations.length, 1);
  assert.match(failed.violations[0]!.summary, /^the kernel denied \(EHOSTUNREACH\); the engine predicts allow$/);
  assert.equal(failed.differ.length, 1, "the kernel denied what the engine allows");
  // all: the probed flows hold; the flow not probed is counted apart, never passed
  const part = judgeAssertion(spec({}), ends, [outcome(true), outcome(undefined, "address")]);
  assert.deepEqual([part.status, part.probed, part.notProbed], ["pass", 1, { address: 1 }]);
  // any: no probed flow met it, but one not probed might have: the kernel cannot decide
  assert.equal(judgeAssertion(spec({ match: "any" }), ends, [outcome(false), outcome(undefined, "sctp")]).status, "not-runnable");
  assert.equal(judgeAssertion(spec({ match: "any" }), ends, [outcome(false), outcome(true)]).status, "pass");
  assert.equal(judgeAssertion(spec({ match: "any" }), ends, [outcome(false), outcome(false)]).status, "fail");
  assert.equal(judgeAssertion(spec({}), ends, [outcome(undefined, "l7")]).status, "not-runnable");
});

test("lab assert output: text ends with N passed, N failed; json and junit count not runnable apart", () => {
  const { spec, outcome } = fixture();
  const ends = { fromAs: "pod", toAs: "namespace a" };
  const results = [judgeAssertion(spec({ name: "ok" }), ends, [outcome(true)]), judgeAssertion(spec({ name: "bad" }), ends, [outcome(false)]), judgeAssertion(spec({ name: "v6" }), ends, [outcome(undefined, "address")])];
  const text = labAssertText(results, 0.5);
  assert.match(text, /^PASS ok  \[i\.yaml:3:3\]  \(1 flow\(s\) on the kernel\)$/m);
  assert.match(text, /^FAIL bad  \[i\.yaml:3:3\]/m);
  assert.match(text, /^NOT RUNNABLE HERE v6  \[i\.yaml:3:3\]  \(every flow is an outside address/m);
  assert.match(text, /\n1 passed, 1 failed\n$/);
  const json = JSON.parse(labAssertJson(results, { profile: "generic", file: "i.yaml", seconds: 0.5 }));
  assert.deepEqual([json.judge, json.passed, json.failed, json.notRunnable], ["kernel", 1, 1, 1]);
  assert.deepEqual(json.results.map((r: { status: string }) => r.status), ["pass", "fail", "not-runnable"]);
  const junit = labAssertJunit(results, "i.yaml");
  assert.match(junit, /tests="3" failures="1" errors="0" skipped="1"/);
  assert.match(junit, /<skipped message="not runnable on the kernel: an outside address/);
});

test("outside hosts: IPv4 unicast only, never a lab address; one namespace per new address", () => {
  const c = emptyCluster();
  c.namespaces.set("a", { name: "a", labels: {} });
  c.pods.push(pod("x", "10.9.0.1"));
  const t = planTopology(c, "pw-t");
  assert.equal(externalProblem(t, "203.0.113.5"), undefined);
  for (const bad of ["2001:db8::1", "127.0.0.1", "169.254.1.1", "224.0.0.1", "10.9.0.1"]) assert.ok(externalProblem(t, bad), bad);
  const first = planExternals(t, ["203.0.113.5", "203.0.113.5", "198.51.100.7"]);
  assert.deepEqual(first.map((x) => x.ns), ["pw-t-x0", "pw-t-x1"]);
  t.externals.push(...first);
  assert.deepEqual(planExternals(t, ["198.51.100.7", "8.8.8.8"]).map((x) => [x.ns, x.ip]), [["pw-t-x2", "8.8.8.8"]]);
});
