// The matrix in table, JSON, CSV and Markdown, one source row at a time, for a matrix too
// large to hold (podwall matrix --out FILE). The text equals renderMatrix's for the same
// matrix, except JSON, which is compact (one source row per line) but parses the same.

import type { Cell } from "../engine/matrix.js";
import type { LazyMatrix } from "../engine/matrix-lazy.js";
import type { MatrixFormat } from "./matrix.js";
import { MATRIX_LEGEND } from "./matrix.js";

const MARK: Record<Cell, string> = { allow: ".", deny: "X", partial: "~", none: "-" };

/** Pieces of text in order; `done(rows)` after each source row (progress). */
export function* streamMatrix(m: LazyMatrix, format: MatrixFormat, done?: (rows: number, total: number) => void): Generator<string> {
  const total = m.ports.length * m.groups.length;
  let rows = 0;
  const tick = () => done?.(++rows, total);
  const q = JSON.stringify;
  switch (format) {
    case "json": {
      yield `{"by":${q(m.by)},"groups":${q(m.groups.map((g, i) => ({ name: g, pods: m.sizes[i] })))},"ports":[`;
      for (let pi = 0; pi < m.ports.length; pi++) {
        const p = m.ports[pi]!;
        yield `${pi ? "," : ""}\n{"protocol":${q(p.protocol)},"port":${p.port},"cells":{`;
        for (let si = 0; si < m.groups.length; si++) {
          const row = m.row(pi, si);
          yield `${si ? "," : ""}\n${q(m.groups[si])}:{${m.groups.map((d, di) => `${q(d)}:${q(row[di])}`).join(",")}}`;
          tick();
        }
        yield "}}";
      }
      yield "\n]}\n";
      return;
    }
    case "csv":
      yield "protocol,port,source,destination,verdict";
      for (let pi = 0; pi < m.ports.length; pi++)
        for (let si = 0; si < m.groups.length; si++) {
          const row = m.row(pi, si);
          const p = m.ports[pi]!;
          yield m.groups.map((d, di) => `\n${[p.protocol, p.port, csv(m.groups[si]!), csv(d), row[di]].join(",")}`).join("");
          tick();
        }
      yield "\n";
      return;
    case "md":
      for (let pi = 0; pi < m.ports.length; pi++) {
        const p = m.ports[pi]!;
        yield `${pi ? "\n\n" : ""}| ${p.protocol}/${p.port} | ${m.groups.join(" | ")} |\n|---|${m.groups.map(() => ":-:").join("|")}|`;
        for (let si = 0; si < m.groups.length; si++) {
          yield `\n| **${m.groups[si]}** | ${m.row(pi, si).map((c) => MARK[c]).join(" | ")} |`;
          tick();
        }
      }
      yield `\n\n${MATRIX_LEGEND}\n`;
      return;
    case "table": {
      // table.ts's layout: every column as wide as its widest cell, two spaces apart, the last unpadded.
      const labels = m.groups.map((g, j) => `${j + 1} ${g}`);
      const first = Math.max(0, ...labels.map((l) => [...l].length));
      const width = String(m.groups.length).length;
      const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - [...s].length));
      const line = (head: string, cells: string[]) => [pad(head, first), ...cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, width)))].join("  ").trimEnd();
      const legend = m.groups.map((g, j) => `${j + 1}=${g}`).join("  ");
      for (let pi = 0; pi < m.ports.length; pi++) {
        const p = m.ports[pi]!;
        yield `${pi ? "\n\n" : ""}${p.protocol}/${p.port}  (rows: from, columns: to)\n${line("", m.groups.map((_, j) => String(j + 1)))}`;
        for (let si = 0; si < m.groups.length; si++) {
          yield `\n${line(labels[si]!, m.row(pi, si).map((c) => MARK[c]))}`;
          tick();
        }
        yield `\n  ${legend}`;
      }
      yield `\n\n${MATRIX_LEGEND}\n`;
      return;
    }
  }
}

function csv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
