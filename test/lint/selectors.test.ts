// policy-selects-nothing, peer-selects-nothing, named-port-unresolved, redundant-rule.

import { test } from "node:test";
import assert from "node:assert/strict";
import { docs, findings, lineOf, np, ns, pod } from "./fixtures.js";

const base = docs(
  ns("shop", { team: "shop" }),
  ns("monitoring", { purpose: "monitoring" }),
  pod("shop", "web", { app: "web" }, "10.0.1.1", ["{name: http, containerPort: 8080}"]),
  pod("shop", "api", { app: "api" }, "10.0.1.2", ["{name: grpc, containerPort: 9000}"]),
  pod("monitoring", "prom", { app: "prometheus" }, "10.0.2.1"),
);

test("policy-selects-nothing: a typo in the subject, with the nearest labels", () => {
  const yaml = docs(base, np("shop", "typo", "  podSelector: {matchLabels: {app: wbe}}\n  ingress: []"));
  const f = findings(yaml, "policy-selects-nothing");
  assert.equal(f.length, 1);
  assert.equal(f[0]!.object.name, "typo");
  assert.equal(f[0]!.source.line, lineOf(yaml, "name: typo") - 3);
  assert.match(f[0]!.message, /Nearest existing pod labels: app=web/);
});

test("policy-selects-nothing: silent for a matching subject and for an empty namespace prepared in advance", () => {
  const yaml = docs(base, ns("future"), np("shop", "ok", "  podSelector: {matchLabels: {app: web}}"), np("future", "default-deny", "  podSelector: {}"));
  assert.deepEqual(findings(yaml, "policy-selects-nothing"), []);
});

test("peer-selects-nothing: a namespaceSelector matching no namespace, and a pod label typo", () => {
  const yaml = docs(
    base,
    np("shop", "from-mon", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {purpose: monitorng}}"),
    np("shop", "from-web", "  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: webb}}"),
  );
  const f = findings(yaml, "peer-selects-nothing");
  assert.equal(f.length, 2);
  const mon = f.find((x) => x.object.name === "from-mon")!;
  assert.match(mon.message, /namespaceSelector matches no namespace.*purpose=monitoring/);
  assert.equal(mon.source.line, lineOf(yaml, "  - from:\n    - namespaceSelector: {matchLabels: {purpose: monitorng}}"));
  assert.match(f.find((x) => x.object.name === "from-web")!.message, /app=web/);
});

test("peer-selects-nothing: silent when every selector matches", () => {
  const yaml = docs(base, np("shop", "ok", "  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {purpose: monitoring}}\n      podSelector: {matchLabels: {app: prometheus}}\n    - podSelector: {matchLabels: {app: web}}"));
  assert.deepEqual(findings(yaml, "peer-selects-nothing"), []);
});

test("named-port-unresolved: a name no destination declares, or with the wrong protocol", () => {
  const yaml = docs(
    base,
    np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: htp}]"),
    np("shop", "udp", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: http, protocol: UDP}]"),
    np("shop", "to-api", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: http}]"),
  );
  const f = findings(yaml, "named-port-unresolved");
  assert.deepEqual(f.map((x) => x.object.name).sort(), ["to-api", "udp", "web-in"]);
  assert.match(f.find((x) => x.object.name === "to-api")!.message, /Declared: grpc\/TCP/);
});

test("named-port-unresolved: silent when the destination declares the name", () => {
  const yaml = docs(base, np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: http}]"), np("shop", "to-api", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: grpc}]"));
  assert.deepEqual(findings(yaml, "named-port-unresolved"), []);
});

test("redundant-rule: a rule inside a broader one, and the later of two duplicates", () => {
  const yaml = docs(
    base,
    np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {}}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 8080}]"),
    np("shop", "api-in", "  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n  - from: [{podSelector: {matchLabels: {app: web}}}]"),
  );
  const f = findings(yaml, "redundant-rule");
  assert.deepEqual(f.map((x) => `${x.object.name} ${x.path}`).sort(), ["api-in spec.ingress[1]", "web-in spec.ingress[1]"]);
  assert.equal(f.find((x) => x.object.name === "web-in")!.source.line, lineOf(yaml, "  - from: [{podSelector: {matchLabels: {app: api}}}]"));
});

test("redundant-rule: covered across policies; silent when each rule adds something", () => {
  const across = docs(base, np("shop", "all-in", "  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]"), np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]"));
  assert.deepEqual(findings(across, "redundant-rule").map((x) => x.object.name), ["web-in"]);
  const distinct = docs(base, np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n  - from: [{namespaceSelector: {matchLabels: {purpose: monitoring}}}]\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 9000, protocol: UDP}]"));
  // The third rule lies inside the first (api, any port): redundant. The first two are not.
  assert.deepEqual(findings(distinct, "redundant-rule").map((x) => x.path), ["spec.ingress[2]"]);
  const noOverlap = docs(base, np("shop", "web-in", "  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n  - from: [{namespaceSelector: {matchLabels: {purpose: monitoring}}}]"));
  assert.deepEqual(findings(noOverlap, "redundant-rule"), []);
});
