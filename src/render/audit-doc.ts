// The audit report as a document: figures first, then the pods and flows behind each figure,
// encryption, and the compliance controls. Rendered by audit-md.ts and audit-html.ts.

import type { AuditReport, Figure } from "../analysis/audit.js";
import type { Compliance } from "../analysis/compliance.js";
import { evidenceLine } from "./evidence-text.js";
import type { Block } from "./doc.js";

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const fig = (f: Figure) => `${f.count} of ${f.of}`;
const MAX_ITEMS = 20;

function cap(items: string[]): string[] {
  return items.length > MAX_ITEMS ? [...items.slice(0, MAX_ITEMS), `… and ${items.length - MAX_ITEMS} more (-o json lists all)`] : items;
}

export function auditDoc(r: AuditReport, c: Compliance): Block[] {
  const f = r.figures;
  const b: Block[] = [{ type: "h", level: 1, text: "podwall audit" }];
  b.push({ type: "p", text: `CNI profile ${r.profile}. ${r.pods.length} pod(s) in ${r.namespaces.length} namespace(s) with pods.` });
  b.push({ type: "h", level: 2, text: "Coverage" });
  b.push({
    type: "table",
    header: ["Figure", "Value"],
    rows: [
      ["Namespaces with default deny, ingress", fig(f.defaultDeny.ingress)],
      ["Namespaces with default deny, egress", fig(f.defaultDeny.egress)],
      ["Pods isolated for ingress", fig(f.isolatedPods.ingress)],
      ["Pods isolated for egress", fig(f.isolatedPods.egress)],
      ["Pod pairs allowed (on declared ports)", `${f.podPairs.allowed} of ${f.podPairs.of} (${pct(f.podPairs.share)})`],
      ["Flows allowed (pair × declared port)", `${f.flows.allowed} of ${f.flows.of} (${pct(f.flows.share)})`],
      ["Pods that reach the internet", fig(f.internet)],
      ["Pods that reach the metadata endpoint", fig(f.metadata)],
      ["Application pods that reach kube-system beyond DNS", fig(f.kubeSystem)],
      ["Pods reachable from the internet", fig(f.exposed)],
    ],
  });
  b.push({ type: "p", text: `Internet probes: ${r.probes.internet.join(", ")}; ${r.probes.ports}. Metadata endpoint: ${r.probes.metadata}.` });
  b.push({ type: "h", level: 3, text: "Namespaces" });
  b.push({
    type: "table",
    header: ["Namespace", "Pods", "Default deny ingress", "Default deny egress"],
    rows: r.namespaces.map((n) => [n.name, String(n.pods), n.defaultDeny.ingress ? "yes" : `no (${n.notIsolated.ingress.length} pod(s) open)`, n.defaultDeny.egress ? "yes" : `no (${n.notIsolated.egress.length} pod(s) open)`]),
  });
  const section = (title: string, items: string[]) => {
    b.push({ type: "h", level: 3, text: title });
    b.push(items.length ? { type: "list", items: cap(items) } : { type: "p", text: "None." });
  };
  section("Pods that reach the internet", r.pods.filter((p) => p.internet).map((p) => evidenceLine(p.internet!)));
  section("Pods that reach the metadata endpoint", r.pods.filter((p) => p.metadata).map((p) => evidenceLine(p.metadata!)));
  section("Application pods that reach kube-system beyond DNS", r.pods.flatMap((p) => p.kubeSystem.map(evidenceLine)));
  section("Pods reachable from the internet", r.pods.flatMap((p) => p.exposed.map(evidenceLine)));

  b.push({ type: "h", level: 2, text: "Encryption in transit" });
  const m = r.encryption.byMode;
  b.push({
    type: "table",
    header: ["Protection", "Allowed flows"],
    rows: [
      ["mesh mTLS", String(m.mtls)],
      ["node-to-node WireGuard", String(m.wireguard)],
      ["node-to-node IPsec", String(m.ipsec)],
      ["same node (never on the wire)", String(m["same-node"])],
      ["none", String(m.none)],
    ],
  });
  b.push({ type: "p", text: `Mesh: ${r.encryption.mesh}. Node encryption: ${r.encryption.sources.length ? r.encryption.sources.map((s) => `${s.object} ${s.setting} at ${s.at} (nodes: ${s.nodes === "all" ? "all" : s.nodes.join(", ") || "none"})`).join("; ") : "no Calico FelixConfiguration, cilium-config ConfigMap or CiliumNodeConfig enables it"}.` });

  b.push({ type: "h", level: 2, text: "Compliance" });
  b.push({ type: "p", text: `PCI-DSS scope: ${c.scope.selector} — ${c.scope.namespaces.length} namespace(s) (${c.scope.namespaces.join(", ") || "none"}), ${c.scope.pods} pod(s).` });
  b.push({ type: "table", header: ["Framework", "Control", "Status", "Findings", "Title"], rows: c.controls.map((x) => [x.framework, x.id, x.status.toUpperCase(), String(x.findings.length), x.title]) });
  for (const x of c.controls) {
    b.push({ type: "h", level: 3, text: `${x.framework} ${x.id}: ${x.status.toUpperCase()}` });
    b.push({ type: "p", text: `${x.title}. Checked: ${x.evidence}.` });
    if (x.findings.length) b.push({ type: "list", items: cap(x.findings.map((y) => `${y.message}${y.at ? ` (${y.at})` : ""}${y.flow ? `\n${evidenceLine(y.flow)}` : ""}`)) });
  }
  return b;
}
