import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseFlowCsv, parseFlows, parseHubble } from "../../src/load/flows.js";
import { replay } from "../../src/analysis/replay.js";
import { podwall, ROOT } from "../helpers/cli.js";
import { BASE, load } from "./fixtures.js";

const HUBBLE = readFileSync(`${ROOT}test/analysis/data/demo-hubble.jsonl`, "utf8");

test("hubble lines: replies and ICMP skipped, identical flows merged, verdicts kept", () => {
  const f = parseHubble(HUBBLE, "h.jsonl");
  assert.deepEqual(f.diagnostics, []);
  assert.equal(f.skipped["reply packets"], 1);
  assert.equal(f.skipped["non-TCP/UDP/SCTP (ICMPv4)"], 1);
  const fe = f.flows.find((x) => x.src.pod === "frontend-6d4f9c7b8-2xkqp" && x.port === 8080)!;
  assert.equal(fe.count, 2);
  assert.equal(fe.line, 3);
  assert.deepEqual(f.flows.find((x) => x.src.pod === "prometheus-0")!.observed, ["DROPPED"]);
  // A bare flow (older hubble) reads the same.
  const bare = parseHubble(JSON.stringify(JSON.parse(HUBBLE.split("\n")[0]!).flow), "b");
  assert.equal(bare.flows[0]!.port, 53);
  assert.equal(parseHubble("{not json\n", "x").diagnostics[0]!.source!.line, 1);
});

test("csv: header optional, errors with line numbers, format guessed", () => {
  const ok = parseFlowCsv("source,destination,protocol,port\napp/web,pay/api,TCP,8443\n", "f.csv");
  assert.equal(ok.flows.length, 1);
  assert.equal(ok.flows[0]!.line, 2);
  const bad = parseFlowCsv("app/web,pay/api,ICMP,1\napp/web,pay/api,TCP,0\napp/web\n", "f.csv");
  assert.deepEqual(bad.diagnostics.map((d) => d.source!.line), [1, 2, 3]);
  assert.equal(parseFlows("app/web,pay/api,tcp,8443", "x").format, "csv");
  assert.equal(parseFlows(HUBBLE, "x").format, "hubble");
});

test("replay: verdicts, unresolved pods reported, what would break", () => {
  const { model } = load(BASE);
  const csv = parseFlowCsv(
    ["app/web,pay/api,TCP,8443,FORWARDED", "kube-system/dns,pay/api,TCP,8443,FORWARDED", "pay/api,8.8.8.8,TCP,443", "app/gone,pay/api,TCP,8443", "app/web,app,TCP,8080"].join("\n"),
    "f.csv",
  );
  const r = replay(model, csv.flows);
  assert.equal(r.summary.flows, 5);
  assert.equal(r.summary.unresolved, 1);
  assert.match(r.unresolved[0]!.reason, /source: no pod or workload "gone"/);
  assert.equal(r.summary.dropped, 2);
  assert.equal(r.summary.wouldBreak, 1);
  const dns = r.replayed.find((x) => x.flow.line === 2)!;
  assert.equal(dns.allowed, false);
  assert.equal(dns.verdicts[0]!.ingress.allowed, false); // the trace says which side refused
  assert.deepEqual(r.summary.drops.map((d) => `${d.from} ${d.to}`).sort(), ["kube-system/dns pay/api", "pay/api 8.8.8.8"]);
  // A pod paired with itself by name evaluates as hairpin, not skipped.
  assert.equal(r.replayed.find((x) => x.flow.line === 5)!.verdicts.length, 1);
});

test("replay: hubble pods that are gone fall back to their workload", () => {
  const r = replay(load(BASE).model, parseHubble(`{"flow":{"IP":{"source":"10.9.9.9","destination":"10.0.1.1"},"l4":{"TCP":{"destination_port":8443}},"source":{"namespace":"app","pod_name":"web-abc","workloads":[{"name":"web","kind":"Deployment"}]},"destination":{"namespace":"pay","pod_name":"api"}}}`, "h").flows);
  // The fixture's app/web has no owner, so the fallback cannot apply: reported, not dropped.
  assert.equal(r.unresolved.length, 1);
  assert.match(r.unresolved[0]!.reason, /app\/web-abc \(workload web\) is not in the model/);
});

test("podwall replay: demo flows, --fail-on-drop, bad file is exit 2", () => {
  const r = podwall(["replay", "--flows", "test/analysis/data/demo-hubble.jsonl", "-f", "examples/demo"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /DROP \(would break: observed forwarded\) line 1: shop\/backend-5b8d7f6c4-h7mzn -> kube-system\/coredns/);
  assert.match(r.stdout, /line 5: shop\/backend-5b8d7f6c4-zzzzz|Summary: 7 flow\(s\); 4 allowed, 2 would be dropped/);
  assert.match(r.stdout, /legacy\/old-api-0 is not in the model/);
  assert.equal(podwall(["replay", "--flows", "test/analysis/data/demo-hubble.jsonl", "-f", "examples/demo", "--fail-on-drop"]).code, 1);
  const j = JSON.parse(podwall(["replay", "--flows", "test/analysis/data/demo-hubble.jsonl", "-f", "examples/demo", "-o", "json"]).stdout);
  const gone = j.flows.find((x: { line: number }) => x.line === 5);
  assert.match(gone.sourceAs, /workload backend/);
  assert.ok(j.flows.every((x: { verdicts: { egress: { steps: unknown[] } }[] }) => x.verdicts.every((v) => v.egress.steps.length > 0)));
  const bad = podwall(["replay", "--flows", "-", "-f", "examples/demo"], { input: "shop/a,shop/b,TCP,http\n" });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /<stdin>:1:1: error: port must be 1-65535/);
});
