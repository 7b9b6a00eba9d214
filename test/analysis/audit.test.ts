import { test } from "node:test";
import assert from "node:assert/strict";
import { audit } from "../../src/analysis/audit.js";
import { compliance, parseScope } from "../../src/analysis/compliance.js";
import { BASE, load } from "./fixtures.js";

function scopeOf(text: string) {
  const s = parseScope(text);
  if (!s.ok) throw new Error(s.error);
  return { text, expr: s.expr };
}

const control = (c: ReturnType<typeof compliance>, id: string) => c.controls.find((x) => x.id === id)!;

test("default deny per namespace and isolation per pod", () => {
  const { model, objects } = load(BASE);
  const r = audit(model, objects);
  assert.deepEqual(r.figures.defaultDeny.ingress.items, ["pay"]);
  assert.deepEqual(r.figures.defaultDeny.egress.items, ["pay"]);
  assert.equal(r.figures.defaultDeny.ingress.of, 3);
  assert.deepEqual(r.figures.isolatedPods.egress.items, ["pay/api"]);
  const app = r.namespaces.find((n) => n.name === "app")!;
  assert.deepEqual(app.notIsolated.ingress, ["app/web"]);
});

test("internet, metadata and kube-system reach are found with evidence", () => {
  const { model, objects } = load(BASE);
  const r = audit(model, objects);
  // pay/api is locked down to DNS; the open pods reach everything.
  assert.deepEqual(r.figures.internet.items, ["app/web", "kube-system/dns"]);
  assert.deepEqual(r.figures.metadata.items, ["app/web", "kube-system/dns"]);
  const web = r.pods.find((p) => p.pod === "app/web")!;
  assert.equal(web.metadata!.to.startsWith("169.254.169.254"), true);
  // app/web reaches kube-system/dns on 9153 (beyond DNS), not counted for port 53.
  assert.deepEqual(web.kubeSystem.map((e) => `${e.to} ${e.protocol}/${e.port}`), ["kube-system/dns TCP/9153"]);
  assert.deepEqual(r.figures.kubeSystem.items, ["app/web"]);
  // pay/api is exposed to nobody outside; app/web is.
  assert.deepEqual(r.figures.exposed.items, ["app/web", "kube-system/dns"]);
});

test("pairs and flows: counts match the listed allowed flows", () => {
  const { model, objects } = load(BASE);
  const r = audit(model, objects);
  assert.equal(r.figures.flows.allowed, r.allowedFlows.length);
  // 3 pods, each destination declares ports: 6 ordered pairs; flows = sum of dst ports per src.
  assert.equal(r.figures.podPairs.of, 6);
  assert.equal(r.figures.flows.of, 2 * 1 + 2 * 1 + 2 * 3);
  assert.ok(r.allowedFlows.some((f) => f.from === "app/web" && f.to === "pay/api" && f.port === 8443));
  assert.ok(!r.allowedFlows.some((f) => f.from === "kube-system/dns" && f.to === "pay/api"));
  assert.ok(r.allowedFlows.some((f) => f.from === "pay/api" && f.to === "kube-system/dns" && f.port === 53));
});

test("encryption: same node, none, and WireGuard from a Calico FelixConfiguration", () => {
  const plain = audit(load(BASE).model, load(BASE).objects);
  const webToApi = plain.allowedFlows.find((f) => f.from === "app/web" && f.to === "pay/api")!;
  assert.equal(webToApi.encryption, "none"); // n2 -> n1
  const apiToDns = plain.allowedFlows.find((f) => f.from === "pay/api" && f.to === "kube-system/dns")!;
  assert.equal(apiToDns.encryption, "same-node");
  const felix = `${BASE}\napiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {wireguardEnabled: true}\n`;
  const { model, objects } = load(felix);
  const r = audit(model, objects);
  assert.equal(r.allowedFlows.find((f) => f.from === "app/web" && f.to === "pay/api")!.encryption, "wireguard");
  assert.equal(r.encryption.sources.length, 1);
  assert.match(r.encryption.sources[0]!.at, /test\.yaml:\d+/);
});

test("encryption: Cilium config map and per-node CiliumNodeConfig", () => {
  const cm = `${BASE}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {enable-ipsec: "true"}\n`;
  const withIpsec = load(cm);
  assert.ok(audit(withIpsec.model, withIpsec.objects).encryption.byMode.ipsec > 0);
  // Only n1 gets WireGuard: a flow n2 -> n1 stays unencrypted.
  const cnc = `${BASE}\napiVersion: cilium.io/v2\nkind: CiliumNodeConfig\nmetadata: {name: wg, namespace: kube-system}\nspec:\n  nodeSelector: {matchLabels: {kubernetes.io/hostname: n1}}\n  defaults: {enable-wireguard: "true"}\n`;
  const r = audit(load(cnc).model, load(cnc).objects);
  assert.equal(r.allowedFlows.find((f) => f.from === "app/web" && f.to === "pay/api")!.encryption, "none");
  assert.deepEqual(r.encryption.sources[0]!.nodes, ["n1"]);
});

test("compliance: PCI scope by label; 1.3.1 passes for a locked-down CDE, fails for an open one", () => {
  const { model, objects } = load(BASE);
  const r = audit(model, objects);
  const c = compliance(model, r, scopeOf("pci=true"));
  assert.deepEqual(c.scope.namespaces, ["pay"]);
  assert.equal(control(c, "1.3.1").status, "pass");
  assert.equal(control(c, "1.3.2").status, "pass");
  assert.equal(control(c, "2.2.x").status, "pass");
  assert.equal(control(c, "4.2.1").status, "fail"); // app/web (n2) -> pay/api (n1) in clear
  const open = compliance(model, r, scopeOf("kubernetes.io/metadata.name=app"));
  const f131 = control(open, "1.3.1");
  assert.equal(f131.status, "fail");
  assert.ok(f131.findings.some((f) => /app\/web is not isolated for ingress/.test(f.message)));
  assert.ok(f131.findings.some((f) => f.flow && /app\/web -> /.test(f.flow.summary)));
  const none = compliance(model, r, scopeOf("pci=nope"));
  assert.equal(control(none, "1.3.1").status, "not-applicable");
});

test("compliance: every-port and wide-range rules fail 1.3.2 and 2.2.x with file:line", () => {
  const wide = `${BASE}\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: wide, namespace: pay}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {}}]\n    ports: [{port: 8000, endPort: 9000}]\n  - from: [{podSelector: {}}]\n`;
  const { model, objects } = load(wide);
  const c = compliance(model, audit(model, objects), scopeOf("pci=true"));
  const f132 = control(c, "1.3.2");
  assert.equal(f132.status, "fail");
  assert.equal(f132.findings.length, 1);
  assert.equal(f132.findings[0]!.rule, "spec.ingress[1]");
  assert.match(f132.findings[0]!.at!, /^test\.yaml:\d+:\d+$/);
  const f22 = control(c, "2.2.x");
  assert.deepEqual(f22.findings.map((f) => f.rule).sort(), ["spec.ingress[0]", "spec.ingress[1]"]);
  assert.match(f22.findings.find((f) => f.rule === "spec.ingress[0]")!.message, /TCP\/8000-9000/);
});

test("compliance: SOC 2 controls name the namespaces and pods behind each failure", () => {
  const { model, objects } = load(BASE);
  const c = compliance(model, audit(model, objects));
  const cc61 = control(c, "CC6.1");
  assert.equal(cc61.status, "fail");
  assert.ok(cc61.findings.some((f) => /namespace app has no default deny for ingress/.test(f.message)));
  assert.ok(cc61.findings.some((f) => /app\/web can reach kube-system\/dns on TCP\/9153/.test(f.message)));
  assert.ok(!cc61.findings.some((f) => /namespace pay/.test(f.message)));
  assert.ok(control(c, "CC6.6").findings.some((f) => /app\/web can reach the cloud metadata endpoint/.test(f.message)));
  assert.ok(control(c, "CC6.7").findings.some((f) => /app\/web can reach the internet and has no egress policy/.test(f.message)));
});

test("parseScope rejects nonsense", () => {
  assert.equal(parseScope("pci==true==x").ok, false);
  const s = parseScope("pci=true,env!=dev");
  assert.ok(s.ok);
});
