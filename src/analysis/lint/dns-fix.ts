// The egress rule that lets pods resolve names, shared by the DNS checks' fixes.

import type { LintConfig } from "./config.js";

export function dnsEgressRule(config: LintConfig, indent = ""): string {
  const labels = Object.entries(config.dns.podLabels).map(([k, v]) => `${k}: ${v}`).join(", ");
  const ns = config.dns.namespaces[0] ?? "kube-system";
  return [
    "egress:",
    "- to:",
    "  - namespaceSelector:",
    `      matchLabels: {kubernetes.io/metadata.name: ${ns}}`,
    "    podSelector:",
    `      matchLabels: {${labels}}`,
    "  ports:",
    "  - {port: 53, protocol: UDP}",
    "  - {port: 53, protocol: TCP}",
  ]
    .map((l) => indent + l)
    .join("\n");
}
