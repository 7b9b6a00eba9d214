// Encryption in transit with a mesh: mutual TLS (engine/mesh.ts mtlsStatus) per allowed flow,
// before node encryption and "same node"; plaintext in a mesh says why; PCI 4.2.1 and SOC 2
// CC6.7 count mTLS as protection and name the reason when a flow has none.

import { test } from "node:test";
import assert from "node:assert/strict";
import { audit } from "../../src/analysis/audit.js";
import type { AuditReport } from "../../src/analysis/audit.js";
import { compliance, parseScope } from "../../src/analysis/compliance.js";
import { load, node, ns } from "./fixtures.js";

/** A pod with an istio-proxy container (a sidecar) unless `meshed` is false. */
const pod = (namespace: string, name: string, ip: string, nodeName: string, ports: [number, string?][], meshed = true) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${name}}}
spec:
  nodeName: ${nodeName}
  serviceAccountName: ${name}
  containers:
  - name: app
    ports: [${ports.map(([p, proto]) => `{containerPort: ${p}, protocol: ${proto ?? "TCP"}}`).join(", ")}]${meshed ? "\n  - name: istio-proxy\n    image: docker.io/istio/proxyv2:1.24.0" : ""}
status: {phase: Running, podIP: ${ip}}
---`;

const CLUSTER = [
  node("n1", "192.168.0.1"),
  node("n2", "192.168.0.2"),
  ns("pay", { pci: "true", "istio-injection": "enabled" }),
  ns("app"),
  pod("pay", "api", "10.0.1.1", "n1", [[8443], [5353, "UDP"]]),
  pod("pay", "web", "10.0.1.2", "n2", [[8080]]),
  pod("pay", "worker", "10.0.1.3", "n1", []),
  pod("app", "client", "10.0.2.1", "n2", [], false),
].join("\n");

const STRICT_PAY = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: pay}
spec: {mtls: {mode: STRICT}}
---`;

const WIREGUARD = `
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: {name: default}
spec: {wireguardEnabled: true}
---`;

const flow = (r: AuditReport, from: string, to: string, port: number) => r.allowedFlows.find((f) => f.from === from && f.to === to && f.port === port);
const scope = () => {
  const s = parseScope("pci=true");
  if (!s.ok) throw new Error(s.error);
  return { text: "pci=true", expr: s.expr };
};
const control = (r: AuditReport, m: Parameters<typeof compliance>[0], id: string) => compliance(m, r, scope()).controls.find((c) => c.id === id)!;

test("encryption: mutual TLS between sidecars, across nodes and on one node; the principal is named", () => {
  const { model, objects } = load(CLUSTER);
  const r = audit(model, objects);
  const across = flow(r, "pay/web", "pay/api", 8443)!;
  assert.equal(across.encryption, "mtls");
  assert.equal(across.mtls?.status, "mutual");
  assert.match(across.encryptionDetail, /^mutual TLS as cluster\.local\/ns\/pay\/sa\/web \(both ends are in the mesh; .*PERMISSIVE/);
  // mTLS beats "same node": the proxies encrypt even when both pods share n1.
  assert.equal(flow(r, "pay/worker", "pay/api", 8443)!.encryption, "mtls");
  assert.match(r.encryption.mesh, /3 sidecar and 0 ambient pod\(s\) of 4.*use mutual TLS/);
  assert.ok(r.encryption.byMode.mtls >= 3);
});

test("encryption: plaintext in a mesh falls back to the nodes and says why (source outside the mesh, UDP)", () => {
  const { model, objects } = load(CLUSTER);
  const r = audit(model, objects);
  const plain = flow(r, "app/client", "pay/web", 8080)!; // n2 -> n2
  assert.equal(plain.encryption, "same-node");
  assert.equal(plain.mtls?.status, "plaintext");
  const cross = flow(r, "app/client", "pay/api", 8443)!; // n2 -> n1
  assert.equal(cross.encryption, "none");
  assert.match(cross.encryptionDetail, /crosses nodes \(n2 -> n1\) with no node encryption; the mesh sends plaintext: the source is not in the mesh/);
  const udp = flow(r, "pay/web", "pay/api", 5353)!;
  assert.equal(udp.encryption, "none");
  assert.match(udp.encryptionDetail, /Istio's proxies carry only TCP/);
});

test("encryption: mTLS beats WireGuard; WireGuard still covers the plaintext flows", () => {
  const { model, objects } = load([CLUSTER, WIREGUARD].join("\n"));
  const r = audit(model, objects);
  assert.equal(flow(r, "pay/web", "pay/api", 8443)!.encryption, "mtls");
  assert.equal(flow(r, "app/client", "pay/api", 8443)!.encryption, "wireguard");
  assert.equal(flow(r, "pay/web", "pay/api", 5353)!.encryption, "wireguard");
});

test("PCI 4.2.1 / SOC 2 CC6.7: fail on the plaintext flows with their reason; pass once STRICT leaves only mTLS", () => {
  const open = load(CLUSTER);
  const r = audit(open.model, open.objects);
  const pci = control(r, open.model, "4.2.1");
  assert.equal(pci.status, "fail");
  assert.ok(pci.findings.some((f) => /app\/client -> pay\/api TCP\/8443 is not encrypted: .*the source is not in the mesh/.test(f.message)));
  assert.ok(pci.findings.some((f) => /pay\/web -> pay\/api UDP\/5353 is not encrypted: .*only TCP/.test(f.message)));
  assert.ok(!pci.findings.some((f) => /pay\/web -> pay\/api TCP\/8443/.test(f.message)), "an mTLS flow is protected");
  assert.match(pci.evidence, /\d+ mtls/);
  assert.match(control(r, open.model, "CC6.7").evidence, /Istio mesh read from the input/);

  // STRICT in pay: the client outside the mesh is rejected (no longer an allowed flow); UDP
  // bypasses the mesh and still crosses nodes in clear, so a TCP-only CDE passes.
  const strict = load([CLUSTER, STRICT_PAY].join("\n"));
  const rs = audit(strict.model, strict.objects);
  assert.equal(flow(rs, "app/client", "pay/api", 8443), undefined);
  const left = control(rs, strict.model, "4.2.1").findings.map((f) => f.message);
  assert.ok(left.length > 0 && left.every((m) => /UDP\/5353/.test(m)), left.join("\n"));
  const tcpOnly = load([CLUSTER.replace(", {containerPort: 5353, protocol: UDP}", ""), STRICT_PAY].join("\n"));
  const rt = audit(tcpOnly.model, tcpOnly.objects);
  assert.equal(control(rt, tcpOnly.model, "4.2.1").status, "pass");
  assert.ok(rt.allowedFlows.every((f) => f.encryption === "mtls"));
});

test("encryption: without a mesh, no flow has an mTLS status and the report says so", () => {
  const { model, objects } = load(CLUSTER.replace(/\n  - name: istio-proxy\n    image: docker\.io\/istio\/proxyv2:1\.24\.0/g, "").replace(', "istio-injection": "enabled"', "").replace(',"istio-injection":"enabled"', ""));
  const r = audit(model, objects);
  assert.equal(r.encryption.byMode.mtls, 0);
  assert.ok(r.allowedFlows.every((f) => f.mtls === undefined));
  assert.match(r.encryption.mesh, /no mesh in the input/);
});
