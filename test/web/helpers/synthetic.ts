// A synthetic cluster as YAML text, for the web UI's scale measurements: namespaces ×
// workloads × replicas pods, each namespace with a default-deny ingress, an allow from its own
// frontend, a scrape from monitoring and an egress lockdown with DNS. Deterministic.

export interface SyntheticShape {
  namespaces: number;
  workloadsPerNamespace: number;
  replicas: number;
}

export function syntheticClusterYaml(shape: SyntheticShape): string {
  const out: string[] = [];
  const ns = (i: number) => `team-${String(i).padStart(3, "0")}`;
  out.push(doc({ apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring", labels: { "kubernetes.io/metadata.name": "monitoring", purpose: "monitoring" } } }));
  out.push(pod("monitoring", "prometheus", "prometheus-0", 9090, "10.250.0.1", { kind: "StatefulSet", name: "prometheus" }));
  let ip = 0;
  for (let n = 0; n < shape.namespaces; n++) {
    const name = ns(n);
    out.push(doc({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name, team: name } } }));
    for (let w = 0; w < shape.workloadsPerNamespace; w++) {
      const app = w === 0 ? "frontend" : `svc-${w}`;
      for (let r = 0; r < shape.replicas; r++) {
        ip++;
        const addr = `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
        out.push(pod(name, app, `${app}-7f9c8d6b5-${r}x${w}`, 8080, addr, { kind: "ReplicaSet", name: `${app}-7f9c8d6b5` }));
      }
    }
    out.push(doc(netpol(name, "default-deny", {}, ["Ingress"], {})));
    out.push(doc(netpol(name, "allow-frontend", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["frontend"] }] }, ["Ingress"], { ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: 8080 }] }] })));
    out.push(doc(netpol(name, "allow-scrape", {}, ["Ingress"], { ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: "monitoring" } } }], ports: [{ port: 8080 }] }] })));
    if (n % 2 === 0)
      out.push(doc(netpol(name, "egress-lockdown", { matchLabels: { app: "svc-1" } }, ["Egress"], { egress: [{ to: [{ podSelector: {} }] }, { to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: "UDP" }] }] })));
  }
  return out.join("");
}

function doc(o: unknown): string {
  return `---\n${JSON.stringify(o)}\n`;
}

function pod(namespace: string, app: string, name: string, port: number, ip: string, owner: { kind: string; name: string }): string {
  const labels: Record<string, string> = { app };
  if (owner.kind === "ReplicaSet") labels["pod-template-hash"] = owner.name.slice(owner.name.lastIndexOf("-") + 1);
  return doc({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels, ownerReferences: [{ apiVersion: "apps/v1", kind: owner.kind, name: owner.name, controller: true, uid: "0" }] },
    spec: { nodeName: "node-1", serviceAccountName: "default", containers: [{ name: app, image: "x", ports: [{ name: "http", containerPort: port, protocol: "TCP" }] }] },
    status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
  });
}

function netpol(namespace: string, name: string, podSelector: unknown, policyTypes: string[], rest: Record<string, unknown>): unknown {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec: { podSelector, policyTypes, ...rest } };
}
