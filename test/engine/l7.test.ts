// The L7 step and Cilium's DNS name language: unit checks against the documented examples,
// a property against a straightforward reading of the pattern rules, and the query flags.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ciliumPatternMatches, dnsSelectorMatches } from "../../src/engine/dns-name.js";
import { fullMatch, httpMismatch } from "../../src/engine/l7.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { resolveEndpoint } from "../../src/engine/resolve.js";
import type { Flow } from "../../src/engine/endpoint.js";
import { modelFromYaml } from "../helpers/model.js";
import { podwall, ROOT } from "../helpers/cli.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";

test("matchPattern and matchName follow Cilium's documented examples", () => {
  const m = (p: string, n: string) => dnsSelectorMatches({ matchPattern: p }, n);
  assert.ok(m("*.cilium.io", "sub.cilium.io"));
  assert.ok(!m("*.cilium.io", "cilium.io"));
  assert.ok(!m("*.cilium.io", "sub.sub.cilium.io"));
  assert.ok(m("**.cilium.io", "sub.sub.cilium.io"));
  assert.ok(!m("**.cilium.io", "cilium.io"));
  assert.ok(m("*cilium.io", "cilium.io"));
  assert.ok(m("*", "anything.at.all"));
  assert.ok(m("sub*.cilium.io", "subdomain.cilium.io"));
  assert.ok(!m("sub*.cilium.io", "sub.domain.cilium.io"));
  assert.ok(m("API.Cilium.IO.", "api.cilium.io"));
  assert.ok(dnsSelectorMatches({ matchName: "Cilium.io." }, "cilium.IO"));
  assert.ok(!dnsSelectorMatches({ matchName: "cilium.io" }, "www.cilium.io"));
  assert.ok(!ciliumPatternMatches("a.b", "axb"), "the dot is literal");
});

/** A reading of the rules label by label, independent of the regex construction. */
function reference(pattern: string, name: string): boolean {
  const labels = name.toLowerCase().split(".");
  const p = pattern.toLowerCase();
  if (/^\*+$/.test(p)) return true;
  const pl = p.split(".");
  const labelMatch = (pat: string, l: string) => new RegExp(`^${pat.replace(/\*+/g, "[-a-z0-9_]*")}$`).test(l);
  if (/^\*\*+$/.test(pl[0]!)) {
    const rest = pl.slice(1);
    if (labels.length <= rest.length) return false;
    return rest.every((x, i) => labelMatch(x, labels[labels.length - rest.length + i]!));
  }
  return pl.length === labels.length && pl.every((x, i) => labelMatch(x, labels[i]!));
}

test("property: matchPattern agrees with a label-by-label reading of the rules", () => {
  const label = fc.stringMatching(/^[a-c]{1,3}$/);
  const patLabel = fc.oneof(label, fc.constant("*"), fc.stringMatching(/^[a-c]{0,2}\*[a-c]{0,2}$/));
  const pattern = fc.tuple(fc.boolean(), fc.array(patLabel, { minLength: 1, maxLength: 3 })).map(([deep, ls]) => (deep ? ["**", ...ls] : ls).join("."));
  const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join("."));
  fc.assert(fc.property(pattern, name, (p, n) => dnsSelectorMatches({ matchPattern: p }, n) === reference(p, n)), { numRuns: 2000 });
});

test("HTTP fields are full-match regular expressions; the path includes the query", () => {
  assert.ok(fullMatch("/public", "/public"));
  assert.ok(!fullMatch("/public", "/public/x"));
  assert.ok(!fullMatch("/public", "/public?x=1"));
  assert.ok(fullMatch("GET|HEAD", "HEAD"));
  assert.ok(!fullMatch("GET|HEAD", "GETX"), "alternation is anchored as a whole");
  assert.equal(httpMismatch({ method: "GET", path: "/a/.*" }, { method: "GET", path: "/a/b" }), undefined);
  assert.match(httpMismatch({ headers: { "X-Token": "s3cret" } }, { method: "GET", path: "/", headers: { "x-token": "nope" } })!, /X-Token/);
  assert.equal(httpMismatch({ headersPresent: ["x-team"] }, { headers: { "X-Team": "" } }), undefined);
  assert.match(httpMismatch({ host: "api\\.shop" }, { method: "GET", path: "/" })!, /--host/);
});

const cluster = readFileSync(join(ROOT, "test/conformance/clusters/cilium-starwars-shop.yaml"), "utf8");
const l7Policy = `
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: rule1, namespace: default}
spec:
  endpointSelector: {matchLabels: {class: deathstar}}
  ingress:
  - fromEndpoints: [{matchLabels: {org: empire}}]
    toPorts:
    - ports: [{port: "80", protocol: TCP}]
      rules: {http: [{method: POST, path: /v1/request-landing}]}
`;

function flowOf(model: ReturnType<typeof modelFromYaml>, from: string, to: string, port: number, extra: Partial<Flow> = {}): Flow {
  const s = resolveEndpoint(model, from);
  const d = resolveEndpoint(model, to);
  assert.ok(s.ok && d.ok);
  return { src: s.value.endpoints[0]!, dst: d.value.endpoints[0]!, protocol: "TCP", port, selfVia: "service", ...extra };
}

test("the L7 step: filtered without a request, allowed or denied with one, and in the trace", () => {
  const model = modelFromYaml(cluster + l7Policy, "cilium");
  const bare = evaluate(model, flowOf(model, "default/tiefighter", "default/deathstar", 80));
  assert.equal(bare.allowed, true);
  assert.equal(bare.l7?.status, "filtered");
  const ok = evaluate(model, flowOf(model, "default/tiefighter", "default/deathstar", 80, { http: { method: "POST", path: "/v1/request-landing" } }));
  assert.equal(ok.l7?.status, "allowed");
  assert.equal(ok.l7?.steps[0]?.rulePath, "spec.ingress[0].toPorts[0]");
  const no = evaluate(model, flowOf(model, "default/tiefighter", "default/deathstar", 80, { http: { method: "PUT", path: "/v1/exhaust-port" } }));
  assert.equal(no.allowed, false);
  assert.equal(no.ingress.allowed, true, "the connection itself is allowed");
  assert.match(no.summary, /DENIED at L7 .*403/);
  // Under a profile without L7 enforcement the rules do not filter (and the trace says why).
  const noL7 = { ...model, profile: { ...model.profile, name: "no-l7", features: { ...model.profile.features, l7: false } } };
  const unfiltered = evaluate(noL7, flowOf(noL7, "default/tiefighter", "default/deathstar", 80, { http: { method: "PUT", path: "/x" } }));
  assert.equal(unfiltered.allowed, true);
  assert.match(unfiltered.l7!.steps[0]!.text, /does not enforce L7 rules/);
});

test("no L7 involvement: no L7 step, and the matrix path stays cheap", () => {
  const model = modelFromYaml(cluster, "cilium");
  const v = evaluate(model, flowOf(model, "shop/frontend", "shop/backend", 8080));
  assert.equal(v.l7, undefined);
  const asked = evaluate(model, flowOf(model, "shop/frontend", "shop/backend", 8080, { http: { method: "GET", path: "/" } }));
  assert.equal(asked.l7?.status, "unrestricted");
  assert.equal(asked.allowed, true);
});

test("podwall query --http / --dns-name / --to fqdn: end to end", () => {
  const dir = join(ROOT, "test/conformance/clusters/cilium-starwars-shop.yaml");
  const denied = podwall(["query", "-f", dir, "-f", "-", "--cni", "cilium", "--from", "default/tiefighter", "--to", "default/deathstar", "--port", "80", "--http", "PUT /v1/exhaust-port"], { input: l7Policy });
  assert.equal(denied.code, 1, denied.stderr);
  assert.match(denied.stdout, /L7 \(requests on the connection\): DENIED/);
  const bad = podwall(["query", "-f", dir, "--from", "shop/frontend", "--to", "shop/backend", "--port", "8080", "--http", "GET"]);
  assert.equal(bad.code, 0, "METHOD alone means path /");
  const badHost = podwall(["query", "-f", dir, "--from", "shop/frontend", "--to", "shop/backend", "--port", "8080", "--host", "x"]);
  assert.equal(badHost.code, 2);
  assert.match(badHost.stderr, /give --http too/);
  const fqdnPolicy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fqdn, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*.example.com"}]}}]
  - toFQDNs: [{matchPattern: "*.example.com"}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`;
  const fq = podwall(["query", "-f", dir, "-f", "-", "--cni", "cilium", "--from", "shop/frontend", "--to", "fqdn:api.example.com", "--port", "443", "-o", "json"], { input: fqdnPolicy });
  assert.equal(fq.code, 0, fq.stdout + fq.stderr);
  const json = JSON.parse(fq.stdout) as { verdicts: { allowed: boolean; l7: { steps: { text: string }[] } }[] };
  assert.match(json.verdicts[0]!.l7.steps[0]!.text, /learned through Cilium's DNS proxy/);
  const dns = podwall(["query", "-f", dir, "-f", "-", "--cni", "cilium", "--from", "shop/frontend", "--to", "kube-system/coredns", "--port", "53/UDP", "--dns-name", "evil.org"], { input: fqdnPolicy });
  assert.equal(dns.code, 1);
  assert.match(dns.stdout, /DNS query for evil\.org matches no DNS rule/);
});
