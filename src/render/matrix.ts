// The matrix in table, JSON, CSV and Markdown. Pure: data in, text out.

import type { Cell, Matrix } from "../engine/matrix.js";
import { table } from "./table.js";

export type MatrixFormat = "table" | "json" | "csv" | "md";
export const MATRIX_FORMATS: readonly MatrixFormat[] = ["table", "json", "csv", "md"];

const MARK: Record<Cell, string> = { allow: ".", deny: "X", partial: "~", none: "-" };

export const MATRIX_LEGEND = ". allowed   X denied   ~ some pods allowed   - destination does not serve the port";

export function renderMatrix(m: Matrix, format: MatrixFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(
        {
          by: m.by,
          groups: m.groups.map((g, i) => ({ name: g, pods: m.sizes[i] })),
          ports: m.ports.map((p, i) => ({ protocol: p.protocol, port: p.port, cells: Object.fromEntries(m.groups.map((s, si) => [s, Object.fromEntries(m.groups.map((d, di) => [d, m.cells[i]![si]![di]]))])) })),
        },
        null,
        2,
      );
    case "csv": {
      const lines = ["protocol,port,source,destination,verdict"];
      m.ports.forEach((p, i) => m.groups.forEach((s, si) => m.groups.forEach((d, di) => lines.push([p.protocol, p.port, csv(s), csv(d), m.cells[i]![si]![di]].join(",")))));
      return lines.join("\n");
    }
    case "md":
      return m.ports
        .map((p, i) => {
          const head = `| ${p.protocol}/${p.port} | ${m.groups.join(" | ")} |`;
          const sep = `|---|${m.groups.map(() => ":-:").join("|")}|`;
          const rows = m.groups.map((s, si) => `| **${s}** | ${m.cells[i]![si]!.map((c) => MARK[c]).join(" | ")} |`);
          return [head, sep, ...rows].join("\n");
        })
        .join("\n\n")
        .concat(`\n\n${MATRIX_LEGEND}`);
    case "table":
      return m.ports
        .map((p, i) => {
          const rows = m.groups.map((s, si) => [s, ...m.cells[i]![si]!.map((c) => MARK[c])]);
          const cols = m.groups.map((_, j) => String(j + 1));
          const legend = m.groups.map((g, j) => `${j + 1}=${g}`).join("  ");
          return `${p.protocol}/${p.port}  (rows: from, columns: to)\n${table(rows.map((r, j) => [`${j + 1} ${r[0]}`, ...r.slice(1)]), { header: ["", ...cols] })}\n  ${legend}`;
        })
        .join("\n\n")
        .concat(`\n\n${MATRIX_LEGEND}`);
  }
}

function csv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
