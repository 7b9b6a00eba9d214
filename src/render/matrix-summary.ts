// The matrix summary (per namespace, workload or pod: pods, allowed pairs out and in, and
// their share of the possible pairs) in table, JSON, CSV and Markdown. Pure: data in, text out.

import type { MatrixSummary } from "../engine/matrix-summary.js";
import type { MatrixFormat } from "./matrix.js";
import { table } from "./table.js";

const share = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "-");

export function renderMatrixSummary(s: MatrixSummary, format: MatrixFormat): string {
  const ports = s.ports.map((p) => `${p.protocol}/${p.port}`).join(" ");
  switch (format) {
    case "json":
      return JSON.stringify(
        {
          by: s.by,
          pods: s.pods,
          ports: s.ports,
          declaredPortsOnly: s.declaredPortsOnly,
          allowedPairs: s.allowedPairs,
          totalPairs: s.totalPairs,
          groups: s.groups,
        },
        null,
        2,
      );
    case "csv":
      return [`${s.by},pods,outbound,outbound_possible,inbound,inbound_possible`, ...s.groups.map((g) => [csv(g.group), g.pods, g.outbound, g.outboundPossible, g.inbound, g.inboundPossible].join(","))].join("\n");
    case "md":
      return [
        `| ${s.by} | pods | outbound allowed | share | inbound allowed | share |`,
        "|---|--:|--:|--:|--:|--:|",
        ...s.groups.map((g) => `| ${g.group} | ${g.pods} | ${g.outbound} | ${share(g.outbound, g.outboundPossible)} | ${g.inbound} | ${share(g.inbound, g.inboundPossible)} |`),
        "",
        `${s.allowedPairs} of ${s.totalPairs} (pod, pod, port) pairs allowed (${share(s.allowedPairs, s.totalPairs)}) over ${ports}`,
      ].join("\n");
    case "table":
      return `${table(
        s.groups.map((g) => [g.group, String(g.pods), String(g.outbound), share(g.outbound, g.outboundPossible), String(g.inbound), share(g.inbound, g.inboundPossible)]),
        { header: [s.by, "pods", "out allowed", "share", "in allowed", "share"] },
      )}\n\n${s.allowedPairs} of ${s.totalPairs} (pod, pod, port) pairs allowed (${share(s.allowedPairs, s.totalPairs)}) over ${ports}`;
  }
}

function csv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
