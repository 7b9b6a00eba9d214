// Small clusters for the analysis tests, as YAML text, and a loader that keeps the objects.

import { parseYaml } from "../../src/load/parse-yaml.js";
import type { LocatedObject } from "../../src/model/object.js";
import { modelFromYaml } from "../helpers/model.js";
import type { PolicyModel } from "../../src/engine/model.js";

export function load(yaml: string): { model: PolicyModel; objects: LocatedObject[] } {
  return { model: modelFromYaml(yaml), objects: parseYaml(yaml, "test.yaml").objects };
}

export const ns = (name: string, labels: Record<string, string> = {}) => `
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${JSON.stringify({ "kubernetes.io/metadata.name": name, ...labels })}}
---`;

export const pod = (namespace: string, name: string, ip: string, labels: Record<string, string>, ports: [number, string?, string?][] = [], node = "n1") => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)}}
spec:
  nodeName: ${node}
  containers:
  - name: c
    ports: [${ports.map(([p, proto, n]) => `{containerPort: ${p}, protocol: ${proto ?? "TCP"}${n ? `, name: ${n}` : ""}}`).join(", ")}]
status: {podIP: ${ip}, podIPs: [{ip: ${ip}}]}
---`;

export const node = (name: string, ip: string, labels: Record<string, string> = {}) => `
apiVersion: v1
kind: Node
metadata: {name: ${name}, labels: ${JSON.stringify({ "kubernetes.io/hostname": name, ...labels })}}
status: {addresses: [{type: InternalIP, address: ${ip}}]}
---`;

export const denyAll = (namespace: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: ${namespace}}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---`;

/** Two namespaces: `pay` (locked down, DNS allowed, web from app) and `app` (open); kube-dns. */
export const BASE = [
  node("n1", "192.168.0.1"),
  node("n2", "192.168.0.2"),
  ns("pay", { pci: "true" }),
  ns("app"),
  ns("kube-system"),
  pod("pay", "api", "10.0.1.1", { app: "api" }, [[8443]], "n1"),
  pod("app", "web", "10.0.2.1", { app: "web" }, [[8080]], "n2"),
  pod("kube-system", "dns", "10.0.9.1", { "k8s-app": "kube-dns" }, [[53, "UDP"], [53, "TCP"], [9153]], "n1"),
  denyAll("pay"),
  `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: pay}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}}]
    ports: [{port: 8443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns, namespace: pay}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
---`,
].join("\n");
