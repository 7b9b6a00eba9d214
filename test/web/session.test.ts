// The worker's engine session, driven directly: view, traces, what-if diff, class grouping.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Session } from "../../src/web/view/session.js";
import type { InputFile } from "../../src/web/view/session.js";
import { tally, cellOf, workloadEdges, podCell } from "../../src/web/view/aggregate.js";
import { computeMatrix } from "../../src/engine/matrix.js";
import { ROOT } from "../helpers/cli.js";
import { syntheticClusterYaml } from "./helpers/synthetic.js";
import { modelFromYaml } from "../helpers/model.js";
import { buildView } from "../../src/web/view/build-view.js";

export function demoFiles(): InputFile[] {
  const dir = join(ROOT, "examples/demo");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ name: `examples/demo/${f}`, text: readFileSync(join(dir, f), "utf8") }));
}

test("the view's workload cells agree with the engine's matrix on the demo", () => {
  const s = new Session();
  const r = s.load(demoFiles(), "generic");
  assert.ok(r.ok);
  const v = r.built.view;
  const m = computeMatrix(r.built.model, { by: "workload" });
  for (const [pi, port] of m.ports.entries()) {
    const vp = v.reach.ports.findIndex((p) => p.port === port.port && p.protocol === port.protocol);
    for (const [si, sg] of m.groups.entries())
      for (const [di, dg] of m.groups.entries()) {
        const sw = v.workloads.find((w) => w.key === sg)!;
        const dw = v.workloads.find((w) => w.key === dg)!;
        assert.equal(cellOf(tally(v.reach, v.classes, sw.classes, dw.classes, vp)), m.cells[pi]![si]![di], `${sg} -> ${dg} ${port.port}`);
      }
  }
});

test("class grouping matches per-pod evaluation on a synthetic cluster", () => {
  const model = modelFromYaml(syntheticClusterYaml({ namespaces: 3, workloadsPerNamespace: 3, replicas: 2 }));
  const { view } = buildView(model, { files: [], notes: [] });
  assert.ok(view.classes.length < model.cluster.pods.length, "replicas share a class");
  const m = computeMatrix(model, { by: "pod" });
  for (const [pi] of m.ports.entries())
    m.groups.forEach((a, i) => m.groups.forEach((b, j) => assert.equal(podCell(view, a, b, pi), m.cells[pi]![i]![j], `${a} -> ${b}`)));
});

test("edges, traces with file:line, and isolation on the demo", () => {
  const s = new Session();
  const r = s.load(demoFiles(), "generic");
  assert.ok(r.ok);
  const v = r.built.view;
  const id = (k: string) => v.workloads.find((w) => w.key === k)!.id;
  const edges = workloadEdges(v, v.workloads.map((w) => w.id), null);
  assert.ok(edges.some((e) => e.src === id("shop/frontend") && e.dst === id("shop/backend")));
  assert.ok(!edges.some((e) => e.src === id("shop/frontend") && e.dst === id("shop/db")), "frontend cannot reach the db");
  assert.equal(v.workloads[id("shop/db")]!.isolation !== "none", true);
  const fe = v.workloads[id("shop/frontend")]!.pods[0]!;
  const be = v.workloads[id("shop/backend")]!.pods[0]!;
  const t = s.trace("base", fe, be, "TCP/8080");
  assert.equal(t.length, 1);
  assert.equal(t[0]!.allowed, true);
  assert.ok(t[0]!.sides.some((side) => side.steps.some((st) => st.event === "matched" && /policies\.yaml:\d+:\d+/.test(st.where ?? ""))));
});

test("what-if: removing a rule shows the flows it blocks, incrementally", () => {
  const s = new Session();
  const files = demoFiles();
  assert.ok(s.load(files, "generic").ok);
  const pol = files.find((f) => f.name.endsWith("policies.yaml"))!;
  const edited = pol.text.replace(/name: backend-egress[\s\S]*?(?=\n---)/, (m) => m.replace("port: 5432", "port: 5433"));
  assert.notEqual(edited, pol.text);
  const w = s.whatIf([{ name: pol.name, text: edited }]);
  assert.deepEqual(w.errors, []);
  assert.equal(w.incremental, true);
  const blocked = w.diff.filter((d) => d.change === "blocked");
  assert.ok(blocked.some((d) => d.src === "shop/backend" && d.dst === "shop/db" && d.port === "TCP/5432"), JSON.stringify(w.diff));
  const t = s.trace("edited", blocked[0]!.srcPod, blocked[0]!.dstPod, blocked[0]!.port);
  assert.equal(t[0]!.allowed, false);
  const bad = s.whatIf([{ name: pol.name, text: "kind: [" }]);
  assert.ok(bad.errors.length > 0 && /policies\.yaml:\d+/.test(bad.errors[0]!));
});

test("lint findings come from podwall lint's runner, pointed at what the graph shows", async () => {
  const { lintHook } = await import("../../src/web/view/lint-hook.js");
  const s = new Session(lintHook);
  assert.ok(s.load(demoFiles(), "generic").ok);
  const f = s.findings("base");
  assert.equal(f.available, true);
  const dns = f.findings.find((x) => x.id === "egress-blocks-dns");
  assert.ok(dns, JSON.stringify(f.findings.map((x) => x.id)));
  assert.match(dns.where, /examples\/demo\/\w+\.yaml:\d+/);
  assert.ok(dns.target && (s.base!.view.workloads.some((w) => w.key === dns.target) || s.base!.view.namespaces.some((n) => n.name === dns.target)));
});

// The mesh decides too: the page's cells must be the engine's matrix (L3/L4 and Istio), as the
// trace of the same pair says. A StatefulSet with one pod injected and one created before the
// namespace asked for injection: the same labels, but only one is behind a proxy.
const meshCluster = `${readFileSync(join(ROOT, "test/conformance/clusters/istio-mesh.yaml"), "utf8")}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: foo, labels: {app: db}, ownerReferences: [{kind: StatefulSet, name: db, controller: true}]}
spec:
  containers:
  - {name: app, image: postgres, ports: [{containerPort: 8000, protocol: TCP}]}
  - {name: istio-proxy, image: docker.io/istio/proxyv2:1.24.0}
status: {phase: Running, podIP: 10.10.1.40}
---
apiVersion: v1
kind: Pod
metadata: {name: db-1, namespace: foo, labels: {app: db}, ownerReferences: [{kind: StatefulSet, name: db, controller: true}]}
spec:
  containers:
  - {name: app, image: postgres, ports: [{containerPort: 8000, protocol: TCP}]}
status: {phase: Running, podIP: 10.10.1.41}
`;
const allowNothing = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-nothing, namespace: foo}\nspec: {}\n";

test("the view agrees with the engine's matrix when the mesh denies", () => {
  const s = new Session();
  const r = s.load([{ name: "cluster.yaml", text: meshCluster }, { name: "mesh.yaml", text: allowNothing }], "generic");
  assert.ok(r.ok, r.ok ? "" : r.errors.join("\n"));
  const v = r.built.view;
  const m = computeMatrix(r.built.model, { by: "pod" });
  let denied = 0;
  for (const [pi, port] of m.ports.entries()) {
    const vp = v.reach.ports.findIndex((p) => p.label === `${port.protocol}/${port.port}`);
    m.groups.forEach((a, i) =>
      m.groups.forEach((b, j) => {
        const cell = podCell(v, a, b, vp);
        assert.equal(cell, m.cells[pi]![i]![j], `${a} -> ${b} ${port.protocol}/${port.port}`);
        if (cell === "deny") {
          denied++;
          if (a !== b) assert.equal(s.trace("base", a, b, `${port.protocol}/${port.port}`)[0]!.allowed, false, `the trace of ${a} -> ${b} says denied too`);
        }
      }),
    );
  }
  assert.ok(denied > 0, "the mesh denies something");
  assert.equal(podCell(v, "bar/curl", "foo/db-0", vp8000(v)), "deny", "db-0 is behind the proxy");
  assert.equal(podCell(v, "bar/curl", "foo/db-1", vp8000(v)), "allow", "db-1 has no proxy: nothing at the mesh decides");
});

test("what-if: an edited AuthorizationPolicy changes the page", () => {
  const s = new Session();
  assert.ok(s.load([{ name: "cluster.yaml", text: meshCluster }, { name: "mesh.yaml", text: allowNothing }], "generic").ok);
  const w = s.whatIf([{ name: "mesh.yaml", text: "# no mesh policy\n" }]);
  assert.deepEqual(w.errors, []);
  assert.ok(w.diff.some((d) => d.src === "bar/curl" && d.dst === "foo/httpbin" && d.port === "TCP/8000" && d.change === "allowed"), JSON.stringify(w.diff));
  const t = s.trace("edited", "bar/curl", "foo/httpbin", "TCP/8000");
  assert.equal(t[0]!.allowed, true, "the edited model's trace agrees");
});

const vp8000 = (v: { reach: { ports: { label: string }[] } }) => v.reach.ports.findIndex((p) => p.label === "TCP/8000");

test("isolation on the graph is explain's: a host-network pod is node traffic, never isolated (generic)", async () => {
  const { explainGroups } = await import("../../src/analysis/explain.js");
  const yaml = `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: infra, labels: {app: agent}}
spec: {hostNetwork: true, nodeName: n1, containers: [{name: a, image: a, ports: [{containerPort: 9100}]}]}
status: {phase: Running, podIP: 192.168.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: infra, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: w, image: w, ports: [{containerPort: 80}]}]}
status: {phase: Running, podIP: 10.0.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: infra}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`;
  const model = modelFromYaml(yaml);
  const { view } = buildView(model, { files: [], notes: [] });
  const groups = explainGroups(model);
  for (const w of view.workloads) {
    const g = groups.find((x) => x.pods.includes(w.pods[0]!))!;
    const want = g.ingress.isolated && g.egress.isolated ? "both" : g.ingress.isolated ? "ingress" : g.egress.isolated ? "egress" : "none";
    assert.equal(w.isolation, want, w.key);
  }
  assert.deepEqual(view.workloads.map((w) => [w.key, w.isolation]), [["infra/agent", "none"], ["infra/web", "both"]]);
});
